import { formatCount, formatMegabytes, type Io } from './output.js';

/** What the progress line shows; the same fields as the import service's ImportProgress. */
export interface ProgressSnapshot {
  rowsRead: number;
  bytesRead: number;
  elapsedMs: number;
  phase?: 'reading' | 'storing' | 'done';
}

const MIN_INTERVAL_MS = 250;

/**
 * A single status line on stderr, rewritten in place at most every 250 ms.
 * Silent when stderr is not a terminal, so logs and pipes stay clean.
 */
export class ProgressLine {
  private lastDrawn = -Infinity;
  private drawn = false;
  private lastText = '';

  constructor(
    private readonly io: Io,
    private readonly clock: () => number = () => Date.now(),
  ) {}

  get enabled(): boolean {
    return this.io.err.isTTY === true;
  }

  update(p: ProgressSnapshot): void {
    if (!this.enabled) return;
    const now = this.clock();
    if (now - this.lastDrawn < MIN_INTERVAL_MS) return;
    this.lastDrawn = now;
    const seconds = p.elapsedMs / 1000;
    const rate = seconds > 0 ? p.rowsRead / seconds : 0;
    // Once every row is read, a falling rows/s would only mislead: say what is happening instead.
    const text = p.phase === 'storing'
      ? `${formatCount(p.rowsRead)} rows read (${formatMegabytes(p.bytesRead)}), storing… ${seconds.toFixed(0)} s`
      : `${formatCount(p.rowsRead)} rows, ${formatCount(rate)} rows/s, ${formatMegabytes(p.bytesRead)} read`;
    if (text === this.lastText) return;
    this.lastText = text;
    this.io.err.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }

  /** Erases the line so the summary starts on a clean one. */
  clear(): void {
    if (this.drawn) this.io.err.write('\r\x1b[2K');
    this.drawn = false;
    this.lastText = '';
  }
}
