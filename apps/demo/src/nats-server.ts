import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { redactNatsUrl } from '@littoral/config';
import { DemoError } from './demo-error.js';
import { freePort, pause, tcpReachable } from './net-probe.js';

/** The NATS server the demo's hub and nodes use. */
export interface NatsServer {
  /** `url`: NATS_URL; `local`: localhost:4222; `spawned`: a nats-server the demo started. */
  readonly kind: 'url' | 'local' | 'spawned';
  readonly url: string;
  readonly description: string;
  /** Stops the server if the demo started it. */
  stop(): Promise<void>;
}

export interface NatsChoice {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where a spawned server keeps its JetStream files. */
  readonly scratchDir: string;
  readonly note: (text: string) => void;
  /** Processes the demo started, killed on any exit. */
  readonly children: Set<ChildProcess>;
}

const INSTALL_HINT =
  '  Install nats-server 2.9+ and make sure it is on PATH, e.g. `apt-get install nats-server` (Debian/Ubuntu),\n' +
  '  `brew install nats-server` (macOS) or a release binary from the NATS project; or start one yourself\n' +
  '  (`nats-server -js`) or set NATS_URL to a NATS server with JetStream enabled (see docs/demo.md).';

/** Why the server at `url` cannot serve the demo, or null when it can (reachable, JetStream enabled). */
async function unusable(url: string): Promise<string | null> {
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url, timeout: 2000, reconnect: false });
  } catch (e) {
    return `cannot connect (${(e as Error).message})`;
  }
  try {
    await jetstreamManager(nc); // checks the JetStream API answers
    return null;
  } catch (e) {
    return `JetStream is not enabled there (${(e as Error).message}); start it with \`nats-server -js\``;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/**
 * NATS_URL when set; else the server on localhost:4222 when it answers with
 * JetStream; else a `nats-server -js` from PATH on a free port with its store
 * in the scratch directory. `LITTORAL_DEMO_NATS=spawn` skips the first two.
 */
export async function chooseNats({ env, scratchDir, note, children }: NatsChoice): Promise<NatsServer> {
  const forced = env.LITTORAL_DEMO_NATS?.trim().toLowerCase();
  if (forced && forced !== 'spawn' && forced !== 'auto') {
    throw new DemoError(`LITTORAL_DEMO_NATS="${forced}" is not understood; use "spawn" (or leave it unset)`);
  }
  if (forced !== 'spawn') {
    if (env.NATS_URL) {
      const why = await unusable(env.NATS_URL);
      if (why) throw new DemoError(`the NATS server of NATS_URL (${redactNatsUrl(env.NATS_URL)}) cannot be used: ${why}`);
      return { kind: 'url', url: env.NATS_URL, description: `the server of NATS_URL (${redactNatsUrl(env.NATS_URL)})`, stop: async () => undefined };
    }
    if (await tcpReachable('127.0.0.1', 4222)) {
      const url = 'nats://127.0.0.1:4222';
      const why = await unusable(url);
      if (!why) return { kind: 'local', url, description: `the local server (${url})`, stop: async () => undefined };
      note(`NATS on localhost:4222 cannot be used: ${why}; starting nats-server instead`);
    } else {
      note('no NATS on localhost:4222 and no NATS_URL; starting nats-server -js');
    }
  }
  const why = forced === 'spawn' ? 'LITTORAL_DEMO_NATS=spawn asks for a nats-server of its own' : 'NATS_URL is not set and no NATS with JetStream answers on localhost:4222';
  return spawnNatsServer(scratchDir, children, why);
}

async function spawnNatsServer(scratchDir: string, children: Set<ChildProcess>, why: string): Promise<NatsServer> {
  const port = await freePort();
  const store = path.join(scratchDir, 'jetstream');
  mkdirSync(store, { recursive: true });
  const url = `nats://127.0.0.1:${port}`;
  // A process group of its own: Ctrl-C in the terminal reaches the demo only, which stops
  // the apps first and this server last (the 'exit' hook of main.ts kills it in any case).
  const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', store], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (e) => resolve(e));
  });
  if (spawnError) {
    if (spawnError.code === 'ENOENT') {
      throw new DemoError(`no NATS to use: ${why}, and nats-server is not on PATH.\n${INSTALL_HINT}`);
    }
    throw new DemoError(`cannot start nats-server: ${spawnError.message}`);
  }
  children.add(child);
  exited.then(() => children.delete(child), () => undefined);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exited.then(() => true), pause(5000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new DemoError(`nats-server exited at start-up (code ${child.exitCode}): ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    if ((await tcpReachable('127.0.0.1', port, 300)) && (await unusable(url)) === null) break;
    if (Date.now() > deadline) {
      await stop();
      throw new DemoError(`nats-server did not start within 10 s: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    }
    await pause(100);
  }
  return { kind: 'spawned', url, description: `nats-server -js on ${url} (pid ${child.pid})`, stop };
}
