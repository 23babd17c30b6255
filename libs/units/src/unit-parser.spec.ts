import { acceptedUnits, CANONICAL_UNITS, familyOfUnit, parseUnit, tryParseUnit, UNIT_FAMILIES, type UnitFamily } from './index.js';
import { caught } from './spec-helpers.js';

// [text as found in sources, normalised id, family, factor to canonical]
const SPELLINGS: ReadonlyArray<readonly [string, string, UnitFamily, number]> = [
  // VOLUME
  ['pieces/m3', 'pieces/m3', 'VOLUME', 1],
  ['pieces/m³', 'pieces/m3', 'VOLUME', 1],
  ['pieces/m^3', 'pieces/m3', 'VOLUME', 1],
  ['pieces/m**3', 'pieces/m3', 'VOLUME', 1],
  ['  Pieces / M3  ', 'pieces/m3', 'VOLUME', 1],
  ['PIECES PER M3', 'pieces/m3', 'VOLUME', 1],
  ['pieces m-3', 'pieces/m3', 'VOLUME', 1],
  ['pieces m^-3', 'pieces/m3', 'VOLUME', 1],
  ['pieces m⁻³', 'pieces/m3', 'VOLUME', 1],
  ['pcs/m3', 'pieces/m3', 'VOLUME', 1],
  ['particles/m3', 'pieces/m3', 'VOLUME', 1],
  ['items/m³', 'pieces/m3', 'VOLUME', 1],
  ['mp/m3', 'pieces/m3', 'VOLUME', 1],
  ['MPs/m3', 'pieces/m3', 'VOLUME', 1],
  ['microplastics per cubic metre', 'pieces/m3', 'VOLUME', 1],
  ['ｐｉｅｃｅｓ／ｍ３', 'pieces/m3', 'VOLUME', 1],
  ['pieces/L', 'pieces/L', 'VOLUME', 1000],
  ['pieces/l', 'pieces/L', 'VOLUME', 1000],
  ['particles per litre', 'pieces/L', 'VOLUME', 1000],
  ['items per liter', 'pieces/L', 'VOLUME', 1000],
  ['pieces/dm3', 'pieces/L', 'VOLUME', 1000],
  ['pieces L-1', 'pieces/L', 'VOLUME', 1000],
  // AREA_SEA
  ['pieces/km2', 'pieces/km2', 'AREA_SEA', 1],
  ['pieces/km²', 'pieces/km2', 'AREA_SEA', 1],
  ['pieces km-2', 'pieces/km2', 'AREA_SEA', 1],
  ['particles per km^2', 'pieces/km2', 'AREA_SEA', 1],
  ['items/km2', 'pieces/km2', 'AREA_SEA', 1],
  ['pieces per square kilometre', 'pieces/km2', 'AREA_SEA', 1],
  ['pieces/m2', 'pieces/m2', 'AREA_SEA', 1e6],
  ['pieces/m²', 'pieces/m2', 'AREA_SEA', 1e6],
  ['pcs/m2', 'pieces/m2', 'AREA_SEA', 1e6],
  ['pieces m-2', 'pieces/m2', 'AREA_SEA', 1e6],
  // MASS_DRY
  ['items/kg dw', 'items/kg dw', 'MASS_DRY', 1],
  ['pieces kg-1 d.w.', 'items/kg dw', 'MASS_DRY', 1],
  ['microplastic/kg sediment dry wt.', 'items/kg dw', 'MASS_DRY', 1],
  ['mp/kg dw', 'items/kg dw', 'MASS_DRY', 1],
  ['MP/kg DW', 'items/kg dw', 'MASS_DRY', 1],
  ['particles/kg dry weight', 'items/kg dw', 'MASS_DRY', 1],
  ['items per kg d. w.', 'items/kg dw', 'MASS_DRY', 1],
  ['items/kg (dw)', 'items/kg dw', 'MASS_DRY', 1],
  ['items per kg of dry sediment', 'items/kg dw', 'MASS_DRY', 1],
  ['items/kg dwt', 'items/kg dw', 'MASS_DRY', 1],
  ['items/g dw', 'items/g dw', 'MASS_DRY', 1000],
  ['particles/g d.w.', 'items/g dw', 'MASS_DRY', 1000],
  ['items g-1 dry mass', 'items/g dw', 'MASS_DRY', 1000],
  // MASS_WET
  ['items/kg ww', 'items/kg ww', 'MASS_WET', 1],
  ['items/kg w.w.', 'items/kg ww', 'MASS_WET', 1],
  ['particles/kg wet weight', 'items/kg ww', 'MASS_WET', 1],
  ['mp kg-1 ww', 'items/kg ww', 'MASS_WET', 1],
  ['items/kg tissue wet wt.', 'items/kg ww', 'MASS_WET', 1],
  ['items/g ww', 'items/g ww', 'MASS_WET', 1000],
  ['items/g wet wt', 'items/g ww', 'MASS_WET', 1000],
  // AREA_BEACH
  ['items/m2', 'items/m2', 'AREA_BEACH', 1],
  ['items/m²', 'items/m2', 'AREA_BEACH', 1],
  ['particles/m2', 'items/m2', 'AREA_BEACH', 1],
  ['mp/m2', 'items/m2', 'AREA_BEACH', 1],
  ['items per square metre', 'items/m2', 'AREA_BEACH', 1],
  ['items m-2', 'items/m2', 'AREA_BEACH', 1],
  // LENGTH_BEACH
  ['items/100 m', 'items/100 m', 'LENGTH_BEACH', 1],
  ['items/100m', 'items/100 m', 'LENGTH_BEACH', 1],
  ['items per 100 m', 'items/100 m', 'LENGTH_BEACH', 1],
  ['Items / 100 metres', 'items/100 m', 'LENGTH_BEACH', 1],
  ['items/m', 'items/m', 'LENGTH_BEACH', 100],
  ['items per metre', 'items/m', 'LENGTH_BEACH', 100],
  ['items/km', 'items/km', 'LENGTH_BEACH', 0.1],
  // PER_INDIVIDUAL
  ['items/individual', 'items/individual', 'PER_INDIVIDUAL', 1],
  ['items/ind.', 'items/individual', 'PER_INDIVIDUAL', 1],
  ['particles per individual', 'items/individual', 'PER_INDIVIDUAL', 1],
  ['mp/organism', 'items/individual', 'PER_INDIVIDUAL', 1],
  // EFFORT
  ['pieces/10 mins', 'pieces/10 min', 'EFFORT', 1],
  ['pieces/10 min', 'pieces/10 min', 'EFFORT', 1],
  ['pieces/10min', 'pieces/10 min', 'EFFORT', 1],
  ['pieces per 10 minutes', 'pieces/10 min', 'EFFORT', 1],
  ['nurdles/10 min', 'pieces/10 min', 'EFFORT', 1],
  // MASS_CONC_VOLUME
  ['mg/m3', 'mg/m3', 'MASS_CONC_VOLUME', 1],
  ['mg m-3', 'mg/m3', 'MASS_CONC_VOLUME', 1],
  ['µg/m3', 'µg/m3', 'MASS_CONC_VOLUME', 0.001],
  ['μg/m³', 'µg/m3', 'MASS_CONC_VOLUME', 0.001],
  ['ug/m3', 'µg/m3', 'MASS_CONC_VOLUME', 0.001],
  ['g/m3', 'g/m3', 'MASS_CONC_VOLUME', 1000],
  ['ng/L', 'ng/L', 'MASS_CONC_VOLUME', 0.001],
  ['µg/L', 'µg/L', 'MASS_CONC_VOLUME', 1],
  ['mg/L', 'mg/L', 'MASS_CONC_VOLUME', 1000],
  ['mg per litre', 'mg/L', 'MASS_CONC_VOLUME', 1000],
  // MASS_CONC_AREA
  ['g/km2', 'g/km2', 'MASS_CONC_AREA', 1],
  ['g km-2', 'g/km2', 'MASS_CONC_AREA', 1],
  ['grams per km²', 'g/km2', 'MASS_CONC_AREA', 1],
  ['kg/km2', 'kg/km2', 'MASS_CONC_AREA', 1000],
  ['µg/m2', 'µg/m2', 'MASS_CONC_AREA', 1],
  ['mg/m2', 'mg/m2', 'MASS_CONC_AREA', 1000],
  ['g/m2', 'g/m2', 'MASS_CONC_AREA', 1e6],
  // MASS_CONC_MASS
  ['mg/kg dw', 'mg/kg dw', 'MASS_CONC_MASS', 1],
  ['mg kg-1 d.w.', 'mg/kg dw', 'MASS_CONC_MASS', 1],
  ['µg/kg dw', 'µg/kg dw', 'MASS_CONC_MASS', 0.001],
  ['g/kg dw', 'g/kg dw', 'MASS_CONC_MASS', 1000],
  ['ng/g dw', 'ng/g dw', 'MASS_CONC_MASS', 0.001],
  ['µg/g dw', 'µg/g dw', 'MASS_CONC_MASS', 1],
  ['mcg/g dry wt.', 'µg/g dw', 'MASS_CONC_MASS', 1],
  ['mg/g dw', 'mg/g dw', 'MASS_CONC_MASS', 1000],
  // FLUX_TIME
  ['items/day', 'items/day', 'FLUX_TIME', 1],
  ['items/d', 'items/day', 'FLUX_TIME', 1],
  ['items per day', 'items/day', 'FLUX_TIME', 1],
  ['items d-1', 'items/day', 'FLUX_TIME', 1],
  // FLUX_AREA_TIME
  ['items/m2/day', 'items/m2/day', 'FLUX_AREA_TIME', 1],
  ['items/m²/d', 'items/m2/day', 'FLUX_AREA_TIME', 1],
  ['items m-2 d-1', 'items/m2/day', 'FLUX_AREA_TIME', 1],
  ['items per m2 per day', 'items/m2/day', 'FLUX_AREA_TIME', 1],
  ['items/(m2·day)', 'items/m2/day', 'FLUX_AREA_TIME', 1],
  ['items/day/m2', 'items/m2/day', 'FLUX_AREA_TIME', 1],
  ['items/km2/day', 'items/km2/day', 'FLUX_AREA_TIME', 1e-6],
];

