// Validation of a node's answer body at the hub, after its signature verified.
// A verified signature proves who sent it, not that it is well formed: rows
// are checked against the query (exact group keys, no duplicates), figures
// against their meaning (non-negative counts, min ≤ max, a sketch holding n
// values), and suppressed rows must carry no figures.
import {
  IUCN_CATEGORIES,
  MATRICES,
  POLYMERS,
  SHAPES,
  SITE_TYPES,
  SIZE_CLASSES,
  TEAM_TYPES,
  BASIS_OF_RECORD,
  ISO_ALPHA2,
  isSpdxLicence,
} from '@littoral/contracts';
import { UNIT_FAMILIES, tryParseUnit } from '@littoral/units';
import { Checker, finish, join, show, type Json, type Parsed } from './check.js';
import { readSketch, sketchCount } from './sketch.js';
import {
  MAX_ROWS_PER_ANSWER,
  MAX_TAXA_PER_ROW,
  NODE_ANSWER_STATUSES,
  groupKeysOf,
  isSummaryKind,
  readLitterCategory,
  type FederatedQuery,
  type GridSizeDeg,
  type NodeAnswerBody,
  type SummaryRow,
} from './summary-contracts.js';
import { groupKeyText } from './merge.js';

const ANSWER_KEYS = ['correlationId', 'kind', 'status', 'level', 'reason', 'rows', 'records', 'exhausted', 'suppressedGroups', 'freshness', 'datasets', 'queryMs'];
const COUNT = { min: 0, integer: true } as const;
const NON_NEG = { min: 0 } as const;

type GroupReader = (c: Checker, v: unknown, p: string, gridSize: GridSizeDeg | undefined) => unknown;
const nullable = (read: GroupReader): GroupReader => (c, v, p, g) => (v === null ? null : read(c, v, p, g));
const code = (list: readonly string[], what: string): GroupReader => (c, v, p) => c.code(v, p, list, what);
const YEAR: GroupReader = (c, v, p) => c.number(v, p, { integer: true, min: 1800, max: 2200 });
const MONTH: GroupReader = (c, v, p) => c.number(v, p, { integer: true, min: 1, max: 12 });
const COUNTRY: GroupReader = (c, v, p) => {
  const s = c.string(v, p, { pattern: /^[A-Z]{2}$/, expected: 'an ISO 3166-1 alpha-2 code' });
  return s !== undefined && !ISO_ALPHA2.has(s) ? c.fail(p, `got ${show(s)}; expected an assigned ISO 3166-1 alpha-2 code`) : s;
};
const CELL: GroupReader = (c, v, p, gridSize) => {
  const o = c.object(v, p, ['sizeDeg', 'row', 'col'], ['sizeDeg', 'row', 'col']);
  if (!o) return undefined;
  if (o.sizeDeg !== gridSize) return c.fail(join(p, 'sizeDeg'), `got ${show(o.sizeDeg)}; expected the query's grid size ${String(gridSize)}`);
  const size = gridSize as number;
  const row = c.number(o.row, join(p, 'row'), { integer: true, min: 0, max: Math.ceil(180 / size) });
  const col = c.number(o.col, join(p, 'col'), { integer: true, min: 0, max: Math.ceil(360 / size) });
  return row === undefined || col === undefined ? undefined : { sizeDeg: size, row, col };
};
const TEXT: GroupReader = (c, v, p) => c.string(v, p, { max: 300 });

const GROUP_READERS: Record<string, GroupReader> = {
  country: COUNTRY,
  year: nullable(YEAR),
  month: nullable(MONTH),
  siteType: code(SITE_TYPES, 'a site type'),
  matrix: code(MATRICES, 'a matrix code'),
  polymer: nullable(code(POLYMERS, 'a polymer code')),
  sizeClass: nullable(code(SIZE_CLASSES, 'a size class')),
  shape: nullable(code(SHAPES, 'a shape code')),
  cell: nullable(CELL),
  site: (c, v, p) => c.string(v, p, { pattern: /^[A-Z]{2}\/[^/]+\/.+$/, expected: '"<country>/<datasetId>/<beach key>"', max: 300 }),
  category: (c, v, p) => readLitterCategory(c, v, p),
  teamType: nullable(code(TEAM_TYPES, 'a team type')),
  kingdom: nullable(TEXT),
  taxonRank: nullable(TEXT),
  taxon: TEXT,
};

function readGroup(c: Checker, v: unknown, p: string, keys: readonly string[], gridSize: GridSizeDeg | undefined): Json | undefined {
  const o = c.object(v, p, keys, keys);
  if (!o) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = GROUP_READERS[k](c, o[k], join(p, k), gridSize);
  return out;
}

