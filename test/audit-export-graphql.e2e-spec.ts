import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { AuditLog, signCheckpoint, storeCheckpoint, typeOrmAuditDatabase, type AuditEntry } from '@littoral/audit';
import { activeKey, generateKeyFile, publicJwks, writeKeyFile, type KeyFile } from '@littoral/crypto';
import { nodeDataSourceOptions, startNode, type StartedNode } from '../apps/node/src';
import { startHub, type StartedHub } from '../apps/hub/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { createHubTestIssuer, createTestIssuer, type TestIssuer } from './support/auth';
import { runLittoral } from './support/cli';

// The auditor's signed export through GraphQL (node and hub): what it returns,
// written to files, verifies offline with `littoral audit verify --file`
// against the exporter's public keys; one changed byte does not; it is the
// same file and statement as `littoral audit export` of the same period;
// auditors only; one audit.exported entry per export; clear refusals.

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const PREFIX = `ax${tag}`;
const EXPORT = `query ($from: DateTime!, $to: DateTime!, $format: AuditExportFormat!) {
  exportAuditLog(from: $from, to: $to, format: $format) { fileName content signature sha256 entries firstSeq lastSeq checkpoints keyId } }`;
const HUB_EXPORT = EXPORT.replace('AuditExportFormat', 'HubAuditExportFormat');

type Export = { fileName: string; content: string; signature: string; sha256: string; entries: number; firstSeq: number | null; lastSeq: number | null; checkpoints: number; keyId: string };
type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions: { code: string; details?: Record<string, unknown> } }[] };

