import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startNode, type StartedNode } from '../apps/node/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { freePort, startServer, stopAll } from './support/nats-server';
import { waitFor } from './support/wait';

// A node logs in to a NATS server that requires a user and password
// (NATS_USER + NATS_PASSWORD_FILE), as a production deployment's per-country
// accounts do; misconfigured logins are refused at start-up naming the
// variable, never the secret.

const PASSWORD = 'th-s3cret-Pa55';

describe('logging in to NATS', () => {
  let dir: string;
  let db: TestDatabase;
  let natsUrl: string;
  let node: StartedNode | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-nats-login-'));
    const port = await freePort();
    const conf = path.join(dir, 'nats.conf');
    writeFileSync(conf, `listen: 127.0.0.1:${port}\nauthorization {\n  users = [ { user: "th-node", password: "${PASSWORD}" } ]\n}\n`);
    await startServer(conf, {});
    natsUrl = `nats://127.0.0.1:${port}`;
    writeFileSync(path.join(dir, 'password'), `${PASSWORD}\n`, { mode: 0o600 });
    writeFileSync(path.join(dir, 'wrong'), 'not-the-password\n', { mode: 0o600 });
    db = await createTestDatabase('nats_login');
  });

  afterEach(async () => {
    await node?.app.close();
    node = undefined;
  });

  afterAll(async () => {
    await stopAll();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string>) => ({ DATABASE_URL: db.url, NATS_URL: natsUrl, LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent', ...extra });
  const natsStatus = async (n: StartedNode) => ((await request(n.url).get('/health')).body as { checks: { nats: { status: string } } }).checks.nats.status;

  it('connects with NATS_USER and NATS_PASSWORD_FILE (a trailing newline in the file is not part of the password)', async () => {
    node = await startNode(env({ NATS_USER: 'th-node', NATS_PASSWORD_FILE: path.join(dir, 'password') }));
    await waitFor('NATS up', async () => ((await natsStatus(node!)) === 'up' ? true : undefined), 15_000);
  });

  it('stays down with a wrong password, and serves meanwhile', async () => {
    node = await startNode(env({ NATS_USER: 'th-node', NATS_PASSWORD_FILE: path.join(dir, 'wrong') }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await natsStatus(node)).toBe('down');
  });

  it('stays down without a login where the server requires one', async () => {
    node = await startNode(env({}));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await natsStatus(node)).toBe('down');
  });

  it.each([
    [{ NATS_USER: 'th-node' }, /NATS_USER and NATS_PASSWORD_FILE go together: NATS_PASSWORD_FILE is not set/],
    [{ NATS_PASSWORD_FILE: 'password' }, /NATS_USER and NATS_PASSWORD_FILE go together: NATS_USER is not set/],
    [{ NATS_USER: 'th-node', NATS_PASSWORD_FILE: 'missing' }, /NATS_PASSWORD_FILE file ".*missing" cannot be read \(ENOENT\)/],
    [{ NATS_CREDS_FILE: 'password' }, /NATS_CREDS_FILE file ".*password" is not a NATS credentials file/],
    [{ NATS_CREDS_FILE: 'password', NATS_USER: 'th-node' }, /Set either NATS_CREDS_FILE or NATS_USER with NATS_PASSWORD_FILE, not both/],
  ])('refuses to start with %j, naming the problem but never the secret', async (vars, message) => {
    const withPaths = Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, k.endsWith('_FILE') ? path.join(dir, v) : v]));
    const error = await startNode(env(withPaths)).then(
      () => new Error('started'),
      (e: Error) => e,
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(PASSWORD);
  });
});
