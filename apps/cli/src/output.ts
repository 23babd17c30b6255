import type { Writable } from 'node:stream';

/** Where a command writes: results to `out`, progress and errors to `err`. Injected so tests and the runner agree. */
export interface Io {
  out: Writable;
  err: Writable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

export const processIo = (): Io => ({ out: process.stdout, err: process.stderr, env: process.env });

export function println(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}

/** 12345 → "12,345": counts are read by people, so group digits. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

/** "a, b" → ["a", "b"]: comma-separated option values, blanks dropped. */
export function splitList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function printJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
