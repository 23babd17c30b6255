import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { generateKeyFile, JWS_TYPES, verifyJws, writeKeyFile, type TrustedKey } from '@littoral/crypto';
import { DatasetsService, nodeDataSourceOptions, startNode, type StartedNode } from '../apps/node/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createTestIssuer, type TestIssuer } from './support/auth';
import { waitFor } from './support/wait';

// Sharing grants through the node's real GraphQL API, on real Postgres and NATS:
// versions with who/when/why, an append-only history, optimistic concurrency,
// explainAccess through the real policy engine, and the catalogue entry's
// access summary following the grants.

interface GqlError {
  message: string;
  path?: string[];
  extensions: { code: string; details?: Record<string, unknown> };
}
type Body = { data?: Record<string, any> | null; errors?: GqlError[] };

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const PREFIX = `lt${tag}`;
const STREAM = `LT_${tag.toUpperCase()}_CATALOG`;
const SUBJECT = `${PREFIX}.catalog.JP.jp-coast`;
const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN', 'TL'];

const GRANT_FIELDS = `id version datasetId status seq level validFrom validUntil revokedAt reason createdAt changedAt
  audience { kind countries organisations roles }
  constraints { minGroupSize spatialPrecisionDeg redactedFields allowedPurposes embargoDays sensitiveSpeciesPrecisionDeg }
  createdBy { subject country organisation roles } changedBy { subject country organisation roles }`;
const CREATE = `mutation ($input: CreateGrantInput!, $reason: String!) { createGrant(input: $input, reason: $reason) { ${GRANT_FIELDS} } }`;
const CHANGE = `mutation ($id: ID!, $v: Int!, $input: ChangeGrantInput!, $reason: String!) { changeGrant(id: $id, expectedVersion: $v, input: $input, reason: $reason) { ${GRANT_FIELDS} } }`;
const REVOKE = `mutation ($id: ID!, $v: Int!, $reason: String!) { revokeGrant(id: $id, expectedVersion: $v, reason: $reason) { ${GRANT_FIELDS} } }`;
const LIST = `query ($d: String!, $all: Boolean) { grants(datasetId: $d, includeRevoked: $all) { id version status level } }`;
const HISTORY = `query ($id: ID!) { grantHistory(grantId: $id) { grantId version seq action reason changedAt changedBy { subject country organisation roles }
  before { version level audience { kind countries } constraints { minGroupSize spatialPrecisionDeg } revokedAt }
  after { version level audience { kind countries } constraints { minGroupSize spatialPrecisionDeg } revokedAt } } }`;
const EXPLAIN = `query ($d: String!, $r: ExplainRequesterInput!, $p: String!, $l: AccessLevel) {
  explainAccess(datasetId: $d, requester: $r, purpose: $p, level: $l) {
    allowed requestedLevel level highestLevel reasons policyVersion
    constraints { minGroupSize spatialPrecisionDeg sensitiveSpeciesPrecisionDeg redactedFields embargoDays }
    decidingGrants { grantId version } } }`;

const aseanAggregate = { datasetId: 'jp-coast', audience: { kind: 'COUNTRIES', countries: ASEAN }, level: 'AGGREGATE', constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 } };