describe('parseUnit: accepted spellings', () => {
  it.each(SPELLINGS)('reads %j as %s (%s, × %d)', (text, id, family, factor) => {
    expect(parseUnit(text)).toEqual({ id, family, factor });
  });

  it('covers every accepted unit of every family with at least one spelling', () => {
    const covered = new Set(SPELLINGS.map(([, id]) => id));
    const all = UNIT_FAMILIES.flatMap((f) => acceptedUnits(f).map((u) => u.id));
    expect(all.filter((id) => !covered.has(id))).toEqual([]);
  });

  it('reads the NCEI Unit values of DOMAIN §1.10 into water, sediment and nurdle families', () => {
    expect(familyOfUnit('pieces/m3')).toBe('VOLUME');
    expect(familyOfUnit('pieces kg-1 d.w.')).toBe('MASS_DRY');
    expect(familyOfUnit('pieces/10 mins')).toBe('EFFORT');
  });

  it('tells sea-surface from beach per-m² densities by the count word', () => {
    expect(parseUnit('pieces/m2').family).toBe('AREA_SEA');
    expect(parseUnit('items/m2').family).toBe('AREA_BEACH');
  });

  it('returns a fresh object each time, so callers cannot corrupt the registry', () => {
    const u = parseUnit('pieces/L');
    u.factor = 42;
    expect(parseUnit('pieces/L').factor).toBe(1000);
  });
});

