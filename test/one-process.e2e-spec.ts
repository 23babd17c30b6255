import request from 'supertest';
import { startHub, type StartedHub } from '../apps/hub/src';
import { startNode, type StartedNode } from '../apps/node/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { createHubTestIssuer, createTestIssuer, type TestIssuer } from './support/auth';

// The one-command demo runs the hub and several nodes in one process. GraphQL
// type names are global there, so the two APIs must share, not duplicate,
// their common types (PageInfo, BoundingBox…): both schemas must build.

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

describe('a hub and a node in one process', () => {
  let nodeDb: TestDatabase;
  let hubDb: TestDatabase;
  let nodeIssuer: TestIssuer;
  let hubIssuer: TestIssuer;
  let node: StartedNode | undefined;
  let hub: StartedHub | undefined;

  beforeAll(async () => {
    [nodeDb, hubDb, nodeIssuer, hubIssuer] = await Promise.all([createTestDatabase('oneproc'), createHubTestDatabase('oneproc'), createTestIssuer(), createHubTestIssuer()]);
    node = await startNode({ ...nodeIssuer.env, DATABASE_URL: nodeDb.url, NATS_URL, LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent' });
    hub = await startHub({ ...hubIssuer.env, DATABASE_URL: hubDb.url, NATS_URL, PORT: '0', LOG_LEVEL: 'silent' });
  }, 60_000);

  afterAll(async () => {
    await hub?.app.close();
    await node?.app.close();
    await Promise.all([nodeDb?.drop(), hubDb?.drop(), nodeIssuer?.cleanup(), hubIssuer?.cleanup()]);
  }, 60_000);

  it('both start and answer GraphQL with their own shared types', async () => {
    const ask = async (url: string, bearer: string) =>
      (await request(url).post('/graphql').set('Authorization', bearer).send({ query: '{ __type(name: "PageInfo") { name fields { name } } }' })).body as {
        data?: { __type: { fields: { name: string }[] } | null };
      };
    const fromNode = await ask(node!.url, await nodeIssuer.bearer({ roles: ['analyst'] }));
    const fromHub = await ask(hub!.url, await hubIssuer.bearer({ roles: ['analyst'] }));
    for (const body of [fromNode, fromHub]) expect(body.data?.__type?.fields.map((f) => f.name).sort()).toEqual(['endCursor', 'hasNextPage']);
  });
});
