// Count → concentration from the sample's own measurements (DOMAIN §1.9:
// "count → pieces/m³", "count → pieces/km²", "items per survey → items/100 m"…).
import { LittoralError } from '@littoral/contracts';
import { CANONICAL_UNITS, UNIT_FAMILIES, isUnitFamily, type UnitFamily } from './unit-families.js';
import { assertFiniteResult, describe } from './number-guards.js';
import { CONTEXT_FIELD_LABELS, readContextNumber, type SampleContext } from './sample-context.js';
import type { UnitValue } from './unit-conversion.js';

// Families a raw count cannot be turned into with the sample context alone, and why.
const NOT_FROM_COUNT: Partial<Record<UnitFamily, string>> = {
  PER_INDIVIDUAL: 'it needs the number of individuals examined, which the sample context does not carry',
  EFFORT: 'search effort is reported per 10 minutes of searching by the source and is not derived from a count here',
  MASS_CONC_VOLUME: 'a count of particles cannot give a mass concentration without particle masses',
  MASS_CONC_AREA: 'a count of particles cannot give a mass concentration without particle masses',
  MASS_CONC_MASS: 'a count of particles cannot give a mass concentration without particle masses',
  FLUX_TIME: 'a flux needs the sampling period, which the sample context does not carry',
  FLUX_AREA_TIME: 'a flux needs the sampling period, which the sample context does not carry',
};

/**
 * Turns a particle or item count into a concentration in the family's canonical unit,
 * using measurements of the same sample:
 *
 * | family | formula |
 * | --- | --- |
 * | `VOLUME` | count ÷ `volumeM3` |
 * | `AREA_SEA` | count ÷ `areaM2` × 10⁶ |
 * | `MASS_DRY` | count ÷ `massKg`, with `massBasis` `'DRY'` |
 * | `MASS_WET` | count ÷ `massKg`, with `massBasis` `'WET'` |
 * | `AREA_BEACH` | count ÷ `areaM2` |
 * | `LENGTH_BEACH` | count ÷ `surveyedLengthM` × 100 |
 *
 * @param count a finite, non-negative number of particles or items.
 * @throws LittoralError `UNIT_CONVERSION_INVALID` for a bad count, a missing,
 *   zero or negative denominator, a mass basis that does not match the family,
 *   or a family that cannot be derived from a count; `UNIT_UNKNOWN` for an unknown family.
 */
export function concentrationFromCount(count: number, family: UnitFamily, ctx: SampleContext): UnitValue {
  if (!isUnitFamily(family)) {
    const shown = typeof family === 'string' ? `"${family}"` : describe(family);
    throw new LittoralError('UNIT_UNKNOWN', `Unknown unit family ${shown}; expected one of ${UNIT_FAMILIES.join(', ')}.`, {
      family: shown,
      accepted: [...UNIT_FAMILIES],
    });
  }
  if (typeof count !== 'number' || !Number.isFinite(count) || count < 0) {
    throw new LittoralError(
      'UNIT_CONVERSION_INVALID',
      `The count for a ${family} concentration must be a finite number of at least 0; got ${describe(count)}.`,
      { family, count: describe(count) },
    );
  }
  const unit = CANONICAL_UNITS[family];
  const refuse = NOT_FROM_COUNT[family];
  if (refuse !== undefined) {
    throw new LittoralError('UNIT_CONVERSION_INVALID', `Cannot make a ${family} concentration (${unit}) from a count: ${refuse}.`, {
      family,
    });
  }
  const positive = (field: 'volumeM3' | 'areaM2' | 'massKg' | 'surveyedLengthM'): number => {
    const read = readContextNumber(ctx, field, (n) => n > 0);
    if (typeof read === 'number') return read;
    throw new LittoralError(
      'UNIT_CONVERSION_INVALID',
      `A ${family} concentration (${unit}) from a count needs ${CONTEXT_FIELD_LABELS[field]}, greater than 0; ${read.problem}.`,
      { family, missing: field },
    );
  };

  let value: number;
  switch (family) {
    case 'VOLUME':
      value = count / positive('volumeM3');
      break;
    case 'AREA_SEA':
      // Scale first: an integer count × 10⁶ is exact, leaving one rounding.
      value = (count * 1e6) / positive('areaM2');
      break;
    case 'MASS_DRY':
    case 'MASS_WET':
      requireBasis(family, ctx);
      value = count / positive('massKg');
      break;
    case 'AREA_BEACH':
      value = count / positive('areaM2');
      break;
    case 'LENGTH_BEACH':
      value = (count * 100) / positive('surveyedLengthM');
      break;
    default:
      throw new Error(`unreachable: ${family}`);
  }
  return { value: assertFiniteResult(value, `A ${family} concentration from a count of ${count}`), unit, family };
}

function requireBasis(family: 'MASS_DRY' | 'MASS_WET', ctx: SampleContext | null | undefined): void {
  const expected = family === 'MASS_DRY' ? 'DRY' : 'WET';
  const got: unknown = ctx?.massBasis;
  if (got === expected) return;
  const other = family === 'MASS_DRY' ? 'MASS_WET' : 'MASS_DRY';
  const problem =
    got === undefined || got === null
      ? 'it is missing'
      : got === 'DRY' || got === 'WET'
        ? `got '${got}': use ${other} for this sample${family === 'MASS_DRY' ? ', or convert with the measured moisture content' : ''}`
        : `got ${describe(got)}`;
  throw new LittoralError(
    'UNIT_CONVERSION_INVALID',
    `A ${family} concentration (${CANONICAL_UNITS[family]}) from a count needs ${CONTEXT_FIELD_LABELS.massBasis} to be '${expected}'; ${problem}.`,
    { family, missing: 'massBasis' },
  );
}
