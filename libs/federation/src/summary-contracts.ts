// The contracts of federated queries (issue 5): what the hub asks a node and
// what each node answers. The hub validates an analyst's query with
// `parseFederatedQuery` before signing it; the node validates it again after
// verifying the envelope (it never trusts the hub's validation), and the hub
// validates every node answer (`parseNodeAnswer`) before merging it.
//
// Sums over nothing: a sum (or sketch) over nothing is null ("nothing
// recorded"), never 0; counts are always numbers on a visible row; a sum whose
// count travels with it is null exactly when that count is 0. See docs/federation.md §1.
//
// Every figure of an answer row is designed to merge EXACTLY across nodes:
// counts and sums add, means are Σsum / Σn, min/max combine, medians come from
// mergeable sketches, richness from the union of taxon sets. See
// docs/federation.md. This file only ever grows: never rename or remove a
// field or a code.
import {
  DEVICES,
  IUCN_CATEGORIES,
  LITTER_CODE_SYSTEMS,
  LITTER_SIZE_CLASSES,
  MATRICES,
  POLYMERS,
  SHAPES,
  SITE_TYPES,
  SIZE_CLASSES,
  SURVEY_PROTOCOLS,
  TEAM_TYPES,
  BASIS_OF_RECORD,
  ISO_ALPHA2,
  type BasisOfRecord,
  type Device,
  type IucnCategory,
  type LitterSizeClass,
  type Matrix,
  type Polymer,
  type Shape,
  type SiteType,
  type SizeClass,
  type SurveyProtocol,
  type TeamType,
} from '@littoral/contracts';
import type { UnitFamily } from '@littoral/units';
import { Checker, finish, join, type Json, type Parsed } from './check.js';

// ---------------------------------------------------------------------------
// Kinds, limits
// ---------------------------------------------------------------------------

