import type { Writable } from 'node:stream';

/** Where the demo writes: everything for people goes to `out`. */
export interface DemoOutput {
  readonly out: Writable;
}

/**
 * Numbered start-up steps: `[3/9] importing Thailand … done (0.8 s)`. A step
 * prints its title when it starts and its outcome when it ends, so a slow step
 * is visible while it runs.
 */
export class Progress {
  private step = 0;
  private open = false;
  private readonly started = Date.now();

  constructor(private readonly output: DemoOutput, private readonly total: number) {}

  /** Runs one step; `fn` returns the short outcome printed after it (e.g. "440 rows"). */
  async run<T>(title: string, fn: () => Promise<{ value: T; outcome?: string }>): Promise<T> {
    this.step += 1;
    const began = Date.now();
    this.write(`[${this.step}/${this.total}] ${title} … `);
    this.open = true;
    const { value, outcome } = await fn();
    this.close(`${outcome ? `${outcome} ` : ''}(${seconds(Date.now() - began)})`);
    return value;
  }

  /** A note inside the current step (a fallback taken, say), on a line of its own. */
  note(text: string): void {
    if (this.open) this.close('');
    this.write(`      ${text}\n`);
  }

  /** Ends an unfinished step line (before an error message). */
  interrupt(): void {
    if (this.open) this.close('interrupted');
  }

  /** Milliseconds since the demo started. */
  elapsedMs(): number {
    return Date.now() - this.started;
  }

  private close(text: string): void {
    this.open = false;
    this.write(`${text}\n`);
  }

  private write(text: string): void {
    this.output.out.write(text);
  }
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Column alignment of {@link formatTable}. */
export type Align = 'left' | 'right';

/**
 * An aligned text table: a header row, a rule, then the rows. Columns are
 * separated by two spaces; numbers read best right-aligned.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => ((align[i] ?? 'left') === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/** 12345 → "12,345". */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A concentration with 3 significant digits, never in exponent notation for the demo's ranges. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 100) return Math.round(v).toLocaleString('en-US');
  if (abs >= 10) return v.toFixed(1);
  if (abs >= 1) return v.toFixed(2);
  return v.toFixed(3);
}
