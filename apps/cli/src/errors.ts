import { CommanderError } from 'commander';
import { isLittoralError } from '@littoral/contracts';
import { redactUrl } from '@littoral/config';
import { println, type Io } from './output.js';

/** Exit codes scripts rely on. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

// Postgres / socket error codes that mean "could not reach or log in to the database".
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNRESET', '3D000', '28P01', '28000']);

/**
 * Prints one short line (or the error's own multi-line list) for any error and
 * returns the exit code. Never prints a stack trace, and never the database
 * URL's password, whatever the error message contains.
 */
export function reportError(err: unknown, io: Io): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (or the help text).
    return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  const scrub = scrubber(io.env);
  if (isLittoralError(err)) {
    println(io.err, scrub(`error [${err.code}]: ${err.message}`));
    return EXIT_FAILED;
  }
  const e = (err ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = firstLine(typeof e.message === 'string' && e.message !== '' ? e.message : String(code ?? err));
  const where = io.env.DATABASE_URL ? ` at ${redactUrl(io.env.DATABASE_URL)}` : '';
  if (code && CONNECTION_CODES.has(code)) {
    println(io.err, scrub(`error: cannot connect to the database${where}: ${message || code}; check that Postgres is running and DATABASE_URL is right`));
  } else if (code === '42P01') {
    println(io.err, scrub(`error: the database${where} is not migrated (${message}); run \`littoral migrate\` first`));
  } else {
    println(io.err, scrub(`error: ${message}`));
  }
  return EXIT_FAILED;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Replaces the database URL and its password wherever they appear. */
function scrubber(env: Io['env']): (text: string) => string {
  const url = env.DATABASE_URL?.trim();
  if (!url) return (t) => t;
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // Not a URL: only the raw value is hidden.
  }
  return (text) => {
    let out = text.split(url).join(redactUrl(url));
    // A very short password would garble every message; such a password protects nothing anyway.
    if (password.length >= 4) out = out.split(password).join('***');
    return out;
  };
}
