import { acceptedUnits, CANONICAL_UNITS, convert, lbToKg, milesToKm, toCanonical, UNIT_FAMILIES, type SampleContext } from './index.js';
import { caught } from './spec-helpers.js';

const FULL_CONTEXT: SampleContext = {
  volumeM3: 10,
  areaM2: 100,
  massKg: 1,
  massBasis: 'DRY',
  immersionDepthM: 0.25,
  surveyedLengthM: 100,
  meanWidthM: 20,
  moistureFraction: 0.3,
};

describe('toCanonical', () => {
  // [value, unit text, canonical value, canonical unit]
  const CASES: ReadonlyArray<readonly [number, string, number, string]> = [
    [0.252171, 'pieces/m3', 0.252171, 'pieces/m3'],
    [0.25, 'pieces/L', 250, 'pieces/m3'],
    [3.5, 'pieces/m2', 3_500_000, 'pieces/km2'],
    [0.12, 'items/g dw', 120, 'items/kg dw'],
    [431, 'microplastic/kg sediment dry wt.', 431, 'items/kg dw'],
    [7, 'items/g ww', 7000, 'items/kg ww'],
    [4, 'items/m', 400, 'items/100 m'],
    [250, 'items/km', 25, 'items/100 m'],
    [12, 'pieces/10 mins', 12, 'pieces/10 min'],
    [1500, 'µg/m3', 1.5, 'mg/m3'],
    [2, 'g/m2', 2_000_000, 'g/km2'],
    [3, 'µg/kg dw', 0.003, 'mg/kg dw'],
    [5, 'items/km2/day', 5e-6, 'items/m2/day'],
    [0, 'pieces/L', 0, 'pieces/m3'],
  ];

  it.each(CASES)('%d %s is %d %s', (value, unit, expected, canonical) => {
    const r = toCanonical(value, unit);
    expect(r.value).toBe(expected);
    expect(r.unit).toBe(canonical);
    expect(r.family).toBe(toCanonical(1, canonical).family);
    expect(r.original).toEqual({ value, unit });
  });

  it('keeps full double precision (no rounding to a number of decimals)', () => {
    expect(toCanonical(0.000123456789012345, 'pieces/L').value).toBe(0.000123456789012345 * 1000);
    expect(toCanonical(1.23456789012345e-9, 'pieces/m3').value).toBe(1.23456789012345e-9);
  });

  it.each([NaN, Infinity, -Infinity])('rejects the value %d with UNIT_CONVERSION_INVALID', (bad) => {
    const e = caught(() => toCanonical(bad, 'pieces/L'));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toBe(`The value in "pieces/L" must be a finite number; got ${bad}.`);
  });

  it('rejects a value that is not a number, naming it', () => {
    const e = caught(() => toCanonical('12' as unknown as number, 'pieces/L'));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toContain('got the string "12"');
  });

  it('rejects an unknown unit with UNIT_UNKNOWN', () => {
    expect(caught(() => toCanonical(1, 'pieces/fortnight')).code).toBe('UNIT_UNKNOWN');
  });

  it('refuses a result that overflows a double', () => {
    const e = caught(() => toCanonical(1e305, 'pieces/m2'));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toContain('outside the range of a double');
  });
});