/** Aggregate queries: answered with summary rows. */
export const SUMMARY_KINDS = ['microplasticSummary', 'beachLitterSummary', 'speciesSummary'] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];
/** Record queries: answered with records, only where a grant allows RECORDS. */
export const RECORD_KINDS = ['occurrences', 'samples'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
export const QUERY_KINDS = [...SUMMARY_KINDS, ...RECORD_KINDS] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

/**
 * Grid cell sizes a query may group by, in degrees. They nest (each divides
 * the larger ones), so a cell of one size lies wholly inside one cell of every
 * larger size.
 */
export const GRID_SIZES_DEG = [1, 0.5, 0.1, 0.05, 0.01] as const;
export type GridSizeDeg = (typeof GRID_SIZES_DEG)[number];

/** Largest page of records a query may ask for (`first`). */
export const MAX_PAGE_SIZE = 500;
/** Page size when `first` is not given. */
export const DEFAULT_PAGE_SIZE = 100;
/** Most grouping dimensions in one summary query. */
export const MAX_GROUP_DIMENSIONS = 4;
/** Most rows one node answer may carry (a node with more answers ERROR, never a silent cut). */
export const MAX_ROWS_PER_ANSWER = 20_000;
/** Most distinct taxon keys one species row may carry. */
export const MAX_TAXA_PER_ROW = 20_000;
/** Most values in one filter list. */
export const MAX_FILTER_VALUES = 200;

// ---------------------------------------------------------------------------
// Filters
// ---------------------------------------------------------------------------

/** WGS84 box, degrees. `west ≤ east` (a box across the antimeridian is asked as two queries). */
export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Half-open time range [from, to). Each bound is an ISO 8601 date
 * (`2021-01-01`, meaning 00:00 UTC that day) or a date-time with a zone.
 */
export interface TimeRange {
  from?: string;
  to?: string;
}

/** Inclusive numeric range; at least one bound. */
export interface NumberRange {
  min?: number;
  max?: number;
}

/** Filter of `microplasticSummary` and `samples`. Every key optional; lists are non-empty and distinct. */
export interface MicroplasticFilter {
  /** ISO 3166-1 alpha-2 codes: which nodes the hub asks (all members when absent). */
  countries?: string[];
  bbox?: BBox;
  timeRange?: TimeRange;
  siteTypes?: SiteType[];
  matrices?: Matrix[];
  devices?: Device[];
  /** Net/filter mesh size in millimetres (inclusive). Samples without a mesh size are excluded when given. */
  meshSizeMm?: NumberRange;
  /** Restrict particle counts (and concentration blocks) to these size classes. */
  sizeClasses?: SizeClass[];
  /** Restrict particle counts to these polymers. */
  polymers?: Polymer[];
  /** Restrict particle counts to these shapes. */
  shapes?: Shape[];
}

/**
 * A litter category: `"<code system>:<code>"`, e.g. `"JLIST:J8"`, `"UNEP_IOC:PL02"`.
 * The code system is one of LITTER_CODE_SYSTEMS; the node checks the code against its `litter_code` table.
 */
export type LitterCategory = string;

/** Filter of `beachLitterSummary`. */
export interface BeachLitterFilter {
  countries?: string[];
  bbox?: BBox;
  timeRange?: TimeRange;
  teamTypes?: TeamType[];
  protocols?: SurveyProtocol[];
  categories?: LitterCategory[];
  litterSizeClasses?: LitterSizeClass[];
  /** Only monitoring surveys (is_monitoring). Density figures always use monitoring surveys only. */
  monitoringOnly?: boolean;
}

/** Filter of `speciesSummary` and `occurrences`. Only `present` occurrences are counted or returned. */
export interface SpeciesFilter {
  countries?: string[];
  bbox?: BBox;
  timeRange?: TimeRange;
  kingdoms?: string[];
  /** Exact scientific names as stored (compared trimmed, case-sensitive). */
  scientificNames?: string[];
  /** `null` in the list selects occurrences without a category. */
  iucnCategories?: (IucnCategory | null)[];
  basisOfRecord?: BasisOfRecord[];
  /** Depth in metres; an occurrence matches when its depth interval overlaps the range. */
  depthM?: NumberRange;
}

// ---------------------------------------------------------------------------
// Group by
// ---------------------------------------------------------------------------

export const MICROPLASTIC_GROUP_BY = ['COUNTRY', 'YEAR', 'MONTH', 'SITE_TYPE', 'MATRIX', 'POLYMER', 'SIZE_CLASS', 'SHAPE', 'GRID'] as const;
export type MicroplasticDimension = (typeof MICROPLASTIC_GROUP_BY)[number];
export const BEACH_LITTER_GROUP_BY = ['COUNTRY', 'SITE', 'CATEGORY', 'YEAR', 'MONTH', 'TEAM_TYPE'] as const;
export type BeachLitterDimension = (typeof BEACH_LITTER_GROUP_BY)[number];
/**
 * `TAXON_RANK` groups by the occurrence's own `taxonRank` (species, genus…);
 * `KINGDOM` by its kingdom; `TAXON` by its taxon key (see {@link SpeciesRow.taxa}).
 */
export const SPECIES_GROUP_BY = ['COUNTRY', 'GRID', 'YEAR', 'KINGDOM', 'TAXON_RANK', 'TAXON'] as const;
export type SpeciesDimension = (typeof SPECIES_GROUP_BY)[number];

/** How to group. `by` may be empty (one total row); `gridSizeDeg` is required with GRID and refused without it. */
export interface GroupBy<D extends string> {
  by: D[];
  gridSizeDeg?: GridSizeDeg;
}

/**
 * A grid cell, by integer indices on the grid anchored at (−90°, −180°), the
 * same convention as the policy engine's snapping:
 * `row = floor((lat + 90) / sizeDeg)`, `col = floor((lon + 180) / sizeDeg)`,
 * computed on positions ALREADY snapped to the grant's precision.
 * Integers, so cells from different nodes compare exactly.
 */
export interface GridCell {
  sizeDeg: GridSizeDeg;
  row: number;
  col: number;
}

/** Centre of a grid cell, in degrees (for display). */
export function cellCentre(cell: GridCell): { lat: number; lon: number } {
  return { lat: -90 + (cell.row + 0.5) * cell.sizeDeg, lon: -180 + (cell.col + 0.5) * cell.sizeDeg };
}

/**
 * Group key of a microplastics row: exactly the keys of the dimensions grouped by.
 * `null` means "not recorded" (e.g. a particle count without a polymer).
 * YEAR and MONTH are of `sampled_at` in UTC; MONTH is 1..12 (combine with YEAR for a time series).
 */
export interface MicroplasticGroupKey {
  country?: string;
  year?: number | null;
  month?: number | null;
  siteType?: SiteType;
  matrix?: Matrix;
  polymer?: Polymer | null;
  sizeClass?: SizeClass | null;
  shape?: Shape | null;
  cell?: GridCell | null;
}

/**
 * Group key of a beach-litter row. `site` is `"<country>/<datasetId>/<beach source key>"`;
 * `category` a {@link LitterCategory}; YEAR/MONTH are of `survey_date` (a local date).
 */
export interface BeachLitterGroupKey {
  country?: string;
  site?: string;
  category?: LitterCategory;
  year?: number;
  month?: number;
  teamType?: TeamType | null;
}

/** Group key of a species row. YEAR is of `event_start` in UTC. */
export interface SpeciesGroupKey {
  country?: string;
  cell?: GridCell | null;
  year?: number | null;
  kingdom?: string | null;
  taxonRank?: string | null;
  taxon?: string;
}

/** The group-key property each dimension fills. */
export const GROUP_KEY_OF: Readonly<Record<MicroplasticDimension | BeachLitterDimension | SpeciesDimension, string>> = {
  COUNTRY: 'country',
  YEAR: 'year',
  MONTH: 'month',
  SITE_TYPE: 'siteType',
  MATRIX: 'matrix',
  POLYMER: 'polymer',
  SIZE_CLASS: 'sizeClass',
  SHAPE: 'shape',
  GRID: 'cell',
  SITE: 'site',
  CATEGORY: 'category',
  TEAM_TYPE: 'teamType',
  KINGDOM: 'kingdom',
  TAXON_RANK: 'taxonRank',
  TAXON: 'taxon',
};

// ---------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------

export interface MicroplasticSummaryQuery {
  kind: 'microplasticSummary';
  filter: MicroplasticFilter;
  groupBy: GroupBy<MicroplasticDimension>;
}
export interface BeachLitterSummaryQuery {
  kind: 'beachLitterSummary';
  filter: BeachLitterFilter;
  groupBy: GroupBy<BeachLitterDimension>;
}
export interface SpeciesSummaryQuery {
  kind: 'speciesSummary';
  filter: SpeciesFilter;
  groupBy: GroupBy<SpeciesDimension>;
}
/**
 * A page of records. At the hub `after` is the hub's signed cursor (see
 * envelope.ts); in the envelope a node receives, `after` is that node's own
 * opaque position from an earlier answer (or absent for the first page).
 */
export interface OccurrencesQuery {
  kind: 'occurrences';
  filter: SpeciesFilter;
  first: number;
  after?: string;
}
export interface SamplesQuery {
  kind: 'samples';
  filter: MicroplasticFilter;
  first: number;
  after?: string;
}
export type SummaryQuery = MicroplasticSummaryQuery | BeachLitterSummaryQuery | SpeciesSummaryQuery;
export type RecordQuery = OccurrencesQuery | SamplesQuery;
export type FederatedQuery = SummaryQuery | RecordQuery;

// ---------------------------------------------------------------------------
// Answer rows (one node's answer; every figure mergeable exactly)
// ---------------------------------------------------------------------------

/**
 * Compact, mergeable quantile sketch (DDSketch-style, see sketch.ts):
 * `bins` are `[index, count]` with distinct integer indices in increasing order,
 * counts positive integers; `zeros` counts values equal to 0.
 */
export interface SketchJson {
  alpha: number;
  zeros: number;
  bins: [number, number][];
}

/**
 * Concentration results of one matrix, size class and unit family within a
 * group. Results of different families are never combined (DOMAIN §1.9): a
 * surface-water group can carry one VOLUME block (pieces/m3) and one AREA_SEA
 * block (pieces/km2). Only results with `correction = 'NONE'` are used.
 * `unit` should be the family's canonical unit (CANONICAL_UNITS); another unit
 * of the same family is converted by the hub.
 */
export interface ConcentrationBlock {
  matrix: Matrix;
  /** The result's size class; `null` = a whole-sample result (no size class). */
  sizeClass: SizeClass | null;
  family: UnitFamily;
  unit: string;
  /** Number of results (one per sample, matrix, size class and family). */
  n: number;
  /** Σ values, in `unit`. Mean = Σsum / Σn. */
  sum: number;
  min: number;
  max: number;
  /** Sketch of the values in `unit`, with SKETCH_ALPHA. */
  sketch: SketchJson;
}

/**
 * One microplastics group.
 * - `samples`: distinct samples in the group (with at least one matching particle
 *   count when a particle filter — sizeClasses, polymers, shapes — is given or
 *   the group has a particle dimension).
 * - `particles`: Σ particle counts (`mp_particle_count.count`) in the group.
 * - `concentrations`: one block per (matrix, sizeClass, family). Empty when
 *   grouping by POLYMER or SHAPE (stored concentrations are not per polymer or
 *   shape); when grouping or filtering by size class, only results of those classes.
 * Suppressed rows have `null` figures.
 */
export interface MicroplasticRow {
  group: MicroplasticGroupKey;
  suppressed: boolean;
  samples: number | null;
  particles: number | null;
  concentrations: ConcentrationBlock[] | null;
  /** Ids of the node's datasets that contributed to the row (may be empty when suppressed). */
  datasets: string[];
}

/** Items of one litter category within a group. */
export interface CategoryCount {
  category: LitterCategory;
  items: number;
  /** Σ weight_kg of the counts that report a weight; null when none does. */
  weightKg: number | null;
}

/**
 * One beach-litter group. Densities are ratios of sums, computed by the hub
 * after merging: items/100 m = Σ lengthItems / Σ lengthM × 100,
 * items/m² = Σ areaItems / Σ areaM2 (monitoring surveys only).
 * Under CATEGORY grouping, survey-level figures (weight, volunteers, lengths)
 * are those of the surveys that recorded the category.
 */
export interface BeachLitterRow {
  group: BeachLitterGroupKey;
  suppressed: boolean;
  /** Distinct surveys. */
  surveys: number | null;
  /** Σ item counts. */
  items: number | null;
  /** Σ survey `total_weight_kg`, over surveys that report it (`weighedSurveys`); null when none does. */
  weightKg: number | null;
  /** Surveys that report a total weight. */
  weighedSurveys: number | null;
  /** Σ volunteers, over surveys that report it; null when none does. */
  volunteers: number | null;
  /** Σ surveyed_length_m of monitoring surveys with a length; null when there is none (then lengthItems and per100mSketch are null too). */
  lengthM: number | null;
  /** Σ items of those same surveys. */
  lengthItems: number | null;
  /** Σ surveyed_area_m2 of monitoring surveys with an area; null when there is none (then areaItems is null too). */
  areaM2: number | null;
  /** Σ items of those same surveys. */
  areaItems: number | null;
  /** Sketch of per-survey items/100 m over monitoring surveys with a length (median as in the EU method). */
  per100mSketch: SketchJson | null;
  /** Every category recorded in the group, with its items. */
  categories: CategoryCount[] | null;
  datasets: string[];
}

/** Occurrences per IUCN category within a group; `category: null` = no category recorded. */
export interface IucnCount {
  category: IucnCategory | null;
  occurrences: number;
}

/**
 * One species group.
 * - `occurrences`: present occurrences; `individuals`: Σ individual_count over
 *   those reporting it (`countedOccurrences`); null when none does.
 * - `taxa`: the DISTINCT taxon keys of the group, sorted, so richness merges
 *   exactly as the size of the union (richness is not additive). Taxon key =
 *   `scientific_name_id` when present, else `"name:" + scientific_name` with
 *   runs of spaces collapsed (see TAXON_KEY_SQL).
 */
export interface SpeciesRow {
  group: SpeciesGroupKey;
  suppressed: boolean;
  occurrences: number | null;
  individuals: number | null;
  countedOccurrences: number | null;
  taxa: string[] | null;
  iucn: IucnCount[] | null;
  datasets: string[];
}

/** SQL for the taxon key of `bio_occurrence` (see {@link SpeciesRow.taxa}). */
export const TAXON_KEY_SQL =
  "coalesce(nullif(btrim(scientific_name_id), ''), 'name:' || regexp_replace(btrim(scientific_name), '\\s+', ' ', 'g'))";

export type SummaryRow = MicroplasticRow | BeachLitterRow | SpeciesRow;

/** A concentration value of a sample record. */
export interface SampleConcentration {
  sizeClass: SizeClass | null;
  family: UnitFamily;
  unit: string;
  value: number;
}

/**
 * A sample record (RECORDS grants only). Optional fields are absent when the
 * grant redacts them; positions are already snapped by the node.
 */
export interface SampleRecord {
  country: string;
  datasetId: string;
  sampleKey: string;
  siteType: SiteType;
  siteName?: string | null;
  matrix: Matrix;
  device?: Device | null;
  meshSizeMm?: number | null;
  sampledAt?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  coordinatePrecisionDeg?: number | null;
  particles?: number | null;
  concentrations?: SampleConcentration[];
}

/** An occurrence record (Darwin Core terms; RECORDS grants only), redacted and snapped by the node. */
export interface OccurrenceRecord {
  country: string;
  datasetId: string;
  occurrenceKey: string;
  scientificName: string;
  scientificNameId?: string | null;
  taxonRank?: string | null;
  kingdom?: string | null;
  eventDate?: string | null;
  decimalLatitude?: number | null;
  decimalLongitude?: number | null;
  coordinateUncertaintyInMeters?: number | null;
  coordinatePrecision?: number | null;
  individualCount?: number | null;
  basisOfRecord: BasisOfRecord;
  iucnCategory?: IucnCategory | null;
  dataGeneralizations?: string | null;
}

/** A record with the node's opaque position after it (what `after` resumes from). */
export interface RecordItem<R> {
  position: string;
  record: R;
}

// ---------------------------------------------------------------------------
// Node answers
// ---------------------------------------------------------------------------

/** Statuses a node itself may answer with (TIMEOUT and UNREACHABLE are decided by the hub). */
export const NODE_ANSWER_STATUSES = ['OK', 'DENIED', 'PARTIAL', 'ERROR'] as const;
export type NodeAnswerStatus = (typeof NODE_ANSWER_STATUSES)[number];

/** A dataset an answer used, for attribution. */
export interface DatasetRef {
  id: string;
  /** Dataset version (catalogue version number or modification stamp) as a string. */
  version: string;
  /** SPDX licence identifier. */
  licence: string;
  citation: string;
}

/**
 * The body of a node's signed answer (payload of a `queryAnswer` JWS, besides
 * `iss` and `iat` added by signing). `rows` for summary kinds, `records` and
 * `exhausted` for record kinds; DENIED and ERROR carry empty lists.
 * PARTIAL: the node answered for some of its datasets only (others denied or
 * failed) — the rows are correct for those datasets but are not the node's totals.
 */
export interface NodeAnswerBody {
  correlationId: string;
  kind: QueryKind;
  status: NodeAnswerStatus;
  /** Access level applied; null when denied. */
  level: 'METADATA' | 'AGGREGATE' | 'RECORDS' | null;
  /** Safe, human-readable reason for DENIED / PARTIAL / ERROR. */
  reason?: string;
  rows?: SummaryRow[];
  records?: RecordItem<SampleRecord | OccurrenceRecord>[];
  /** Record queries: true when no record follows the last one. */
  exhausted?: boolean;
  /** Rows output as suppressed (primary + complementary). */
  suppressedGroups: number;
  /** Newest data modification among the datasets used (ISO date-time), null if none. */
  freshness: string | null;
  datasets: DatasetRef[];
  /** The node's own time to compute the answer, ms. */
  queryMs: number;
}

// ---------------------------------------------------------------------------
// Query validation
// ---------------------------------------------------------------------------

const COUNTRY = /^[A-Z]{2}$/;
const CATEGORY = /^([A-Z_]+):([A-Za-z0-9_.\-/]{1,40})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds of an ISO date (00:00 UTC) or date-time with zone; undefined when not one or impossible. */
export function parseInstantMs(text: string): number | undefined {
  const d = DATE.exec(text);
  const t = d ? undefined : DATE_TIME.exec(text);
  const m = d ?? t;
  if (!m) return undefined;
  const [y, mo, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, day));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== day) return undefined;
  if (t && (Number(t[4]) > 23 || Number(t[5]) > 59 || (t[7] !== undefined && Number(t[7]) > 59))) return undefined;
  const ms = Date.parse(d ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

function countries(c: Checker, v: unknown, path: string): string[] | undefined {
  return c.list(v, path, (x, p) => {
    const s = c.string(x, p, { pattern: COUNTRY, expected: 'an ISO 3166-1 alpha-2 code in capitals, e.g. "TH"' });
    if (s !== undefined && !ISO_ALPHA2.has(s)) return c.fail(p, `got ${JSON.stringify(s)}; expected an assigned ISO 3166-1 alpha-2 code`);
    return s;
  }, { max: MAX_FILTER_VALUES });
}

function codes<T extends string>(c: Checker, v: unknown, path: string, list: readonly T[], what: string): T[] | undefined {
  return c.list(v, path, (x, p) => c.code(x, p, list, what), { max: list.length });
}

function bbox(c: Checker, v: unknown, path: string): BBox | undefined {
  const o = c.object(v, path, ['west', 'south', 'east', 'north'], ['west', 'south', 'east', 'north']);
  if (!o) return undefined;
  const west = c.number(o.west, join(path, 'west'), { min: -180, max: 180 });
  const east = c.number(o.east, join(path, 'east'), { min: -180, max: 180 });
  const south = c.number(o.south, join(path, 'south'), { min: -90, max: 90 });
  const north = c.number(o.north, join(path, 'north'), { min: -90, max: 90 });
  if (west === undefined || east === undefined || south === undefined || north === undefined) return undefined;
  if (west > east) return c.fail(path, `west ${west} is east of east ${east}; expected west ≤ east (ask a box across the antimeridian as two queries)`);
  if (south > north) return c.fail(path, `south ${south} is north of north ${north}; expected south ≤ north`);
  return { west, south, east, north };
}

function timeRange(c: Checker, v: unknown, path: string): TimeRange | undefined {
  const o = c.object(v, path, ['from', 'to']);
  if (!o) return undefined;
  if (o.from === undefined && o.to === undefined) return c.fail(path, 'has neither from nor to; give at least one bound or leave timeRange out');
  const out: TimeRange = {};
  const bounds: number[] = [];
  for (const key of ['from', 'to'] as const) {
    if (o[key] === undefined) continue;
    const p = join(path, key);
    const s = c.string(o[key], p, { expected: 'an ISO 8601 date (2021-01-01) or date-time with a zone (2021-01-01T00:00:00Z)', max: 40 });
    if (s === undefined) continue;
    const ms = parseInstantMs(s);
    if (ms === undefined) {
      c.fail(p, `got ${JSON.stringify(s)}; expected an ISO 8601 date (2021-01-01) or date-time with a zone (2021-01-01T00:00:00Z)`);
      continue;
    }
    out[key] = s;
    bounds.push(ms);
  }
  if (out.from !== undefined && out.to !== undefined && bounds[0] >= bounds[1]) {
    return c.fail(path, `from ${out.from} is not before to ${out.to}; expected from < to (the range is [from, to))`);
  }
  return out;
}

function numberRange(c: Checker, v: unknown, path: string, unit: string): NumberRange | undefined {
  const o = c.object(v, path, ['min', 'max']);
  if (!o) return undefined;
  if (o.min === undefined && o.max === undefined) return c.fail(path, 'has neither min nor max; give at least one bound');
  const out: NumberRange = {};
  if (o.min !== undefined) out.min = c.number(o.min, join(path, 'min'), { min: 0 });
  if (o.max !== undefined) out.max = c.number(o.max, join(path, 'max'), { min: 0 });
  if (out.min !== undefined && out.max !== undefined && out.min > out.max) {
    return c.fail(path, `min ${out.min} ${unit} is above max ${out.max} ${unit}; expected min ≤ max`);
  }
  return out;
}

type FieldReader = (c: Checker, v: unknown, path: string) => unknown;

function readFilter<T>(c: Checker, v: unknown, path: string, fields: Record<string, FieldReader>): T | undefined {
  const o = c.object(v, path, Object.keys(fields));
  if (!o) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, read] of Object.entries(fields)) {
    if (o[key] === undefined) continue;
    const value = read(c, o[key], join(path, key));
    if (value !== undefined) out[key] = value;
  }
  return out as T;
}

