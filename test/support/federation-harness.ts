import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { generateKeyFile, publicJwks, readKeyFile, writeKeyFile, type KeyFile } from '@littoral/crypto';
import { DatasetsService, GrantsService, ImportService, nodeDataSourceOptions, startNode, type StartedNode } from '../../apps/node/src';
import { startHub, type StartedHub } from '../../apps/hub/src';
import { runCli } from '../../apps/cli/src/program';
import { createTestIssuer, HUB_AUDIENCE, type TestIssuer, type TokenOptions } from './auth';
import { createTestDatabase, type TestDatabase } from './db';
import { createHubTestDatabase } from './hub-db';

// A federation on the machine's real NATS and Postgres, in one process: the
// hub and several country nodes (each its own database, key file and NATS
// connection), one test token issuer trusted by all, a subject prefix and
// catalogue stream of their own. Nodes trust the hub's envelope key through
// LITTORAL_HUB_JWKS; the hub trusts each node's key through `littoral members add`.

export const NATS_URL = 'nats://127.0.0.1:4222';

/** Waits for `check` to return a value, polling every 50 ms, failing after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One country node: its database and services (usable while it runs or not), its keys and its running app. */
export class NodeHandle {
  ds!: DataSource;
  datasets!: DatasetsService;
  imports!: ImportService;
  grants!: GrantsService;
  keys!: KeyFile;
  started: StartedNode | undefined;

  constructor(readonly country: string, readonly db: TestDatabase, readonly env: Record<string, string>) {}

  async open(keyFile: string): Promise<void> {
    this.ds = new DataSource(nodeDataSourceOptions(this.db.url));
    await this.ds.initialize();
    this.datasets = new DatasetsService(this.ds);
    this.imports = new ImportService(this.ds);
    this.grants = new GrantsService(this.ds, { country: this.country });
    this.keys = await generateKeyFile(this.country, new Date());
    await writeKeyFile(keyFile, this.keys);
  }

  /** Creates a dataset of this node (title = id, CC-BY-4.0 unless told). */
  dataset(id: string, theme: 'microplastics' | 'beach-litter' | 'biodiversity', extra: Record<string, unknown> = {}) {
    return this.datasets.create({ id, title: id, license: 'CC-BY-4.0', theme, ...extra } as never);
  }

  /** Grants through the node's own GrantsService (as an administrator would). */
  grant(datasetId: string, level: 'METADATA' | 'AGGREGATE' | 'RECORDS', audience: unknown = { kind: 'NETWORK' }, constraints: Record<string, unknown> = {}) {
    return this.grants.create({ datasetId, audience, level, constraints }, 'federation test', { subject: 'test-admin', country: this.country, organisation: null, roles: ['admin'] });
  }

  async start(): Promise<void> {
    this.started = await startNode(this.env);
  }

  /** Stops the node app (its responder leaves NATS); the database stays. */
  async stop(): Promise<void> {
    await this.started?.app.close();
    this.started = undefined;
  }
}

export interface FederationOptions {
  countries: string[];
  /** Per-node deadline at the hub (HUB_QUERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Fills each node's database before it starts (so its first catalogue sweep publishes everything). */
  load: (node: NodeHandle) => Promise<void>;
}

export class FederationHarness {
  readonly tag = randomBytes(4).toString('hex');
  readonly prefix = `ltfed${this.tag}`;
  readonly stream = `LTFED${this.tag.toUpperCase()}_CATALOG`;
  issuer!: TestIssuer;
  hub!: StartedHub;
  hubDb!: TestDatabase;
  hubKeys!: KeyFile;
  hubKeyFile!: string;
  nodes = new Map<string, NodeHandle>();
  dir!: string;

  node(country: string): NodeHandle {
    const n = this.nodes.get(country);
    if (!n) throw new Error(`no node ${country}`);
    return n;
  }