describe('convert within a family', () => {
  // [value, from, to, expected value, normalised target]
  const CASES: ReadonlyArray<readonly [number, string, string, number, string]> = [
    [2.5, 'pieces/L', 'pieces/m3', 2500, 'pieces/m3'],
    [2500, 'pieces/m3', 'pieces/L', 2.5, 'pieces/L'],
    [1, 'pieces/m3', 'particles per litre', 0.001, 'pieces/L'],
    [0.3, 'pieces/m2', 'pieces/km2', 300_000, 'pieces/km2'],
    [300_000, 'pieces/km2', 'pieces/m2', 0.3, 'pieces/m2'],
    [1.5, 'items/g dw', 'items/kg dw', 1500, 'items/kg dw'],
    [1, 'pieces kg-1 d.w.', 'mp/g dw', 0.001, 'items/g dw'],
    [2, 'items/g ww', 'items/kg ww', 2000, 'items/kg ww'],
    [50, 'items/100 m', 'items/m', 0.5, 'items/m'],
    [3, 'items/km', 'items/m', 0.003, 'items/m'],
    [0.1, 'mg/L', 'µg/L', 100, 'µg/L'],
    [1, 'µg/L', 'ng/L', 1000, 'ng/L'],
    [1, 'µg/L', 'mg/m3', 1, 'mg/m3'],
    [1_000_000, 'g/km2', 'g/m2', 1, 'g/m2'],
    [4, 'kg/km2', 'mg/m2', 4, 'mg/m2'],
    [7, 'ng/g dw', 'µg/kg dw', 7, 'µg/kg dw'],
    [2, 'mg/g dw', 'mg/kg dw', 2000, 'mg/kg dw'],
    [2, 'items/m2/day', 'items/km2/day', 2_000_000, 'items/km2/day'],
    [9, 'items per day', 'items/day', 9, 'items/day'],
    [4, 'items/ind.', 'items/individual', 4, 'items/individual'],
    [12, 'pieces/10 mins', 'pieces/10 min', 12, 'pieces/10 min'],
  ];

  it.each(CASES)('%d %s is %d %s', (value, from, to, expected, unit) => {
    const r = convert(value, from, to);
    expect(r.value).toBe(expected);
    expect(r.unit).toBe(unit);
    expect(r.family).toBe(toCanonical(1, unit).family);
  });

  it('needs no context', () => {
    expect(convert(2.5, 'pieces/L', 'pieces/m3', {}).value).toBe(2500);
  });
});

describe('convert across families: the valid conversions', () => {
  it('pieces/m3 to pieces/km2 multiplies by the net immersion depth and 10^6', () => {
    expect(convert(2, 'pieces/m3', 'pieces/km2', { immersionDepthM: 0.5 })).toEqual({ value: 1_000_000, unit: 'pieces/km2', family: 'AREA_SEA' });
    expect(convert(0.004, 'pieces/L', 'pieces/m2', { immersionDepthM: 0.25 })).toEqual({ value: 1, unit: 'pieces/m2', family: 'AREA_SEA' });
  });

  it('items/kg ww to items/kg dw divides by (1 - moisture fraction)', () => {
    expect(convert(30, 'items/kg ww', 'items/kg dw', { moistureFraction: 0.25 })).toEqual({ value: 40, unit: 'items/kg dw', family: 'MASS_DRY' });
    expect(convert(0.06, 'items/g ww', 'items/kg dw', { moistureFraction: 0.4 }).value).toBe(100);
    expect(convert(30, 'items/kg ww', 'items/g dw', { moistureFraction: 0.25 }).value).toBe(0.04);
    expect(convert(30, 'items/kg ww', 'items/kg dw', { moistureFraction: 0 }).value).toBe(30);
  });

  it('items/100 m to items/m2 divides by 100 x the mean beach width', () => {
    expect(convert(200, 'items/100 m', 'items/m2', { meanWidthM: 25 })).toEqual({ value: 0.08, unit: 'items/m2', family: 'AREA_BEACH' });
    expect(convert(3, 'items/m', 'items/m2', { meanWidthM: 30 }).value).toBe(0.1);
  });

  it('ignores context fields the conversion does not need', () => {
    expect(convert(2, 'pieces/m3', 'pieces/km2', { ...FULL_CONTEXT, immersionDepthM: 0.5, moistureFraction: null }).value).toBe(1_000_000);
  });

  it('refuses a result that overflows a double', () => {
    const e = caught(() => convert(1e300, 'pieces/m3', 'pieces/km2', { immersionDepthM: 1e10 }));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toContain('Converting 1e+300 pieces/m3 to pieces/km2 gives a result outside the range');
  });
});

