// The closed list of accepted units (DOMAIN §1.9). Parsing turns free text into
// a structural key; a unit is accepted only if its key is listed here, so every
// unit has one normalised spelling and an exact power-of-ten factor.
import { CANONICAL_UNITS, type UnitFamily } from './unit-families.js';

/**
 * A unit the library accepts, in its normalised spelling.
 */
export interface Unit {
  /** Normalised spelling, e.g. `'pieces/L'`. */
  id: string;
  /** The family the unit belongs to; values of different families are never combined. */
  family: UnitFamily;
  /** Multiply a value in this unit by `factor` to get the family's canonical unit. */
  factor: number;
}

/** Which count word a per-m² unit needs: net-tow data says pieces, beach data items. */
export type CountFlavour = 'pieces' | 'items';

/** Internal registry row. `exp` is the base-10 exponent of `factor`. */
export interface UnitEntry {
  readonly id: string;
  readonly family: UnitFamily;
  readonly exp: number;
  /** Structural key produced by the parser, e.g. `N/m3`, `mg/kg dw`, `N/100 m`. */
  readonly key: string;
  /** Only for keys shared by two families (`N/m2`). */
  readonly flavour?: CountFlavour;
}

// Exact doubles for 10^0 … 10^22 (all exactly representable), so that scaling
// is one correctly rounded multiplication or division.
const POW10: readonly number[] = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
  1e19, 1e20, 1e21, 1e22,
];

/** `value × 10^exp`, with a single rounding step. */
export function scaleByPowerOfTen(value: number, exp: number): number {
  const magnitude = POW10[Math.abs(exp)];
  if (magnitude === undefined) throw new RangeError(`power of ten out of range: ${exp}`);
  return exp >= 0 ? value * magnitude : value / magnitude;
}

const entry = (id: string, family: UnitFamily, exp: number, key: string, flavour?: CountFlavour): UnitEntry =>
  flavour === undefined ? { id, family, exp, key } : { id, family, exp, key, flavour };

/** Every accepted unit; the first row of each family is its canonical unit. */
export const UNIT_ENTRIES: readonly UnitEntry[] = Object.freeze([
  entry('pieces/m3', 'VOLUME', 0, 'N/m3'),
  entry('pieces/L', 'VOLUME', 3, 'N/L'),

  entry('pieces/km2', 'AREA_SEA', 0, 'N/km2'),
  entry('pieces/m2', 'AREA_SEA', 6, 'N/m2', 'pieces'),

  entry('items/kg dw', 'MASS_DRY', 0, 'N/kg dw'),
  entry('items/g dw', 'MASS_DRY', 3, 'N/g dw'),

  entry('items/kg ww', 'MASS_WET', 0, 'N/kg ww'),
  entry('items/g ww', 'MASS_WET', 3, 'N/g ww'),

  entry('items/m2', 'AREA_BEACH', 0, 'N/m2', 'items'),

  entry('items/100 m', 'LENGTH_BEACH', 0, 'N/100 m'),
  entry('items/m', 'LENGTH_BEACH', 2, 'N/m'),
  entry('items/km', 'LENGTH_BEACH', -1, 'N/km'),

  entry('items/individual', 'PER_INDIVIDUAL', 0, 'N/individual'),

  entry('pieces/10 min', 'EFFORT', 0, 'N/10 min'),

  entry('mg/m3', 'MASS_CONC_VOLUME', 0, 'mg/m3'),
  entry('µg/m3', 'MASS_CONC_VOLUME', -3, 'ug/m3'),
  entry('g/m3', 'MASS_CONC_VOLUME', 3, 'g/m3'),
  entry('ng/L', 'MASS_CONC_VOLUME', -3, 'ng/L'),
  entry('µg/L', 'MASS_CONC_VOLUME', 0, 'ug/L'),
  entry('mg/L', 'MASS_CONC_VOLUME', 3, 'mg/L'),

  entry('g/km2', 'MASS_CONC_AREA', 0, 'g/km2'),
  entry('kg/km2', 'MASS_CONC_AREA', 3, 'kg/km2'),
  entry('µg/m2', 'MASS_CONC_AREA', 0, 'ug/m2'),
  entry('mg/m2', 'MASS_CONC_AREA', 3, 'mg/m2'),
  entry('g/m2', 'MASS_CONC_AREA', 6, 'g/m2'),

  entry('mg/kg dw', 'MASS_CONC_MASS', 0, 'mg/kg dw'),
  entry('µg/kg dw', 'MASS_CONC_MASS', -3, 'ug/kg dw'),
  entry('g/kg dw', 'MASS_CONC_MASS', 3, 'g/kg dw'),
  entry('ng/g dw', 'MASS_CONC_MASS', -3, 'ng/g dw'),
  entry('µg/g dw', 'MASS_CONC_MASS', 0, 'ug/g dw'),
  entry('mg/g dw', 'MASS_CONC_MASS', 3, 'mg/g dw'),

  entry('items/day', 'FLUX_TIME', 0, 'N/day'),

  entry('items/m2/day', 'FLUX_AREA_TIME', 0, 'N/m2/day'),
  entry('items/km2/day', 'FLUX_AREA_TIME', -6, 'N/km2/day'),
]);

/** Registry rows of one family, canonical unit first. */
export function entriesOfFamily(family: UnitFamily): readonly UnitEntry[] {
  return UNIT_ENTRIES.filter((e) => e.family === family);
}

/** The registry row for a normalised id (ids are unique). */
export function entryById(id: string): UnitEntry | undefined {
  return UNIT_ENTRIES.find((e) => e.id === id);
}

/** Public view of a registry row. */
export function toUnit(e: UnitEntry): Unit {
  return { id: e.id, family: e.family, factor: scaleByPowerOfTen(1, e.exp) };
}

/**
 * Every unit accepted for `family`, canonical unit first, in normalised spelling.
 * Useful for pick-lists and error messages.
 */
export function acceptedUnits(family: UnitFamily): readonly Unit[] {
  return entriesOfFamily(family).map(toUnit);
}

// Self-check at load: the first row of each family must be its canonical unit.
for (const [family, id] of Object.entries(CANONICAL_UNITS) as [UnitFamily, string][]) {
  const first = entriesOfFamily(family)[0];
  if (first === undefined || first.id !== id || first.exp !== 0) {
    throw new Error(`units registry: canonical unit of ${family} must be listed first as ${id}`);
  }
}
