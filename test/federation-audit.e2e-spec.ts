import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { activeKey, generateKeyFile } from '@littoral/crypto';
import { newCorrelationId, signQueryEnvelope } from '@littoral/federation';
import { QUERY_ERROR_HEADER, querySubject } from '@littoral/messaging';
import { QueryResponder } from '../apps/node/src/query-responder/query-responder';
import { FederationHarness, NATS_URL, waitFor, type NodeHandle } from './support/federation-harness';
import { SHARED_DATA } from './support/paths';

// Issue 6 on the query path: a federated query writes exactly one audit entry
// at the hub and one on every node asked, under one correlation id; refused
// envelopes are recorded too; and when a node cannot write its entry, no data
// leaves it (fail closed).

jest.setTimeout(180_000);

const PURPOSE = 'audit trail test';
const QUERY = `query ($purpose: String!) {
  microplasticSummary(purpose: $purpose, groupBy: { by: [MATRIX] }) {
    correlationId complete rows { group { matrix } samples }
    manifest { nodes { country status reason } }
  }
}`;

interface EntryRow {
  action: string;
  decision: string;
  actor_subject: string;
  actor_country: string | null;
  purpose: string | null;
  datasets: string[];
  reason: string | null;
  result_size: string | null;
  policy_version: string | null;
  request_hash: string | null;
}

const ENTRY_SQL = `SELECT action, decision, actor_subject, actor_country, purpose, datasets, reason, result_size, policy_version, request_hash
  FROM audit_entry WHERE correlation_id = $1 ORDER BY seq`;

async function load(node: NodeHandle): Promise<void> {
  await node.dataset(`${node.country.toLowerCase()}-ncei`, 'microplastics');
  await node.imports.run({
    datasetId: `${node.country.toLowerCase()}-ncei`, kind: 'microplastics', format: 'ncei',
    path: path.join(SHARED_DATA, 'ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv'),
  });
  // JP shares aggregates with the network; TH has no grant at all (deny by default).
  if (node.country === 'JP') await node.grant('jp-ncei', 'AGGREGATE');
}

describe('federated queries leave one audit entry per party, under one correlation id', () => {
  const f = new FederationHarness();
  let nc: NatsConnection;

  const nodeEntries = (cc: string, correlationId: string) => f.node(cc).ds.query(ENTRY_SQL, [correlationId]) as Promise<EntryRow[]>;
  const hubEntries = (correlationId: string) => f.hubQuery<EntryRow>(ENTRY_SQL, [correlationId]);
  const ask = async () => {
    const res = await f.graphql(QUERY, { purpose: PURPOSE });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.microplasticSummary as { correlationId: string; rows: unknown[]; manifest: { nodes: { country: string; status: string; reason: string | null }[] } };
  };

  beforeAll(async () => {
    await f.start({ countries: ['JP', 'TH'], timeoutMs: 3000, load });
    await f.catalogueSynced();
    for (const n of f.nodes.values()) await waitFor(`${n.country}'s responder`, async () => (n.started?.app.get(QueryResponder).listening ? true : undefined));
    nc = await connect({ servers: NATS_URL });
  });
  afterAll(async () => {
    await nc?.close();
    await f.stop();
  });

  it('records the query at the hub and on each node, naming the analyst, purpose, datasets, decision and size', async () => {
    const result = await ask();
    expect(result.manifest.nodes.map((n) => [n.country, n.status])).toEqual([['JP', 'OK'], ['TH', 'DENIED']]);

    const [hub] = await hubEntries(result.correlationId);
    expect(await hubEntries(result.correlationId)).toHaveLength(1);
    expect(hub).toMatchObject({
      action: 'query', decision: 'partial', actor_subject: 'analyst-1', actor_country: 'TH', purpose: PURPOSE,
      datasets: ['urn:littoral:dataset:JP:jp-ncei'], result_size: String(result.rows.length),
    });
    expect(hub.request_hash).toMatch(/^[0-9a-f]{64}$/);

    const jp = await nodeEntries('JP', result.correlationId);
    expect(jp).toEqual([expect.objectContaining({
      action: 'query', decision: 'allowed', actor_subject: 'analyst-1', actor_country: 'TH', purpose: PURPOSE,
      datasets: ['jp-ncei'], reason: null, result_size: String(result.rows.length),
    })]);
    // The policy version is the node's newest grant version at the time of the answer.
    const [{ seq }] = await f.node('JP').ds.query('SELECT max(seq)::text AS seq FROM grant_version');
    expect(jp[0].policy_version).toBe(seq);

    expect(await nodeEntries('TH', result.correlationId)).toEqual([expect.objectContaining({
      action: 'query', decision: 'denied', reason: 'POLICY_DENIED', datasets: [], result_size: '0', policy_version: '0',
    })]);
  });

  it('records an envelope the node refuses, with the refusal code and no requester it could not verify', async () => {
    const intruder = await generateKeyFile('TH', new Date());
    const correlationId = newCorrelationId();
    const jws = await signQueryEnvelope(
      { audience: 'JP', requester: { subject: 'mallory', country: 'TH', roles: ['analyst'] }, purpose: PURPOSE, query: { kind: 'microplasticSummary', filter: {}, groupBy: { by: ['MATRIX'] } }, correlationId },
      activeKey(intruder),
      new Date(),
    );
    const reply = await nc.request(querySubject(f.prefix, 'JP'), jws, { timeout: 5000 });
    expect(reply.headers?.get(QUERY_ERROR_HEADER)).toBe('KEY_UNKNOWN');
    // The forged envelope's correlation id is not trusted: the entry stands alone, found by its reason.
    const refused = (await f.node('JP').ds.query(`SELECT actor_subject, decision, reason, purpose FROM audit_entry WHERE action = 'query' AND reason = 'KEY_UNKNOWN'`)) as EntryRow[];
    expect(refused).toEqual([{ actor_subject: 'anonymous', decision: 'denied', reason: 'KEY_UNKNOWN', purpose: null }]);
  });

  it('fails closed: a node that cannot write its audit entry sends no data, and the hub reports it without its figures', async () => {
    const jp = f.node('JP');
    // As a database superuser, make every new audit entry on JP's node fail (the trigger blocks changing the table otherwise).
    await jp.ds.query(`ALTER TABLE audit_entry ADD CONSTRAINT audit_test_refuse_inserts CHECK (seq < 0) NOT VALID`);
    try {
      const result = await ask();
      const jpLine = result.manifest.nodes.find((n) => n.country === 'JP')!;
      expect(jpLine.status).not.toBe('OK');
      expect(result.rows).toEqual([]);
      expect(await nodeEntries('JP', result.correlationId)).toEqual([]);
      // The hub still records what it returned: nothing, and why.
      expect(await hubEntries(result.correlationId)).toEqual([expect.objectContaining({ decision: 'denied', result_size: '0' })]);
    } finally {
      await jp.ds.query(`ALTER TABLE audit_entry DROP CONSTRAINT audit_test_refuse_inserts`);
    }
  });
});
