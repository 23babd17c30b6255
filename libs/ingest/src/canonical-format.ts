import { LittoralError } from '@littoral/contracts';
import { CANONICAL_TABLES } from './fields.js';
import { DelimitedSource, screenRecord } from './delimited-source.js';
import type { CanonicalRow, FormatOptions, FormatReader, ReaderItem, SourceHeader } from './types.js';

/**
 * The documented canonical CSV templates (docs/templates): the header names the
 * canonical fields of the kind. Unknown or missing required columns stop the
 * import before any row is read — a misspelt column must never be dropped.
 */
export function canonicalFormat(options: FormatOptions): FormatReader {
  const table = options.kind === 'occurrences' ? 'occurrence' : 'row';
  const fields = CANONICAL_TABLES[options.kind][table];
  const source = new DelimitedSource({ path: options.path, encoding: options.encoding });
  return {
    headers: (): SourceHeader[] => [{ columns: source.header() }],
    bytesRead: () => source.bytesRead(),
    async *items(): AsyncIterable<ReaderItem> {
      let index: { field: string; column: string; i: number }[] | undefined;
      let columns: Record<string, string> | undefined;
      for await (const rec of source.records()) {
        const header = source.header();
        index ??= resolveHeader(header, fields.map((f) => f.name), fields.filter((f) => f.required).map((f) => f.name), options.path);
        const screened = screenRecord(rec, header);
        if (screened) {
          yield screened;
          continue;
        }
        // Column names are the same on every row: one shared object.
        columns ??= Object.freeze(Object.fromEntries(index.map(({ field, column }) => [field, column])));
        const values: Record<string, string> = {};
        for (const { field, i } of index) {
          const cell = rec.cells[i];
          if (cell) values[field] = cell;
        }
        const row: CanonicalRow = { table, line: rec.line, values, columns };
        yield { type: 'rows', line: rec.line, rows: [row], raw: rec.cells };
      }
    },
  };
}

function resolveHeader(header: string[], known: string[], required: string[], path: string) {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  const seen = new Set<string>();
  const unknown: string[] = [];
  const dup: string[] = [];
  const index = header.flatMap((column, i) => {
    const field = byLower.get(column.toLowerCase());
    if (!field) {
      if (column !== '') unknown.push(column);
      return [];
    }
    if (seen.has(field)) dup.push(column);
    seen.add(field);
    return [{ field, column, i }];
  });
  const missing = required.filter((r) => !seen.has(r));
  const problems: string[] = [];
  if (unknown.length) problems.push(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`);
  if (dup.length) problems.push(`duplicate column${dup.length > 1 ? 's' : ''} ${dup.map((u) => `"${u}"`).join(', ')}`);
  if (missing.length) problems.push(`missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (problems.length) {
    throw new LittoralError('IMPORT_HEADER_INVALID', `${path} line 1 (header): ${problems.join('; ')}. Expected the canonical columns: ${known.join(', ')} (see docs/import.md), or use --format mapping with a mapping file`, { line: 1, unknown, missing });
  }
  return index;
}