const MICROPLASTIC_FILTER: Record<keyof MicroplasticFilter, FieldReader> = {
  countries,
  bbox,
  timeRange,
  siteTypes: (c, v, p) => codes(c, v, p, SITE_TYPES, 'a site type'),
  matrices: (c, v, p) => codes(c, v, p, MATRICES, 'a matrix code'),
  devices: (c, v, p) => codes(c, v, p, DEVICES, 'a device code'),
  meshSizeMm: (c, v, p) => numberRange(c, v, p, 'mm'),
  sizeClasses: (c, v, p) => codes(c, v, p, SIZE_CLASSES, 'a size class'),
  polymers: (c, v, p) => codes(c, v, p, POLYMERS, 'a polymer code'),
  shapes: (c, v, p) => codes(c, v, p, SHAPES, 'a shape code'),
};

/** Reads a litter category `"<system>:<code>"`. */
export function readLitterCategory(c: Checker, v: unknown, path: string): LitterCategory | undefined {
  const expected = `"<code system>:<code>" with a code system among ${LITTER_CODE_SYSTEMS.join(', ')}, e.g. "JLIST:J8"`;
  const s = c.string(v, path, { expected, max: 60 });
  if (s === undefined) return undefined;
  const m = CATEGORY.exec(s);
  if (!m || !(LITTER_CODE_SYSTEMS as readonly string[]).includes(m[1])) return c.fail(path, `got ${JSON.stringify(s)}; expected ${expected}`);
  return s;
}

