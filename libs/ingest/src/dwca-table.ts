import { Transform, type Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { LittoralError } from '@littoral/contracts';
import { DelimitedSource, screenRecord } from './delimited-source.js';
import { EVENT_FIELDS, MEASUREMENT_FIELDS, OCCURRENCE_FIELDS, type FieldSpec } from './fields.js';
import { localName, type DwcTable, type MetaTable } from './dwca-meta.js';
import type { ArchiveSource } from './dwca-archive.js';
import type { CanonicalRow, ReaderItem, SourceHeader } from './types.js';

/** How one canonical field of a table is filled from a line. */
export interface Binding {
  field: string;
  /** Cell index read; absent for a meta.xml constant (`default` without `index`). */
  index?: number;
  /** Value used when the cell is empty or there is no cell (a meta.xml `default`). */
  fallback?: string;
  /** How the user knows the column: header name if the file has a header, else the term. */
  column: string;
  /** 2 = the term names the field, 1 = an alias (dc:type → eventType), 0 = the core id / coreid. */
  rank: number;
}

/** One member file to read as one canonical table. */
export interface TablePlan {
  table: DwcTable;
  file: string;
  delimiter: string;
  quote: string | false;
  encoding: string;
  /** Lines before the first data line; the last of them is the header row. 0 = no header row. */
  headerLines: number;
  /** Field bindings, once the header row is known (null for a file without one). */
  bind(header: string[] | null): Binding[];
}

const byLowerName = (fields: readonly FieldSpec[]) => new Map(fields.map((f) => [f.name.toLowerCase(), f.name]));
const FIELDS: Readonly<Record<DwcTable, ReadonlyMap<string, string>>> = {
  event: byLowerName(EVENT_FIELDS),
  occurrence: byLowerName(OCCURRENCE_FIELDS),
  measurement: byLowerName(MEASUREMENT_FIELDS),
};

/** The canonical field a term (URI, prefixed name or header name) fills in `table`, if any. */
export function resolveTerm(table: DwcTable, term: string): { field: string; rank: number } | undefined {
  const local = localName(term).toLowerCase();
  const field = FIELDS[table].get(local);
  if (field) return { field, rank: 2 };
  // Darwin Core Event cores carry the event type in dc:type (`type`); dwc:eventType is newer.
  if (table === 'event' && local === 'type') return { field: 'eventType', rank: 1 };
  return undefined;
}

/** Per field, keeps the binding with the highest rank (the first one on a tie). */
function dedupe(bindings: Binding[]): Binding[] {
  const best = new Map<string, Binding>();
  for (const b of bindings) {
    const prev = best.get(b.field);
    if (!prev || b.rank > prev.rank) best.set(b.field, b);
  }
  return [...best.values()];
}

/** Bindings of a plain table whose header names Darwin Core terms. */
export function headerBindings(table: DwcTable, header: string[]): Binding[] {
  return dedupe(
    header.flatMap((column, index) => {
      const r = column === '' ? undefined : resolveTerm(table, column);
      return r ? [{ ...r, index, column }] : [];
    }),
  );
}

/**
 * Bindings of a table described by meta.xml. `idField` is what the core `<id>`
 * or the extension `<coreid>` holds (eventID for an Event core, occurrenceID
 * for an Occurrence core); it is used only when no term maps that field.
 */
export function metaBindings(meta: MetaTable, table: DwcTable, idField: string, header: string[] | null): Binding[] {
  const headerIndex = (term: string) => header?.findIndex((h) => h !== '' && localName(h).toLowerCase() === localName(term).toLowerCase()) ?? -1;
  const out: Binding[] = [];
  for (const f of meta.fields) {
    const r = resolveTerm(table, f.term);
    if (!r) continue; // unknown terms are not ours to judge
    const name = localName(f.term);
    const fallback = f.default !== undefined ? { fallback: f.default } : {};
    if (f.index !== undefined) {
      out.push({ ...r, index: f.index, ...fallback, column: header?.[f.index] || name });
      continue;
    }
    if (f.default === undefined) continue; // neither index nor default: nothing to read
    // A `default` without an `index` is, per the Darwin Core text guide, a constant
    // for every row. Some writers (the Tubbataha archive) declare it so although the
    // file physically has that column. Rule: when the header row has a column whose
    // name is the term's local name, read that column and use the default only where
    // the cell is empty; otherwise use the default. Files without a header row get
    // the default.
    const i = headerIndex(f.term);
    out.push(i >= 0 ? { ...r, index: i, fallback: f.default, column: header![i]! } : { ...r, fallback: f.default, column: name });
  }
  if (meta.idIndex !== undefined && FIELDS[table].has(idField.toLowerCase())) {
    out.push({ field: idField, index: meta.idIndex, column: header?.[meta.idIndex] || idField, rank: 0 });
  }
  return dedupe(out);
}

/**
 * Streams one member file as canonical rows of `plan.table`: blank lines yield
 * `blank`, lines failing the structural checks (ragged, bad encoding) yield
 * `error`, every other line one row. `seen` gets this file's header.
 */
export async function* readTable(archive: ArchiveSource, plan: TablePlan, seen: SourceHeader[]): AsyncIterable<ReaderItem> {
  const hasHeader = plan.headerLines > 0;
  const bytes = await archive.open(plan.file);
  // DelimitedSource always takes the first record as the header; for a file
  // without one we feed it an empty first line and shift line numbers back.
  const shift = hasHeader ? 0 : 1;
  const source = new DelimitedSource({
    input: hasHeader ? bytes : prependEmptyLine(bytes, plan.encoding),
    file: plan.file,
    delimiter: plan.delimiter,
    quote: plan.quote,
    encoding: plan.encoding,
    skipLines: hasHeader ? plan.headerLines - 1 : 0,
  });
  const entry: SourceHeader = { file: plan.file, columns: [] };
  seen.push(entry);
  const { file, table } = plan;
  let header: string[] | undefined;
  let bindings: Binding[] = [];
  try {
    for await (const physical of source.records()) {
      const rec = shift ? { ...physical, line: physical.line - shift } : physical;
      if (header === undefined && (hasHeader || !rec.blank)) {
        ({ header, bindings } = prepare(plan, hasHeader ? source.header() : null, rec.cells.length));
        entry.columns = header;
      }
      const screened = screenRecord(rec, header ?? [], file);
      if (screened) {
        yield screened;
        continue;
      }
      const row: CanonicalRow = { table, line: rec.line, file, values: {}, columns: {} };
      for (const b of bindings) {
        const cell = b.index === undefined ? '' : (rec.cells[b.index] ?? '');
        row.values[b.field] = b.fallback !== undefined && cell.trim() === '' ? b.fallback : cell;
        row.columns[b.field] = b.column;
      }
      yield { type: 'rows', line: rec.line, file, rows: [row], raw: rec.cells };
    }
  } catch (e) {
    throw shift ? shiftLine(e, shift) : e;
  }
  if (header === undefined && hasHeader) entry.columns = source.header();
}

/**
 * The header used for the structural checks, and the bindings. Without a
 * header row the first non-blank line sets the width (at least every column
 * meta.xml maps) and columns are named by their term.
 */
function prepare(plan: TablePlan, physical: string[] | null, firstWidth: number): { header: string[]; bindings: Binding[] } {
  const bindings = plan.bind(physical);
  const needed = Math.max(0, ...bindings.map((b) => (b.index ?? -1) + 1));
  if (physical) {
    if (needed > physical.length) {
      const b = bindings.find((x) => (x.index ?? -1) >= physical.length)!;
      throw new LittoralError(
        'IMPORT_FILE_UNREADABLE',
        `${plan.file}: meta.xml maps ${b.field} to column index ${b.index}, but the header row (line ${plan.headerLines}) has ${physical.length} columns`,
        { file: plan.file, line: plan.headerLines },
      );
    }
    return { header: physical, bindings };
  }
  const header = Array.from({ length: Math.max(needed, firstWidth) }, (_v, i) => bindings.find((b) => b.index === i)?.column ?? `column ${i + 1}`);
  return { header, bindings };
}

function shiftLine(e: unknown, shift: number): unknown {
  if (!(e instanceof LittoralError) || typeof e.details?.['line'] !== 'number') return e;
  const line = (e.details['line'] as number) - shift;
  const message = e.message.replace(/ at line \d+/, ` at line ${line}`);
  return new LittoralError(e.code, message, { ...e.details, line });
}

/**
 * Inserts an empty first line (in the file's encoding and line-ending style,
 * after any byte-order mark) so that DelimitedSource's header is that line.
 */
export function prependEmptyLine(input: Readable, encoding: string): Readable {
  const enc = encoding.toLowerCase();
  const utf8 = enc === 'utf-8' || enc === 'utf8';
  const utf16 = /^(utf-?16|ucs-?2)/.test(enc);
  const encode = (s: string) => (utf8 || !iconv.encodingExists(enc) ? Buffer.from(s) : iconv.encode(s, enc, { addBOM: false }));
  const lf = encode('\n');
  const crlf = encode('\r\n');
  const bomLength = (b: Buffer) => {
    if (utf8 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 3;
    if (utf16 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return 2;
    return 0;
  };
  const withLine = (head: Buffer) => {
    const iLf = head.indexOf(lf);
    const newline = iLf > 0 && head.indexOf(crlf) === iLf - (crlf.length - lf.length) ? crlf : lf;
    const bom = bomLength(head);
    return Buffer.concat([head.subarray(0, bom), newline, head.subarray(bom)]);
  };
  // Hold back the start of the file until its first line ending is seen (or 64 KiB).
  let head: Buffer | null = Buffer.alloc(0);
  const out = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (head === null) return cb(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.indexOf(lf) < 0 && head.length < 65536) return cb();
      const first = withLine(head);
      head = null;
      cb(null, first);
    },
    flush(cb) {
      cb(null, head === null ? undefined : withLine(head));
    },
  });
  input.on('error', (e: Error) => out.destroy(e));
  return input.pipe(out);
}
