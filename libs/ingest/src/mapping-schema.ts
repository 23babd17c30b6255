// The mapping-file language (docs/mapping-files.md): the types of a validated
// mapping and the validator that turns parsed JSON into them. Every problem is
// reported as MAPPING_INVALID with the JSON path and what was expected, so a
// typo in a mapping never silently drops a column.
import { IMPORT_KINDS, LittoralError, type ImportKind } from '@littoral/contracts';
import { CANONICAL_TABLES } from './fields.js';
import { parseTemplate, type ColumnRef, type Template } from './mapping-template.js';

export const DATE_FORMATS = ['us-datetime', 'yyyymmdd', 'free-period'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** Re-exported: mapping files refer to source columns this way. */
export type { ColumnRef };

/** What to do with a non-empty value a `map` or `cases` step does not know. */
export type Otherwise = { keep: true } | { value: string } | { error: string };

export type Step =
  | { op: 'null'; tokens: Set<string> }
  | { op: 'split'; separator: string; part: number }
  | { op: 'map'; table: Map<string, string>; otherwise: Otherwise }
  | { op: 'cases'; cases: { match: RegExp; value: string }[]; otherwise: Otherwise }
  | { op: 'date'; format: DateFormat; offset?: string }
  | { op: 'scale'; factor: number };

export type Source =
  | { kind: 'column'; ref: ColumnRef }
  | { kind: 'const'; value: string }
  | { kind: 'template'; template: Template }
  | { kind: 'join'; templates: Template[]; separator: string }
  | { kind: 'coalesce'; specs: FieldSpec[] }
  | { kind: 'ymd'; year: ColumnRef; month?: ColumnRef; day?: ColumnRef };

export interface FieldSpec {
  source: Source;
  nullValues: Set<string>;
  steps: Step[];
}

/** Transforms only (the value comes from the wide column's name or cell). */
export interface StepSpec {
  nullValues: Set<string>;
  steps: Step[];
}

export interface WideSpec {
  match: RegExp;
  exclude: Set<string>;
  /** Fields set from the column name. */
  name: Record<string, StepSpec>;
  /** Fields set from the cell; a cell is skipped when every value field is empty. */
  value: Record<string, StepSpec>;
}

export interface Condition {
  ref: ColumnRef;
  equals?: Set<string>;
  matches?: RegExp;
}

export interface RowSpec {
  fields: Record<string, FieldSpec>;
  when?: Condition;
  skipIfEmpty: string[];
  wide?: WideSpec;
}

export type NoRows = 'error' | 'skip' | 'keep';

export interface Mapping {
  kind: ImportKind;
  table: string;
  description?: string;
  source: string[];
  delimiter?: string;
  quote?: string | false;
  encoding?: string;
  skipLines: number;
  nullValues: Set<string>;
  allowEmpty: string[];
  fields: Record<string, FieldSpec>;
  rows: RowSpec[];
  noRows: NoRows;
}

const TOP_KEYS = ['kind', 'table', 'description', 'source', 'delimiter', 'quote', 'encoding', 'skipLines', 'nullValues', 'allowEmpty', 'fields', 'rows', 'wide', 'noRows'];
const FIELD_KEYS = ['column', 'occurrence', 'optional', 'index', 'const', 'template', 'join', 'separator', 'coalesce', 'year', 'month', 'day', 'nullValues', 'transforms', 'split', 'part', 'map', 'cases', 'otherwise', 'date', 'offset', 'scale'];
const SOURCE_KEYS = ['column', 'index', 'const', 'template', 'join', 'coalesce'];
const STEP_KEYS = ['null', 'split', 'map', 'cases', 'date', 'scale'];

function fail(path: string, message: string): never {
  throw new LittoralError('MAPPING_INVALID', `Mapping invalid at ${path}: ${message}`, { path });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `comment` and `$…` keys are free annotations, allowed on every object. */
function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (key === 'comment' || key.startsWith('$')) continue;
    if (!allowed.includes(key)) fail(`${path}.${key}`, `unknown key "${key}"; expected one of ${allowed.join(', ')} (or "comment")`);
  }
}

