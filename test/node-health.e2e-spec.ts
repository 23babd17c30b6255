import request from 'supertest';
import { createTestDatabase, type TestDatabase } from './support/db';
import { startNode, type StartedNode } from '../apps/node/src';

describe('country node start-up', () => {
  let db: TestDatabase;
  let node: StartedNode | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('health');
  });
  afterAll(async () => {
    await node?.app.close();
    await db.drop();
  });

  it('refuses to start with one error that lists every bad variable', async () => {
    await expect(startNode({ DATABASE_URL: 'mysql://x/y', NATS_URL: 'http://nope', LITTORAL_COUNTRY: 'FR', PORT: '99999' })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/4 problems/),
    });
    await expect(startNode({ NATS_URL: 'nats://127.0.0.1:4222', LITTORAL_COUNTRY: 'TH' })).rejects.toThrow(/DATABASE_URL is required/);
  });

  it('reports database and NATS status on GET /health', async () => {
    node = await startNode({ DATABASE_URL: db.url, NATS_URL: 'nats://127.0.0.1:4222', LITTORAL_COUNTRY: 'th', PORT: '0', LOG_LEVEL: 'silent' });
    // NATS connects in the background; wait for it with a deadline.
    const deadline = Date.now() + 10_000;
    let body: { status: string; country: string; checks: { database: { status: string }; nats: { status: string } } };
    do {
      body = (await request(node.url).get('/health').expect(200)).body;
      if (body.checks.nats.status === 'up') break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    expect(body).toMatchObject({ status: 'ok', country: 'TH', checks: { database: { status: 'up' }, nats: { status: 'up' } } });
  });

  it('keeps serving, degraded, when NATS is unreachable', async () => {
    const other = await startNode({ DATABASE_URL: db.url, NATS_URL: 'nats://127.0.0.1:1', LITTORAL_COUNTRY: 'JP', PORT: '0', LOG_LEVEL: 'silent' });
    try {
      const res = await request(other.url).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'degraded', checks: { database: { status: 'up' }, nats: { status: 'down' } } });
    } finally {
      await other.app.close();
    }
  });
});