const BEACH_LITTER_FILTER: Record<keyof BeachLitterFilter, FieldReader> = {
  countries,
  bbox,
  timeRange,
  teamTypes: (c, v, p) => codes(c, v, p, TEAM_TYPES, 'a team type'),
  protocols: (c, v, p) => codes(c, v, p, SURVEY_PROTOCOLS, 'a survey protocol'),
  categories: (c, v, p) => c.list(v, p, (x, q) => readLitterCategory(c, x, q), { max: MAX_FILTER_VALUES }),
  litterSizeClasses: (c, v, p) => codes(c, v, p, LITTER_SIZE_CLASSES, 'a litter size class'),
  monitoringOnly: (c, v, p) => c.boolean(v, p),
};

const SPECIES_FILTER: Record<keyof SpeciesFilter, FieldReader> = {
  countries,
  bbox,
  timeRange,
  kingdoms: (c, v, p) => c.list(v, p, (x, q) => c.string(x, q, { max: 100 }), { max: MAX_FILTER_VALUES }),
  scientificNames: (c, v, p) => c.list(v, p, (x, q) => c.string(x, q, { max: 300 }), { max: MAX_FILTER_VALUES }),
  iucnCategories: (c, v, p) =>
    c.list(v, p, (x, q) => (x === null ? null : c.code(x, q, IUCN_CATEGORIES, 'an IUCN Red List category (or null)')) as IucnCategory | null | undefined, {
      max: IUCN_CATEGORIES.length + 1,
    }),
  basisOfRecord: (c, v, p) => codes(c, v, p, BASIS_OF_RECORD, 'a Darwin Core basisOfRecord'),
  depthM: (c, v, p) => numberRange(c, v, p, 'm'),
};

