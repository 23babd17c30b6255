import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { RowError } from '@littoral/contracts';

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Streams CSV lines to a file with back-pressure (never holds the report in memory). */
export class CsvFileWriter {
  private readonly out: WriteStream;

  constructor(path: string, header: readonly string[]) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.write(header.map(csvCell).join(',') + '\n');
  }

  async write(cells: readonly (string | number | undefined)[]): Promise<void> {
    if (!this.out.write(cells.map(csvCell).join(',') + '\n')) await once(this.out, 'drain');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}

export const REPORT_HEADER = ['line', 'file', 'column', 'value', 'reason', 'expected'] as const;

export function reportCells(e: RowError): (string | number | undefined)[] {
  return [e.line, e.file, e.column, e.value, e.reason, e.expected];
}
