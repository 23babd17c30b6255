/**
 * Units, unit families and valid conversions for marine-plastics concentrations
 * (DOMAIN §1.9–1.10). Pure functions over plain data: reading unit text from
 * source files, converting to a family's canonical unit, the few cross-family
 * conversions that are physically valid, and counts → concentrations.
 *
 * Values of different families are never combined; conversions that would mix
 * physical quantities throw `UNIT_CONVERSION_INVALID` saying why.
 */
export { UNIT_FAMILIES, CANONICAL_UNITS, isUnitFamily } from './unit-families.js';
export type { UnitFamily } from './unit-families.js';
export { acceptedUnits } from './unit-registry.js';
export type { Unit } from './unit-registry.js';
export { parseUnit, tryParseUnit, familyOfUnit } from './unit-parser.js';
export { toCanonical, convert } from './unit-conversion.js';
export type { UnitValue, CanonicalValue } from './unit-conversion.js';
export { concentrationFromCount } from './concentration.js';
export type { SampleContext } from './sample-context.js';
export { lbToKg, milesToKm } from './imperial.js';