describe('sharing grants on a node (GraphQL, admin only)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let issuer: TestIssuer;
  let node: StartedNode;
  let dir: string;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let admin: string;
  let grantId: string;

  async function gql(authorization: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Body> {
    const req = request(node.url).post('/graphql');
    if (authorization !== null) req.set('Authorization', authorization);
    return (await req.send({ query, variables })).body as Body;
  }

  /** The one error of a refused call. */
  async function refused(authorization: string | null, query: string, variables: Record<string, unknown> = {}): Promise<GqlError> {
    const body = await gql(authorization, query, variables);
    expect(body.errors).toHaveLength(1);
    return body.errors![0];
  }

  /** The verified payloads of the dataset's catalogue entries on the stream, oldest first. */
  async function entries(): Promise<Record<string, any>[]> {
    let state;
    try {
      state = (await jsm.streams.info(STREAM)).state;
    } catch {
      return [];
    }
    const jwks = (await request(node.url).get('/.well-known/jwks.json').expect(200)).body as { keys: { kid: string }[] };
    const trusted: TrustedKey[] = jwks.keys.map((jwk) => ({ kid: jwk.kid, jwk }));
    const out: Record<string, any>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAM, { seq }).catch(() => null);
      if (m?.subject !== SUBJECT) continue;
      out.push((await verifyJws(m.string(), { typ: JWS_TYPES.catalogue, trusted, issuer: 'JP', receivedAt: new Date() })).payload);
    }
    return out;
  }
  const entryVersion = async (n: number) => waitFor(`catalogue entry version ${n}`, async () => (await entries()).find((e) => e.versionNumber === n));

  beforeAll(async () => {
    db = await createTestDatabase('grants');
    ds = new DataSource(nodeDataSourceOptions(db.url));
    await ds.initialize();
    issuer = await createTestIssuer({ audience: 'littoral-node-jp' });
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-grants-'));
    const keyFile = path.join(dir, 'jp-keys.json');
    await writeKeyFile(keyFile, await generateKeyFile('JP', new Date()));
    await new DatasetsService(ds).create({ id: 'jp-coast', title: 'Japanese coastal microplastics', theme: 'microplastics', license: 'CC-BY-4.0' });
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    node = await startNode({
      DATABASE_URL: db.url, NATS_URL, LITTORAL_COUNTRY: 'JP', PORT: '0', LOG_LEVEL: 'silent', LITTORAL_KEY_FILE: keyFile,
      LITTORAL_STREAM_PREFIX: PREFIX, LITTORAL_CATALOGUE_STREAM: STREAM, LITTORAL_CATALOGUE_POLL_MS: '200', ...issuer.env,
    });
    admin = await issuer.bearer({ sub: 'yuki@env.go.jp', roles: ['admin'], country: 'JP', org: 'jp-moe' });
  }, 60_000);

  afterAll(async () => {
    await node?.app.close();
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await nc?.close();
    await ds?.destroy();
    await db?.drop();
    await issuer?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('starts with no grants: deny by default, policy version 0, a NON_PUBLIC entry', async () => {
    expect(await gql(admin, LIST, { d: 'jp-coast' })).toEqual({ data: { grants: [] } });
    expect(await gql(admin, `{ policyVersion(datasetId: "jp-coast") }`)).toEqual({ data: { policyVersion: 0 } });
    const v1 = await entryVersion(1);
    expect(v1.accessRights['@id']).toMatch(/NON_PUBLIC$/);
    expect(v1).not.toHaveProperty('accessSummary');
  });

  it('creates a grant (version 1) recording who, when and why', async () => {
    const before = Date.now();
    const body = await gql(admin, CREATE, { input: aseanAggregate, reason: 'ASEAN+3 marine litter agreement, 2025' });
    expect(body.errors).toBeUndefined();
    const g = body.data!.createGrant;
    grantId = g.id;
    expect(g.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(g).toMatchObject({
      version: 1, datasetId: 'jp-coast', status: 'ACTIVE', level: 'AGGREGATE', validFrom: null, validUntil: null, revokedAt: null,
      audience: { kind: 'COUNTRIES', countries: ASEAN, organisations: null, roles: null },
      constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1, redactedFields: null, allowedPurposes: null, embargoDays: null, sensitiveSpeciesPrecisionDeg: null },
      reason: 'ASEAN+3 marine litter agreement, 2025',
      createdBy: { subject: 'yuki@env.go.jp', country: 'JP', organisation: 'jp-moe', roles: ['admin'] },
    });
    expect(Date.parse(g.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await gql(admin, `{ policyVersion(datasetId: "jp-coast") }`)).toEqual({ data: { policyVersion: g.seq } });
  });

  it('publishes a new catalogue entry whose access summary shows levels and audience classes only', async () => {
    const v2 = await entryVersion(2);
    expect(v2.accessRights['@id']).toMatch(/RESTRICTED$/);
    expect(v2.accessSummary).toEqual([{ '@type': 'AccessSummaryItem', accessLevel: 'AGGREGATE', audience: 'COUNTRIES' }]);
    expect(JSON.stringify(v2)).not.toMatch(/"TH"|minGroupSize|yuki/);
  });

  it('explains access: a Thai analyst gets AGGREGATE at 0.1°, k = 5; a Korean one is denied', async () => {
    const th = await gql(admin, EXPLAIN, { d: 'jp-coast', r: { country: 'TH', roles: ['analyst'] }, p: 'research' });
    expect(th.data!.explainAccess).toEqual({
      allowed: true, requestedLevel: 'AGGREGATE', level: 'AGGREGATE', highestLevel: 'AGGREGATE',
      reasons: [`AGGREGATE allowed under grant ${grantId}`],
      policyVersion: (await gql(admin, `{ policyVersion(datasetId: "jp-coast") }`)).data!.policyVersion,
      constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1, sensitiveSpeciesPrecisionDeg: 0.1, redactedFields: [], embargoDays: 0 },
      decidingGrants: [{ grantId, version: 1 }],
    });
    const thRecords = await gql(admin, EXPLAIN, { d: 'jp-coast', r: { country: 'TH', roles: ['analyst'] }, p: 'research', l: 'RECORDS' });
    expect(thRecords.data!.explainAccess).toMatchObject({
      allowed: false, level: null, highestLevel: 'AGGREGATE', constraints: null, decidingGrants: [],
      reasons: ['you asked for RECORDS; the highest level available to you for this purpose is AGGREGATE'],
    });
    const kr = await gql(admin, EXPLAIN, { d: 'jp-coast', r: { country: 'KR', roles: ['analyst'] }, p: 'research' });
    expect(kr.data!.explainAccess).toMatchObject({ allowed: false, highestLevel: null, reasons: ['no grant gives you access to this dataset'] });
  });

  it('changes a grant as a new version; explainAccess follows the change', async () => {
    const body = await gql(admin, CHANGE, {
      id: grantId, v: 1, reason: 'Korea joins the joint research; ASEAN via the regional report only',
      input: { audience: { kind: 'COUNTRIES', countries: ['KR'] }, level: 'AGGREGATE', constraints: { minGroupSize: 10, spatialPrecisionDeg: 1 }, validUntil: '2030-01-01' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.changeGrant).toMatchObject({ id: grantId, version: 2, status: 'ACTIVE', audience: { kind: 'COUNTRIES', countries: ['KR'] }, validUntil: '2030-01-01',
      createdBy: { subject: 'yuki@env.go.jp' }, reason: 'Korea joins the joint research; ASEAN via the regional report only' });

    const kr = await gql(admin, EXPLAIN, { d: 'jp-coast', r: { country: 'KR', roles: ['analyst'] }, p: 'research' });
    expect(kr.data!.explainAccess).toMatchObject({ allowed: true, level: 'AGGREGATE', constraints: { minGroupSize: 10, spatialPrecisionDeg: 1 }, decidingGrants: [{ grantId, version: 2 }] });
    const th = await gql(admin, EXPLAIN, { d: 'jp-coast', r: { country: 'TH', roles: ['analyst'] }, p: 'research' });
    expect(th.data!.explainAccess).toMatchObject({ allowed: false, highestLevel: null, reasons: ['no grant gives you access to this dataset'] });
  });

  it('refuses a change based on a stale version with GRANT_VERSION_CONFLICT', async () => {
    const err = await refused(admin, CHANGE, { id: grantId, v: 1, reason: 'late edit', input: { audience: { kind: 'NETWORK' }, level: 'RECORDS' } });
    expect(err).toEqual({
      message: `Grant ${grantId} is at version 2, not 1: someone changed it meanwhile. Read it again (grantHistory) and apply your change to version 2`,
      path: ['changeGrant'],
      extensions: { code: 'GRANT_VERSION_CONFLICT', details: { grantId, expectedVersion: 1, currentVersion: 2 } },
    });
  });

  it('lets exactly one of two concurrent changes of the same version through', async () => {
    const change = (k: number) => gql(admin, CHANGE, {
      id: grantId, v: 2, reason: `race ${k}`, input: { audience: { kind: 'COUNTRIES', countries: ['KR'] }, level: 'AGGREGATE', constraints: { minGroupSize: k } },
    });
    const results = await Promise.all([change(11), change(12), change(13)]);
    const ok = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions.code === 'GRANT_VERSION_CONFLICT');
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(2);
    expect(ok[0].data!.changeGrant.version).toBe(3);
    const history = (await gql(admin, HISTORY, { id: grantId })).data!.grantHistory;
    expect(history.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
  });

  it('revokes a grant as a new version; the catalogue entry drops the access', async () => {
    const body = await gql(admin, REVOKE, { id: grantId, v: 3, reason: 'project ended' });
    expect(body.errors).toBeUndefined();
    expect(body.data!.revokeGrant).toMatchObject({ id: grantId, version: 4, status: 'REVOKED', reason: 'project ended' });
    expect(Date.parse(body.data!.revokeGrant.revokedAt)).toBeLessThanOrEqual(Date.now());

    expect(await gql(admin, LIST, { d: 'jp-coast' })).toEqual({ data: { grants: [] } });
    expect(await gql(admin, LIST, { d: 'jp-coast', all: true })).toEqual({ data: { grants: [{ id: grantId, version: 4, status: 'REVOKED', level: 'AGGREGATE' }] } });
    const kr = await gql(admin, EXPLAIN, { d: 'jp-coast', r: { country: 'KR', roles: ['analyst'] }, p: 'research' });
    expect(kr.data!.explainAccess).toMatchObject({ allowed: false, reasons: ['your access to this dataset is not valid at this time (not yet valid, expired or revoked)'] });

    const again = await refused(admin, REVOKE, { id: grantId, v: 4, reason: 'twice' });
    expect(again.extensions.code).toBe('GRANT_REVOKED');
    expect(again.message).toMatch(new RegExp(`^Grant ${grantId} is already revoked \\(version 4, at `));
    const change = await refused(admin, CHANGE, { id: grantId, v: 4, reason: 'revive', input: { audience: { kind: 'NETWORK' }, level: 'METADATA' } });
    expect(change).toMatchObject({ extensions: { code: 'GRANT_REVOKED' }, message: `Grant ${grantId} was revoked (version 4); a revoked grant cannot change: create a new grant instead` });

    const latest = await waitFor('an entry without access summary', async () => {
      const all = await entries();
      const last = all[all.length - 1];
      return last && last.versionNumber > 2 && !('accessSummary' in last) ? last : undefined;
    });
    expect(latest.accessRights['@id']).toMatch(/NON_PUBLIC$/);
  });

  it('keeps every version with who, when, why, before and after', async () => {
    const history = (await gql(admin, HISTORY, { id: grantId })).data!.grantHistory as Record<string, any>[];
    expect(history.map((v) => [v.version, v.action])).toEqual([[1, 'CREATE'], [2, 'CHANGE'], [3, 'CHANGE'], [4, 'REVOKE']]);
    expect(history[0]).toMatchObject({
      grantId, reason: 'ASEAN+3 marine litter agreement, 2025', before: null,
      changedBy: { subject: 'yuki@env.go.jp', country: 'JP', organisation: 'jp-moe', roles: ['admin'] },
      after: { version: 1, level: 'AGGREGATE', audience: { kind: 'COUNTRIES', countries: ASEAN }, constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 }, revokedAt: null },
    });
    expect(history[1]).toMatchObject({
      before: { version: 1, audience: { countries: ASEAN }, constraints: { minGroupSize: 5 } },
      after: { version: 2, audience: { countries: ['KR'] }, constraints: { minGroupSize: 10, spatialPrecisionDeg: 1 } },
    });
    expect(history[3]).toMatchObject({ reason: 'project ended', before: { version: 3, revokedAt: null }, after: { version: 4, revokedAt: expect.any(String) } });
    const seqs = history.map((v) => v.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);

    const all = await gql(admin, `{ datasetGrantHistory(datasetId: "jp-coast") { grantId version action } }`);
    expect(all.data!.datasetGrantHistory).toEqual(history.map((v) => ({ grantId, version: v.version, action: v.action })));
    expect(await gql(admin, `{ policyVersion(datasetId: "jp-coast") }`)).toEqual({ data: { policyVersion: seqs[3] } });
  });

  it('refuses to overwrite or delete history, even with SQL', async () => {
    const append = /grant_version is append-only: (UPDATE|DELETE|TRUNCATE) is refused/;
    await expect(ds.query(`UPDATE grant_version SET reason = 'rewritten' WHERE grant_id = $1`, [grantId])).rejects.toThrow(append);
    await expect(ds.query(`DELETE FROM grant_version WHERE grant_id = $1`, [grantId])).rejects.toThrow(append);
    await expect(ds.query(`TRUNCATE grant_version`)).rejects.toThrow(append);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM grant_version WHERE grant_id = $1`, [grantId]);
    expect(n).toBe(4);
  });

  it('lists every problem of an invalid grant with its path, and stores nothing', async () => {
    const err = await refused(admin, CREATE, {
      reason: 'typo-ridden',
      input: {
        datasetId: 'jp-coast', audience: { kind: 'COUNTRIES', countries: ['th', 'XX', 'VN', 'VN'], roles: ['analyst'] }, level: 'RECORDS',
        constraints: { minGroupSize: 0, spatialPrecisionDeg: 500, redactedFields: [] }, validFrom: '2025-02-30', validUntil: '2026-01-01T00:00',
      },
    });
    expect(err.extensions.code).toBe('GRANT_INVALID');
    expect(err.extensions.details!.problems).toEqual([
      { path: 'audience.roles', message: 'unknown key; expected one of kind, countries' },
      { path: 'audience.countries[0]', message: 'expected an ISO 3166-1 alpha-2 code in capitals, such as TH; got "th"' },
      { path: 'audience.countries[1]', message: 'expected an ISO 3166-1 alpha-2 code in capitals, such as TH; got "XX"' },
      { path: 'audience.countries[3]', message: 'duplicate entry "VN"' },
      { path: 'constraints.minGroupSize', message: 'expected an integer from 1 to 1000000' },
      { path: 'constraints.spatialPrecisionDeg', message: 'expected a grid size in degrees from 0.000001 to 180, such as 0.1' },
      { path: 'constraints.redactedFields', message: 'expected a non-empty list of strings' },
      { path: 'validFrom', message: 'expected an ISO 8601 date (2025-01-31) or date-time with a zone (2025-01-31T08:00:00Z)' },
      { path: 'validUntil', message: 'expected an ISO 8601 date (2025-01-31) or date-time with a zone (2025-01-31T08:00:00Z)' },
    ]);
    expect(err.message).toMatch(/^Invalid grant: audience\.roles: unknown key; expected one of kind, countries; audience\.countries\[0\]: /);
    expect(await gql(admin, LIST, { d: 'jp-coast', all: true })).toEqual({ data: { grants: [{ id: grantId, version: 4, status: 'REVOKED', level: 'AGGREGATE' }] } });
  });

  it.each<[string, string, Record<string, unknown>, string, string]>([
    ['a blank reason', CREATE, { input: aseanAggregate, reason: '  ' }, 'GRANT_INVALID', 'Invalid grant: reason: give the reason for this change (it is kept in the grant\'s history)'],
    ['an unknown dataset', CREATE, { input: { ...aseanAggregate, datasetId: 'nowhere' }, reason: 'r' }, 'DATASET_NOT_FOUND', 'Dataset "nowhere" does not exist on this node (see `littoral dataset list`)'],
    ['an unknown grant', REVOKE, { id: '00000000-0000-4000-8000-000000000000', v: 1, reason: 'r' }, 'GRANT_NOT_FOUND',
      'Grant "00000000-0000-4000-8000-000000000000" does not exist on this node (see `littoral grants list <dataset> --all`)'],
    ['a grant id that is not a uuid', HISTORY, { id: 'not-a-uuid' }, 'GRANT_NOT_FOUND', 'Grant "not-a-uuid" does not exist on this node (see `littoral grants list <dataset> --all`)'],
    ['an unknown requester country', EXPLAIN, { d: 'jp-coast', r: { country: 'ZZ', roles: [] }, p: 'research' }, 'INPUT_INVALID',
      'Cannot explain access: country "ZZ" must be an ISO 3166-1 alpha-2 code in capitals, such as TH'],
    ['a level in the wrong case', CREATE, { input: { ...aseanAggregate, level: 'aggregate' }, reason: 'r' }, 'INPUT_INVALID', ''],
    ['no reason at all', `mutation ($input: CreateGrantInput!) { createGrant(input: $input) { id } }`, { input: aseanAggregate }, 'INPUT_INVALID', ''],
  ])('refuses %s', async (_case, query, variables, code, message) => {
    const err = await refused(admin, query, variables);
    expect(err.extensions.code).toBe(code);
    if (message) expect(err.message).toBe(message);
  });

  describe('is for administrators only', () => {
    const operations: [string, string, Record<string, unknown>][] = [
      ['createGrant', CREATE, { input: aseanAggregate, reason: 'r' }],
      ['changeGrant', CHANGE, { id: '00000000-0000-4000-8000-000000000000', v: 1, reason: 'r', input: { audience: { kind: 'NETWORK' }, level: 'METADATA' } }],
      ['revokeGrant', REVOKE, { id: '00000000-0000-4000-8000-000000000000', v: 1, reason: 'r' }],
      ['grants', LIST, { d: 'jp-coast' }],
      ['grant', `{ grant(id: "00000000-0000-4000-8000-000000000000") { id } }`, {}],
      ['grantHistory', HISTORY, { id: '00000000-0000-4000-8000-000000000000' }],
      ['datasetGrantHistory', `{ datasetGrantHistory(datasetId: "jp-coast") { grantId } }`, {}],
      ['policyVersion', `{ policyVersion(datasetId: "jp-coast") }`, {}],
      ['explainAccess', EXPLAIN, { d: 'jp-coast', r: { country: 'TH', roles: ['analyst'] }, p: 'research' }],
    ];
    const cases = operations.flatMap(([op, query, vars]) => (['operator', 'analyst', 'auditor'] as const).map((role) => [op, role, query, vars] as const));

    it.each(cases)('%s refuses an %s token', async (op, role, query, vars) => {
      const err = await refused(await issuer.bearer({ roles: [role], country: 'JP' }), query, vars);
      expect(err).toEqual({
        message: `${op} needs one of the roles admin; the token grants ${role}`,
        path: [op],
        extensions: { code: 'FORBIDDEN', details: { operation: op, requiredRoles: ['admin'] } },
      });
    });

    it.each(operations)('%s refuses a request without a token', async (op, query, vars) => {
      const err = await refused(null, query, vars);
      expect(err).toMatchObject({ path: [op], extensions: { code: 'UNAUTHENTICATED', details: { reason: 'TOKEN_MISSING' } } });
    });

    it('wrote nothing while refusing', async () => {
      expect((await gql(admin, LIST, { d: 'jp-coast', all: true })).data!.grants).toHaveLength(1);
    });
  });
});
