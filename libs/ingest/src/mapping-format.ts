import { LittoralError, type RowError } from '@littoral/contracts';
import { DelimitedSource, screenRecord, truncate } from './delimited-source.js';
import { ymdColumns } from './mapping-dates.js';
import { normKey, parseMapping, type ColumnRef, type Condition, type FieldSpec, type Mapping, type RowSpec, type StepSpec } from './mapping-schema.js';
import { renderTemplate } from './mapping-template.js';
import { applySteps } from './mapping-transforms.js';
import type { CanonicalRow, FormatOptions, FormatReader, ReaderItem, SourceHeader } from './types.js';

/** A mapping-driven reader also tells the validator which required fields the source may leave empty. */
export interface MappingReader extends FormatReader {
  /** Canonical fields that may be empty although normally required (the mapping's `allowEmpty`). */
  readonly allowEmpty: string[];
  /** Attribution lines of the source (the mapping's `source`). */
  readonly attribution: string[];
}

/** The `allowEmpty` list of a mapping file (validated first; throws MAPPING_INVALID). */
export function mappingAllowEmpty(mapping: unknown): string[] {
  return [...parseMapping(mapping).allowEmpty];
}

/** A source column located in the header: its index and how errors name it. */
type Located = { index: number; label: string } | { index: -1; label: string };

interface Plan {
  columns: Map<ColumnRef, Located>;
  /** Per row spec with `wide`: the matching header columns. */
  wide: Map<RowSpec, { index: number; name: string }[]>;
}

/**
 * The `mapping` format: reads any delimited file described by a declarative
 * mapping file (docs/mapping-files.md) into canonical rows of text. The mapping
 * is validated before anything is read; columns it names that the file lacks
 * stop the import at the header; a line where any transform fails becomes one
 * error item naming the column, the value and what was expected.
 */
export function mappingFormat(options: FormatOptions): MappingReader {
  if (options.mapping === undefined) {
    throw new LittoralError('MAPPING_INVALID', 'The mapping format needs a mapping file (JSON, see docs/mapping-files.md); none was given');
  }
  const mapping = parseMapping(options.mapping);
  if (mapping.kind !== options.kind) {
    throw new LittoralError('IMPORT_KIND_MISMATCH', `The mapping file describes kind ${mapping.kind} but the import is for kind ${options.kind}`, { expected: options.kind, actual: mapping.kind });
  }
  const source = new DelimitedSource({
    path: options.path,
    delimiter: mapping.delimiter,
    quote: mapping.quote,
    encoding: options.encoding ?? mapping.encoding,
    skipLines: mapping.skipLines,
  });
  return {
    allowEmpty: [...mapping.allowEmpty],
    attribution: [...mapping.source],
    headers: (): SourceHeader[] => [{ columns: source.header() }],
    bytesRead: () => source.bytesRead(),
    async *items(): AsyncIterable<ReaderItem> {
      let plan: Plan | undefined;
      for await (const rec of source.records()) {
        const header = source.header();
        plan ??= locate(header, mapping, options.path);
        const screened = screenRecord(rec, header);
        if (screened) {
          yield screened;
          continue;
        }
        yield readLine(mapping, plan, rec.line, rec.cells);
      }
      // A file with a header and no data lines must still match the mapping.
      plan ??= locate(source.header(), mapping, options.path);
    },
  };
}

// ---------------------------------------------------------------- header ---

function collectRefs(mapping: Mapping): ColumnRef[] {
  const refs: ColumnRef[] = [];
  const fromField = (spec: FieldSpec): void => {
    const s = spec.source;
    if (s.kind === 'column') refs.push(s.ref);
    else if (s.kind === 'template') refs.push(...s.template.refs);
    else if (s.kind === 'join') s.templates.forEach((t) => refs.push(...t.refs));
    else if (s.kind === 'coalesce') s.specs.forEach(fromField);
    else if (s.kind === 'ymd') refs.push(...[s.year, s.month, s.day].filter((r): r is ColumnRef => r !== undefined));
  };
  Object.values(mapping.fields).forEach(fromField);
  for (const row of mapping.rows) {
    Object.values(row.fields).forEach(fromField);
    if (row.when) refs.push(row.when.ref);
  }
  return refs;
}

