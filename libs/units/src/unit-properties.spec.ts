// Property-based tests of the invariants of the conversion core.
import fc from 'fast-check';
import {
  acceptedUnits,
  CANONICAL_UNITS,
  concentrationFromCount,
  convert,
  parseUnit,
  toCanonical,
  UNIT_FAMILIES,
  type Unit,
} from './index.js';
import { caught } from './spec-helpers.js';

const closeTo = (a: number, b: number, rel = 1e-12): boolean => a === b || Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b));

const ALL_UNITS: readonly Unit[] = UNIT_FAMILIES.flatMap((f) => acceptedUnits(f));
const anyUnit = fc.constantFrom(...ALL_UNITS);
/** Two accepted units of the same family. */
const sameFamilyPair = fc
  .constantFrom(...UNIT_FAMILIES)
  .chain((f) => fc.tuple(fc.constantFrom(...acceptedUnits(f)), fc.constantFrom(...acceptedUnits(f))));
/** Finite values away from overflow and subnormals, where relative precision is meaningful. */
const value = fc.double({ min: -1e200, max: 1e200, noNaN: true }).filter((v) => v === 0 || Math.abs(v) > 1e-200);
const nonNegative = fc.double({ min: 0, max: 1e200, noNaN: true });
const positive = fc.double({ min: 1e-6, max: 1e6, noNaN: true });

describe('unit properties', () => {
  it('converting there and back within a family returns the value within relative 1e-12', () => {
    fc.assert(
      fc.property(sameFamilyPair, value, ([a, b], v) => {
        const there = convert(v, a.id, b.id);
        return closeTo(convert(there.value, b.id, a.id).value, v);
      }),
    );
  });

  it('a same-family conversion is value x factor(from) / factor(to)', () => {
    fc.assert(
      fc.property(sameFamilyPair, value, ([a, b], v) => closeTo(convert(v, a.id, b.id).value, (v * a.factor) / b.factor, 1e-15)),
    );
  });

  it('toCanonical agrees exactly with convert to the canonical unit', () => {
    fc.assert(
      fc.property(anyUnit, value, (u, v) => {
        const c = toCanonical(v, u.id);
        return c.unit === CANONICAL_UNITS[u.family] && c.value === convert(v, u.id, c.unit).value;
      }),
    );
  });

  it('canonical values are never negative for non-negative input', () => {
    fc.assert(fc.property(anyUnit, nonNegative, (u, v) => toCanonical(v, u.id).value >= 0));
  });

  it('valid cross-family conversions keep non-negative values non-negative', () => {
    fc.assert(
      fc.property(nonNegative, positive, fc.double({ min: 0, max: 0.999, noNaN: true }), (v, measure, moisture) => {
        const ctx = { immersionDepthM: measure, meanWidthM: measure, moistureFraction: moisture };
        const small = Math.min(v, 1e150); // the depth × 10^6 factor must not overflow
        return (
          convert(small, 'pieces/m3', 'pieces/km2', ctx).value >= 0 &&
          convert(v, 'items/kg ww', 'items/kg dw', ctx).value >= v &&
          convert(v, 'items/100 m', 'items/m2', ctx).value >= 0
        );
      }),
    );
  });

  it('counting per length then dividing by width equals counting per area of length x width', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), positive, positive, (count, length, width) => {
        const perLength = concentrationFromCount(count, 'LENGTH_BEACH', { surveyedLengthM: length });
        const viaWidth = convert(perLength.value, perLength.unit, 'items/m2', { meanWidthM: width });
        const perArea = concentrationFromCount(count, 'AREA_BEACH', { areaM2: length * width });
        return closeTo(viaWidth.value, perArea.value);
      }),
    );
  });

  it('a volume concentration times the layer depth equals the count over the swept area', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), positive, positive, (count, volume, depth) => {
        const perVolume = concentrationFromCount(count, 'VOLUME', { volumeM3: volume });
        const viaDepth = convert(perVolume.value, perVolume.unit, 'pieces/km2', { immersionDepthM: depth });
        const perArea = concentrationFromCount(count, 'AREA_SEA', { areaM2: volume / depth });
        return closeTo(viaDepth.value, perArea.value);
      }),
    );
  });

  it('search effort never converts to or from another family, whatever the context says', () => {
    const others = ALL_UNITS.filter((u) => u.family !== 'EFFORT');
    fc.assert(
      fc.property(fc.constantFrom(...others), nonNegative, fc.boolean(), (u, v, effortFirst) => {
        const ctx = { volumeM3: 1, areaM2: 1, massKg: 1, immersionDepthM: 1, meanWidthM: 1, moistureFraction: 0.5 };
        const e = caught(() => (effortFirst ? convert(v, 'pieces/10 min', u.id, ctx) : convert(v, u.id, 'pieces/10 min', ctx)));
        return e.code === 'UNIT_CONVERSION_INVALID' && e.message.includes('search-effort rate');
      }),
    );
  });

  it('reads every accepted unit regardless of letter case and spaces around slashes', () => {
    fc.assert(
      fc.property(anyUnit, fc.infiniteStream(fc.boolean()), fc.constantFrom('', ' ', '  ', '\t'), (u, upper, space) => {
        const chars = [...u.id].map((c) => (upper.next().value ? c.toUpperCase() : c));
        const text = `${space}${chars.join('').split('/').join(`${space}/${space}`)}${space}`;
        return parseUnit(text).id === u.id;
      }),
    );
  });
});