describe('convert across families: missing or bad context', () => {
  const DEPTH = 'pieces/m3 to pieces/km2 needs the sampled layer depth (net immersion depth, context.immersionDepthM, in m), greater than 0';
  const MOISTURE = 'items/kg ww to items/kg dw needs the measured moisture content (context.moistureFraction, water fraction of the wet mass), at least 0 and below 1';
  const WIDTH = 'items/100 m to items/m2 needs the measured mean beach width (context.meanWidthM, in m), greater than 0';

  // [from, to, context, message start, problem]
  const CASES: ReadonlyArray<readonly [string, string, SampleContext | undefined, string, string]> = [
    ['pieces/m3', 'pieces/km2', undefined, DEPTH, 'it is missing'],
    ['pieces/m3', 'pieces/km2', {}, DEPTH, 'it is missing'],
    ['pieces/m3', 'pieces/km2', { immersionDepthM: null }, DEPTH, 'it is missing'],
    ['pieces/m3', 'pieces/km2', { immersionDepthM: 0 }, DEPTH, 'got 0'],
    ['pieces/m3', 'pieces/km2', { immersionDepthM: -0.2 }, DEPTH, 'got -0.2'],
    ['pieces/m3', 'pieces/km2', { immersionDepthM: NaN }, DEPTH, 'got NaN'],
    ['pieces/m3', 'pieces/km2', { immersionDepthM: Infinity }, DEPTH, 'got Infinity'],
    ['pieces/m3', 'pieces/km2', { volumeM3: 10, areaM2: 40 }, DEPTH, 'it is missing'],
    ['items/kg ww', 'items/kg dw', {}, MOISTURE, 'it is missing'],
    ['items/kg ww', 'items/kg dw', { moistureFraction: 1 }, MOISTURE, 'got 1'],
    ['items/kg ww', 'items/kg dw', { moistureFraction: -0.1 }, MOISTURE, 'got -0.1'],
    ['items/kg ww', 'items/kg dw', { moistureFraction: 35 }, MOISTURE, 'got 35'],
    ['items/100 m', 'items/m2', {}, WIDTH, 'it is missing'],
    ['items/100 m', 'items/m2', { meanWidthM: 0 }, WIDTH, 'got 0'],
    ['items/100 m', 'items/m2', { surveyedLengthM: 100 }, WIDTH, 'it is missing'],
  ];

  it.each(CASES)('%s to %s with %j: UNIT_CONVERSION_INVALID', (from, to, ctx, start, problem) => {
    const e = caught(() => convert(1, from, to, ctx));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toBe(`${start}, measured on the same sample; ${problem}.`);
  });

  it('rejects a context value that is not a number', () => {
    const e = caught(() => convert(1, 'pieces/m3', 'pieces/km2', { immersionDepthM: '0.25' as unknown as number }));
    expect(e.message).toContain('got string');
    expect(e.details?.['missing']).toBe('immersionDepthM');
  });
});

