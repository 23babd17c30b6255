import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

// Extra nats-server processes for tests that need a server configured their
// own way (permissions, accounts, authentication). The machine's shared NATS
// on 4222 stays untouched; each server here gets free ports and is stopped by
// stopAll().

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const started: ChildProcess[] = [];

/** Starts nats-server on `conf` and resolves once it says it is ready (and, for a leaf, connected). */
export async function startServer(conf: string, env: Record<string, string>, readyLine = /Server is ready/): Promise<ChildProcess> {
  const child = spawn('nats-server', ['-c', conf], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server ${path.basename(conf)} did not become ready:\n${log}`)), 20_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (readyLine.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server ${path.basename(conf)} exited with ${code}:\n${log}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}

export async function stopAll(): Promise<void> {
  await Promise.all(
    started.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
}

