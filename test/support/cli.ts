import { PassThrough } from 'node:stream';
import { runCli } from '../../apps/cli/src/program';

/** What a `littoral` run printed, and its exit code. */
export interface CliRun {
  code: number | 'running';
  stdout: string;
  stderr: string;
}

/**
 * Runs the `littoral` command in this process (no build needed) with the given
 * environment only, capturing both outputs as bytes so multi-byte text is never split.
 */
export async function runLittoral(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  const code = await runCli(['node', 'littoral', ...args], { out, err, env });
  return { code, stdout: Buffer.concat(chunks.out).toString(), stderr: Buffer.concat(chunks.err).toString() };
}
