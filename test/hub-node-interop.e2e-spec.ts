import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { activeKey, generateKeyFile, writeKeyFile, type KeyFile } from '@littoral/crypto';
import { startHub, type StartedHub } from '../apps/hub/src';
import { runCli } from '../apps/cli/src/program';
import { createEmptyDatabase, type TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { createHubTestIssuer, type TestIssuer } from './support/auth';
import { REPO_ROOT } from './support/paths';
import { waitFor } from './support/wait';

// A real country node and the hub on the machine's NATS and Postgres: the
// hub's administrator trusts the node's published key set (`littoral members
// add --jwks <node>/.well-known/jwks.json`), and what the node signs and
// publishes shows up, verified, in the hub's regional catalogue.
//
// The node runs as its own process (the built `littoral node start`), as in
// production: Nest's code-first GraphQL keeps its type metadata per process,
// so a node and a hub in one process would merge their schemas.

const BIN = path.join(REPO_ROOT, 'bin', 'littoral.js');
const ENTRY = path.join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const built = fs.existsSync(ENTRY) ? fs.statSync(ENTRY).mtimeMs : 0;
  const sources = Math.max(newestSource(path.join(REPO_ROOT, 'apps')), newestSource(path.join(REPO_ROOT, 'libs')));
  if (built < sources) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Runs `littoral args…` to completion with only the given variables. */
function littoral(args: string[], env: Record<string, string>): string {
  return execFileSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });
}

const NATS_URL = 'nats://127.0.0.1:4222';

describe('hub and a real node', () => {
  const tag = randomBytes(4).toString('hex');
  const prefix = `ltint${tag}`;
  const stream = `LTINT${tag.toUpperCase()}_CATALOG`;
  let nodeDb: TestDatabase;
  let hubDb: TestDatabase;
  let node: ChildProcess | undefined;
  let nodeUrl: string;
  let hub: StartedHub | undefined;
  let dir: string;
  let keys: KeyFile;
  let nodeEnv: Record<string, string>;
  let issuer: TestIssuer;

  const hubEvents = async () => {
    const sql = new Client({ connectionString: hubDb.url });
    await sql.connect();
    try {
      return (await sql.query(`SELECT reason_code FROM security_event WHERE kind = 'MESSAGE_REJECTED' ORDER BY id`)).rows as { reason_code: string }[];
    } finally {
      await sql.end();
    }
  };

  const hubDataset = async (id: string) => {
    const res = await request(hub!.url).post('/graphql').set('Authorization', await issuer.bearer({ roles: ['analyst'] })).send({ query: `query ($id: ID!) { dataset(id: $id) { version title signedBy { country kid } } }`, variables: { id } });
    return res.body.data?.dataset as { version: number; title: string; signedBy: { country: string; kid: string } } | undefined;
  };

  beforeAll(async () => {
    ensureBuilt();
    [nodeDb, hubDb] = await Promise.all([createEmptyDatabase('interop_node'), createHubTestDatabase('interop_hub')]);
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-interop-'));
    keys = await generateKeyFile('TH', new Date());
    await writeKeyFile(path.join(dir, 'th-keys.json'), keys);
    const port = await freePort();
    nodeUrl = `http://127.0.0.1:${port}`;
    nodeEnv = {
      DATABASE_URL: nodeDb.url, NATS_URL, LITTORAL_COUNTRY: 'TH', PORT: String(port), LOG_LEVEL: 'silent',
      LITTORAL_KEY_FILE: path.join(dir, 'th-keys.json'), LITTORAL_NODE_ID: 'th-node', LITTORAL_PUBLIC_URL: 'https://node.th.example',
      LITTORAL_STREAM_PREFIX: prefix, LITTORAL_CATALOGUE_STREAM: stream, LITTORAL_CATALOGUE_POLL_MS: '200',
    };
    littoral(['migrate'], nodeEnv);
    littoral(['dataset', 'create', '--id', 'th-gulf', '--title', 'Gulf of Thailand surface trawls', '--theme', 'microplastics', '--license', 'CC-BY-4.0', '--area', '99,6,103,13.6'], nodeEnv);
    node = spawn(process.execPath, [BIN, 'node', 'start'], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...nodeEnv }, stdio: 'ignore' });
    await waitFor('the node to serve its key set', async () => {
      const res = await request(nodeUrl).get('/.well-known/jwks.json').catch(() => undefined);
      return res?.status === 200 ? true : undefined;
    });
    issuer = await createHubTestIssuer();
    hub = await startHub({
      ...issuer.env,
      DATABASE_URL: hubDb.url, NATS_URL, PORT: '0', LOG_LEVEL: 'silent',
      LITTORAL_STREAM_PREFIX: prefix, LITTORAL_CATALOGUE_STREAM: stream, HUB_CONSUMER_NAME: `hub-int-${tag}`,
    });
  }, 240_000); // a first run builds dist/ (tsc over the monorepo)

  afterAll(async () => {
    if (node && node.exitCode === null) {
      const exited = new Promise((resolve) => node!.once('exit', resolve));
      node.kill('SIGTERM');
      await exited;
    }
    await hub?.app.close();
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
    await nc.close();
    await Promise.all([nodeDb?.drop(), hubDb?.drop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await issuer?.cleanup();
  });

  it('lists what the node publishes once the administrator trusts its key set, then follows its updates', async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let printed = '';
    let errors = '';
    out.on('data', (c: Buffer) => (printed += c.toString()));
    err.on('data', (c: Buffer) => (errors += c.toString()));
    const code = await runCli(
      ['node', 'littoral', 'members', 'add', '--country', 'TH', '--node-id', 'th-node', '--name', 'Thailand', '--jwks', `${nodeUrl}/.well-known/jwks.json`],
      { out, err, env: { DATABASE_URL: hubDb.url } },
    );
    expect({ code, errors }).toEqual({ code: 0, errors: '' });
    expect(printed).toContain(activeKey(keys).kid);

    // What the node published before TH was a member was refused (MEMBER_UNKNOWN); it publishes again on change.
    const sql = new Client({ connectionString: nodeDb.url });
    await sql.connect();
    await sql.query(`UPDATE dataset SET title = 'Gulf of Thailand surface trawls, 2024', modified_at = now() WHERE id = 'th-gulf'`).finally(() => sql.end());
    const listed = await waitFor('the entry at the hub', async () => {
      const d = await hubDataset('urn:littoral:dataset:TH:th-gulf');
      return d?.title === 'Gulf of Thailand surface trawls, 2024' ? d : undefined;
    });
    expect(listed.signedBy).toEqual({ country: 'TH', kid: activeKey(keys).kid });
    const refusedBefore = await hubEvents();
    expect(refusedBefore.every((e) => e.reason_code === 'MEMBER_UNKNOWN')).toBe(true);

    // Withdrawn on the node: the signed tombstone withdraws it at the hub.
    littoral(['dataset', 'withdraw', 'th-gulf'], nodeEnv);
    await waitFor('the withdrawal at the hub', async () => {
      const res = await request(hub!.url).post('/graphql').set('Authorization', await issuer.bearer({ roles: ['analyst'] })).send({ query: '{ datasets { totalCount } }' });
      return res.body.data?.datasets.totalCount === 0 ? true : undefined;
    });
    expect(await hubEvents()).toEqual(refusedBefore);
  });
});