describe('acceptedUnits and CANONICAL_UNITS', () => {
  it('lists the canonical unit of each family first, with factor 1', () => {
    for (const family of UNIT_FAMILIES) {
      const [first] = acceptedUnits(family);
      expect(first).toEqual({ id: CANONICAL_UNITS[family], family, factor: 1 });
    }
  });

  it('has the canonical units of DOMAIN §1.9', () => {
    expect(CANONICAL_UNITS).toEqual({
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
    expect(Object.isFrozen(CANONICAL_UNITS)).toBe(true);
  });

  it('parses every accepted id back to itself', () => {
    for (const family of UNIT_FAMILIES) {
      for (const unit of acceptedUnits(family)) expect(parseUnit(unit.id)).toEqual(unit);
    }
  });
});

// [text, fragment the message must contain]
const UNKNOWN: ReadonlyArray<readonly [string, string]> = [
  ['', 'it is empty'],
  ['   ', 'it is empty'],
  ['pieces', 'no denominator'],
  ['kg', 'no denominator'],
  ['bananas/m3', '"bananas" is not a count word'],
  ['m3', '"m3" is not a count word'],
  ['/m3', 'does not start with a count word'],
  ['items/kg', 'must state its mass basis: dry (dw'],
  ['pieces kg-1', 'must state its mass basis'],
  ['mg/kg', 'must state its mass basis'],
  ['mg/kg ww', 'on a dry basis only (e.g. mg/kg dw)'],
  ['mg/day', 'a mass is accepted per volume, per area or per dry mass only'],
  ['pieces/m3 dw', 'a dry/wet basis only applies to a per-mass unit'],
  ['items/kg dw ww', 'both a dry and a wet mass basis'],
  ['items/hour', 'search effort (pieces/10 min) or as a flux (items/day)'],
  ['items/year', 'search effort (pieces/10 min) or as a flux (items/day)'],
  ['pieces/m3/m3', 'repeats a dimension'],
  ['pieces//m3', 'empty denominator'],
  ['pieces/', 'empty denominator'],
  ['pieces/10', 'the number 10 is not followed by a unit'],
  ['10 pieces/m3', 'not read as a count or mass per'],
  ['pieces m3', 'follows the numerator without a slash or a negative power'],
  ['pieces/m-3', 'negative power after a slash'],
  ['pieces/furlong', '"furlong" is not a known unit'],
  ['pieces/m4', '"m4" is not a known unit'],
  ['items/(m2/day)', 'slash inside parentheses is ambiguous'],
  ['% w/w', 'character no accepted unit uses'],
  ['items/individual/day', 'not read as a count or mass per'],
];

// [text, family it reads as, accepted units the message must list]
const UNACCEPTED_IN_FAMILY: ReadonlyArray<readonly [string, UnitFamily, string]> = [
  ['pieces/mL', 'VOLUME', 'accepted VOLUME units are pieces/m3, pieces/L.'],
  ['pieces/100 m3', 'VOLUME', 'accepted VOLUME units are pieces/m3, pieces/L.'],
  ['items/ha', 'AREA_BEACH', 'accepted AREA_BEACH units are items/m2.'],
  ['pieces/cm2', 'AREA_SEA', 'accepted AREA_SEA units are pieces/km2, pieces/m2.'],
  ['items/mg dw', 'MASS_DRY', 'accepted MASS_DRY units are items/kg dw, items/g dw.'],
  ['items/50 m', 'LENGTH_BEACH', 'accepted LENGTH_BEACH units are items/100 m, items/m, items/km.'],
  ['pieces/5 min', 'EFFORT', 'accepted EFFORT units are pieces/10 min.'],
  ['pieces/min', 'EFFORT', 'accepted EFFORT units are pieces/10 min.'],
  ['kg/m3', 'MASS_CONC_VOLUME', 'accepted MASS_CONC_VOLUME units are mg/m3, µg/m3, g/m3, ng/L, µg/L, mg/L.'],
];

describe('parseUnit: unknown units', () => {
  it.each(UNKNOWN)('rejects %j with UNIT_UNKNOWN: %s', (text, fragment) => {
    const e = caught(() => parseUnit(text));
    expect(e.code).toBe('UNIT_UNKNOWN');
    expect(e.message).toContain(`Unknown unit "${text}"`);
    expect(e.message).toContain(fragment);
    expect(e.details?.['unit']).toBe(text);
    expect(tryParseUnit(text)).toBeUndefined();
  });

  it('lists the canonical units when the text matches no family', () => {
    const e = caught(() => parseUnit('bananas/m3'));
    expect(e.message).toContain('expected a unit such as pieces/m3, pieces/km2, items/kg dw');
    expect(e.details?.['accepted']).toEqual(Object.values(CANONICAL_UNITS));
  });

  it.each(UNACCEPTED_IN_FAMILY)('rejects %j, naming the %s units it accepts', (text, family, fragment) => {
    const e = caught(() => parseUnit(text));
    expect(e.code).toBe('UNIT_UNKNOWN');
    expect(e.message).toContain(`Unknown unit "${text}": it reads as a ${family} unit, but not one this library accepts`);
    expect(e.message).toContain(fragment);
    expect(e.details?.['family']).toBe(family);
  });

  it('rejects input that is not text, saying so', () => {
    for (const bad of [null, undefined, 3, {}] as unknown as string[]) {
      const e = caught(() => parseUnit(bad));
      expect(e.code).toBe('UNIT_UNKNOWN');
      expect(e.message).toContain('it is not text');
      expect(tryParseUnit(bad)).toBeUndefined();
    }
  });

  it('familyOfUnit throws the same error as parseUnit', () => {
    const e = caught(() => familyOfUnit('items/kg'));
    expect(e.code).toBe('UNIT_UNKNOWN');
    expect(e.message).toContain('must state its mass basis');
  });
});

describe('tryParseUnit', () => {
  it('returns the unit for accepted text', () => {
    expect(tryParseUnit('pieces/m2')).toEqual({ id: 'pieces/m2', family: 'AREA_SEA', factor: 1e6 });
  });
});