function locate(header: string[], mapping: Mapping, path: string): Plan {
  const headerLine = mapping.skipLines + 1;
  const missing: string[] = [];
  const problems: string[] = [];
  const note = (problem: string) => {
    if (!problems.includes(problem)) problems.push(problem);
  };
  const columns = new Map<ColumnRef, Located>();
  const counts = new Map<string, number>();
  header.forEach((h) => counts.set(h, (counts.get(h) ?? 0) + 1));
  const labelOf = (i: number): string => {
    const name = header[i] ?? '';
    return name === '' || (counts.get(name) ?? 0) > 1 ? `${name || '(unnamed)'} (column ${i + 1})` : name;
  };

  for (const ref of collectRefs(mapping)) {
    if (columns.has(ref)) continue;
    if (ref.kind === 'index') {
      if (ref.index >= header.length) note(`column index ${ref.index} is beyond the ${header.length} columns of the header`);
      else columns.set(ref, { index: ref.index, label: labelOf(ref.index) });
      continue;
    }
    let hits = header.flatMap((h, i) => (h === ref.name ? [i] : []));
    if (hits.length === 0) hits = header.flatMap((h, i) => (h.toLowerCase() === ref.name.toLowerCase() ? [i] : []));
    if (hits.length === 0) {
      if (ref.optional) columns.set(ref, { index: -1, label: ref.name });
      else if (!missing.includes(ref.name)) missing.push(ref.name);
    } else if (ref.occurrence !== undefined) {
      const i = hits[ref.occurrence - 1];
      if (i === undefined) note(`column "${ref.name}" occurs ${hits.length} time(s), not ${ref.occurrence}`);
      else columns.set(ref, { index: i, label: labelOf(i) });
    } else if (hits.length > 1) {
      note(`column "${ref.name}" occurs ${hits.length} times (columns ${hits.map((i) => i + 1).join(', ')}); say which with "occurrence" (or {${ref.name}@2} in a template)`);
    } else {
      columns.set(ref, { index: hits[0], label: labelOf(hits[0]) });
    }
  }

  const wide = new Map<RowSpec, { index: number; name: string }[]>();
  mapping.rows.forEach((row, r) => {
    if (!row.wide) return;
    const { match, exclude } = row.wide;
    const cols = header.flatMap((name, index) => (name !== '' && match.test(name) && !exclude.has(name) ? [{ index, name }] : []));
    if (cols.length === 0) note(`no column matches /${match.source}/ (rows[${r}].wide.match)`);
    wide.set(row, cols);
  });

  if (missing.length) problems.unshift(`the mapping names column${missing.length > 1 ? 's' : ''} the file lacks: ${missing.map((m) => `"${m}"`).join(', ')}`);
  if (problems.length) {
    throw new LittoralError('IMPORT_HEADER_INVALID', `${path} line ${headerLine} (header): ${problems.join('; ')}. The header has: ${header.map((h) => `"${h}"`).join(', ')}`, { line: headerLine, missing });
  }
  return { columns, wide };
}

// ------------------------------------------------------------------ lines ---

interface Value {
  value: string;
  column: string;
}

class LineReader {
  readonly errors: RowError[] = [];

  constructor(
    private readonly mapping: Mapping,
    private readonly plan: Plan,
    readonly line: number,
    private readonly cells: string[],
  ) {}

  /** A cell, trimmed; the mapping's null tokens become ''. */
  cell(ref: ColumnRef): string {
    const at = this.plan.columns.get(ref);
    if (!at || at.index < 0) return '';
    return this.clean(this.cells[at.index] ?? '');
  }

  clean(raw: string): string {
    const v = raw.trim();
    return this.mapping.nullValues.has(normKey(v)) ? '' : v;
  }

  label(ref: ColumnRef): string {
    return this.plan.columns.get(ref)?.label ?? (ref.kind === 'name' ? ref.name : `column ${ref.index + 1}`);
  }

  fail(column: string, value: string, reason: string, expected: string): undefined {
    this.errors.push({ line: this.line, column, value: truncate(value), reason, expected });
    return undefined;
  }

  field(field: string, spec: FieldSpec): Value | undefined {
    const raw = this.source(field, spec);
    if (raw === undefined) return undefined;
    return this.transform(raw, spec);
  }

  transform(raw: Value, spec: StepSpec): Value | undefined {
    const start = spec.nullValues.has(normKey(raw.value)) ? '' : raw.value;
    const r = applySteps(start, spec.steps);
    if (!r.ok) return this.fail(raw.column, raw.value, r.reason, r.expected);
    return { value: r.value, column: raw.column };
  }

