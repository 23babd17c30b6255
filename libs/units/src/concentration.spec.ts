import { concentrationFromCount, UNIT_FAMILIES, type SampleContext, type UnitFamily } from './index.js';
import { caught } from './spec-helpers.js';

describe('concentrationFromCount: valid', () => {
  // [count, family, context, value, unit]
  const CASES: ReadonlyArray<readonly [number, UnitFamily, SampleContext, number, string]> = [
    [120, 'VOLUME', { volumeM3: 80 }, 1.5, 'pieces/m3'],
    [120, 'AREA_SEA', { areaM2: 4000 }, 30_000, 'pieces/km2'],
    [45, 'MASS_DRY', { massKg: 0.5, massBasis: 'DRY' }, 90, 'items/kg dw'],
    [45, 'MASS_WET', { massKg: 0.25, massBasis: 'WET' }, 180, 'items/kg ww'],
    [37, 'AREA_BEACH', { areaM2: 0.25 }, 148, 'items/m2'],
    [412, 'LENGTH_BEACH', { surveyedLengthM: 100 }, 412, 'items/100 m'],
    [412, 'LENGTH_BEACH', { surveyedLengthM: 200 }, 206, 'items/100 m'],
    [30, 'LENGTH_BEACH', { surveyedLengthM: 1000 }, 3, 'items/100 m'],
    [0, 'VOLUME', { volumeM3: 3 }, 0, 'pieces/m3'],
    [2.5, 'AREA_BEACH', { areaM2: 0.5 }, 5, 'items/m2'],
  ];

  it.each(CASES)('%d items as %s with %j is %d %s', (count, family, ctx, value, unit) => {
    expect(concentrationFromCount(count, family, ctx)).toEqual({ value, unit, family });
  });

  it('keeps full double precision', () => {
    expect(concentrationFromCount(1, 'VOLUME', { volumeM3: 3 }).value).toBe(1 / 3);
  });
});

describe('concentrationFromCount: missing, zero or negative denominators', () => {
  // [family, field, label in the message]
  const FIELDS: ReadonlyArray<readonly [UnitFamily, keyof SampleContext, string, SampleContext]> = [
    ['VOLUME', 'volumeM3', 'the filtered water volume (context.volumeM3, in m3)', {}],
    ['AREA_SEA', 'areaM2', 'the sampled area (context.areaM2, in m2)', {}],
    ['AREA_BEACH', 'areaM2', 'the sampled area (context.areaM2, in m2)', {}],
    ['MASS_DRY', 'massKg', 'the sample mass (context.massKg, in kg)', { massBasis: 'DRY' }],
    ['MASS_WET', 'massKg', 'the sample mass (context.massKg, in kg)', { massBasis: 'WET' }],
    ['LENGTH_BEACH', 'surveyedLengthM', 'the surveyed beach length (context.surveyedLengthM, in m)', {}],
  ];
  const BAD: ReadonlyArray<readonly [unknown, string]> = [
    [undefined, 'it is missing'],
    [null, 'it is missing'],
    [0, 'got 0'],
    [-3, 'got -3'],
    [NaN, 'got NaN'],
    [Infinity, 'got Infinity'],
  ];
  const CASES = FIELDS.flatMap(([family, field, label, base]) =>
    BAD.map(([bad, problem]) => [family, field, bad, label, problem, base] as const),
  );

  it.each(CASES)('%s with %s = %p is refused', (family, field, bad, label, problem, base) => {
    const ctx = { ...base, [field]: bad } as SampleContext;
    const e = caught(() => concentrationFromCount(10, family, ctx));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toContain(`A ${family} concentration`);
    expect(e.message).toContain(`from a count needs ${label}, greater than 0; ${problem}.`);
    expect(e.details?.['missing']).toBe(field);
  });

  it('does not take the denominator of another family (area is not volume)', () => {
    const e = caught(() => concentrationFromCount(10, 'VOLUME', { areaM2: 100, surveyedLengthM: 50 }));
    expect(e.message).toContain('context.volumeM3');
  });

  it('treats a missing context object as all values missing', () => {
    const e = caught(() => concentrationFromCount(10, 'AREA_SEA', undefined as unknown as SampleContext));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toContain('context.areaM2');
    expect(e.message).toContain('it is missing');
  });
});

