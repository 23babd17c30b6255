import path from 'node:path';
import request from 'supertest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { startHub, type StartedHub } from '../apps/hub/src';
import { FederationHarness, NATS_URL, waitFor, type NodeHandle } from './support/federation-harness';
import { SHARED_DATA } from './support/paths';

// The hub scales out by running more processes on one hub database and one
// NATS (docs/deployment.md): every replica uses the same HUB_CONSUMER_NAME, so
// they pull from one durable consumer and each catalogue message is handled by
// exactly one of them; every replica answers analysts from the shared database
// and fans queries out itself.

jest.setTimeout(180_000);

const EXTRA = 6;

async function load(node: NodeHandle): Promise<void> {
  await node.dataset('jp-ncei', 'microplastics');
  await node.imports.run({ datasetId: 'jp-ncei', kind: 'microplastics', format: 'ncei', path: path.join(SHARED_DATA, 'ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
  await node.grant('jp-ncei', 'AGGREGATE', { kind: 'NETWORK' });
}

interface Health {
  catalogueConsumer: { state: string; consumer: string; handled: number; rejected: number; retried: number };
}

describe('two hub processes on one database and one NATS', () => {
  const f = new FederationHarness();
  let second: StartedHub;
  const hubs = () => [f.hub, second];
  const health = async (h: StartedHub) => (await request(h.url).get('/health')).body as Health;

  beforeAll(async () => {
    await f.start({ countries: ['JP'], load });
    // The second replica: the first one's configuration exactly (same database, NATS, consumer name).
    second = await startHub({ ...process.env, ...pickHubEnv(f.hub.config as unknown as Record<string, unknown>), ...f.issuer.env, PORT: '0', LOG_LEVEL: 'silent', NATS_URL, DATABASE_URL: f.hubDb.url, LITTORAL_HUB_KEY_FILE: f.hubKeyFile });
    expect(second.config.HUB_CONSUMER_NAME).toBe(f.hub.config.HUB_CONSUMER_NAME);
    await waitFor('both consumers to run', async () => ((await Promise.all(hubs().map(health))).every((h) => h.catalogueConsumer.state === 'running') ? true : undefined));
  });
  afterAll(async () => {
    await second?.app.close();
    await f.stop();
  });

  it('share the catalogue consumer: each message is handled once, and both list every dataset', async () => {
    // New datasets while both replicas consume: the node signs and publishes one entry each.
    for (let i = 1; i <= EXTRA; i++) {
      await f.node('JP').dataset(`jp-extra-${i}`, 'microplastics');
      await f.node('JP').grant(`jp-extra-${i}`, 'AGGREGATE', { kind: 'NETWORK' });
    }
    await f.catalogueSynced();

    // Settled: nothing pending, and every message in the stream handled exactly once, by one replica
    // or the other (the grants above make new versions, so wait for the stream to stop growing).
    const nc = await connect({ servers: NATS_URL });
    const jsm = await jetstreamManager(nc);
    const settled = await waitFor('both replicas to handle every message', async () => {
      const stream = await jsm.streams.info(f.stream);
      const consumers = await jsm.consumers.list(f.stream).next();
      const [a, b] = await Promise.all(hubs().map(health));
      const handled = a.catalogueConsumer.handled + b.catalogueConsumer.handled;
      return consumers[0]?.num_pending === 0 && consumers[0]?.num_ack_pending === 0 && handled >= stream.state.messages ? { stream, consumers, a, b } : undefined;
    });
    await nc.close();
    const { stream, consumers, a, b } = settled;
    // One durable consumer for both replicas, nothing redelivered, no message handled twice.
    expect(consumers.map((c) => c.name)).toEqual([f.hub.config.HUB_CONSUMER_NAME]);
    expect(consumers[0].num_redelivered).toBe(0);
    expect(a.catalogueConsumer.handled + b.catalogueConsumer.handled).toBe(stream.state.messages);
    expect(a.catalogueConsumer.rejected + b.catalogueConsumer.rejected).toBe(0);
    expect(a.catalogueConsumer.retried + b.catalogueConsumer.retried).toBe(0);
    const refusals = await f.hubQuery<{ n: number }>(`SELECT count(*)::int AS n FROM security_event WHERE kind = 'MESSAGE_REJECTED'`);
    expect(refusals[0].n).toBe(0);
    process.stdout.write(`hub-scale-out: ${stream.state.messages} messages; replica 1 handled ${a.catalogueConsumer.handled}, replica 2 handled ${b.catalogueConsumer.handled}\n`);

    const query = `{ datasets(filter: { countries: ["JP"] }, first: 50) { totalCount edges { node { id version } } } }`;
    const [listA, listB] = await Promise.all(hubs().map(async (h) => (await request(h.url).post('/graphql').set('Authorization', `Bearer ${await f.analystToken()}`).send({ query })).body));
    expect(listA.errors).toBeUndefined();
    expect(listA.data.datasets.totalCount).toBe(EXTRA + 1);
    expect(listB.data).toEqual(listA.data);
  });

  it('both answer a federated summary, with the same figures as the node database', async () => {
    const query = `query ($purpose: String!) { microplasticSummary(purpose: $purpose, groupBy: { by: [COUNTRY] }) {
      complete rows { group { country } samples suppressed } manifest { complete nodes { country status } } } }`;
    const results = await Promise.all(
      hubs().map(async (h) => (await request(h.url).post('/graphql').set('Authorization', `Bearer ${await f.analystToken()}`).send({ query, variables: { purpose: 'scale-out test' } })).body),
    );
    const [{ n }] = await f.node('JP').ds.query(`SELECT count(*)::int AS n FROM mp_sample s JOIN dataset d ON d.id = s.dataset_id WHERE d.id = 'jp-ncei'`);
    for (const r of results) {
      expect(r.errors).toBeUndefined();
      expect(r.data.microplasticSummary.manifest.nodes).toEqual([{ country: 'JP', status: 'OK' }]);
      expect(r.data.microplasticSummary.rows).toEqual([{ group: { country: 'JP' }, samples: n, suppressed: false }]);
    }
    expect(results[1].data).toEqual(results[0].data);
  });
});

/** The first hub's settings that a second replica must share, as environment variables. */
function pickHubEnv(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['LITTORAL_STREAM_PREFIX', 'LITTORAL_CATALOGUE_STREAM', 'HUB_CONSUMER_NAME', 'HUB_QUERY_TIMEOUT_MS']) {
    if (config[k] !== undefined && config[k] !== null) out[k] = String(config[k]);
  }
  return out;
}
