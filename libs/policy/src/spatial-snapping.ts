// Spatial generalisation. Positions are replaced by the CENTRE of their grid
// cell, the grid being anchored at (-90°, -180°). Done before grouping,
// filtering and sorting, so a precise position can never be bisected out of
// results by narrowing a filter.
import { IUCN_CATEGORIES, LittoralError, THREATENED_IUCN, type IucnCategory } from '@littoral/contracts';
import { MAX_PRECISION_DEG, MIN_PRECISION_DEG } from './grant-parser.js';
import type { Decision } from './policy-engine.js';

/** A WGS84 position in decimal degrees. */
export interface Position {
  readonly lat: number;
  readonly lon: number;
}

/** Metres per degree of latitude (and of longitude at the equator), for uncertainty bookkeeping. */
const METRES_PER_DEGREE = 111_320;

function assertPrecision(precisionDeg: number): void {
  if (!(Number.isFinite(precisionDeg) && precisionDeg >= MIN_PRECISION_DEG && precisionDeg <= MAX_PRECISION_DEG)) {
    throw new LittoralError('INPUT_INVALID', `precision must be a grid size in degrees from ${MIN_PRECISION_DEG} to ${MAX_PRECISION_DEG}`);
  }
}

/** Centre of the cell of `value` on a grid of `step` starting at `origin` and ending at `end` (last cell may be partial). */
function cellCentre(value: number, origin: number, end: number, step: number): number {
  const cells = Math.ceil((end - origin) / step - 1e-9);
  const index = Math.min(Math.max(Math.floor((value - origin) / step), 0), cells - 1);
  const low = origin + index * step;
  const high = Math.min(origin + (index + 1) * step, end);
  return (low + high) / 2;
}

/**
 * Snaps a position to the centre of its cell on a `precisionDeg` grid anchored
 * at latitude -90° and longitude -180° (so for 1, 0.1, 0.01… the cells are the
 * familiar ones: 13.7528 at 0.1° becomes 13.75). A cell that does not fit
 * whole at the poles or antimeridian is cut there and its centre used; longitude
 * 180 is read as -180. Snapping is idempotent, and the snapped point is at most
 * half a cell diagonal from the true one. Returns null for a position that is
 * not a finite latitude in [-90, 90] and longitude in [-180, 180]: withhold it.
 * Throws `INPUT_INVALID` for a precision outside [1e-6, 180].
 */
export function snapPosition(lat: number, lon: number, precisionDeg: number): Position | null {
  assertPrecision(precisionDeg);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180) return null;
  const wrappedLon = lon === 180 ? -180 : lon;
  return { lat: cellCentre(lat, -90, 90, precisionDeg), lon: cellCentre(wrappedLon, -180, 180, precisionDeg) };
}

/** Options of {@link snapRecord}: which fields hold the position and what makes a record sensitive. */
export interface SnapOptions {
  /** Default `decimalLatitude` (Darwin Core). */
  readonly latField?: string;
  /** Default `decimalLongitude`. */
  readonly lonField?: string;
  /**
   * Default: `sensitive === true`, or `iucnRedListCategory` is CR, EN or VU
   * (DOMAIN §3.5–3.6). An unrecognised category is treated as sensitive.
   */
  readonly isSensitive?: (record: Readonly<Record<string, unknown>>) => boolean;
}

const KNOWN_IUCN: readonly string[] = IUCN_CATEGORIES;

/** The default sensitivity rule of {@link SnapOptions.isSensitive}. */
export function isSensitiveByDefault(record: Readonly<Record<string, unknown>>): boolean {
  if (record['sensitive'] === true) return true;
  const category = record['iucnRedListCategory'];
  if (category === undefined || category === null || category === '') return false;
  // Something we cannot read as an IUCN category is treated as threatened: fail closed.
  if (typeof category !== 'string' || !KNOWN_IUCN.includes(category)) return true;
  return THREATENED_IUCN.includes(category as IucnCategory);
}

/** The grid a record must be snapped to under a decision, or null for positions as collected. */
export function precisionFor(record: Readonly<Record<string, unknown>>, decision: Decision, options: SnapOptions = {}): number | null {
  const sensitive = (options.isSensitive ?? isSensitiveByDefault)(record);
  return sensitive ? decision.constraints.sensitiveSpeciesPrecisionDeg : decision.constraints.spatialPrecisionDeg;
}

/**
 * Returns a copy of `record` with its position generalised as the decision
 * requires: the general grid, or the sensitive-species grid for sensitive
 * records. A record whose position cannot be read loses it (both fields null).
 * When a position is generalised, `coordinatePrecision` is set to the grid,
 * `coordinateUncertaintyInMeters` (if numeric) grows by half the cell diagonal,
 * and `dataGeneralizations` says what was done (DOMAIN §3.5).
 */
export function snapRecord(
  record: Readonly<Record<string, unknown>>,
  decision: Decision,
  options: SnapOptions = {},
): Record<string, unknown> {
  const latField = options.latField ?? 'decimalLatitude';
  const lonField = options.lonField ?? 'decimalLongitude';
  const out: Record<string, unknown> = { ...record };
  const lat = record[latField];
  const lon = record[lonField];
  if (lat === undefined && lon === undefined) return out;
  const precision = precisionFor(record, decision, options);
  if (precision === null) return out;
  const snapped = typeof lat === 'number' && typeof lon === 'number' ? snapPosition(lat, lon, precision) : null;
  out[latField] = snapped?.lat ?? null;
  out[lonField] = snapped?.lon ?? null;
  out['coordinatePrecision'] = precision;
  const uncertainty = record['coordinateUncertaintyInMeters'];
  if (typeof uncertainty === 'number' && Number.isFinite(uncertainty)) {
    out['coordinateUncertaintyInMeters'] = uncertainty + Math.ceil(precision * METRES_PER_DEGREE * Math.SQRT1_2);
  }
  out['dataGeneralizations'] = snapped ? `coordinates generalised to the centre of a ${precision}° cell` : 'coordinates withheld';
  return out;
}