describe('concentrationFromCount: mass basis', () => {
  it('needs massBasis DRY for MASS_DRY', () => {
    const missing = caught(() => concentrationFromCount(10, 'MASS_DRY', { massKg: 1 }));
    expect(missing.code).toBe('UNIT_CONVERSION_INVALID');
    expect(missing.message).toBe(
      "A MASS_DRY concentration (items/kg dw) from a count needs the mass basis of the sample (context.massBasis) to be 'DRY'; it is missing.",
    );
    const wet = caught(() => concentrationFromCount(10, 'MASS_DRY', { massKg: 1, massBasis: 'WET' }));
    expect(wet.message).toContain("got 'WET': use MASS_WET for this sample, or convert with the measured moisture content");
  });

  it('needs massBasis WET for MASS_WET', () => {
    const dry = caught(() => concentrationFromCount(10, 'MASS_WET', { massKg: 1, massBasis: 'DRY' }));
    expect(dry.code).toBe('UNIT_CONVERSION_INVALID');
    expect(dry.message).toContain("to be 'WET'; got 'DRY': use MASS_DRY for this sample.");
  });

  it('names a basis spelled wrongly', () => {
    const e = caught(() => concentrationFromCount(10, 'MASS_DRY', { massKg: 1, massBasis: 'dry' as 'DRY' }));
    expect(e.message).toContain(`got the string "dry"`);
  });
});

describe('concentrationFromCount: bad counts and families', () => {
  it.each([-1, NaN, Infinity, -Infinity])('rejects the count %d', (bad) => {
    const e = caught(() => concentrationFromCount(bad, 'VOLUME', { volumeM3: 1 }));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toBe(`The count for a VOLUME concentration must be a finite number of at least 0; got ${bad}.`);
  });

  it('rejects a count that is not a number', () => {
    const e = caught(() => concentrationFromCount('12' as unknown as number, 'VOLUME', { volumeM3: 1 }));
    expect(e.message).toContain('got the string "12"');
  });

  // [family, reason]
  const NOT_FROM_COUNT: ReadonlyArray<readonly [UnitFamily, string]> = [
    ['PER_INDIVIDUAL', 'needs the number of individuals examined'],
    ['EFFORT', 'search effort is reported per 10 minutes'],
    ['MASS_CONC_VOLUME', 'without particle masses'],
    ['MASS_CONC_AREA', 'without particle masses'],
    ['MASS_CONC_MASS', 'without particle masses'],
    ['FLUX_TIME', 'needs the sampling period'],
    ['FLUX_AREA_TIME', 'needs the sampling period'],
  ];

  it.each(NOT_FROM_COUNT)('refuses %s: %s', (family, reason) => {
    const everything: SampleContext = { volumeM3: 1, areaM2: 1, massKg: 1, massBasis: 'DRY', surveyedLengthM: 1, meanWidthM: 1, immersionDepthM: 1, moistureFraction: 0 };
    const e = caught(() => concentrationFromCount(5, family, everything));
    expect(e.code).toBe('UNIT_CONVERSION_INVALID');
    expect(e.message).toContain(`Cannot make a ${family} concentration`);
    expect(e.message).toContain(reason);
  });

  it('covers every family either as valid or as refused', () => {
    const tested = new Set(['VOLUME', 'AREA_SEA', 'MASS_DRY', 'MASS_WET', 'AREA_BEACH', 'LENGTH_BEACH', ...NOT_FROM_COUNT.map(([f]) => f)]);
    expect(UNIT_FAMILIES.filter((f) => !tested.has(f))).toEqual([]);
  });

  it('rejects an unknown family with UNIT_UNKNOWN listing the families', () => {
    const e = caught(() => concentrationFromCount(5, 'DENSITY' as UnitFamily, { volumeM3: 1 }));
    expect(e.code).toBe('UNIT_UNKNOWN');
    expect(e.message).toBe(`Unknown unit family "DENSITY"; expected one of ${UNIT_FAMILIES.join(', ')}.`);
  });
});
