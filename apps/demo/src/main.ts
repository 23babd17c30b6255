// Entry point of `npm run demo` (scripts/demo.js requires the built file):
// a hub and three country nodes on this machine, loaded with the demo data,
// one cross-border query printed, running until Ctrl-C. See docs/demo.md.
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import { Cleanup } from './cleanup.js';
import { seconds } from './console-output.js';
import { AbortFlag, DemoAborted, DemoError } from './demo-error.js';
import { startDemo } from './federation-demo.js';
import { readyReport } from './ready-report.js';

/** Most time the clean-up may take before the demo gives up and exits 1. */
const CLEANUP_DEADLINE_MS = 30_000;
/** Ctrl-C, `kill`, and a closed terminal all stop the demo cleanly. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/** A second signal within this time is the same request (npm forwards the terminal's). */
const DUPLICATE_SIGNAL_MS = 2000;

const out = process.stdout;
const say = (line = '') => out.write(`${line}\n`);

async function main(): Promise<number> {
  const abort = new AbortFlag();
  const cleanup = new Cleanup();
  const children = new Set<ChildProcess>();
  // Last resort, whatever ends the process: never leave a nats-server behind.
  process.on('exit', () => {
    for (const child of children) child.kill('SIGKILL');
  });

  // A closed terminal or pipe must not stop the clean-up half-way.
  out.on('error', () => undefined);

  let requestStop: (signal: string) => void = () => undefined;
  const stopRequested = new Promise<string>((resolve) => (requestStop = resolve));
  let firstSignalAt = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal) {
      // `npm run` forwards the terminal's Ctrl-C, so one keypress can arrive twice.
      if (Date.now() - firstSignalAt > DUPLICATE_SIGNAL_MS) say(`(${signal} again: still cleaning up, please wait)`);
      return;
    }
    firstSignalAt = Date.now();
    abort.signal = signal;
    requestStop(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let crashed: unknown = null;
  process.on('uncaughtException', (e) => {
    crashed = e;
    say(`error: ${(e as Error)?.stack ?? String(e)}`);
    if (!abort.signal) {
      abort.signal = 'error';
      requestStop('error');
    }
  });
  process.on('unhandledRejection', (e) => say(`warning: ${(e as Error)?.message ?? String(e)}`));

  say('Littoral demo: a regional hub and three country nodes (Japan, Thailand, Philippines) on this machine');
  say();
  let exitCode = 0;
  try {
    const demo = await startDemo({ env: process.env, output: { out }, abort, cleanup, children });
    for (const line of readyReport(demo)) say(line);
    const signal = await stopRequested;
    say();
    say(`${signal === 'error' ? 'Stopping after an error' : `Received ${signal}`}: shutting the demo down …`);
    if (crashed) exitCode = 1;
  } catch (e) {
    say();
    if (e instanceof DemoAborted) {
      say(`Received ${e.signal} during the start-up: removing what was created so far …`);
    } else {
      exitCode = 1;
      say(`error: ${e instanceof DemoError ? e.message : ((e as Error)?.stack ?? String(e))}`);
      say('Removing what was created so far …');
    }
  }
  const began = Date.now();
  const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), CLEANUP_DEADLINE_MS).unref());
  const ok = await Promise.race([cleanup.runAll((line) => say(line)), deadline]);
  if (!ok) {
    say(`The clean-up did not finish cleanly (${seconds(Date.now() - began)}); see the lines marked ✗ above.`);
    return 1;
  }
  say(exitCode === 0 ? `Stopped cleanly in ${seconds(Date.now() - began)}.` : `Cleaned up in ${seconds(Date.now() - began)}.`);
  return exitCode;
}

void main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    say(`error: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(1);
  },
);
