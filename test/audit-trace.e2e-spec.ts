import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AuditCheckpointer, signTraceRequest, verifyTraceAnswer, type TraceAuditor } from '@littoral/audit';
import { activeKey, generateKeyFile } from '@littoral/crypto';
import { newCorrelationId, signQueryEnvelope } from '@littoral/federation';
import { QUERY_ERROR_HEADER, auditTraceSubject } from '@littoral/messaging';
import { QueryResponder } from '../apps/node/src/query-responder/query-responder';
import { TraceResponder } from '../apps/node/src/audit-responder/trace-responder';
import { FederationHarness, NATS_URL, waitFor, type NodeHandle } from './support/federation-harness';
import { SHARED_DATA } from './support/paths';

// Issue 6's trace across the network: the hub's trace(correlationId) joins its
// own entry with the entries each node wrote for the same request, asked over
// NATS with hub-signed trace requests carrying the auditor's own token. Each
// node decides what that auditor may see (LITTORAL_TRACE_AUDITORS: JP shows
// other auditors a summary, TH only its own auditors, in full).

jest.setTimeout(180_000);

const PURPOSE = 'trace test';
const QUERY = `query ($purpose: String!) { microplasticSummary(purpose: $purpose, groupBy: { by: [MATRIX] }) { correlationId manifest { nodes { country status } } } }`;
const TRACE = `query ($id: String!, $countries: [String!]) { trace(correlationId: $id, countries: $countries) {
  correlationId traceId origin entries { seq action actor { subject } correlationId }
  nodes { country nodeId status reason view truncated witnessedSeq
          entries { seq action decision resultSize policyVersion correlationId hash prevHash requestHash purpose datasets reason hashVerified actor { subject country } }
          checkpoint { seq head covers witnessed kid } } } }`;

interface TraceNode {
  country: string;
  status: string;
  reason: string | null;
  view: string | null;
  entries: Record<string, any>[];
  checkpoint: { seq: number; covers: boolean; witnessed: boolean; kid: string } | null;
}