function str(v: unknown, path: string, what = 'a string'): string {
  if (typeof v !== 'string') fail(path, `expected ${what}, got ${describe(v)}`);
  return v;
}

function nonEmptyStr(v: unknown, path: string, what = 'a non-empty string'): string {
  const s = str(v, path, what);
  if (s.trim() === '') fail(path, `expected ${what}, got an empty string`);
  return s;
}

function int(v: unknown, path: string, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(path, `expected an integer >= ${min}, got ${describe(v)}`);
  return v;
}

function stringList(v: unknown, path: string): string[] {
  if (!Array.isArray(v)) fail(path, `expected an array of strings, got ${describe(v)}`);
  return v.map((x, i) => str(x, `${path}[${i}]`));
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function regex(v: unknown, path: string): RegExp {
  const source = nonEmptyStr(v, path, 'a regular expression');
  try {
    return new RegExp(source, 'i');
  } catch (e) {
    fail(path, `bad regular expression "${source}": ${(e as Error).message}`);
  }
}

/** Lower-cased, trimmed: how value-map keys and null tokens are compared. */
export function normKey(s: string): string {
  return s.trim().toLowerCase();
}

function separator(v: unknown, path: string): string {
  const s = str(v, path, 'a separator');
  if (s.length === 0) fail(path, 'expected a separator, got an empty string');
  return s;
}

function tokens(v: unknown, path: string): Set<string> {
  return new Set(stringList(v, path).map(normKey));
}

function columnRef(v: unknown, path: string): ColumnRef {
  if (typeof v === 'string') return { kind: 'name', name: nonEmptyStr(v, path, 'a column name'), optional: false };
  if (typeof v === 'number') return { kind: 'index', index: int(v, path, 0) };
  if (isObject(v)) {
    checkKeys(v, ['column', 'occurrence', 'optional', 'index'], path);
    if (v.index !== undefined) {
      if (v.column !== undefined) fail(path, 'give either "column" or "index", not both');
      return { kind: 'index', index: int(v.index, `${path}.index`, 0) };
    }
    return {
      kind: 'name',
      name: nonEmptyStr(v.column, `${path}.column`, 'a column name'),
      occurrence: v.occurrence === undefined ? undefined : int(v.occurrence, `${path}.occurrence`, 1),
      optional: v.optional === undefined ? false : bool(v.optional, `${path}.optional`),
    };
  }
  fail(path, `expected a column name, a 0-based column index or {"column", "occurrence"}, got ${describe(v)}`);
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected true or false, got ${describe(v)}`);
  return v;
}

function otherwise(v: unknown, path: string): Otherwise {
  if (v === undefined) return { keep: true };
  if (typeof v === 'string') return { value: v };
  if (isObject(v)) {
    checkKeys(v, ['error'], path);
    return { error: nonEmptyStr(v.error, `${path}.error`, 'the text of what was expected') };
  }
  fail(path, `expected a replacement string or {"error": "what was expected"}, got ${describe(v)}`);
}

function mapTable(v: unknown, path: string): Map<string, string> {
  if (!isObject(v)) fail(path, `expected an object of source value → canonical value, got ${describe(v)}`);
  const table = new Map<string, string>();
  for (const [k, val] of Object.entries(v)) {
    const key = normKey(k);
    if (table.has(key)) fail(`${path}.${k}`, `duplicate key "${k}" (keys are compared trimmed and case-insensitively)`);
    table.set(key, scalarText(val, `${path}.${k}`));
  }
  return table;
}

function scalarText(v: unknown, path: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  fail(path, `expected a string, number or boolean, got ${describe(v)}`);
}

function casesList(v: unknown, path: string): { match: RegExp; value: string }[] {
  if (!Array.isArray(v) || v.length === 0) fail(path, `expected a non-empty array of {"match": regex, "value": text}, got ${describe(v)}`);
  return v.map((c, i) => {
    const p = `${path}[${i}]`;
    if (!isObject(c)) fail(p, `expected {"match": regex, "value": text}, got ${describe(c)}`);
    checkKeys(c, ['match', 'value'], p);
    return { match: regex(c.match, `${p}.match`), value: scalarText(c.value, `${p}.value`) };
  });
}

function dateFormat(v: unknown, path: string): DateFormat {
  if (typeof v !== 'string' || !(DATE_FORMATS as readonly string[]).includes(v)) {
    fail(path, `unknown date transform ${describe(v)}; expected one of ${DATE_FORMATS.join(', ')} (or "ymd-columns" as the source of a field)`);
  }
  return v as DateFormat;
}

function offset(v: unknown, path: string): string | undefined {
  if (v === undefined) return undefined;
  const s = str(v, path);
  if (!/^(Z|[+-](0\d|1[0-4]):[0-5]\d)$/.test(s)) fail(path, `expected a UTC offset such as "Z", "+08:00" or "-05:00", got "${s}"`);
  return s;
}

function scaleFactor(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v === 0) fail(path, `expected a non-zero number (e.g. 0.001 for g → kg, -1 to flip a sign), got ${describe(v)}`);
  return v;
}

function stepFromObject(o: Record<string, unknown>, path: string): Step {
  const present = STEP_KEYS.filter((k) => o[k] !== undefined);
  if (present.length !== 1) fail(path, `expected exactly one transform (${STEP_KEYS.join(', ')}), got ${present.length ? present.join(' + ') : 'none'}`);
  const op = present[0];
  switch (op) {
    case 'null':
      checkKeys(o, ['null'], path);
      return { op: 'null', tokens: tokens(o.null, `${path}.null`) };
    case 'split':
      checkKeys(o, ['split', 'part'], path);
      return { op: 'split', separator: separator(o.split, `${path}.split`), part: int(o.part, `${path}.part`, 0) };
    case 'map':
      checkKeys(o, ['map', 'otherwise'], path);
      return { op: 'map', table: mapTable(o.map, `${path}.map`), otherwise: otherwise(o.otherwise, `${path}.otherwise`) };
    case 'cases':
      checkKeys(o, ['cases', 'otherwise'], path);
      return { op: 'cases', cases: casesList(o.cases, `${path}.cases`), otherwise: otherwise(o.otherwise, `${path}.otherwise`) };
    case 'date':
      checkKeys(o, ['date', 'offset'], path);
      return { op: 'date', format: dateFormat(o.date, `${path}.date`), offset: offset(o.offset, `${path}.offset`) };
    default:
      checkKeys(o, ['scale'], path);
      return { op: 'scale', factor: scaleFactor(o.scale, `${path}.scale`) };
  }
}

/** Shorthand transforms on a field run first, in this fixed order; then `transforms`. */
function shorthandSteps(o: Record<string, unknown>, path: string, allowYmd: boolean): Step[] {
  const steps: Step[] = [];
  if (o.split !== undefined) steps.push({ op: 'split', separator: separator(o.split, `${path}.split`), part: int(o.part, `${path}.part`, 0) });
  else if (o.part !== undefined) fail(`${path}.part`, '"part" needs "split"');
  if (o.map !== undefined && o.cases !== undefined) fail(path, 'give "map" or "cases" on a field, not both (use "transforms" to chain them)');
  if (o.map !== undefined) steps.push({ op: 'map', table: mapTable(o.map, `${path}.map`), otherwise: otherwise(o.otherwise, `${path}.otherwise`) });
  else if (o.cases !== undefined) steps.push({ op: 'cases', cases: casesList(o.cases, `${path}.cases`), otherwise: otherwise(o.otherwise, `${path}.otherwise`) });
  else if (o.otherwise !== undefined) fail(`${path}.otherwise`, '"otherwise" needs "map" or "cases"');
  if (o.date !== undefined && !(allowYmd && o.date === 'ymd-columns')) {
    steps.push({ op: 'date', format: dateFormat(o.date, `${path}.date`), offset: offset(o.offset, `${path}.offset`) });
  } else if (o.offset !== undefined) fail(`${path}.offset`, '"offset" needs a "date" transform');
  if (o.scale !== undefined) steps.push({ op: 'scale', factor: scaleFactor(o.scale, `${path}.scale`) });
  if (o.transforms !== undefined) {
    if (!Array.isArray(o.transforms)) fail(`${path}.transforms`, `expected an array of transforms, got ${describe(o.transforms)}`);
    o.transforms.forEach((t, i) => {
      const p = `${path}.transforms[${i}]`;
      if (!isObject(t)) fail(p, `expected a transform object such as {"scale": 0.001}, got ${describe(t)}`);
      steps.push(stepFromObject(t, p));
    });
  }
  return steps;
}

function fieldSpec(v: unknown, path: string): FieldSpec {
  if (typeof v === 'string') return { source: { kind: 'column', ref: columnRef(v, path) }, nullValues: new Set(), steps: [] };
  if (!isObject(v)) fail(path, `expected a column name or a field object, got ${describe(v)}`);
  checkKeys(v, FIELD_KEYS, path);
  const nullValues = v.nullValues === undefined ? new Set<string>() : tokens(v.nullValues, `${path}.nullValues`);
  const ymd = v.date === 'ymd-columns';
  const sources = SOURCE_KEYS.filter((k) => v[k] !== undefined);
  if (ymd) sources.push('date: ymd-columns');
  if (sources.length !== 1) {
    fail(path, `expected exactly one source (column, index, const, template, join, coalesce or "date": "ymd-columns"), got ${sources.length ? sources.join(' + ') : 'none'}`);
  }
  if (!ymd && (v.year !== undefined || v.month !== undefined || v.day !== undefined)) fail(path, '"year", "month" and "day" belong to "date": "ymd-columns"');
  if (v.column === undefined && (v.occurrence !== undefined || v.optional !== undefined)) fail(path, '"occurrence" and "optional" belong to "column"');
  if (v.join === undefined && v.separator !== undefined) fail(`${path}.separator`, '"separator" belongs to "join"');
  const steps = shorthandSteps(v, path, true);
  let source: Source;
  if (ymd) {
    source = {
      kind: 'ymd',
      year: columnRef(v.year, `${path}.year`),
      month: v.month === undefined ? undefined : columnRef(v.month, `${path}.month`),
      day: v.day === undefined ? undefined : columnRef(v.day, `${path}.day`),
    };
    if (!source.month && source.day) fail(`${path}.day`, '"day" needs "month"');
  } else if (v.column !== undefined) {
    source = { kind: 'column', ref: columnRef({ column: v.column, occurrence: v.occurrence, optional: v.optional }, path) };
  } else if (v.index !== undefined) {
    source = { kind: 'column', ref: { kind: 'index', index: int(v.index, `${path}.index`, 0) } };
  } else if (v.const !== undefined) {
    source = { kind: 'const', value: scalarText(v.const, `${path}.const`) };
  } else if (v.template !== undefined) {
    source = { kind: 'template', template: parseTemplate(str(v.template, `${path}.template`), `${path}.template`) };
  } else if (v.join !== undefined) {
    if (!Array.isArray(v.join) || v.join.length === 0) fail(`${path}.join`, `expected a non-empty array of templates, got ${describe(v.join)}`);
    source = {
      kind: 'join',
      templates: v.join.map((t, i) => parseTemplate(str(t, `${path}.join[${i}]`, 'a template'), `${path}.join[${i}]`)),
      separator: v.separator === undefined ? '; ' : str(v.separator, `${path}.separator`),
    };
  } else {
    if (!Array.isArray(v.coalesce) || v.coalesce.length < 2) fail(`${path}.coalesce`, `expected an array of at least two field specs, got ${describe(v.coalesce)}`);
    source = { kind: 'coalesce', specs: v.coalesce.map((s, i) => fieldSpec(s, `${path}.coalesce[${i}]`)) };
  }
  return { source, nullValues, steps };
}

function stepSpec(v: unknown, path: string): StepSpec {
  if (!isObject(v)) fail(path, `expected an object of transforms ({} for the value as is), got ${describe(v)}`);
  checkKeys(v, FIELD_KEYS.filter((k) => !SOURCE_KEYS.includes(k) && !['occurrence', 'optional', 'year', 'month', 'day', 'separator'].includes(k)), path);
  return { nullValues: v.nullValues === undefined ? new Set() : tokens(v.nullValues, `${path}.nullValues`), steps: shorthandSteps(v, path, false) };
}

function fieldsObject(v: unknown, path: string, known: ReadonlySet<string>, kind: string, parse: (v: unknown, path: string) => FieldSpec): Record<string, FieldSpec>;
function fieldsObject(v: unknown, path: string, known: ReadonlySet<string>, kind: string, parse: (v: unknown, path: string) => StepSpec): Record<string, StepSpec>;
function fieldsObject<T>(v: unknown, path: string, known: ReadonlySet<string>, kind: string, parse: (v: unknown, path: string) => T): Record<string, T> {
  if (!isObject(v)) fail(path, `expected an object of canonical field → spec, got ${describe(v)}`);
  const out: Record<string, T> = {};
  for (const [field, spec] of Object.entries(v)) {
    if (field === 'comment' || field.startsWith('$')) continue;
    knownField(field, `${path}.${field}`, known, kind);
    out[field] = parse(spec, `${path}.${field}`);
  }
  return out;
}

function knownField(field: string, path: string, known: ReadonlySet<string>, kind: string): void {
  if (!known.has(field)) fail(path, `unknown canonical field "${field}" for kind ${kind}; expected one of ${[...known].join(', ')}`);
}

function wideSpec(v: unknown, path: string, known: ReadonlySet<string>, kind: string): WideSpec {
  if (!isObject(v)) fail(path, `expected {"match", "name", "value"}, got ${describe(v)}`);
  checkKeys(v, ['match', 'exclude', 'name', 'value'], path);
  const name = fieldsObject(v.name, `${path}.name`, known, kind, stepSpec);
  const value = fieldsObject(v.value, `${path}.value`, known, kind, stepSpec);
  if (Object.keys(value).length === 0) fail(`${path}.value`, 'expected at least one field set from the cell, e.g. {"count": {}}');
  for (const f of Object.keys(name)) if (f in value) fail(`${path}.name.${f}`, `field "${f}" is set both from the column name and from the cell`);
  return {
    match: regex(v.match, `${path}.match`),
    exclude: new Set(v.exclude === undefined ? [] : stringList(v.exclude, `${path}.exclude`)),
    name,
    value,
  };
}

function condition(v: unknown, path: string): Condition {
  if (!isObject(v)) fail(path, `expected {"column", "equals" | "matches"}, got ${describe(v)}`);
  checkKeys(v, ['column', 'occurrence', 'index', 'equals', 'matches'], path);
  const ref = columnRef(v.index !== undefined ? { index: v.index } : { column: v.column, occurrence: v.occurrence }, path);
  if ((v.equals === undefined) === (v.matches === undefined)) fail(path, 'expected exactly one of "equals" (a value or list of values) or "matches" (a regex)');
  if (v.equals !== undefined) {
    const list = typeof v.equals === 'string' ? [v.equals] : stringList(v.equals, `${path}.equals`);
    return { ref, equals: new Set(list.map(normKey)) };
  }
  return { ref, matches: regex(v.matches, `${path}.matches`) };
}

function rowSpec(v: unknown, path: string, known: ReadonlySet<string>, kind: string): RowSpec {
  if (!isObject(v)) fail(path, `expected a row object {"fields", "when", "skipIfEmpty", "wide"}, got ${describe(v)}`);
  checkKeys(v, ['fields', 'when', 'skipIfEmpty', 'wide'], path);
  const skipIfEmpty = v.skipIfEmpty === undefined ? [] : stringList(v.skipIfEmpty, `${path}.skipIfEmpty`);
  skipIfEmpty.forEach((f, i) => knownField(f, `${path}.skipIfEmpty[${i}]`, known, kind));
  return {
    fields: v.fields === undefined ? {} : fieldsObject(v.fields, `${path}.fields`, known, kind, fieldSpec),
    when: v.when === undefined ? undefined : condition(v.when, `${path}.when`),
    skipIfEmpty,
    wide: v.wide === undefined ? undefined : wideSpec(v.wide, `${path}.wide`, known, kind),
  };
}

function delimiter(v: unknown, path: string): string | undefined {
  if (v === undefined) return undefined;
  const s = str(v, path);
  if (s === 'tab' || s === '\\t') return '\t';
  if (s.length !== 1) fail(path, `expected one character (or "tab"), got "${s}"`);
  return s;
}

/**
 * Validates the parsed JSON of a mapping file. Throws MAPPING_INVALID naming
 * the JSON path (e.g. `$.rows[1].fields.concentration.scale`) and what was expected.
 */
export function parseMapping(raw: unknown): Mapping {
  if (!isObject(raw)) fail('$', `expected a JSON object, got ${describe(raw)}`);
  checkKeys(raw, TOP_KEYS, '$');
  if (typeof raw.kind !== 'string' || !(IMPORT_KINDS as readonly string[]).includes(raw.kind)) {
    fail('$.kind', `expected one of ${IMPORT_KINDS.join(', ')}, got ${describe(raw.kind)}`);
  }
  const kind = raw.kind as ImportKind;
  const tables = CANONICAL_TABLES[kind];
  const table = raw.table === undefined ? (kind === 'occurrences' ? 'occurrence' : 'row') : str(raw.table, '$.table');
  const specs = tables[table];
  if (!specs) fail('$.table', `unknown table "${table}" for kind ${kind}; expected one of ${Object.keys(tables).join(', ')}`);
  const known = new Set(specs.map((f) => f.name));
  const label = kind === 'occurrences' ? `${kind} (table ${table})` : kind;

  const fields = raw.fields === undefined ? {} : fieldsObject(raw.fields, '$.fields', known, label, fieldSpec);
  if (raw.rows !== undefined && raw.wide !== undefined) fail('$.wide', 'give "wide" inside each entry of "rows" when "rows" is used');
  let rows: RowSpec[];
  if (raw.rows !== undefined) {
    if (!Array.isArray(raw.rows) || raw.rows.length === 0) fail('$.rows', `expected a non-empty array of row objects, got ${describe(raw.rows)}`);
    rows = raw.rows.map((r, i) => rowSpec(r, `$.rows[${i}]`, known, label));
  } else if (raw.wide !== undefined) {
    rows = [{ fields: {}, skipIfEmpty: [], wide: wideSpec(raw.wide, '$.wide', known, label) }];
  } else {
    rows = [{ fields: {}, skipIfEmpty: [] }];
  }

  const allowEmpty = raw.allowEmpty === undefined ? [] : stringList(raw.allowEmpty, '$.allowEmpty');
  allowEmpty.forEach((f, i) => knownField(f, `$.allowEmpty[${i}]`, known, label));

  // A required field nobody maps would fail every row: say so once, here.
  for (const spec of specs) {
    if (!spec.required || allowEmpty.includes(spec.name) || spec.name in fields) continue;
    const everyRow = rows.every((r) => spec.name in r.fields || (r.wide !== undefined && (spec.name in r.wide.name || spec.name in r.wide.value)));
    if (!everyRow) fail('$.fields', `required canonical field "${spec.name}" is not mapped; map it (in "fields" or in every entry of "rows") or list it in "allowEmpty"`);
  }

  const noRows = raw.noRows === undefined ? 'error' : raw.noRows;
  if (noRows !== 'error' && noRows !== 'skip' && noRows !== 'keep') fail('$.noRows', `expected "error", "skip" or "keep", got ${describe(noRows)}`);

  let source: string[] = [];
  if (typeof raw.source === 'string') source = [raw.source];
  else if (raw.source !== undefined) source = stringList(raw.source, '$.source');

  let quote: string | false | undefined;
  if (raw.quote === false) quote = false;
  else if (raw.quote !== undefined) {
    quote = str(raw.quote, '$.quote');
    if (quote.length !== 1) fail('$.quote', `expected one character or false, got "${quote}"`);
  }

  return {
    kind,
    table,
    description: raw.description === undefined ? undefined : str(raw.description, '$.description'),
    source,
    delimiter: delimiter(raw.delimiter, '$.delimiter'),
    quote,
    encoding: raw.encoding === undefined ? undefined : nonEmptyStr(raw.encoding, '$.encoding', 'an encoding name'),
    skipLines: raw.skipLines === undefined ? 0 : int(raw.skipLines, '$.skipLines', 0),
    nullValues: raw.nullValues === undefined ? new Set() : tokens(raw.nullValues, '$.nullValues'),
    allowEmpty,
    fields,
    rows,
    noRows,
  };
}
