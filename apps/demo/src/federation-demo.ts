import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEVELOPMENT_ISSUER } from '@littoral/auth';
import { migrateNodeDatabase } from '../../node/src/index.js';
import { migrateHubDatabase } from '../../hub/src/index.js';
import type { Cleanup } from './cleanup.js';
import { Progress, formatCount, type DemoOutput } from './console-output.js';
import { littoral, loadCountry } from './country-loader.js';
import { DemoError, type AbortFlag } from './demo-error.js';
import { createDemoKeys } from './demo-keys.js';
import { askHub, type DemoResult } from './demo-query.js';
import { startFederation } from './federation-apps.js';
import { chooseNats, type NatsServer } from './nats-server.js';
import { choosePostgres, DemoDatabases, type PostgresServer } from './postgres-server.js';
import { COUNTRIES, type DemoCountry } from './scenario.js';

/** What the demo needs from its surroundings. */
export interface DemoContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly output: DemoOutput;
  readonly abort: AbortFlag;
  /** Everything the start-up creates is registered here, to be undone on exit. */
  readonly cleanup: Cleanup;
  /** Processes the demo starts (nats-server), killed on any exit. */
  readonly children: Set<ChildProcess>;
}

/** A running federation, ready for analysts. */
export interface RunningDemo {
  readonly runId: string;
  readonly postgres: PostgresServer;
  readonly nats: NatsServer;
  readonly hubUrl: string;
  readonly nodes: readonly { country: DemoCountry; url: string }[];
  readonly databases: readonly string[];
  readonly streamPrefix: string;
  readonly token: string;
  readonly issuerKeyFile: string;
  readonly result: DemoResult;
  readonly readyMs: number;
}

const STEPS = 9;
const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

/** The repository's demo/data directory (from the sources or from dist/). */
export function demoDataDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'demo', 'data');
    if (existsSync(path.join(candidate, 'ATTRIBUTION.md'))) return candidate;
    if (path.dirname(dir) === dir) throw new DemoError('cannot find demo/data (run the demo from the repository: npm run demo)');
  }
}

/**
 * Starts Postgres/NATS as needed, creates the databases, keys and members,
 * loads every country, starts hub and nodes, and asks the demo query. Each
 * step registers with `ctx.cleanup` what it created, as soon as it exists.
 */
export async function startDemo(ctx: DemoContext): Promise<RunningDemo> {
  const { env, abort, cleanup } = ctx;
  const runId = randomBytes(4).toString('hex');
  const streamPrefix = `littoral-demo-${runId}`;
  const dataDir = demoDataDir();
  const progress = new Progress(ctx.output, STEPS);
  const note = (t: string) => progress.note(t);
  const scratch = mkdtempSync(path.join(tmpdir(), `littoral-demo-${runId}-`));
  cleanup.add(`removed the demo's temporary directory ${scratch}`, async () => rmSync(scratch, { recursive: true, force: true }));

  try {
    const postgres = await progress.run('Postgres', async () => {
      const server = await choosePostgres({ env, scratchDir: scratch, note });
      if (server.kind === 'embedded') cleanup.add('stopped the embedded Postgres (its databases and files went with it)', () => server.stop());
      return { value: server, outcome: `using ${server.description}` };
    });
    abort.check();

    const nats = await progress.run('NATS with JetStream', async () => {
      const server = await chooseNats({ env, scratchDir: scratch, note, children: ctx.children });
      if (server.kind === 'spawned') cleanup.add('stopped nats-server (its JetStream store went with it)', () => server.stop());
      return { value: server, outcome: `using ${server.description}; stream prefix ${streamPrefix}` };
    });
    abort.check();

    const databases = new DemoDatabases(postgres, runId);
    if (postgres.kind !== 'embedded') {
      cleanup.add('dropped the demo\'s databases', async () => {
        const dropped = await databases.dropAll();
        return dropped.length ? `dropped the databases ${dropped.join(', ')}` : 'no database to drop';
      });
    }
    const urls = await progress.run(`creating ${COUNTRIES.length + 1} databases and their schemas`, async () => {
      const hub = (await databases.create('hub')).url;
      const nodes = new Map<string, string>();
      for (const c of COUNTRIES) nodes.set(c.code, (await databases.create(c.code.toLowerCase())).url);
      await Promise.all([migrateHubDatabase(hub), ...[...nodes.values()].map((url) => migrateNodeDatabase(url))]);
      return { value: { hub, nodes }, outcome: `littoral_demo_${runId}_{hub,${COUNTRIES.map((c) => c.code.toLowerCase()).join(',')}}` };
    });
    abort.check();

    const keys = await progress.run('creating signing keys and a development token issuer', async () => ({
      value: await createDemoKeys(scratch),
      outcome: `${COUNTRIES.length} node keys, hub key, issuer ${DEVELOPMENT_ISSUER}`,
    }));
    abort.check();

    await progress.run(`registering ${COUNTRIES.map((c) => c.name).join(', ')} at the hub`, async () => {
      for (const c of COUNTRIES) {
        await littoral(['members', 'add', '--country', c.code, '--node-id', c.nodeId, '--name', c.name, '--jwks', keys.nodes.get(c.code)!.jwksFile], { DATABASE_URL: urls.hub });
      }
      return { value: undefined, outcome: plural(COUNTRIES.length, 'member') };
    });
    abort.check();

    for (const c of COUNTRIES) {
      await progress.run(`importing ${c.name}`, async () => {
        const loaded = await loadCountry(c, urls.nodes.get(c.code)!, dataDir);
        return { value: undefined, outcome: `${plural(loaded.datasets, 'dataset')}, ${plural(loaded.rows, 'row')}, ${plural(loaded.grants, 'grant')}` };
      });
      abort.check();
    }

    const federation = await progress.run(`starting the hub and ${COUNTRIES.length} nodes; waiting for their signed catalogues`, async () => {
      const running = await startFederation(
        { runId, streamPrefix, nats, hubDatabaseUrl: urls.hub, nodeDatabaseUrls: urls.nodes, keys, logLevel: env.LITTORAL_DEMO_LOG_LEVEL || 'silent' },
        cleanup,
        abort,
      );
      return { value: running, outcome: `${plural(COUNTRIES.reduce((n, c) => n + c.datasets.length, 0), 'dataset')} in the regional catalogue` };
    });
    abort.check();

    const result = await askHub(`${federation.hubUrl}/graphql`, keys.token);
    return {
      runId,
      postgres,
      nats,
      hubUrl: federation.hubUrl,
      nodes: federation.nodes,
      databases: databases.names(),
      streamPrefix,
      token: keys.token,
      issuerKeyFile: keys.issuerKeyFile,
      result,
      readyMs: progress.elapsedMs(),
    };
  } catch (e) {
    progress.interrupt();
    throw e;
  }
}