  private source(field: string, spec: FieldSpec): Value | undefined {
    const s = spec.source;
    switch (s.kind) {
      case 'column':
        return { value: this.cell(s.ref), column: this.label(s.ref) };
      case 'const':
        return { value: s.value, column: `${field} (mapping constant)` };
      case 'template':
        return { value: renderTemplate(s.template, (r) => this.cell(r)), column: [...new Set(s.template.refs.map((r) => this.label(r)))].join(' + ') };
      case 'join': {
        const parts = s.templates.map((t) => renderTemplate(t, (r) => this.cell(r))).filter((p) => p !== '');
        const refs = s.templates.flatMap((t) => t.refs);
        return { value: parts.join(s.separator), column: [...new Set(refs.map((r) => this.label(r)))].join(' + ') };
      }
      case 'coalesce': {
        const labels: string[] = [];
        for (const sub of s.specs) {
          const v = this.field(field, sub);
          if (v === undefined) return undefined;
          if (v.value !== '') return v;
          labels.push(v.column);
        }
        return { value: '', column: labels.join(' | ') };
      }
      case 'ymd': {
        const refs = [s.year, s.month, s.day].filter((r): r is ColumnRef => r !== undefined);
        const column = refs.map((r) => this.label(r)).join(' + ');
        const [y, m, d] = [this.cell(s.year), s.month ? this.cell(s.month) : '', s.day ? this.cell(s.day) : ''];
        const r = ymdColumns(y, m, d);
        if (!r.ok) return this.fail(column, [y, m, d].slice(0, refs.length).join(' / '), r.reason, r.expected);
        return { value: r.value, column };
      }
    }
  }

  holds(c: Condition): boolean {
    const v = this.cell(c.ref);
    return c.equals ? c.equals.has(normKey(v)) : c.matches!.test(v);
  }
}

function newRow(mapping: Mapping, line: number, base: Record<string, Value>): CanonicalRow {
  const row: CanonicalRow = { table: mapping.table, line, values: {}, columns: {} };
  for (const [f, v] of Object.entries(base)) {
    row.values[f] = v.value;
    row.columns[f] = v.column;
  }
  return row;
}

function evalFields(reader: LineReader, specs: Record<string, FieldSpec>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [f, spec] of Object.entries(specs)) {
    const v = reader.field(f, spec);
    if (v) out[f] = v;
  }
  return out;
}

function readLine(mapping: Mapping, plan: Plan, line: number, cells: string[]): ReaderItem {
  const reader = new LineReader(mapping, plan, line, cells);
  const common = evalFields(reader, mapping.fields);
  const rows: CanonicalRow[] = [];
  const keys = new Set<string>();
  for (const spec of mapping.rows) {
    if (spec.when && !reader.holds(spec.when)) continue;
    const base = { ...common, ...evalFields(reader, spec.fields) };
    const empty = (values: Record<string, Value>) => spec.skipIfEmpty.some((f) => (values[f]?.value ?? '') === '');
    spec.skipIfEmpty.forEach((f) => keys.add(base[f]?.column ?? f));
    if (!spec.wide) {
      if (!empty(base)) rows.push(newRow(mapping, line, base));
      continue;
    }
    for (const col of plan.wide.get(spec) ?? []) {
      keys.add(col.name);
      const cell = reader.clean(cells[col.index] ?? '');
      const values: Record<string, Value> = { ...base };
      let anyValue = false;
      for (const [f, s] of Object.entries(spec.wide.value)) {
        const v = reader.transform({ value: cell, column: col.name }, s);
        if (v) values[f] = v;
        anyValue ||= (v?.value ?? '') !== '';
      }
      // Blank cells mean "nothing recorded" in wide layouts: no row.
      if (!anyValue) continue;
      for (const [f, s] of Object.entries(spec.wide.name)) {
        const v = reader.transform({ value: col.name, column: col.name }, s);
        if (v) values[f] = v;
      }
      if (!empty(values)) rows.push(newRow(mapping, line, values));
    }
  }
  if (reader.errors.length) return { type: 'error', line, errors: reader.errors, raw: cells };
  if (rows.length > 0) return { type: 'rows', line, rows, raw: cells };
  return noRowsItem(mapping, line, cells, common, [...keys]);
}

/** What a line gives when none of its rows applies (the mapping's `noRows`). */
function noRowsItem(mapping: Mapping, line: number, cells: string[], common: Record<string, Value>, keys: string[]): ReaderItem {
  if (mapping.noRows === 'skip') return { type: 'rows', line, rows: [], raw: cells };
  if (mapping.noRows === 'keep') return { type: 'rows', line, rows: [newRow(mapping, line, common)], raw: cells };
  const shown = keys.length > 6 ? `${keys.slice(0, 6).join(', ')} … (${keys.length} columns)` : keys.join(', ');
  const error: RowError = {
    line,
    column: keys.length === 1 ? keys[0] : '(row)',
    value: '',
    reason: keys.length ? `nothing to import: every key column is empty (${shown})` : 'nothing to import: no row of the mapping applies to this line',
    expected: 'a value in at least one key column',
  };
  return { type: 'error', line, errors: [error], raw: cells };
}