/**
 * The one rule for sums over nothing (docs/federation.md §1): in an answer a
 * sum (or sketch) over nothing is null — "nothing of that kind recorded",
 * as SQL's sum() gives it — never a 0 that would read as a measurement.
 * Counts are always numbers on a visible row. Where the count of what a sum
 * adds travels with it, the two must agree (null exactly when the count is 0).
 */
const NULLABLE_FIGURES: ReadonlySet<string> = new Set([
  'particles', 'weightKg', 'volunteers', 'lengthM', 'lengthItems', 'areaM2', 'areaItems', 'per100mSketch', 'individuals',
]);

/** Reads `figures` of a row: all null when suppressed, all present otherwise (NULLABLE_FIGURES may be null). */
function figures(c: Checker, o: Json, p: string, suppressed: boolean | undefined, read: Record<string, (v: unknown, q: string) => unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, r] of Object.entries(read)) {
    const q = join(p, k);
    if (suppressed) {
      if (o[k] !== null) c.fail(q, `got ${show(o[k])} in a suppressed row; expected null`);
      out[k] = null;
    } else if (o[k] === null && NULLABLE_FIGURES.has(k)) out[k] = null;
    else if (o[k] === null || o[k] === undefined) c.fail(q, `got ${show(o[k])}; a visible row must carry it`);
    else out[k] = r(o[k], q);
  }
  return out;
}

/**
 * A sum is null exactly when the count that travels with it is 0, and sums over
 * the same surveys are null together (checked on visible rows, after the figures were read).
 */
function checkNothingRecorded(c: Checker, kind: string, f: Record<string, unknown>, p: string): void {
  const sumWithCount = (sum: string, count: string) => {
    if (typeof f[count] !== 'number' || f[sum] === undefined) return;
    if ((f[count] === 0) !== (f[sum] === null)) {
      c.fail(join(p, sum), `got ${show(f[sum])} with ${count} = ${String(f[count])}; expected null exactly when ${count} is 0 (a sum over nothing is null)`);
    }
  };
  const together = (a: string, b: string) => {
    if (f[a] === undefined || f[b] === undefined) return;
    if ((f[a] === null) !== (f[b] === null)) c.fail(join(p, b), `got ${show(f[b])} with ${a} = ${show(f[a])}; expected both null or both set (they sum the same surveys)`);
  };
  if (kind === 'beachLitterSummary') {
    sumWithCount('weightKg', 'weighedSurveys');
    together('lengthM', 'lengthItems');
    together('lengthM', 'per100mSketch');
    together('areaM2', 'areaItems');
  } else if (kind === 'speciesSummary') {
    sumWithCount('individuals', 'countedOccurrences');
  }
}

const datasetIds = (c: Checker, v: unknown, p: string) => c.list(v, p, (x, q) => c.string(x, q, { max: 120 }), { allowEmpty: true, max: 10_000 });

function concentrationBlock(c: Checker, v: unknown, p: string): unknown {
  const keys = ['matrix', 'sizeClass', 'family', 'unit', 'n', 'sum', 'min', 'max', 'sketch'];
  const o = c.object(v, p, keys, keys);
  if (!o) return undefined;
  const family = c.code(o.family, join(p, 'family'), UNIT_FAMILIES, 'a unit family');
  const unitText = c.string(o.unit, join(p, 'unit'), { max: 40 });
  const unit = unitText === undefined ? undefined : tryParseUnit(unitText);
  if (unitText !== undefined && family !== undefined && unit?.family !== family) c.fail(join(p, 'unit'), `got ${show(unitText)}; expected a unit of the ${family} family`);
  const n = c.number(o.n, join(p, 'n'), { min: 1, integer: true });
  const sum = c.number(o.sum, join(p, 'sum'), NON_NEG);
  const min = c.number(o.min, join(p, 'min'), NON_NEG);
  const max = c.number(o.max, join(p, 'max'), NON_NEG);
  const sketch = readSketch(c, o.sketch, join(p, 'sketch'));
  if (min !== undefined && max !== undefined && min > max) c.fail(p, `min ${min} is above max ${max}`);
  if (sketch && n !== undefined && sketchCount(sketch) !== n) c.fail(join(p, 'sketch'), `holds ${sketchCount(sketch)} values; expected n = ${n}`);
  return {
    matrix: c.code(o.matrix, join(p, 'matrix'), MATRICES, 'a matrix code'),
    sizeClass: o.sizeClass === null ? null : c.code(o.sizeClass, join(p, 'sizeClass'), SIZE_CLASSES, 'a size class or null'),
    family, unit: unitText, n, sum, min, max, sketch,
  };
}

