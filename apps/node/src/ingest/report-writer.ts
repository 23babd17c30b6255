import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { LittoralError, type RowError } from '@littoral/contracts';

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Streams CSV lines to a file with back-pressure (never holds the report in memory). */
export class CsvFileWriter {
  private readonly out: WriteStream;
  private failure: LittoralError | undefined;

  constructor(
    private readonly path: string,
    header: readonly string[],
  ) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    // A file that cannot be written (missing folder, no permission) fails the import with a clear error, not a crash.
    this.out.on('error', (e: NodeJS.ErrnoException) => {
      this.failure = new LittoralError('IMPORT_FILE_UNREADABLE', `cannot write ${this.path}: ${e.code ?? e.message}`);
    });
    this.out.write(header.map(csvCell).join(',') + '\n');
  }

  async write(cells: readonly (string | number | undefined)[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(cells.map(csvCell).join(',') + '\n')) await Promise.race([once(this.out, 'drain'), once(this.out, 'close')]);
    if (this.failure) throw this.failure;
  }

  private closed = false;

  /** Flushes and closes the file; idempotent. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(this.failure ?? e) : resolve())));
  }
}

export const REPORT_HEADER = ['line', 'file', 'column', 'value', 'reason', 'expected'] as const;

export function reportCells(e: RowError): (string | number | undefined)[] {
  return [e.line, e.file, e.column, e.value, e.reason, e.expected];
}
