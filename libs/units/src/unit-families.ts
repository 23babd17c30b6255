// Unit families of DOMAIN §1.9. Concentrations from different families are
// never added, averaged, ranked together or drawn on one colour scale, so the
// family travels with every converted value.

/**
 * Every unit family a concentration can belong to. The order is stable and may
 * be used for display.
 */
export const UNIT_FAMILIES = [
  'VOLUME',
  'AREA_SEA',
  'MASS_DRY',
  'MASS_WET',
  'AREA_BEACH',
  'LENGTH_BEACH',
  'PER_INDIVIDUAL',
  'EFFORT',
  'MASS_CONC_VOLUME',
  'MASS_CONC_AREA',
  'MASS_CONC_MASS',
  'FLUX_TIME',
  'FLUX_AREA_TIME',
] as const;

/** One of {@link UNIT_FAMILIES}. */
export type UnitFamily = (typeof UNIT_FAMILIES)[number];

/**
 * The canonical unit of each family: every accepted unit of a family converts
 * to this one by a plain factor (see {@link Unit.factor}).
 */
export const CANONICAL_UNITS: Readonly<Record<UnitFamily, string>> = Object.freeze({
  VOLUME: 'pieces/m3',
  AREA_SEA: 'pieces/km2',
  MASS_DRY: 'items/kg dw',
  MASS_WET: 'items/kg ww',
  AREA_BEACH: 'items/m2',
  LENGTH_BEACH: 'items/100 m',
  PER_INDIVIDUAL: 'items/individual',
  EFFORT: 'pieces/10 min',
  MASS_CONC_VOLUME: 'mg/m3',
  MASS_CONC_AREA: 'g/km2',
  MASS_CONC_MASS: 'mg/kg dw',
  FLUX_TIME: 'items/day',
  FLUX_AREA_TIME: 'items/m2/day',
});

/** True when `value` is one of {@link UNIT_FAMILIES} (for input from outside TypeScript). */
export function isUnitFamily(value: unknown): value is UnitFamily {
  return typeof value === 'string' && (UNIT_FAMILIES as readonly string[]).includes(value);
}
