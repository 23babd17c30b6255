import { randomBytes, randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { AuditLog, typeOrmAuditDatabase } from '@littoral/audit';
import { nodeDataSourceOptions, startNode, type StartedNode } from '../apps/node/src';
import { startHub, type StartedHub } from '../apps/hub/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { createHubTestIssuer, createTestIssuer, type TestIssuer } from './support/auth';

// The auditor GraphQL APIs of a node and of the hub: auditors only (admins and
// analysts refused), auditors refused the data queries, one audit.read entry
// per read, keyset pages, verification naming an insider's edit, and trace.

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const PREFIX = `ag${tag}`;
const LOG = `query ($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { seq action decision reason correlationId actor { subject country roles } datasets resultSize hash } } } }`;
const VERIFY = '{ verifyAuditLog { ok checked firstBad { seq reason message } latestCheckpoint { seq head time witnessed } checkpoints } }';

type Body = { data?: Record<string, any> | null; errors?: { message: string; extensions: { code: string } }[] };

describe('auditor GraphQL', () => {
  let db: TestDatabase;
  let hubDb: TestDatabase;
  let ds: DataSource;
  let issuer: TestIssuer;
  let hubIssuer: TestIssuer;
  let node: StartedNode;
  let hub: StartedHub;
  let nc: NatsConnection;
  let auditor: string;
  const correlationId = randomUUID();

  const gql = async (url: string, auth: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Body> => {
    const req = request(url).post('/graphql');
    if (auth) req.set('Authorization', auth);
    return (await req.send({ query, variables })).body as Body;
  };
  const head = async (): Promise<number> => Number((await ds.query(`SELECT coalesce(max(seq), 0)::text AS s FROM audit_entry`))[0].s);
  const actionsSince = async (mark: number): Promise<string[]> => (await ds.query(`SELECT action FROM audit_entry WHERE seq > $1 ORDER BY seq`, [mark])).map((r: { action: string }) => r.action);

  beforeAll(async () => {
    [db, hubDb, issuer, hubIssuer] = await Promise.all([createTestDatabase('audit_gql'), createHubTestDatabase('audit_gql'), createTestIssuer({ audience: 'littoral-node-th' }), createHubTestIssuer()]);
    ds = new DataSource(nodeDataSourceOptions(db.url));
    await ds.initialize();
    const log = new AuditLog(typeOrmAuditDatabase(ds));
    for (let i = 0; i < 5; i++) {
      await log.append({
        actor: { subject: 'hub', country: null, organisation: null, roles: [] }, action: 'query', purpose: 'research', datasets: ['th-gulf'],
        decision: i === 2 ? 'denied' : 'allowed', reason: i === 2 ? 'POLICY_DENIED' : null, resultSize: i, policyVersion: '3', correlationId: i === 4 ? correlationId : randomUUID(), requestHash: null,
      });
    }
    nc = await connect({ servers: NATS_URL });
    node = await startNode({ DATABASE_URL: db.url, NATS_URL, LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent', LITTORAL_STREAM_PREFIX: PREFIX, ...issuer.env });
    hub = await startHub({ DATABASE_URL: hubDb.url, NATS_URL, PORT: '0', LOG_LEVEL: 'silent', LITTORAL_STREAM_PREFIX: PREFIX, HUB_CONSUMER_NAME: `hub-ag-${tag}`, ...hubIssuer.env });
    auditor = await issuer.bearer({ sub: 'malee@oag.go.th', roles: ['auditor'], country: 'TH' });
  }, 60_000);

  afterAll(async () => {
    await hub?.app.close();
    await node?.app.close();
    const jsm = nc && (await jetstreamManager(nc));
    for (const s of [`${PREFIX.toUpperCase()}_CATALOG`, `${PREFIX.toUpperCase()}_AUDIT`]) await jsm?.streams.delete(s).catch(() => undefined);
    await nc?.close();
    await ds?.destroy();
    await Promise.all([db?.drop(), hubDb?.drop(), issuer?.cleanup(), hubIssuer?.cleanup()]);
  }, 60_000);

  it('lets an auditor page through the log, filtered, and records each read once', async () => {
    const mark = await head();
    const first = await gql(node.url, auditor, LOG, { f: { action: 'query' }, first: 2 });
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.auditLog;
    expect(page1.totalCount).toBe(5);
    expect(page1.edges.map((e: any) => e.node.seq)).toEqual([5, 4]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = (await gql(node.url, auditor, LOG, { f: { action: 'query' }, first: 2, after: page1.pageInfo.endCursor })).data!.auditLog;
    expect(second.edges.map((e: any) => e.node.seq)).toEqual([3, 2]);
    const denied = (await gql(node.url, auditor, LOG, { f: { decision: 'denied', dataset: 'th-gulf' } })).data!.auditLog;
    expect(denied.edges.map((e: any) => [e.node.seq, e.node.reason])).toEqual([[3, 'POLICY_DENIED']]);
    expect(await actionsSince(mark)).toEqual(['audit.read', 'audit.read', 'audit.read']);
    const reads = (await gql(node.url, auditor, LOG, { f: { action: 'audit.read', actor: 'malee@oag.go.th' } })).data!.auditLog;
    expect(reads.edges[0].node).toMatchObject({ action: 'audit.read', actor: { subject: 'malee@oag.go.th', country: 'TH', roles: ['auditor'] }, resultSize: 1 });
  });

  it('refuses the audit log to administrators and analysts, and the data queries to auditors', async () => {
    for (const roles of [['admin'], ['analyst'], ['admin', 'operator', 'analyst']]) {
      const who = await issuer.bearer({ roles });
      for (const q of ['{ verifyAuditLog { ok } }', `{ trace(correlationId: "${correlationId}") { origin } }`, '{ auditLog { totalCount } }']) {
        const mark = await head();
        const body = await gql(node.url, who, q);
        expect(body.errors?.[0].extensions.code).toBe('FORBIDDEN');
        expect(body.errors?.[0].message).toContain('needs one of the roles auditor');
        expect(await actionsSince(mark)).toEqual(['login.refused']);
      }
    }
    for (const q of ['{ sites { totalCount } }', '{ samples { totalCount } }', '{ surveys { totalCount } }', '{ occurrences { totalCount } }']) {
      const body = await gql(node.url, auditor, q);
      expect(body.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const hubAdmin = await hubIssuer.bearer({ roles: ['admin', 'analyst'] });
    expect((await gql(hub.url, hubAdmin, '{ auditLog { totalCount } }')).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const hubAuditor = await hubIssuer.bearer({ roles: ['auditor'] });
    expect((await gql(hub.url, hubAuditor, '{ datasets { totalCount } }')).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('traces a correlation id on the node, and on the hub says which nodes to ask', async () => {
    const mark = await head();
    const body = await gql(node.url, auditor, `{ trace(correlationId: "${correlationId}") { origin correlationId entries { seq action } } }`);
    expect(body.data!.trace).toEqual({ origin: 'TH', correlationId, entries: [{ seq: 5, action: 'query' }] });
    expect(await actionsSince(mark)).toEqual(['audit.read']);

    const hubAuditor = await hubIssuer.bearer({ sub: 'auditor@hub', roles: ['auditor'] });
    const hubTrace = await gql(hub.url, hubAuditor, `{ trace(correlationId: "${correlationId}") { origin entries { seq } nodes { country } } }`);
    expect(hubTrace.data!.trace).toEqual({ origin: 'hub', entries: [], nodes: [] });
    const hubLog = await gql(hub.url, hubAuditor, '{ auditLog(filter: { action: "audit.read" }) { edges { node { actor { subject } } } } }');
    expect(hubLog.data!.auditLog.edges.map((e: any) => e.node.actor.subject)).toEqual(['auditor@hub']);
    const bad = await gql(node.url, auditor, '{ trace(correlationId: "not-a-uuid") { origin } }');
    expect(bad.errors?.[0].extensions.code).toBe('INPUT_INVALID');
  });

  it('verifies the chain and names the seq an insider edited with the trigger disabled', async () => {
    const ok = (await gql(node.url, auditor, VERIFY)).data!.verifyAuditLog;
    expect(ok).toMatchObject({ ok: true, firstBad: null });
    expect(ok.checked).toBeGreaterThan(5);
    // The insider: a superuser disables the append-only trigger and edits entry 3.
    await ds.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only`);
    await ds.query(`UPDATE audit_entry SET result_size = 0, decision = 'allowed', reason = NULL WHERE seq = 3`);
    await ds.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only`);
    const bad = (await gql(node.url, auditor, VERIFY)).data!.verifyAuditLog;
    expect(bad).toMatchObject({ ok: false, checked: 3, firstBad: { seq: 3, reason: 'hash-mismatch' } });
  });
});
