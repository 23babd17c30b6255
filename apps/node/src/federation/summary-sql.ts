// SQL building blocks shared by the summary executors: positional parameters,
// the policy engine's grid snapping written in SQL, grid cells, embargo and
// time-range conditions. Values always travel as parameters; identifiers only
// ever come from the whitelists in this folder.
import { embargoCutoff } from '@littoral/policy';
import { GRID_SIZES_DEG, parseInstantMs, type BBox, type GridSizeDeg, type TimeRange } from '@littoral/federation';

/** Collects positional parameters (`$1`, `$2`…) for one statement. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder, with a cast when given (e.g. `float8`, `text[]`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}

/**
 * SQL for the centre of the cell holding `value` on a grid of `step` from
 * `origin` to `end` — the same arithmetic, in the same order, as the policy
 * engine's `snapPosition` (cell index `floor((v - origin) / step)`, clamped to
 * the last, possibly cut, cell; centre = (low + high) / 2).
 */
function cellCentreSql(value: string, origin: number, end: number, step: string, cells: string): string {
  const index = `least(greatest(floor((${value} - (${origin})::float8) / ${step}), 0::float8), (${cells} - 1)::float8)`;
  return `(((${origin})::float8 + (${index}) * ${step}) + least((${origin})::float8 + ((${index}) + 1) * ${step}, (${end})::float8)) / 2`;
}

/** Number of cells of `step` that cover `span` degrees, as the policy engine counts them. */
function cellsOver(span: number, step: number): number {
  return Math.ceil(span / step - 1e-9);
}

/**
 * Snapped latitude and longitude SQL for raw `lat`/`lon` expressions and a
 * precision in degrees given as a parameter placeholder. Longitude 180 is read
 * as −180, as in `snapPosition`. Positions out of range stay NULL (withheld).
 */
export function snappedPositionSql(lat: string, lon: string, precision: number, p: SqlParams): { lat: string; lon: string } {
  const step = p.add(precision, 'float8');
  const latCells = p.add(cellsOver(180, precision), 'int');
  const lonCells = p.add(cellsOver(360, precision), 'int');
  const wrapped = `(CASE WHEN ${lon} = 180 THEN -180::float8 ELSE ${lon} END)`;
  const valid = `${lat} BETWEEN -90 AND 90 AND ${lon} BETWEEN -180 AND 180`;
  return {
    lat: `(CASE WHEN ${valid} THEN ${cellCentreSql(lat, -90, 90, step, latCells)} END)`,
    lon: `(CASE WHEN ${valid} THEN ${cellCentreSql(wrapped, -180, 180, step, lonCells)} END)`,
  };
}

/**
 * The grid cell size a dataset's rows are grouped on: the smallest allowed
 * GRID size that is neither finer than the request nor finer than the granted
 * precision. Null when no allowed size is as coarse as the grant (those
 * records are grouped under `cell: null`).
 */
export function effectiveGridSize(requested: GridSizeDeg, grantedPrecision: number | null): GridSizeDeg | null {
  const floor = Math.max(requested, grantedPrecision ?? 0);
  const sizes = [...GRID_SIZES_DEG].sort((a, b) => a - b);
  // A tiny tolerance so that a grant of exactly 0.1 (as written) is served by the 0.1 grid.
  return sizes.find((s) => s >= floor - 1e-12) ?? null;
}

/**
 * Grid-cell indices (row, col) of already snapped `lat`/`lon` on a grid of
 * `size` degrees (or NULL without a size), with the same clamping as snapping.
 */
export function gridCellSql(lat: string, lon: string, size: number | null, p: SqlParams): { row: string; col: string } {
  if (size === null) return { row: 'NULL::int', col: 'NULL::int' };
  const g = p.add(size, 'float8');
  const latCells = p.add(cellsOver(180, size), 'int');
  const lonCells = p.add(cellsOver(360, size), 'int');
  return {
    row: `(least(greatest(floor((${lat} + 90) / ${g}), 0), ${latCells} - 1))::int`,
    col: `(least(greatest(floor(((CASE WHEN ${lon} = 180 THEN -180::float8 ELSE ${lon} END) + 180) / ${g}), 0), ${lonCells} - 1))::int`,
  };
}

/** Condition keeping (snapped) positions inside a bbox; NULL positions never match. */
export function bboxSql(lat: string, lon: string, box: BBox, p: SqlParams): string {
  return `(${lat} BETWEEN ${p.add(box.south, 'float8')} AND ${p.add(box.north, 'float8')} AND ${lon} BETWEEN ${p.add(box.west, 'float8')} AND ${p.add(box.east, 'float8')})`;
}

/**
 * Embargo condition: the record's latest instant (`latest`, a timestamptz
 * expression) must be at or before now − days × 24 h; a record without a date
 * is embargoed (fail closed). Empty when there is no embargo.
 */
export function embargoSql(latest: string, embargoDays: number, now: Date, p: SqlParams): string | undefined {
  if (embargoDays === 0) return undefined;
  return `(${latest} IS NOT NULL AND ${latest} <= ${p.add(embargoCutoff(now, embargoDays), 'timestamptz')})`;
}

/** Half-open time range [from, to) on a timestamptz expression; records without a date never match. */
export function timeRangeSql(column: string, range: TimeRange | undefined, p: SqlParams): string[] {
  if (!range) return [];
  const out: string[] = [];
  if (range.from !== undefined) out.push(`${column} >= ${p.add(new Date(parseInstantMs(range.from)!), 'timestamptz')}`);
  if (range.to !== undefined) out.push(`${column} < ${p.add(new Date(parseInstantMs(range.to)!), 'timestamptz')}`);
  return out;
}

/** `column = ANY($n)` for a non-empty list, else nothing. */
export function anyOf(column: string, values: readonly unknown[] | undefined, p: SqlParams, cast = 'text[]'): string[] {
  return values && values.length > 0 ? [`${column} = ANY(${p.add(values, cast)})`] : [];
}

/** Joins conditions with AND (TRUE when none). */
export function where(conditions: readonly (string | undefined)[]): string {
  const real = conditions.filter((c): c is string => c !== undefined && c !== '');
  return real.length ? real.join(' AND ') : 'TRUE';
}