describe('signed audit export through GraphQL', () => {
  let db: TestDatabase;
  let bareDb: TestDatabase;
  let hubDb: TestDatabase;
  let ds: DataSource;
  let issuer: TestIssuer;
  let hubIssuer: TestIssuer;
  let node: StartedNode;
  let bare: StartedNode;
  let hub: StartedHub;
  let nc: NatsConnection;
  let work: string;
  let th: KeyFile;
  let hubKeys: KeyFile;
  let auditor: string;
  const seeded: AuditEntry[] = [];
  let from: string;
  let to: string;

  const gql = async (url: string, auth: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Body> => {
    const req = request(url).post('/graphql');
    if (auth) req.set('Authorization', auth);
    return (await req.send({ query, variables })).body as Body;
  };
  const head = async (): Promise<number> => Number((await ds.query(`SELECT coalesce(max(seq), 0)::text AS s FROM audit_entry`))[0].s);
  const since = async (mark: number): Promise<{ action: string; actor_subject: string; result_size: string | null; request_hash: string | null }[]> =>
    ds.query(`SELECT action, actor_subject, result_size::text, request_hash FROM audit_entry WHERE seq > $1 ORDER BY seq`, [mark]);
  /** Writes an export as `littoral audit export` would: the file, and its signature beside it. */
  const save = (name: string, e: Export): string => {
    const file = path.join(work, name);
    fs.writeFileSync(file, e.content);
    fs.writeFileSync(`${file}.jws`, e.signature);
    return file;
  };
  const verify = (file: string, ...extra: string[]) => runLittoral(['audit', 'verify', '--file', file, '--jwks', path.join(work, 'th-jwks.json'), '--country', 'TH', ...extra]);

  beforeAll(async () => {
    [db, bareDb, hubDb, issuer, hubIssuer] = await Promise.all([
      createTestDatabase('audit_export'), createTestDatabase('audit_export_bare'), createHubTestDatabase('audit_export'),
      createTestIssuer({ audience: 'littoral-node-th' }), createHubTestIssuer(),
    ]);
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-audit-export-'));
    th = await generateKeyFile('TH', new Date());
    hubKeys = await generateKeyFile('SG', new Date());
    await writeKeyFile(path.join(work, 'th-keys.json'), th);
    await writeKeyFile(path.join(work, 'hub-keys.json'), hubKeys);
    fs.writeFileSync(path.join(work, 'hub-jwks.json'), JSON.stringify(publicJwks(hubKeys)));

    ds = new DataSource(nodeDataSourceOptions(db.url));
    await ds.initialize();
    const log = new AuditLog(typeOrmAuditDatabase(ds));
    for (let i = 1; i <= 12; i++) {
      seeded.push(await log.append({
        actor: { subject: `analyst-${i % 3}@moej.go.jp`, country: 'JP', organisation: null, roles: ['analyst'] }, action: 'query',
        // Not only ASCII, with a comma and quotes: the content crosses GraphQL as text and must keep its bytes.
        purpose: i % 2 ? 'รายงานภูมิภาค, "regional" report' : 'regional report', datasets: ['th-gulf-2024'],
        decision: i === 5 ? 'denied' : 'allowed', reason: i === 5 ? 'POLICY_DENIED' : null, resultSize: i, policyVersion: '3', correlationId: randomUUID(), requestHash: null,
      }));
      if (i % 5 === 0) {
        const cp = { origin: 'TH', seq: i, head: seeded[i - 1].hash, time: new Date().toISOString() };
        await storeCheckpoint(ds, { ...cp, kid: activeKey(th).kid, jws: await signCheckpoint(cp, activeKey(th)) }, new Date());
      }
    }
    // The period: the seeded entries only. Every later entry's time is at or after `to` (times never go backwards).
    from = seeded[0].time;
    await new Promise((r) => setTimeout(r, 5));
    to = new Date().toISOString();

    nc = await connect({ servers: NATS_URL });
    const common = { NATS_URL, PORT: '0', LOG_LEVEL: 'silent', LITTORAL_STREAM_PREFIX: PREFIX };
    node = await startNode({ ...common, DATABASE_URL: db.url, LITTORAL_COUNTRY: 'TH', LITTORAL_KEY_FILE: path.join(work, 'th-keys.json'), ...issuer.env });
    bare = await startNode({ ...common, DATABASE_URL: bareDb.url, LITTORAL_COUNTRY: 'TH', ...issuer.env });
    hub = await startHub({ ...common, DATABASE_URL: hubDb.url, HUB_CONSUMER_NAME: `hub-ax-${tag}`, LITTORAL_HUB_KEY_FILE: path.join(work, 'hub-keys.json'), ...hubIssuer.env });
    // The node's public keys, as any verifier gets them.
    fs.writeFileSync(path.join(work, 'th-jwks.json'), (await request(node.url).get('/.well-known/jwks.json')).text);
    auditor = await issuer.bearer({ sub: 'malee@oag.go.th', roles: ['auditor'], country: 'TH', org: 'oag' });
  }, 60_000);

  afterAll(async () => {
    await hub?.app.close();
    await bare?.app.close();
    await node?.app.close();
    const jsm = nc && (await jetstreamManager(nc));
    for (const s of [`${PREFIX.toUpperCase()}_CATALOG`, `${PREFIX.toUpperCase()}_AUDIT`]) await jsm?.streams.delete(s).catch(() => undefined);
    await nc?.close();
    await ds?.destroy();
    await Promise.all([db?.drop(), bareDb?.drop(), hubDb?.drop(), issuer?.cleanup(), hubIssuer?.cleanup()]);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it.each(['JSONL', 'CSV'] as const)('%s: content and signature written to files verify with `littoral audit verify --file`; one changed byte does not', async (format) => {
    const mark = await head();
    const body = await gql(node.url, auditor, EXPORT, { from, to, format });
    expect(body.errors).toBeUndefined();
    const e = body.data!.exportAuditLog as Export;
    expect(e).toMatchObject({ entries: 12, firstSeq: 1, lastSeq: 12, checkpoints: 2, keyId: activeKey(th).kid });
    expect(e.fileName).toMatch(new RegExp(`^littoral-audit-TH-\\d{8}T\\d{6}(\\.\\d{3})?Z-\\d{8}T\\d{6}(\\.\\d{3})?Z\\.${format.toLowerCase()}$`));
    expect(e.content).toContain('รายงานภูมิภาค');
    expect(decodeProtectedHeader(e.signature)).toMatchObject({ typ: 'littoral-audit-export+jws', kid: activeKey(th).kid });
    expect(decodeJwt(e.signature)).toMatchObject({ origin: 'TH', format: format.toLowerCase(), sha256: e.sha256, entries: 12, firstSeq: 1, lastSeq: 12, from, to });

    // Exactly one entry records the export: the auditor, the count, the export's SHA-256.
    expect(await since(mark)).toEqual([{ action: 'audit.exported', actor_subject: 'malee@oag.go.th', result_size: '12', request_hash: e.sha256 }]);

    const file = save(e.fileName, e);
    const ok = await verify(file, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, origin: 'TH', checked: 12, checkpoints: 2, refusedCheckpoints: [] });

    // One changed byte (a 7 in a result size becomes an 8).
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf(format === 'JSONL' ? '"resultSize":7,' : ',7,3,') + (format === 'JSONL' ? 13 : 1);
    expect(String.fromCharCode(bytes[at])).toBe('7');
    bytes[at] = '8'.charCodeAt(0);
    fs.writeFileSync(file, bytes);
    const bad = await verify(file);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error \[SIGNATURE_INVALID\]: The export file does not match its signature/);
  });

  it('is the same file and statement as `littoral audit export` of the same period', async () => {
    for (const format of ['jsonl', 'csv'] as const) {
      const out = path.join(work, `cli.${format}`);
      const cli = await runLittoral(['audit', 'export', '--from', from, '--to', to, '--format', format, '--out', out], { DATABASE_URL: db.url, LITTORAL_KEY_FILE: path.join(work, 'th-keys.json') });
      expect(cli.code).toBe(0);
      const e = (await gql(node.url, auditor, EXPORT, { from, to, format: format.toUpperCase() })).data!.exportAuditLog as Export;
      expect(Buffer.from(e.content, 'utf8').equals(fs.readFileSync(out))).toBe(true);
      // Same statement and key; only the signing time (iat) may differ.
      const cliSig = fs.readFileSync(`${out}.jws`, 'utf8');
      const { iat: _a, ...cliStatement } = decodeJwt(cliSig);
      const { iat: _b, ...gqlStatement } = decodeJwt(e.signature);
      expect(gqlStatement).toEqual(cliStatement);
      expect(decodeProtectedHeader(e.signature)).toEqual(decodeProtectedHeader(cliSig));
    }
    // The CLI's exports are recorded too, as `cli`.
    const cliExports = await ds.query(`SELECT count(*)::int AS n FROM audit_entry WHERE action = 'audit.exported' AND actor_subject = 'cli'`);
    expect(cliExports[0].n).toBe(2);
  });

  it('refuses administrators and analysts (FORBIDDEN, no export recorded)', async () => {
    for (const roles of [['admin'], ['analyst'], ['admin', 'operator', 'analyst']]) {
      const mark = await head();
      const body = await gql(node.url, await issuer.bearer({ roles, country: 'TH' }), EXPORT, { from, to, format: 'JSONL' });
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(body.errors?.[0].message).toContain('needs one of the roles auditor');
      expect((await since(mark)).map((r) => r.action)).toEqual(['login.refused']);
    }
    const hubAdmin = await hubIssuer.bearer({ roles: ['admin', 'analyst'] });
    expect((await gql(hub.url, hubAdmin, HUB_EXPORT, { from, to, format: 'JSONL' })).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses clearly: no key file (AUDIT_EXPORT_NO_KEY), a period that does not end after it begins (INPUT_INVALID)', async () => {
    const noKey = await gql(bare.url, auditor, EXPORT, { from, to, format: 'JSONL' });
    expect(noKey.errors?.[0].extensions.code).toBe('AUDIT_EXPORT_NO_KEY');
    expect(noKey.errors?.[0].message).toMatch(/No signing key is configured for the audit log of TH.*set LITTORAL_KEY_FILE/);
    const backwards = await gql(node.url, auditor, EXPORT, { from: to, to: from, format: 'JSONL' });
    expect(backwards.errors?.[0]).toMatchObject({ message: 'to must be after from (the period is [from, to))', extensions: { code: 'INPUT_INVALID', details: { argument: 'to' } } });
    const unknownFormat = await gql(node.url, auditor, EXPORT, { from, to, format: 'XML' });
    expect(unknownFormat.errors?.[0].extensions.code).toBe('INPUT_INVALID');
  });

  it('at the hub: signed with the hub\'s key, verifies with `littoral audit verify --file --hub`', async () => {
    const hubAuditor = await hubIssuer.bearer({ sub: 'auditor@hub', roles: ['auditor'] });
    // Something in the hub's log first (a read), then everything up to now.
    expect((await gql(hub.url, hubAuditor, '{ auditLog { totalCount } }')).errors).toBeUndefined();
    const body = await gql(hub.url, hubAuditor, HUB_EXPORT, { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', format: 'CSV' });
    expect(body.errors).toBeUndefined();
    const e = body.data!.exportAuditLog as Export;
    expect(e.entries).toBeGreaterThanOrEqual(1);
    expect(e.fileName).toBe('littoral-audit-hub-20000101T000000Z-21000101T000000Z.csv');
    expect(e.keyId).toBe(activeKey(hubKeys).kid);
    const file = save('hub-export.csv', e);
    const ok = await runLittoral(['audit', 'verify', '--file', file, '--hub', '--jwks', path.join(work, 'hub-jwks.json'), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, origin: 'hub', checked: e.entries });
    // The node's keys do not vouch for the hub's export.
    const wrong = await runLittoral(['audit', 'verify', '--file', file, '--hub', '--jwks', path.join(work, 'th-jwks.json')]);
    expect(wrong.code).not.toBe(0);
    const exported = (await gql(hub.url, hubAuditor, '{ auditLog(filter: { action: "audit.exported" }) { edges { node { actor { subject } resultSize requestHash } } } }')).data!.auditLog.edges;
    expect(exported.map((x: any) => x.node)).toEqual([{ actor: { subject: 'auditor@hub' }, resultSize: e.entries, requestHash: e.sha256 }]);
  });
});