function readRow(c: Checker, kind: string, v: unknown, p: string, keys: readonly string[], gridSize: GridSizeDeg | undefined): SummaryRow | undefined {
  const fields: Record<string, string[]> = {
    microplasticSummary: ['samples', 'particles', 'concentrations'],
    beachLitterSummary: ['surveys', 'items', 'weightKg', 'weighedSurveys', 'volunteers', 'lengthM', 'lengthItems', 'areaM2', 'areaItems', 'per100mSketch', 'categories'],
    speciesSummary: ['occurrences', 'individuals', 'countedOccurrences', 'taxa', 'iucn'],
  };
  const all = ['group', 'suppressed', 'datasets', ...fields[kind]];
  const o = c.object(v, p, all, all);
  if (!o) return undefined;
  const suppressed = c.boolean(o.suppressed, join(p, 'suppressed'));
  const group = readGroup(c, o.group, join(p, 'group'), keys, gridSize);
  const count = (x: unknown, q: string) => c.number(x, q, COUNT);
  const amount = (x: unknown, q: string) => c.number(x, q, NON_NEG);
  let read: Record<string, (x: unknown, q: string) => unknown>;
  if (kind === 'microplasticSummary') {
    read = { samples: count, particles: count, concentrations: (x, q) => c.list(x, q, (b, r) => concentrationBlock(c, b, r), { allowEmpty: true, max: 500 }) };
  } else if (kind === 'beachLitterSummary') {
    read = {
      surveys: count, items: count, weightKg: amount, weighedSurveys: count, volunteers: count, lengthM: amount, lengthItems: count, areaM2: amount, areaItems: count,
      per100mSketch: (x, q) => readSketch(c, x, q),
      categories: (x, q) =>
        c.list(x, q, (e, r) => {
          const k = c.object(e, r, ['category', 'items', 'weightKg'], ['category', 'items', 'weightKg']);
          if (!k) return undefined;
          return { category: readLitterCategory(c, k.category, join(r, 'category')), items: count(k.items, join(r, 'items')), weightKg: k.weightKg === null ? null : amount(k.weightKg, join(r, 'weightKg')) };
        }, { allowEmpty: true, max: 5000 }),
    };
  } else {
    read = {
      occurrences: count, individuals: count, countedOccurrences: count,
      taxa: (x, q) => {
        const taxa = c.list(x, q, (t, r) => c.string(t, r, { max: 400 }), { allowEmpty: true, max: MAX_TAXA_PER_ROW });
        if (taxa && taxa.some((t, i) => i > 0 && taxa[i - 1] >= t)) c.fail(q, 'expected distinct taxon keys in ascending order');
        return taxa;
      },
      iucn: (x, q) =>
        c.list(x, q, (e, r) => {
          const k = c.object(e, r, ['category', 'occurrences'], ['category', 'occurrences']);
          if (!k) return undefined;
          return { category: k.category === null ? null : c.code(k.category, join(r, 'category'), IUCN_CATEGORIES, 'an IUCN category or null'), occurrences: count(k.occurrences, join(r, 'occurrences')) };
        }, { allowEmpty: true, max: IUCN_CATEGORIES.length + 1 }),
    };
  }
  const fig = figures(c, o, p, suppressed, read);
  if (suppressed === false) checkNothingRecorded(c, kind, fig, p);
  const datasets = datasetIds(c, o.datasets, join(p, 'datasets'));
  if (!group || suppressed === undefined || !datasets) return undefined;
  return { group, suppressed, ...fig, datasets } as unknown as SummaryRow;
}

const RECORD_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  samples: {
    required: ['country', 'datasetId', 'sampleKey', 'siteType', 'matrix'],
    optional: ['siteName', 'device', 'meshSizeMm', 'sampledAt', 'latitude', 'longitude', 'coordinatePrecisionDeg', 'particles', 'concentrations'],
  },
  occurrences: {
    required: ['country', 'datasetId', 'occurrenceKey', 'scientificName', 'basisOfRecord'],
    optional: ['scientificNameId', 'taxonRank', 'kingdom', 'eventDate', 'decimalLatitude', 'decimalLongitude', 'coordinateUncertaintyInMeters', 'coordinatePrecision', 'individualCount', 'iucnCategory', 'dataGeneralizations'],
  },
};

function readRecord(c: Checker, kind: string, v: unknown, p: string): unknown {
  const o = c.object(v, p, ['position', 'record'], ['position', 'record']);
  if (!o) return undefined;
  const position = c.string(o.position, join(p, 'position'), { max: 1024 });
  const { required, optional } = RECORD_FIELDS[kind];
  const r = c.object(o.record, join(p, 'record'), [...required, ...optional], required);
  if (!r) return undefined;
  const q = join(p, 'record');
  COUNTRY(c, r.country, join(q, 'country'), undefined);
  if (kind === 'samples') {
    c.code(r.siteType, join(q, 'siteType'), SITE_TYPES, 'a site type');
    c.code(r.matrix, join(q, 'matrix'), MATRICES, 'a matrix code');
  } else {
    c.code(r.basisOfRecord, join(q, 'basisOfRecord'), BASIS_OF_RECORD, 'a Darwin Core basisOfRecord');
    if (r.iucnCategory !== undefined && r.iucnCategory !== null) c.code(r.iucnCategory, join(q, 'iucnCategory'), IUCN_CATEGORIES, 'an IUCN category');
  }
  for (const k of ['latitude', 'decimalLatitude']) if (typeof r[k] === 'number') c.number(r[k], join(q, k), { min: -90, max: 90 });
  for (const k of ['longitude', 'decimalLongitude']) if (typeof r[k] === 'number') c.number(r[k], join(q, k), { min: -180, max: 180 });
  return position === undefined ? undefined : { position, record: r };
}

