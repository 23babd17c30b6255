import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { generateKeyFile, writeKeyFile } from '@littoral/crypto';
import { DatasetsService, GrantsService, ImportService, nodeDataSourceOptions, startNode, type StartedNode } from '../apps/node/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createTestIssuer, type TestIssuer } from './support/auth';
import { waitFor } from './support/wait';

// Every path on the node writes exactly one audit entry, in the transaction of
// the change: grant changes, imports (stored and refused), catalogue
// publication, refused logins and forbidden roles. When the entry cannot be
// written, the change fails and nothing of it is stored (fail closed).

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const PREFIX = `aw${tag}`;
const CREATE = `mutation ($input: CreateGrantInput!, $reason: String!) { createGrant(input: $input, reason: $reason) { id version seq } }`;
const REVOKE = `mutation ($id: ID!, $v: Int!, $reason: String!) { revokeGrant(id: $id, expectedVersion: $v, reason: $reason) { version seq } }`;

interface Row { seq: string; action: string; actor_subject: string; actor_country: string | null; decision: string; reason: string | null; datasets: string[]; result_size: string | null; policy_version: string | null }

describe('audit entries of every node path', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let issuer: TestIssuer;
  let node: StartedNode;
  let dir: string;
  let nc: NatsConnection;

  const head = async (): Promise<number> => Number((await ds.query(`SELECT coalesce(max(seq), 0)::text AS s FROM audit_entry`))[0].s);
  const since = async (mark: number): Promise<Row[]> =>
    ds.query(`SELECT seq::text, action, actor_subject, actor_country, decision, reason, datasets, result_size::text, policy_version FROM audit_entry WHERE seq > $1 ORDER BY seq`, [mark]);
  const gql = async (auth: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const req = request(node.url).post('/graphql');
    if (auth) req.set('Authorization', auth);
    return (await req.send({ query, variables })).body as { data?: Record<string, any> | null; errors?: { extensions: { code: string } }[] };
  };

  beforeAll(async () => {
    db = await createTestDatabase('audit_wiring');
    ds = new DataSource(nodeDataSourceOptions(db.url));
    await ds.initialize();
    issuer = await createTestIssuer({ audience: 'littoral-node-th' });
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-audit-wiring-'));
    const keyFile = path.join(dir, 'th-keys.json');
    await writeKeyFile(keyFile, await generateKeyFile('TH', new Date()));
    await new DatasetsService(ds).create({ id: 'th-gulf', title: 'Gulf of Thailand', theme: 'microplastics', license: 'CC-BY-4.0' });
    nc = await connect({ servers: NATS_URL });
    node = await startNode({
      DATABASE_URL: db.url, NATS_URL, LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent', LITTORAL_KEY_FILE: keyFile,
      LITTORAL_STREAM_PREFIX: PREFIX, LITTORAL_CATALOGUE_POLL_MS: '200', ...issuer.env,
    });
  }, 60_000);

  afterAll(async () => {
    await node?.app.close();
    const jsm = nc && (await jetstreamManager(nc));
    for (const s of [`${PREFIX.toUpperCase()}_CATALOG`, `${PREFIX.toUpperCase()}_AUDIT`]) await jsm?.streams.delete(s).catch(() => undefined);
    await nc?.close();
    await ds?.destroy();
    await db?.drop();
    await issuer?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('records the catalogue entry the node published at start-up (catalogue.published)', async () => {
    const rows = await waitFor('catalogue.published entry', async () => {
      const r = (await since(0)).filter((e) => e.action === 'catalogue.published');
      return r.length > 0 ? r : undefined;
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_subject: 'node:TH', actor_country: 'TH', decision: 'allowed', datasets: ['th-gulf'] });
  });

  it('records each grant change exactly once, by the token\'s subject, with the new policy version', async () => {
    const admin = await issuer.bearer({ sub: 'somchai@dmcr.go.th', roles: ['admin'], country: 'TH', org: 'th-dmcr' });
    let mark = await head();
    const created = await gql(admin, CREATE, { input: { datasetId: 'th-gulf', audience: { kind: 'NETWORK' }, level: 'METADATA' }, reason: 'open the catalogue' });
    const grant = created.data!.createGrant as { id: string; seq: number };
    const after = (await since(mark)).filter((e) => e.action !== 'catalogue.published');
    expect(after).toEqual([expect.objectContaining({ action: 'grant.changed', actor_subject: 'somchai@dmcr.go.th', actor_country: 'TH', decision: 'allowed', datasets: ['th-gulf'], policy_version: String(grant.seq) })]);

    mark = await head();
    const revoked = await gql(admin, REVOKE, { id: grant.id, v: 1, reason: 'done' });
    const grantRows = (await since(mark)).filter((e) => e.action === 'grant.changed');
    expect(grantRows).toEqual([expect.objectContaining({ policy_version: String(revoked.data!.revokeGrant.seq) })]);
  });

  it('records an import with the rows stored, and a refused import as denied', async () => {
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, require('node:fs').readFileSync(path.join(__dirname, '..', 'docs', 'templates', 'microplastics.csv')));
    let mark = await head();
    const summary = await new ImportService(ds).run({ datasetId: 'th-gulf', kind: 'microplastics', path: good });
    expect(summary.rowsStored).toBeGreaterThan(0);
    expect((await since(mark)).filter((e) => e.action === 'import')).toEqual([
      expect.objectContaining({ decision: 'allowed', datasets: ['th-gulf'], result_size: String(summary.rowsStored), actor_subject: expect.stringMatching(/^cli:/) }),
    ]);

    const bad = path.join(dir, 'bad.csv');
    const lines = require('node:fs').readFileSync(good, 'utf8').split('\n');
    writeFileSync(bad, [lines[0], lines[1].replace('13.54', 'north')].join('\n'));
    mark = await head();
    const refused = await new ImportService(ds).run({ datasetId: 'th-gulf', kind: 'microplastics', path: bad });
    expect(refused.status).toBe('REJECTED');
    expect(await since(mark)).toEqual([expect.objectContaining({ action: 'import', decision: 'denied', reason: 'IMPORT_ROWS_INVALID', result_size: '0' })]);
  });

  it('records a refused token as anonymous and a forbidden role by subject, once per request', async () => {
    // The node's catalogue publisher writes its own entries in the background (e.g. after the grant change above): left out here.
    const requestEntries = async (from: number) => (await since(from)).filter((r) => !String(r.action).startsWith('catalogue.'));
    let mark = await head();
    const anonymous = await gql(null, '{ a: datasets { id } b: me { subject } }');
    expect(anonymous.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await requestEntries(mark)).toEqual([expect.objectContaining({ action: 'login.refused', actor_subject: 'anonymous', decision: 'denied', reason: 'TOKEN_MISSING' })]);

    const expired = await issuer.bearer({ roles: ['admin'], expiresIn: Math.floor(Date.now() / 1000) - 120 });
    mark = await head();
    await gql(expired, '{ datasets { id } }');
    const rows = await requestEntries(mark);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: 'login.refused', actor_subject: 'anonymous' });

    const analyst = await issuer.bearer({ sub: 'nok@ku.ac.th', roles: ['analyst'], country: 'TH' });
    mark = await head();
    const forbidden = await gql(analyst, CREATE, { input: { datasetId: 'th-gulf', audience: { kind: 'NETWORK' }, level: 'METADATA' }, reason: 'x' });
    expect(forbidden.errors![0].extensions.code).toBe('FORBIDDEN');
    // A refused attempt is a login matter, not a grant change.
    expect(await requestEntries(mark)).toEqual([expect.objectContaining({ action: 'login.refused', actor_subject: 'nok@ku.ac.th', actor_country: 'TH', reason: 'FORBIDDEN' })]);
  });

  it('fails closed: when the entry cannot be written, the grant change and the import store nothing', async () => {
    // Real Postgres refuses the entry: a constraint no row can meet (as superuser, on this test database only).
    await ds.query(`ALTER TABLE audit_entry ADD CONSTRAINT audit_blocked_for_test CHECK (seq < 0) NOT VALID`);
    try {
      const versions = async () => Number((await ds.query(`SELECT count(*)::text AS n FROM grant_version`))[0].n);
      const before = await versions();
      const grants = new GrantsService(ds, { country: 'TH' });
      await expect(grants.create({ datasetId: 'th-gulf', audience: { kind: 'NETWORK' }, level: 'METADATA' }, 'blocked', { subject: 'cli:test', country: null, organisation: null, roles: [] }))
        .rejects.toMatchObject({ code: 'INTERNAL', details: { audit: 'AUDIT_WRITE_FAILED' } });
      expect(await versions()).toBe(before);

      const runs = async () => Number((await ds.query(`SELECT count(*)::text AS n FROM import_run`))[0].n);
      const runsBefore = await runs();
      const other = path.join(dir, 'other.csv');
      const lines = require('node:fs').readFileSync(path.join(__dirname, '..', 'docs', 'templates', 'microplastics.csv'), 'utf8').split('\n');
      writeFileSync(other, lines.map((l: string) => l.replace(/CPY-01/g, 'CPY-09')).join('\n'));
      await expect(new ImportService(ds).run({ datasetId: 'th-gulf', kind: 'microplastics', path: other })).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(await runs()).toBe(runsBefore);
      expect(Number((await ds.query(`SELECT count(*)::text AS n FROM mp_site WHERE source_key LIKE '%CPY-09%'`))[0].n)).toBe(0);
    } finally {
      await ds.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_blocked_for_test`);
    }
  });
});