describe('convert across families: invalid conversions (DOMAIN 1.9)', () => {
  // [from, to, reason fragment]
  const CASES: ReadonlyArray<readonly [string, string, string]> = [
    ['pieces/m3', 'items/kg dw', 'a count per water volume or sea area and a count per sediment or tissue mass are different physical quantities'],
    ['items/kg dw', 'pieces/m3', 'different physical quantities'],
    ['pieces/km2', 'items/kg ww', 'different physical quantities'],
    ['pieces/m3', 'mg/m3', 'counts and masses cannot be converted into each other without particle masses'],
    ['g/km2', 'pieces/km2', 'without particle masses'],
    ['mg/kg dw', 'items/kg dw', 'without particle masses'],
    ['mg/m3', 'g/km2', 'mass per water volume, per sea area and per sediment mass are different physical quantities'],
    ['pieces/10 mins', 'pieces/m3', 'search-effort rate'],
    ['pieces/m3', 'pieces/10 min', 'search-effort rate'],
    ['pieces/10 min', 'items/m2', 'search-effort rate'],
    ['pieces/10 min', 'mg/m3', 'search-effort rate'],
    ['items/100 m', 'pieces/10 min', 'search-effort rate'],
    ['pieces/km2', 'pieces/m3', 'the vertical distribution is unknown'],
    ['items/kg dw', 'items/m2', 'bulk density and sampled depth'],
    ['items/m2', 'items/kg ww', 'bulk density and sampled depth'],
    ['items/m2', 'items/100 m', 'not the reverse'],
    ['items/kg dw', 'items/kg ww', 'only wet to dry, with the measured moisture content, is valid'],
    ['items/kg dw', 'items/100 m', 'a count per sediment mass and a count per beach length are different physical quantities'],
    ['pieces/km2', 'items/m2', 'different matrices'],
    ['items/100 m', 'pieces/m3', 'different matrices'],
    ['items/day', 'items/m2/day', 'a flux (items per time)'],
    ['pieces/m3', 'items/day', 'a flux (items per time)'],
    ['items/individual', 'items/kg ww', 'per individual organism'],
    ['pieces/m3', 'items/individual', 'per individual organism'],
  ];

  it.each(CASES)('%s to %s is refused: %s', (from, to, reason) => {
    const e = caught(() => convert(1, from, to, FULL_CONTEXT));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toMatch(/^Cannot convert \S.* \([A-Z_]+\) to \S.* \([A-Z_]+\): .+\.$/);
    expect(e.message).toContain(reason);
  });

  const VALID = new Set(['VOLUME>AREA_SEA', 'MASS_WET>MASS_DRY', 'LENGTH_BEACH>AREA_BEACH']);
  const PAIRS = UNIT_FAMILIES.flatMap((a) => UNIT_FAMILIES.filter((b) => a !== b && !VALID.has(`${a}>${b}`)).map((b) => [a, b] as const));

  it(`refuses all ${PAIRS.length} other family pairs, with a specific reason, even when every context value is given`, () => {
    expect(PAIRS).toHaveLength(13 * 12 - 3);
    for (const [a, b] of PAIRS) {
      const e = caught(() => convert(1, CANONICAL_UNITS[a], CANONICAL_UNITS[b], FULL_CONTEXT));
      expect(e.code).toBe('UNIT_CONVERSION_INVALID');
      expect(e.message).toContain(`Cannot convert ${CANONICAL_UNITS[a]} (${a}) to ${CANONICAL_UNITS[b]} (${b}): `);
      // The generic fallback would only repeat the family names.
      expect(e.message).not.toContain(`${a} and ${b} are different`);
      expect(e.details).toEqual({ from: CANONICAL_UNITS[a], to: CANONICAL_UNITS[b], fromFamily: a, toFamily: b });
    }
  });

  it('refuses the reverse of each valid conversion', () => {
    expect(caught(() => convert(1, 'pieces/km2', 'pieces/m3', FULL_CONTEXT)).code).toBe('UNIT_CONVERSION_INVALID');
    expect(caught(() => convert(1, 'items/kg dw', 'items/kg ww', FULL_CONTEXT)).code).toBe('UNIT_CONVERSION_INVALID');
    expect(caught(() => convert(1, 'items/m2', 'items/100 m', FULL_CONTEXT)).code).toBe('UNIT_CONVERSION_INVALID');
  });

  it('checks every accepted unit, not only canonical ones', () => {
    for (const from of acceptedUnits('VOLUME')) {
      for (const to of acceptedUnits('MASS_DRY')) {
        expect(caught(() => convert(1, from.id, to.id, FULL_CONTEXT)).code).toBe('UNIT_CONVERSION_INVALID');
      }
    }
  });
});

describe('convert: bad values and units', () => {
  it.each([NaN, Infinity, -Infinity])('rejects the value %d with UNIT_CONVERSION_INVALID', (bad) => {
    const e = caught(() => convert(bad, 'pieces/L', 'pieces/m3'));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toBe(`The value to convert from "pieces/L" must be a finite number; got ${bad}.`);
  });

  it('rejects an unknown source or target unit with UNIT_UNKNOWN naming it', () => {
    const from = caught(() => convert(1, 'pieces/fortnight', 'pieces/m3'));
    expect(from.code).toBe('UNIT_UNKNOWN');
    expect(from.message).toContain('"pieces/fortnight"');
    const to = caught(() => convert(1, 'pieces/m3', 'items/kg'));
    expect(to.code).toBe('UNIT_UNKNOWN');
    expect(to.message).toContain('"items/kg"');
    expect(to.message).toContain('mass basis');
  });
});

describe('imperial units (ICC)', () => {
  it('converts pounds to kilograms exactly by definition', () => {
    expect(lbToKg(1)).toBe(0.45359237);
    expect(lbToKg(100)).toBe(45.359237);
    expect(lbToKg(0)).toBe(0);
  });

  it('converts miles to kilometres exactly by definition', () => {
    expect(milesToKm(1)).toBe(1.609344);
    expect(milesToKm(2.5)).toBe(4.02336);
  });

  it.each([NaN, Infinity])('rejects %d with UNIT_CONVERSION_INVALID', (bad) => {
    const lb = caught(() => lbToKg(bad));
    expect(lb.code).toBe('UNIT_CONVERSION_INVALID');
    expect(lb.message).toBe(`A mass in pounds must be a finite number; got ${bad}.`);
    const mi = caught(() => milesToKm(bad));
    expect(mi.code).toBe('UNIT_CONVERSION_INVALID');
    expect(mi.message).toBe(`A length in miles must be a finite number; got ${bad}.`);
  });
});