async function load(node: NodeHandle): Promise<void> {
  const id = `${node.country.toLowerCase()}-ncei`;
  await node.dataset(id, 'microplastics');
  await node.imports.run({ datasetId: id, kind: 'microplastics', format: 'ncei', path: path.join(SHARED_DATA, 'ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
  await node.grant(id, 'AGGREGATE');
  // JP shows other countries' auditors a summary; TH keeps the default (own auditors only).
  if (node.country === 'JP') node.env.LITTORAL_TRACE_AUDITORS = 'network';
}

describe('trace(correlationId) across the hub and the nodes', () => {
  const f = new FederationHarness();
  let nc: NatsConnection;
  let correlationId: string;

  const auditorToken = (o: { sub: string; country?: string; roles?: string[] }) => f.issuer.token({ roles: ['auditor'], ...o });
  const trace = async (token: string, id: string, countries?: string[]) => {
    const res = await f.graphql(TRACE, { id, ...(countries ? { countries } : {}) }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.trace as { correlationId: string; traceId: string; origin: string; entries: Record<string, any>[]; nodes: TraceNode[] };
  };
  const node = (t: { nodes: TraceNode[] }, cc: string) => t.nodes.find((n) => n.country === cc)!;
  const nodeReads = (cc: string, traceId: string) =>
    f.node(cc).ds.query(`SELECT actor_subject, decision, reason, result_size FROM audit_entry WHERE action = 'audit.read' AND correlation_id = $1`, [traceId]);
  const headSeq = async (cc: string) => Number((await f.node(cc).ds.query(`SELECT max(seq)::text AS s FROM audit_entry`))[0].s);
  const request = (cc: string, o: { auditor?: TraceAuditor; token?: string; key?: Parameters<typeof signTraceRequest>[1]; now?: Date; nonce?: string } = {}) =>
    (async () => signTraceRequest(
      { audience: cc, correlationId, traceId: randomUUID(), auditor: o.auditor ?? { subject: 'auditor-jp', country: 'JP', roles: ['auditor'] }, auditorToken: o.token ?? (await auditorToken({ sub: 'auditor-jp', country: 'JP' })), lifetimeSeconds: 10, ...(o.nonce ? { nonce: o.nonce } : {}) },
      o.key ?? activeKey(f.hubKeys),
      o.now ?? new Date(),
    ))();
  const send = (cc: string, jws: string) => nc.request(auditTraceSubject(f.prefix, cc), jws, { timeout: 5000 });

  beforeAll(async () => {
    await f.start({ countries: ['JP', 'TH'], timeoutMs: 3000, load });
    await f.catalogueSynced();
    for (const n of f.nodes.values()) {
      await waitFor(`${n.country}'s responders`, async () => (n.started?.app.get(QueryResponder).listening && n.started.app.get(TraceResponder).listening ? true : undefined));
    }
    nc = await connect({ servers: NATS_URL });
    const res = await f.graphql(QUERY, { purpose: PURPOSE });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    expect(res.data!.microplasticSummary.manifest.nodes.map((n: { country: string; status: string }) => [n.country, n.status])).toEqual([['JP', 'OK'], ['TH', 'OK']]);
    correlationId = res.data!.microplasticSummary.correlationId;
    // Sign each node's head now (the default interval is a minute), so the trace can show coverage.
    for (const n of f.nodes.values()) {
      const cp = await n.started!.app.get(AuditCheckpointer).checkpoint();
      // …and wait until the hub, as witness, stored that checkpoint from the audit stream.
      await waitFor(`the hub witnessing ${n.country}'s checkpoint`, async () =>
        (await f.hubQuery(`SELECT 1 FROM audit_checkpoint WHERE origin = $1 AND seq = $2`, [n.country, cp.seq])).length > 0 ? true : undefined);
    }
  });
  afterAll(async () => {
    await nc?.close();
    await f.stop();
  });

  it('joins the hub entry with both nodes\' entries of the query; a TH auditor sees TH in full and JP as a summary', async () => {
    const t = await trace(await auditorToken({ sub: 'auditor-th', country: 'TH' }), correlationId);
    expect(t).toMatchObject({ correlationId, origin: 'hub', entries: [{ action: 'query', actor: { subject: 'analyst-1' }, correlationId }] });
    expect(t.nodes.map((n) => [n.country, n.status, n.view])).toEqual([['JP', 'OK', 'SUMMARY'], ['TH', 'OK', 'FULL']]);

    const th = node(t, 'TH');
    expect(th.entries).toEqual([expect.objectContaining({
      action: 'query', decision: 'allowed', correlationId, purpose: PURPOSE, datasets: ['th-ncei'], actor: { subject: 'analyst-1', country: 'TH' }, hashVerified: true,
    })]);
    expect(th.checkpoint).toMatchObject({ covers: true, witnessed: true, kid: activeKey(f.node('TH').keys).kid });

    const jp = node(t, 'JP');
    expect(jp.entries).toHaveLength(1);
    expect(jp.entries[0]).toMatchObject({ action: 'query', decision: 'allowed', correlationId, actor: null, purpose: null, datasets: null, reason: null, hashVerified: false });
    expect(jp.entries[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(jp.entries[0].policyVersion).toMatch(/^\d+$/);
    // The summary's hash is the stored entry's.
    const [stored] = await f.node('JP').ds.query(`SELECT hash FROM audit_entry WHERE correlation_id = $1`, [correlationId]);
    expect(jp.entries[0].hash).toBe(stored.hash);
    expect(jp.checkpoint).toMatchObject({ covers: true, witnessed: true });

    // One audit.read at the hub and on each node, under the trace's own id.
    expect(await f.hubQuery(`SELECT actor_subject, decision FROM audit_entry WHERE action = 'audit.read' AND correlation_id = $1`, [t.traceId])).toEqual([{ actor_subject: 'auditor-th', decision: 'allowed' }]);
    expect(await nodeReads('TH', t.traceId)).toEqual([{ actor_subject: 'auditor-th', decision: 'allowed', reason: null, result_size: '1' }]);
    expect(await nodeReads('JP', t.traceId)).toEqual([{ actor_subject: 'auditor-th', decision: 'allowed', reason: null, result_size: '1' }]);
  });

  it('shows a regional auditor (no country) JP\'s summary and TH\'s refusal, and a JP auditor JP in full', async () => {
    const regional = await trace(await auditorToken({ sub: 'auditor-hub' }), correlationId);
    expect(regional.nodes.map((n) => [n.country, n.status, n.view, n.entries.length])).toEqual([['JP', 'OK', 'SUMMARY', 1], ['TH', 'DENIED', null, 0]]);
    expect(node(regional, 'TH').reason).toBe('this node shows its audit entries through the hub only to auditors of TH (LITTORAL_TRACE_AUDITORS=own)');
    expect(node(regional, 'TH').checkpoint).toBeNull();
    expect(await nodeReads('TH', regional.traceId)).toEqual([{ actor_subject: 'auditor-hub', decision: 'denied', reason: 'FORBIDDEN', result_size: '0' }]);
    expect(await f.hubQuery(`SELECT decision FROM audit_entry WHERE action = 'audit.read' AND correlation_id = $1`, [regional.traceId])).toEqual([{ decision: 'partial' }]);

    const jp = await trace(await auditorToken({ sub: 'auditor-jp', country: 'JP' }), correlationId);
    expect(jp.nodes.map((n) => [n.country, n.status, n.view])).toEqual([['JP', 'OK', 'FULL'], ['TH', 'DENIED', null]]);
    expect(node(jp, 'JP').entries[0]).toMatchObject({ actor: { subject: 'analyst-1', country: 'TH' }, purpose: PURPOSE, datasets: ['jp-ncei'], hashVerified: true });
  });

  it('refuses the trace to analysts and administrators, and checks its arguments', async () => {
    for (const roles of [['analyst'], ['admin'], ['admin', 'analyst']]) {
      const res = await f.graphql(TRACE, { id: correlationId }, await f.issuer.token({ sub: 'someone', roles, country: 'TH' }));
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const token = await auditorToken({ sub: 'auditor-th', country: 'TH' });
    expect((await f.graphql(TRACE, { id: 'nope' }, token)).errors?.[0].extensions?.code).toBe('INPUT_INVALID');
    expect((await f.graphql(TRACE, { id: correlationId, countries: ['th'] }, token)).errors?.[0]).toMatchObject({ extensions: { code: 'INPUT_INVALID' }, message: expect.stringContaining('countries[0]') });
    // An id the hub never saw: nothing to join unless nodes are named; a named non-member is reported, never asked.
    const other = await trace(token, randomUUID(), ['TH', 'VN']);
    expect(other.nodes.map((n) => [n.country, n.status, n.entries.length])).toEqual([['TH', 'OK', 0], ['VN', 'ERROR', 0]]);
    expect(node(other, 'VN').reason).toMatch(/^MEMBER_UNKNOWN/);
  });

  it('has the node refuse forged, expired, misaddressed, wrongly typed and replayed requests, and record each refusal', async () => {
    const intruder = activeKey(await generateKeyFile('TH', new Date()));
    const old = new Date(Date.now() - 120_000);
    const query = await signQueryEnvelope(
      { audience: 'JP', requester: { subject: 'auditor-jp', country: 'JP', roles: ['auditor'] }, purpose: PURPOSE, query: { kind: 'microplasticSummary', filter: {}, groupBy: { by: ['MATRIX'] } }, correlationId: newCorrelationId() },
      activeKey(f.hubKeys), new Date(),
    );
    const cases: [string, string, string][] = [
      ['signed by an unknown key', await request('JP', { key: intruder }), 'KEY_UNKNOWN'],
      ['expired', await request('JP', { now: old }), 'ENVELOPE_EXPIRED'],
      ['addressed to TH', await request('TH'), 'AUDIENCE_MISMATCH'],
      ['a query envelope', query, 'TYP_MISMATCH'],
      ['garbage', 'not a jws', 'MESSAGE_MALFORMED'],
    ];
    for (const [what, jws, code] of cases) {
      const mark = await headSeq('JP');
      const reply = await send('JP', jws);
      expect([what, reply.headers?.get(QUERY_ERROR_HEADER)]).toEqual([what, code]);
      expect(await f.node('JP').ds.query(`SELECT action, actor_subject, decision, reason FROM audit_entry WHERE seq > $1`, [mark])).toEqual([{ action: 'audit.read', actor_subject: 'anonymous', decision: 'denied', reason: code }]);
    }

    // Tampered: a valid request with its payload changed no longer verifies.
    const valid = await request('JP');
    const [h, p, s] = valid.split('.');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const tampered = [h, Buffer.from(JSON.stringify({ ...payload, correlationId: randomUUID() })).toString('base64url'), s].join('.');
    expect((await send('JP', tampered)).headers?.get(QUERY_ERROR_HEADER)).toBe('SIGNATURE_INVALID');

    // Replayed: the first is answered (signed by JP), the same request again is refused.
    const first = await send('JP', valid);
    expect(first.headers?.get(QUERY_ERROR_HEADER)).toBeUndefined();
    const answer = await verifyTraceAnswer(first.string(), { country: 'JP', trusted: [{ kid: activeKey(f.node('JP').keys).kid, jwk: activeKey(f.node('JP').keys).publicJwk }], correlationId, traceId: payload.traceId, receivedAt: new Date() });
    expect(answer).toMatchObject({ status: 'OK', view: 'FULL' });
    expect((await send('JP', valid)).headers?.get(QUERY_ERROR_HEADER)).toBe('ENVELOPE_REPLAYED');
  });

  it('answers DENIED, signed, when the auditor\'s token does not back the claims or lacks the auditor role', async () => {
    const jpKey = activeKey(f.node('JP').keys);
    const verify = (jws: string, traceId: string) => verifyTraceAnswer(jws, { country: 'JP', trusted: [{ kid: jpKey.kid, jwk: jpKey.publicJwk }], correlationId, traceId, receivedAt: new Date() });
    const cases: [string, Parameters<typeof request>[1], string][] = [
      ['claims of another auditor', { auditor: { subject: 'auditor-xx', country: 'JP', roles: ['auditor'] } }, 'REQUESTER_MISMATCH'],
      ['an analyst\'s token', { auditor: { subject: 'analyst-1', country: 'JP', roles: ['analyst'] }, token: await f.issuer.token({ sub: 'analyst-1', country: 'JP', roles: ['analyst'] }) }, 'FORBIDDEN'],
      ['a token for the node\'s own API', { token: await f.issuer.token({ sub: 'auditor-jp', country: 'JP', roles: ['auditor'], audience: 'littoral-node-jp' }) }, 'REQUESTER_TOKEN_INVALID'],
    ];
    for (const [what, o, code] of cases) {
      const jws = await request('JP', o);
      const traceId = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString()).traceId;
      const a = await verify((await send('JP', jws)).string(), traceId);
      expect([what, a.status, a.entries]).toEqual([what, 'DENIED', []]);
      expect(await nodeReads('JP', traceId)).toEqual([expect.objectContaining({ decision: 'denied', reason: code })]);
    }
  });

  it('shows a stopped node as UNREACHABLE without failing the trace', async () => {
    await f.node('TH').stop();
    const t = await trace(await auditorToken({ sub: 'auditor-th', country: 'TH' }), correlationId);
    expect(t.entries).toHaveLength(1);
    expect(t.nodes.map((n) => [n.country, n.status])).toEqual([['JP', 'OK'], ['TH', 'UNREACHABLE']]);
    expect(node(t, 'TH').entries).toEqual([]);
  });
});