  async start(options: FederationOptions): Promise<this> {
    this.dir = mkdtempSync(path.join(tmpdir(), 'littoral-federation-'));
    // One issuer for analysts everywhere; tokens name the hub's audience.
    this.issuer = await createTestIssuer({ audience: HUB_AUDIENCE });
    // The hub's own key file (country "hub"), made as an operator would.
    this.hubKeyFile = path.join(this.dir, 'hub-keys.json');
    await this.run(['keys', 'generate', '--hub'], { LITTORAL_HUB_KEY_FILE: this.hubKeyFile });
    this.hubKeys = await readKeyFile(this.hubKeyFile);
    const hubJwks = path.join(this.dir, 'hub-jwks.json');
    writeFileSync(hubJwks, JSON.stringify(publicJwks(this.hubKeys)));

    this.hubDb = await createHubTestDatabase(`fed_hub`);
    for (const cc of options.countries) {
      const db = await createTestDatabase(`fed_${cc.toLowerCase()}`);
      const env: Record<string, string> = {
        DATABASE_URL: db.url, NATS_URL, LITTORAL_COUNTRY: cc, PORT: '0', LOG_LEVEL: 'silent',
        LITTORAL_KEY_FILE: path.join(this.dir, `${cc}-keys.json`), LITTORAL_NODE_ID: `${cc.toLowerCase()}-node`,
        LITTORAL_STREAM_PREFIX: this.prefix, LITTORAL_CATALOGUE_STREAM: this.stream, LITTORAL_CATALOGUE_POLL_MS: '200',
        LITTORAL_HUB_JWKS: hubJwks,
        LITTORAL_AUTH_ISSUER: this.issuer.issuer, LITTORAL_AUTH_JWKS: this.issuer.jwksFile, LITTORAL_AUTH_AUDIENCE: `littoral-node-${cc.toLowerCase()}`,
      };
      const node = new NodeHandle(cc, db, env);
      await node.open(env.LITTORAL_KEY_FILE);
      this.nodes.set(cc, node);
      const jwksFile = path.join(this.dir, `${cc}-jwks.json`);
      writeFileSync(jwksFile, JSON.stringify(publicJwks(node.keys)));
      await this.cli(['members', 'add', '--country', cc, '--node-id', `${cc.toLowerCase()}-node`, '--name', cc, '--jwks', jwksFile]);
      await options.load(node);
    }
    this.hub = await startHub({
      ...this.issuer.env,
      DATABASE_URL: this.hubDb.url, NATS_URL, PORT: '0', LOG_LEVEL: process.env.FEDERATION_TEST_LOG_LEVEL ?? 'silent',
      LITTORAL_STREAM_PREFIX: this.prefix, LITTORAL_CATALOGUE_STREAM: this.stream, HUB_CONSUMER_NAME: `hub-fed-${this.tag}`,
      LITTORAL_HUB_KEY_FILE: this.hubKeyFile, HUB_QUERY_TIMEOUT_MS: String(options.timeoutMs ?? 5000),
    });
    for (const node of this.nodes.values()) await node.start();
    return this;
  }

  /** Waits until the hub's regional catalogue lists every dataset of every node. */
  async catalogueSynced(): Promise<void> {
    const expected = new Map<string, number>();
    for (const n of this.nodes.values()) expected.set(n.country, (await n.ds.query(`SELECT count(*)::int AS n FROM dataset`))[0].n);
    await waitFor('the regional catalogue', async () => {
      const rows: { country: string; n: number }[] = await this.hubQuery(`SELECT country, count(*)::int AS n FROM catalogue_entry WHERE entry IS NOT NULL AND NOT withdrawn GROUP BY 1`);
      return [...expected].every(([cc, n]) => rows.find((r) => r.country === cc)?.n === n) ? true : undefined;
    }, 60_000);
  }

  async hubQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: this.hubDb.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  /** Runs `littoral` against the hub's database. */
  cli(args: string[]): Promise<void> {
    return this.run(args, { DATABASE_URL: this.hubDb.url });
  }

  /** Runs `littoral` in process with the given environment; throws with its error output on failure. */
  async run(args: string[], env: Record<string, string>): Promise<void> {
    const out = new PassThrough();
    const err = new PassThrough();
    let errors = '';
    err.on('data', (c: Buffer) => (errors += c.toString()));
    out.resume();
    const code = await runCli(['node', 'littoral', ...args], { out, err, env });
    if (code !== 0) throw new Error(`littoral ${args.join(' ')} failed (${code}): ${errors}`);
  }

  /** An analyst's bearer token (TH analyst unless told otherwise). */
  analystToken(o: TokenOptions = {}): Promise<string> {
    return this.issuer.token({ sub: 'analyst-1', roles: ['analyst'], country: 'TH', org: 'th-dmcr', ...o });
  }

  /** POST /graphql at the hub. */
  async graphql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] }> {
    const res = await request(this.hub.url).post('/graphql').set('Authorization', `Bearer ${token ?? (await this.analystToken())}`).send({ query, variables });
    return res.body;
  }

  async stop(): Promise<void> {
    for (const n of this.nodes.values()) await n.stop().catch(() => undefined);
    await this.hub?.app.close();
    const nc = await connect({ servers: NATS_URL });
    await (await jetstreamManager(nc)).streams.delete(this.stream).catch(() => undefined);
    await nc.close();
    for (const n of this.nodes.values()) {
      await n.ds?.destroy();
      await n.db.drop();
    }
    await this.hubDb?.drop();
    await this.issuer?.cleanup();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