function groupBy<D extends string>(c: Checker, v: unknown, path: string, dims: readonly D[]): GroupBy<D> | undefined {
  const o = c.object(v, path, ['by', 'gridSizeDeg'], ['by']);
  if (!o) return undefined;
  const by = c.list(o.by, join(path, 'by'), (x, p) => c.code(x, p, dims, 'a grouping dimension'), {
    max: MAX_GROUP_DIMENSIONS,
    allowEmpty: true,
  });
  if (by === undefined) return undefined;
  const wantsGrid = (by as string[]).includes('GRID');
  if (o.gridSizeDeg === undefined) {
    if (wantsGrid) return c.fail(join(path, 'gridSizeDeg'), `is required when grouping by GRID; expected one of ${GRID_SIZES_DEG.join(', ')}`);
    return { by };
  }
  if (!wantsGrid) return c.fail(join(path, 'gridSizeDeg'), 'is only allowed when grouping by GRID');
  const size = o.gridSizeDeg;
  if (!(GRID_SIZES_DEG as readonly unknown[]).includes(size)) {
    return c.fail(join(path, 'gridSizeDeg'), `got ${JSON.stringify(size)}; expected a grid cell size in degrees, one of ${GRID_SIZES_DEG.join(', ')}`);
  }
  return { by, gridSizeDeg: size as GridSizeDeg };
}

