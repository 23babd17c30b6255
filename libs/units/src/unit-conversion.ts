// Conversions between units. Within a family it is factor arithmetic; across
// families only the three conversions DOMAIN §1.9 calls valid, and only when
// the same sample supplies the extra measurement. Everything else is refused
// with the reason, because a silently "converted" value would end up compared
// with values of another physical quantity.
import { LittoralError } from '@littoral/contracts';
import { CANONICAL_UNITS, type UnitFamily } from './unit-families.js';
import { assertFinite, assertFiniteResult } from './number-guards.js';
import { resolveEntry } from './unit-parser.js';
import { scaleByPowerOfTen, type UnitEntry } from './unit-registry.js';
import { CONTEXT_FIELD_LABELS, readContextNumber, type SampleContext } from './sample-context.js';

/** A value with its normalised unit and family. */
export interface UnitValue {
  value: number;
  /** Normalised unit spelling, e.g. `'pieces/m3'`. */
  unit: string;
  family: UnitFamily;
}

/** A canonical value together with what the source said. */
export interface CanonicalValue extends UnitValue {
  /** The value and the unit text exactly as given. */
  original: { value: number; unit: string };
}

/**
 * Converts a value to the canonical unit of its family
 * (see {@link CANONICAL_UNITS}).
 *
 * @example toCanonical(0.25, 'pieces/L') // { value: 250, unit: 'pieces/m3', family: 'VOLUME', … }
 * @throws LittoralError `UNIT_CONVERSION_INVALID` for a non-finite value,
 *   `UNIT_UNKNOWN` for an unknown unit.
 */
export function toCanonical(value: number, unitText: string): CanonicalValue {
  assertFinite(value, `The value in "${unitText}"`);
  const from = resolveEntry(unitText);
  const canonical = assertFiniteResult(scaleByPowerOfTen(value, from.exp), `Converting ${value} ${from.id} to ${CANONICAL_UNITS[from.family]}`);
  return { value: canonical, unit: CANONICAL_UNITS[from.family], family: from.family, original: { value, unit: unitText } };
}

/**
 * Converts `value` from one unit to another.
 *
 * - Same family: exact power-of-ten arithmetic (pieces/L → pieces/m3 × 1000).
 * - `VOLUME` → `AREA_SEA`: × `ctx.immersionDepthM` × 10⁶ (what the sampled layer held).
 * - `MASS_WET` → `MASS_DRY`: ÷ (1 − `ctx.moistureFraction`).
 * - `LENGTH_BEACH` → `AREA_BEACH`: ÷ (100 × `ctx.meanWidthM`).
 *
 * @throws LittoralError `UNIT_CONVERSION_INVALID` for any other pair of families,
 *   a missing or out-of-range context value, or a non-finite value;
 *   `UNIT_UNKNOWN` for an unknown unit.
 */
export function convert(value: number, fromUnit: string, toUnit: string, ctx?: SampleContext): UnitValue {
  assertFinite(value, `The value to convert from "${fromUnit}"`);
  const from = resolveEntry(fromUnit);
  const to = resolveEntry(toUnit);
  const what = `Converting ${value} ${from.id} to ${to.id}`;
  let result: number;
  if (from.family === to.family) {
    result = scaleByPowerOfTen(value, from.exp - to.exp);
  } else {
    const canonicalFrom = scaleByPowerOfTen(value, from.exp);
    result = scaleByPowerOfTen(crossFamily(canonicalFrom, from, to, ctx), -to.exp);
  }
  return { value: assertFiniteResult(result, what), unit: to.id, family: to.family };
}

/** Converts a canonical value of `from`'s family to the canonical unit of `to`'s family. */
function crossFamily(canonical: number, from: UnitEntry, to: UnitEntry, ctx: SampleContext | undefined): number {
  const pair = `${from.family}>${to.family}`;
  if (pair === 'VOLUME>AREA_SEA') {
    const depth = needContext(ctx, 'immersionDepthM', (n) => n > 0, 'greater than 0', from, to);
    return canonical * depth * 1e6;
  }
  if (pair === 'MASS_WET>MASS_DRY') {
    const f = needContext(ctx, 'moistureFraction', (n) => n >= 0 && n < 1, 'at least 0 and below 1', from, to);
    return canonical / (1 - f);
  }
  if (pair === 'LENGTH_BEACH>AREA_BEACH') {
    const width = needContext(ctx, 'meanWidthM', (n) => n > 0, 'greater than 0', from, to);
    return canonical / (100 * width);
  }
  throw new LittoralError(
    'UNIT_CONVERSION_INVALID',
    `Cannot convert ${from.id} (${from.family}) to ${to.id} (${to.family}): ${invalidReason(from.family, to.family)}.`,
    { from: from.id, to: to.id, fromFamily: from.family, toFamily: to.family },
  );
}

