import path from 'node:path';
import type { ImportSummary, RowError } from '@littoral/contracts';
import { formatCount, formatSeconds, formatTable } from './output.js';

/** At most this many row errors are printed; the rest go to the --report file. */
export const MAX_ERRORS_SHOWN = 20;

/** `line 12, column polymer: value "PX": unknown polymer (expected one of PE, PP, …)` */
export function formatRowError(e: RowError): string {
  const where = `${e.file ? `${e.file} ` : ''}line ${e.line}, column ${e.column}`;
  return `${where}: value "${e.value}": ${e.reason}${e.expected ? ` (expected ${e.expected})` : ''}`;
}

export interface ReportPaths {
  reportPath?: string;
  rejectedPath?: string;
  skipInvalid: boolean;
}

/** The summary printed after an import: counts, time, status, first errors and where the rest went. */
export function formatImportSummary(s: ImportSummary, paths: ReportPaths): string[] {
  const ms = Math.max(0, s.finishedAt.getTime() - s.startedAt.getTime());
  const rate = ms > 0 ? (s.rowsRead * 1000) / ms : 0;
  const lines = [`Import of ${path.basename(s.fileName)} into dataset ${s.datasetId} (${s.kind}, format ${s.format})`];
  const table = formatTable([
    ['rows read', formatCount(s.rowsRead)],
    ['stored', formatCount(s.rowsStored)],
    ['duplicates', formatCount(s.rowsDuplicate)],
    ['rejected', formatCount(s.rowsRejected)],
    ['time', formatSeconds(ms)],
    ['rows/s', formatCount(rate)],
    ['status', s.status],
  ]);
  lines.push(...table.map((l) => `  ${l}`));
  if (s.message) lines.push(s.message);
  lines.push(...formatErrors(s, paths));
  // The service's message may already say where the rows went.
  if (paths.skipInvalid && s.rowsRejected > 0 && paths.rejectedPath && !s.message?.includes(paths.rejectedPath)) {
    lines.push(`Rejected rows, with their reasons, were written to ${paths.rejectedPath}.`);
  }
  return lines;
}

function formatErrors(s: ImportSummary, paths: ReportPaths): string[] {
  if (s.errors.length === 0) return [];
  // A wide line (one column per item) repeats the same problem for every row it yields: show it once.
  const errors = [...new Set(s.errors.map(formatRowError))];
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  const lines = ['Errors:', ...shown.map((text) => `  ${text}`)];
  // The summary carries only the first errors; rows rejected beyond them have more.
  const linesListed = new Set(s.errors.map((e) => `${e.file ?? ''}:${e.line}`)).size;
  const truncated = s.rowsRejected > linesListed;
  const more = errors.length - shown.length;
  if (more > 0 || truncated) {
    const count = !truncated ? `${formatCount(more)} more` : more > 0 ? `${formatCount(more)}+ more` : 'more';
    lines.push(
      paths.reportPath
        ? `  … and ${count}; full list in ${paths.reportPath}`
        : `  … and ${count}; run again with --report <file> to get the full list`,
    );
  } else if (paths.reportPath) {
    lines.push(`  full list in ${paths.reportPath}`);
  }
  return lines;
}