const QUERY_KEYS: Record<QueryKind, string[]> = {
  microplasticSummary: ['kind', 'filter', 'groupBy'],
  beachLitterSummary: ['kind', 'filter', 'groupBy'],
  speciesSummary: ['kind', 'filter', 'groupBy'],
  occurrences: ['kind', 'filter', 'first', 'after'],
  samples: ['kind', 'filter', 'first', 'after'],
};

/**
 * Reads a federated query from untrusted JSON. Nothing is coerced and nothing
 * unknown is ignored; `problems` lists every field that is wrong, with the
 * value found and what was expected. A record query without `first` gets
 * DEFAULT_PAGE_SIZE.
 */
export function parseFederatedQuery(input: unknown, path = 'query'): Parsed<FederatedQuery> {
  const c = new Checker();
  const kind = c.code((input as Json | null)?.kind, join(path, 'kind'), QUERY_KINDS, 'a query kind');
  if (kind === undefined) return finish<FederatedQuery>(c, undefined);
  const o = c.object(input, path, QUERY_KEYS[kind], ['filter', ...(SUMMARY_KINDS.includes(kind as SummaryKind) ? ['groupBy'] : [])]);
  if (!o) return finish<FederatedQuery>(c, undefined);
  const filterPath = join(path, 'filter');
  let query: FederatedQuery | undefined;
  switch (kind) {
    case 'microplasticSummary': {
      const filter = readFilter<MicroplasticFilter>(c, o.filter, filterPath, MICROPLASTIC_FILTER);
      const gb = groupBy(c, o.groupBy, join(path, 'groupBy'), MICROPLASTIC_GROUP_BY);
      if (filter && gb) query = { kind, filter, groupBy: gb };
      break;
    }
    case 'beachLitterSummary': {
      const filter = readFilter<BeachLitterFilter>(c, o.filter, filterPath, BEACH_LITTER_FILTER);
      const gb = groupBy(c, o.groupBy, join(path, 'groupBy'), BEACH_LITTER_GROUP_BY);
      if (filter && gb) query = { kind, filter, groupBy: gb };
      break;
    }
    case 'speciesSummary': {
      const filter = readFilter<SpeciesFilter>(c, o.filter, filterPath, SPECIES_FILTER);
      const gb = groupBy(c, o.groupBy, join(path, 'groupBy'), SPECIES_GROUP_BY);
      if (filter && gb) query = { kind, filter, groupBy: gb };
      break;
    }
    case 'occurrences':
    case 'samples': {
      const filter =
        kind === 'occurrences'
          ? readFilter<SpeciesFilter>(c, o.filter, filterPath, SPECIES_FILTER)
          : readFilter<MicroplasticFilter>(c, o.filter, filterPath, MICROPLASTIC_FILTER);
      const first = o.first === undefined ? DEFAULT_PAGE_SIZE : c.number(o.first, join(path, 'first'), { min: 1, max: MAX_PAGE_SIZE, integer: true });
      const after = o.after === undefined || o.after === null ? undefined : c.string(o.after, join(path, 'after'), { max: 8192, expected: 'a cursor from an earlier page' });
      if (filter && first !== undefined && (o.after === undefined || o.after === null || after !== undefined)) {
        query = { kind, filter, first, ...(after === undefined ? {} : { after }) } as RecordQuery;
      }
      break;
    }
  }
  return finish(c, query);
}

/** The group-key properties a query's rows must carry, in the query's order. */
export function groupKeysOf(groupBy: GroupBy<string>): string[] {
  return groupBy.by.map((d) => GROUP_KEY_OF[d as keyof typeof GROUP_KEY_OF]);
}

export function isSummaryKind(kind: string): kind is SummaryKind {
  return (SUMMARY_KINDS as readonly string[]).includes(kind);
}
export function isRecordKind(kind: string): kind is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(kind);
}