function needContext(
  ctx: SampleContext | undefined,
  field: 'immersionDepthM' | 'moistureFraction' | 'meanWidthM',
  accept: (n: number) => boolean,
  range: string,
  from: UnitEntry,
  to: UnitEntry,
): number {
  const read = readContextNumber(ctx, field, accept);
  if (typeof read === 'number') return read;
  throw new LittoralError(
    'UNIT_CONVERSION_INVALID',
    `${from.id} to ${to.id} needs ${CONTEXT_FIELD_LABELS[field]}, ${range}, measured on the same sample; ${read.problem}.`,
    { from: from.id, to: to.id, missing: field },
  );
}

const MASS_CONC: ReadonlySet<UnitFamily> = new Set(['MASS_CONC_VOLUME', 'MASS_CONC_AREA', 'MASS_CONC_MASS']);
const FLUX: ReadonlySet<UnitFamily> = new Set(['FLUX_TIME', 'FLUX_AREA_TIME']);
const WATER: ReadonlySet<UnitFamily> = new Set(['VOLUME', 'AREA_SEA']);
const SOLID_MASS: ReadonlySet<UnitFamily> = new Set(['MASS_DRY', 'MASS_WET']);
const BEACH: ReadonlySet<UnitFamily> = new Set(['AREA_BEACH', 'LENGTH_BEACH']);

/** Why two families cannot be converted (DOMAIN §1.9 "Invalid conversions"). */
function invalidReason(from: UnitFamily, to: UnitFamily): string {
  const either = (set: ReadonlySet<UnitFamily>): boolean => set.has(from) || set.has(to);
  const both = (a: ReadonlySet<UnitFamily>, b: ReadonlySet<UnitFamily>): boolean =>
    (a.has(from) && b.has(to)) || (b.has(from) && a.has(to));

  if (from === 'EFFORT' || to === 'EFFORT') {
    return 'pieces/10 min is a search-effort rate (pieces found per 10 minutes of searching), not a density; it cannot be converted to or from any other unit';
  }
  if (MASS_CONC.has(from) !== MASS_CONC.has(to)) {
    return 'counts and masses cannot be converted into each other without particle masses';
  }
  if (MASS_CONC.has(from) && MASS_CONC.has(to)) {
    return 'mass per water volume, per sea area and per sediment mass are different physical quantities';
  }
  if (either(FLUX)) {
    return 'a flux (items per time) is a rate of transport or deposition, not a standing stock, and needs the sampling period, which is not a unit conversion';
  }
  if (from === 'AREA_SEA' && to === 'VOLUME') {
    return 'a density per sea area cannot be turned into a volume concentration because the vertical distribution is unknown; only pieces/m3 to pieces/km2 with the net immersion depth is valid';
  }
  if (from === 'MASS_DRY' && to === 'MASS_WET') {
    return 'dry-mass results are not turned back into wet mass; only wet to dry, with the measured moisture content, is valid';
  }
  if (from === 'AREA_BEACH' && to === 'LENGTH_BEACH') {
    return 'only items/100 m to items/m2, with the measured beach width, is valid, not the reverse';
  }
  if (both(SOLID_MASS, new Set(['AREA_BEACH']))) {
    return 'it needs the bulk density and sampled depth of the sand, which are rarely measured and must not be estimated';
  }
  if (both(SOLID_MASS, new Set(['LENGTH_BEACH']))) {
    return 'a count per sediment mass and a count per beach length are different physical quantities';
  }
  if (both(WATER, SOLID_MASS)) {
    return 'a count per water volume or sea area and a count per sediment or tissue mass are different physical quantities';
  }
  if (both(WATER, BEACH)) {
    return 'sea-water (net-tow) densities and beach densities describe different matrices and are never combined';
  }
  if (either(new Set<UnitFamily>(['PER_INDIVIDUAL']))) {
    return 'a count per individual organism (biota) is not an environmental density';
  }
  return `${from} and ${to} are different physical quantities`;
}