function readDatasetRef(c: Checker, v: unknown, p: string): unknown {
  const keys = ['id', 'version', 'licence', 'citation'];
  const o = c.object(v, p, keys, keys);
  if (!o) return undefined;
  const licence = c.string(o.licence, join(p, 'licence'), { max: 80 });
  if (licence !== undefined && !isSpdxLicence(licence)) c.fail(join(p, 'licence'), `got ${show(licence)}; expected an SPDX licence identifier`);
  return { id: c.string(o.id, join(p, 'id'), { max: 120 }), version: c.string(o.version, join(p, 'version'), { max: 80 }), licence, citation: c.string(o.citation, join(p, 'citation'), { max: 2000 }) };
}

/**
 * Reads a node's answer body (the verified JWS payload without `iss`, `iat`
 * and `use`) against the query it answers: kind, group keys of the query's
 * dimensions, figures, sketches and datasets. Nothing unknown is accepted.
 */
export function parseNodeAnswer(query: FederatedQuery, input: unknown, path = 'answer'): Parsed<NodeAnswerBody> {
  const c = new Checker();
  const o = c.object(input, path, ANSWER_KEYS, ['correlationId', 'kind', 'status', 'level', 'suppressedGroups', 'freshness', 'datasets', 'queryMs']);
  if (!o) return finish<NodeAnswerBody>(c, undefined);
  if (o.kind !== query.kind) c.fail(join(path, 'kind'), `got ${show(o.kind)}; expected ${query.kind}, the kind asked`);
  const status = c.code(o.status, join(path, 'status'), NODE_ANSWER_STATUSES, 'a node answer status');
  if (o.level !== null) c.code(o.level, join(path, 'level'), ['METADATA', 'AGGREGATE', 'RECORDS'], 'an access level or null');
  if (o.reason !== undefined) c.string(o.reason, join(path, 'reason'), { max: 500 });
  c.string(o.correlationId, join(path, 'correlationId'), { max: 100 });
  c.number(o.suppressedGroups, join(path, 'suppressedGroups'), COUNT);
  c.number(o.queryMs, join(path, 'queryMs'), NON_NEG);
  if (o.freshness !== null) c.string(o.freshness, join(path, 'freshness'), { pattern: /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/, expected: 'an ISO 8601 date-time with a zone, or null', max: 40 });
  c.list(o.datasets, join(path, 'datasets'), (x, p) => readDatasetRef(c, x, p), { allowEmpty: true, max: 10_000 });
  const empty = status === 'DENIED' || status === 'ERROR';
  if (isSummaryKind(query.kind)) {
    const rowsPath = join(path, 'rows');
    if (o.records !== undefined || o.exhausted !== undefined) c.fail(path, 'a summary answer carries rows, not records');
    const rows = c.list(o.rows ?? [], rowsPath, (x, p) => readRow(c, query.kind, x, p, groupKeysOf((query as { groupBy: { by: string[] } }).groupBy), (query as { groupBy: { gridSizeDeg?: GridSizeDeg } }).groupBy.gridSizeDeg), {
      allowEmpty: true, max: MAX_ROWS_PER_ANSWER, distinct: false,
    });
    if (rows) {
      const keys = groupKeysOf((query as { groupBy: { by: string[] } }).groupBy);
      const seen = new Set<string>();
      rows.forEach((r, i) => {
        const k = groupKeyText(r.group as Json, keys);
        if (seen.has(k)) c.fail(`${rowsPath}[${i}].group`, `repeats group ${k}; expected one row per group`);
        seen.add(k);
      });
      if (empty && rows.length > 0) c.fail(rowsPath, `a ${status} answer carries no rows`);
    }
  } else {
    if (o.rows !== undefined) c.fail(path, 'a record answer carries records, not rows');
    const records = c.list(o.records ?? [], join(path, 'records'), (x, p) => readRecord(c, query.kind, x, p), { allowEmpty: true, max: (query as { first: number }).first, distinct: false });
    if (records && empty && records.length > 0) c.fail(join(path, 'records'), `a ${status} answer carries no records`);
    if (!empty) c.boolean(o.exhausted, join(path, 'exhausted'));
  }
  return finish(c, o as unknown as NodeAnswerBody);
}
