// Every path of the microplastics row validator: required fields, code lists,
// numbers, positions, dates, reported and derived concentrations, size windows.
import fc from 'fast-check';
import { COLOURS, DEVICES, ID_METHODS, MATRICES, POLYMERS, SHAPES, SITE_TYPES, SIZE_CLASSES, type BoundingBox, type RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types';
import { MICROPLASTICS_FIELDS } from './fields';
import { validateMicroplasticsRow, type MicroplasticsRecord } from './validate-microplastics';

const LINE = 12;
/** The user's column name for each canonical field (as a mapping or header would give it). */
const col = (field: string) => `${field} (user)`;
const COLUMNS = Object.fromEntries(MICROPLASTICS_FIELDS.map((f) => [f.name, col(f.name)]));

/** A valid river-water count row: 12 pieces in 2.5 m3 of filtered water. */
const BASE: Readonly<Record<string, string>> = {
  site_id: 'TH-CP-01', site_type: 'ESTUARY', sample_id: 'TH-CP-01-2024-03', sampled_at: '2024-03-05', matrix: 'RW_SURF', count: '12', volume_m3: '2.5',
};

function row(values: Record<string, string | undefined>, line = LINE): CanonicalRow {
  const v: Record<string, string> = {};
  for (const [k, x] of Object.entries({ ...BASE, ...values })) if (x !== undefined) v[k] = x;
  return { table: 'row', line, values: v, columns: COLUMNS };
}

function ctx(over: Partial<ValidationContext> = {}): ValidationContext {
  return { now: new Date('2025-06-01T00:00:00Z'), declaredArea: null, litterCodes: new Set(), allowEmpty: new Set(), ...over };
}

function validate(values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}) {
  return validateMicroplasticsRow(row(values), ctx(over));
}

function ok(values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}): MicroplasticsRecord {
  const v = validate(values, over);
  if (!v.ok) throw new Error(`expected a valid row, got ${JSON.stringify(v.errors)}`);
  return v.record;
}

function errors(values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}): RowError[] {
  const v = validate(values, over);
  if (v.ok) throw new Error(`expected errors, got ${JSON.stringify(v.record)}`);
  return v.errors;
}

function err(field: string, value: string, reason: string, expected?: string): RowError {
  return { line: LINE, file: undefined, column: col(field), value, reason, expected };
}

const missing = (field: string) => err(field, '', `missing required field ${field}`, 'a value');

describe('validateMicroplasticsRow: a complete valid row', () => {
  it('gives the full record, with a concentration derived from count and volume', () => {
    const r = ok({
      site_name: 'Chao Phraya mouth', country: 'Thailand', city: 'Samut Prakan', water_body: 'Gulf of Thailand', region: 'Upper Gulf',
      site_latitude: '13.54', site_longitude: '100.59', sampled_until: '2024-03-05T11:00+07:00', device: 'Manta net', mesh_size_mm: '0.33',
      depth_m: '0.15', sample_latitude: '13.541', sample_longitude: '100.595', size_class: 'MP_1_5', id_method: 'ATR_FTIR', method_ref: 'Michida2023v1.2', notes: 'calm sea',
    });
    expect(r).toEqual({
      line: LINE,
      siteKey: 'TH-CP-01', siteName: 'Chao Phraya mouth', siteType: 'ESTUARY', countryCode: 'TH', city: 'Samut Prakan', waterBody: 'Gulf of Thailand', region: 'Upper Gulf',
      siteLat: 13.54, siteLon: 100.59,
      sampleKey: 'TH-CP-01-2024-03', sampledAt: new Date('2024-03-05T00:00:00.000Z'), sampledUntil: new Date('2024-03-05T04:00:00.000Z'), utcOffsetMinutes: null,
      dateVerbatim: '2024-03-05', matrix: 'RW_SURF', device: 'MANTA', deviceVerbatim: 'Manta net',
      meshSizeMm: 0.33, volumeM3: 2.5, areaM2: null, massKg: null, massBasis: null, depthM: 0.15, sampleLat: 13.541, sampleLon: 100.595,
      sizeMinMm: 1, sizeMaxMm: 5, idMethod: 'ATR_FTIR', methodRef: 'Michida2023v1.2', notes: 'calm sea',
      count: { sizeClass: 'MP_1_5', polymer: null, shape: null, colour: null, category: null, count: 12, massMg: null },
      concentration: {
        sizeClass: 'MP_1_5', sizeMinMm: 1, sizeMaxMm: 5, family: 'VOLUME', value: 4.8, unit: 'pieces/m3',
        originalValue: 12, originalUnit: 'count', particleCount: 12, correction: 'NONE', derived: true, concentrationClass: null,
      },
    });
  });

  it('keeps optional text fields null when empty', () => {
    const r = ok({});
    expect(r).toMatchObject({ siteName: null, countryCode: null, city: null, waterBody: null, region: null, siteLat: null, siteLon: null, device: null, deviceVerbatim: null, idMethod: null, methodRef: null, notes: null, sizeMinMm: null, sizeMaxMm: null });
  });
});

describe('required fields', () => {
  it.each(['site_id', 'site_type', 'sample_id', 'sampled_at', 'matrix'])('%s missing', (field) => {
    expect(errors({ [field]: undefined })).toEqual([missing(field)]);
    expect(errors({ [field]: '  ' })).toEqual([missing(field)]);
  });

  it('sampled_at may be empty when the source declares it (allowEmpty)', () => {
    const r = ok({ sampled_at: '' }, { allowEmpty: new Set(['sampled_at']) });
    expect(r).toMatchObject({ sampledAt: null, sampledUntil: null, utcOffsetMinutes: null, dateVerbatim: null });
  });

  it('a concentration needs its unit', () => {
    expect(errors({ count: undefined, concentration: '3.2' })).toEqual([missing('concentration_unit')]);
  });

  it('a mass needs its basis (dry or wet)', () => {
    expect(errors({ matrix: 'SED_SEA', volume_m3: undefined, mass_kg: '0.5' })).toEqual([missing('mass_basis')]);
  });

  it('a row needs a count or a concentration', () => {
    expect(errors({ count: undefined })).toEqual([err('count', '', 'row has neither a particle count nor a concentration', 'count and/or concentration')]);
  });

  it('a polymer, shape, colour or category cell needs a count', () => {
    for (const cell of [{ polymer: 'PE' }, { shape: 'FIBRE' }, { colour: 'BLUE' }, { category: 'red_pink' }]) {
      expect(errors({ ...cell, count: undefined, concentration: '3', concentration_unit: 'pieces/m3' })).toEqual([
        err('count', '', 'a polymer/shape/colour/category cell needs a count', 'an integer >= 0'),
      ]);
    }
    expect(errors({ polymer: 'PE', count: undefined })).toEqual([
      err('count', '', 'row has neither a particle count nor a concentration', 'count and/or concentration'),
      err('count', '', 'a polymer/shape/colour/category cell needs a count', 'an integer >= 0'),
    ]);
  });

  it('a unit without a value is accepted and stores no concentration (NCEI effort rows)', () => {
    const r = ok({ concentration_unit: 'pieces/10 min' });
    expect(r.concentration?.derived).toBe(true);
    const noCount = validate({ count: undefined, concentration_unit: 'pieces/10 min' });
    expect(noCount).toEqual({ ok: false, errors: [err('count', '', 'row has neither a particle count nor a concentration', 'count and/or concentration')] });
  });
});

describe('code lists', () => {
  it.each([
    ['site_type', 'SEA', SITE_TYPES],
    ['matrix', 'WATER', MATRICES],
    ['device', 'trawl', DEVICES],
    ['id_method', 'FTIR', ID_METHODS],
    ['size_class', 'MP_1_10', SIZE_CLASSES],
    ['polymer', 'NYLON', POLYMERS],
    ['shape', 'SPHERE', SHAPES],
    ['colour', 'CYAN', COLOURS],
    ['correction', 'WIND', ['NONE', 'WIND_MIXING']],
    ['mass_basis', 'DAMP', ['DRY', 'WET']],
  ] as const)('%s: unknown code %j', (field, value, codes) => {
    const extra = field === 'mass_basis' ? { mass_kg: '1' } : {};
    expect(errors({ [field]: value, ...extra })).toEqual([err(field, value, `unknown code "${value}"`, `one of ${codes.join(', ')}`)]);
  });

  it('codes are read case-insensitively, with blanks or hyphens for underscores', () => {
    const r = ok({ site_type: 'estuary', matrix: 'rw surf', id_method: 'atr-ftir', size_class: 'mp_1_5', correction: 'wind mixing' });
    expect(r).toMatchObject({ siteType: 'ESTUARY', matrix: 'RW_SURF', idMethod: 'ATR_FTIR', sizeMinMm: 1, sizeMaxMm: 5 });
    const cell = ok({ polymer: 'pet', shape: 'Fibre', colour: 'blue', count: '4' });
    expect(cell.count).toEqual({ sizeClass: null, polymer: 'PET', shape: 'FIBRE', colour: 'BLUE', category: null, count: 4, massMg: null });
    const mass = ok({ matrix: 'SED_SEA', mass_kg: '1', mass_basis: 'dry' });
    expect(mass.massBasis).toBe('DRY');
  });

  it.each([
    ['Manta net', 'MANTA', 'Manta net'], ['manta trawl', 'MANTA', 'manta trawl'], ['NEUSTON NET', 'NEUSTON', 'NEUSTON NET'], ['AVANI trawl', 'AVANI', 'AVANI trawl'],
    ['Bongo net', 'PLANKTON', 'Bongo net'], ['bucket', 'BULK', 'bucket'], ['Van Veen grab', 'GRAB', 'Van Veen grab'], ['grab sampler', 'GRAB', 'grab sampler'],
    ['manta', 'MANTA', 'manta'], ['MANTA', 'MANTA', null], ['niskin', 'NISKIN', 'niskin'],
  ])('device %j is %s (verbatim kept only when it differs)', (text, device, verbatim) => {
    expect(ok({ device: text })).toMatchObject({ device, deviceVerbatim: verbatim });
  });

  it('country: ISO code or name, unknown names refused', () => {
    expect(ok({ country: 'TH' }).countryCode).toBe('TH');
    expect(ok({ country: 'th' }).countryCode).toBe('TH');
    expect(ok({ country: 'Viet Nam' }).countryCode).toBe('VN');
    expect(errors({ country: 'Atlantis' })).toEqual([err('country', 'Atlantis', 'unknown country "Atlantis"', 'an ISO 3166-1 alpha-2 code or a country name')]);
    expect(errors({ country: 'XX' })).toEqual([err('country', 'XX', 'unknown country "XX"', 'an ISO 3166-1 alpha-2 code or a country name')]);
  });

  it('refuses a device named like an Object.prototype member', () => {
    expect(errors({ device: 'constructor' })).toEqual([err('device', 'constructor', 'unknown code "constructor"', `one of ${DEVICES.join(', ')}`)]);
  });
});

describe('numbers', () => {
  it.each(['mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg'])('%s must be > 0', (field) => {
    const extra = field === 'mass_kg' ? { mass_basis: 'DRY' } : {};
    expect(errors({ [field]: '0', ...extra })).toEqual([err(field, '0', 'out of range', 'a number > 0')]);
    expect(errors({ [field]: '-1.5', ...extra })).toEqual([err(field, '-1.5', 'negative value', 'a number > 0')]);
    expect(errors({ [field]: '2,5', ...extra })).toEqual([err(field, '2,5', 'not a number (decimal comma)', "a decimal number with '.' as decimal separator")]);
    expect(errors({ [field]: 'n/a', ...extra })).toEqual([err(field, 'n/a', 'not a number', "a decimal number with '.' as decimal separator")]);
  });

  it.each(['depth_m', 'size_min_mm', 'particle_mass_mg'])('%s may be 0 but not negative', (field) => {
    expect(errors({ [field]: '-0.1' })).toEqual([err(field, '-0.1', 'negative value', 'a number >= 0')]);
    expect(validate({ [field]: '0' }).ok).toBe(true);
  });

  it('size_max_mm must be > 0', () => {
    expect(errors({ size_max_mm: '0' })).toEqual([err('size_max_mm', '0', 'out of range', 'a number > 0')]);
  });

  it('the size window must not be empty', () => {
    expect(errors({ size_min_mm: '5', size_max_mm: '1' })).toEqual([err('size_max_mm', '1', 'size window 5–1 mm is empty', 'size_max_mm greater than size_min_mm')]);
    expect(errors({ size_min_mm: '0.3', size_max_mm: '0.3' })).toEqual([err('size_max_mm', '0.3', 'size window 0.3–0.3 mm is empty', 'size_max_mm greater than size_min_mm')]);
  });

  it('reads exponents and explicit signs', () => {
    expect(ok({ mesh_size_mm: '3.3e-1', volume_m3: '+2.5' })).toMatchObject({ meshSizeMm: 0.33, volumeM3: 2.5 });
  });

  it('count: integers only, >= 0, up to 2147483647', () => {
    expect(ok({ count: '3.0' }).count?.count).toBe(3);
    expect(ok({ count: '0' }).concentration).toMatchObject({ value: 0, particleCount: 0 });
    expect(errors({ count: '3.5' })).toEqual([err('count', '3.5', 'not a whole number', 'an integer')]);
    expect(errors({ count: '1,000' })).toEqual([err('count', '1,000', 'not a whole number', 'an integer')]);
    expect(errors({ count: '-1' })).toEqual([err('count', '-1', 'negative count', 'an integer >= 0')]);
    expect(errors({ count: '2147483648' })).toEqual([err('count', '2147483648', 'too large', 'an integer up to 2147483647')]);
  });

  it('concentration: a number >= 0', () => {
    const unit = { count: undefined, concentration_unit: 'pieces/m3' };
    expect(errors({ ...unit, concentration: '-0.2' })).toEqual([err('concentration', '-0.2', 'negative value', 'a number >= 0')]);
    expect(errors({ ...unit, concentration: '0,25' })).toEqual([err('concentration', '0,25', 'not a number (decimal comma)', "a decimal number with '.' as decimal separator")]);
    expect(ok({ ...unit, concentration: '0' }).concentration?.value).toBe(0);
  });

  it('blames an infinite concentration on the concentration column', () => {
    const e = errors({ count: undefined, concentration: '1e999', concentration_unit: 'pieces/m3' });
    expect(e).toHaveLength(1);
    expect(e[0].column).toBe(col('concentration'));
  });
});

describe('positions', () => {
  const GULF: BoundingBox = { west: 95.5, south: 5.5, east: 103, north: 13.8 };
  const FIJI: BoundingBox = { west: 175, south: -20, east: -178, north: -15 };

  it('site and sample positions are read as pairs', () => {
    expect(ok({ site_latitude: '13.54', site_longitude: '100.59', sample_latitude: '-8.5', sample_longitude: '-179.99' })).toMatchObject({ siteLat: 13.54, siteLon: 100.59, sampleLat: -8.5, sampleLon: -179.99 });
  });

  it('an incomplete pair is refused on the empty column', () => {
    expect(errors({ site_latitude: '13.54' })).toEqual([err('site_longitude', '', 'position incomplete: latitude and longitude must be given together', 'a value')]);
    expect(errors({ sample_longitude: '100.59' })).toEqual([err('sample_latitude', '', 'position incomplete: latitude and longitude must be given together', 'a value')]);
  });

  it('out-of-range coordinates are refused', () => {
    expect(errors({ site_latitude: '91', site_longitude: '100' })).toEqual([err('site_latitude', '91', 'out of range', 'decimal degrees between -90 and 90')]);
    expect(errors({ sample_latitude: '10', sample_longitude: '-181' })).toEqual([err('sample_longitude', '-181', 'out of range', 'decimal degrees between -180 and 180')]);
  });

  it('0°,0° is refused as missing or mis-scaled', () => {
    expect(errors({ site_latitude: '0', site_longitude: '0' })).toEqual([
      err('site_latitude', '0, 0', 'position (0, 0) is at 0°,0° — a missing or mis-scaled coordinate', 'the real position in decimal degrees'),
    ]);
  });

  it('outside the declared area, with and without the wrong-sign hint', () => {
    expect(errors({ site_latitude: '13.54', site_longitude: '-100.59' }, { declaredArea: GULF })).toEqual([
      err('site_longitude', '13.54, -100.59', "position (13.54, -100.59) is outside the dataset's declared area (the longitude has the wrong sign?)", 'longitude 95.5..103, latitude 5.5..13.8'),
    ]);
    expect(errors({ sample_latitude: '1.29', sample_longitude: '103.85' }, { declaredArea: GULF })).toEqual([
      err('sample_longitude', '1.29, 103.85', "position (1.29, 103.85) is outside the dataset's declared area", 'longitude 95.5..103, latitude 5.5..13.8'),
    ]);
    expect(ok({ site_latitude: '12.93', site_longitude: '100.88' }, { declaredArea: GULF })).toMatchObject({ siteLat: 12.93, siteLon: 100.88 });
  });

  it('a declared area crossing the antimeridian', () => {
    expect(ok({ site_latitude: '-17.7', site_longitude: '178.1', sample_latitude: '-17.7', sample_longitude: '-179.5' }, { declaredArea: FIJI })).toMatchObject({ siteLon: 178.1, sampleLon: -179.5 });
    expect(errors({ site_latitude: '-17.7', site_longitude: '-177.5' }, { declaredArea: FIJI })).toEqual([
      err('site_longitude', '-17.7, -177.5', "position (-17.7, -177.5) is outside the dataset's declared area (the longitude has the wrong sign?)", 'longitude 175..-178, latitude -20..-15'),
    ]);
  });
});

describe('dates', () => {
  it.each([
    ['2024', '2024-01-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z', null],
    ['2024-03', '2024-03-01T00:00:00.000Z', '2024-03-31T23:59:59.999Z', null],
    ['2024-03-05', '2024-03-05T00:00:00.000Z', '2024-03-05T23:59:59.999Z', null],
    ['2024-03-05T09:30+07:00', '2024-03-05T02:30:00.000Z', null, 420],
    ['2024-03-05T09:30:00Z', '2024-03-05T09:30:00.000Z', null, 0],
    ['2024-03-05/2024-03-08', '2024-03-05T00:00:00.000Z', '2024-03-08T23:59:59.999Z', null],
    ['2024-03-05T08:30-05:00/2024-03-05T09:10-05:00', '2024-03-05T13:30:00.000Z', '2024-03-05T14:10:00.000Z', -300],
  ])('sampled_at %s', (text, start, until, offset) => {
    const r = ok({ sampled_at: text });
    expect({ at: r.sampledAt?.toISOString(), until: r.sampledUntil?.toISOString() ?? null, offset: r.utcOffsetMinutes, verbatim: r.dateVerbatim }).toEqual({ at: start, until, offset, verbatim: text });
  });

  it('sampled_until: an instant as given, a date to its end', () => {
    expect(ok({ sampled_at: '2024-03-05T09:30+07:00', sampled_until: '2024-03-05T09:50+07:00' }).sampledUntil).toEqual(new Date('2024-03-05T02:50:00Z'));
    expect(ok({ sampled_at: '2024-03-05', sampled_until: '2024-03-07' }).sampledUntil).toEqual(new Date('2024-03-07T23:59:59.999Z'));
  });

  it('sampling must not end before it starts', () => {
    expect(errors({ sampled_at: '2024-03-05T09:30+07:00', sampled_until: '2024-03-05T09:10+07:00' })).toEqual([
      err('sampled_until', '2024-03-05T09:10+07:00', 'sampling ends before it starts', 'a date-time after sampled_at'),
    ]);
  });

  it('accepts a sampled_until date covering the day of a timed sampled_at', () => {
    expect(ok({ sampled_at: '2024-03-05T10:00+07:00', sampled_until: '2024-03-05' }).sampledUntil).toEqual(new Date('2024-03-05T23:59:59.999Z'));
  });

  it.each([
    ['2024-02-30', 'not a calendar date'],
    ['2024-13', 'unparseable date: month out of range'],
    ['2024-03-05T09:30', 'date-time without a UTC offset (local time is ambiguous)'],
    ['2024-03-08/2024-03-05', 'interval ends before it starts'],
    ['1799-06-01', 'date before 1800'],
    ['05.03.2024', 'unparseable date'],
  ])('sampled_at %j is refused: %s', (text, reason) => {
    expect(errors({ sampled_at: text })).toEqual([err('sampled_at', text, reason, 'ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss]±hh:mm, or start/end')]);
  });

  it('dates after ctx.now are refused', () => {
    expect(errors({ sampled_at: '2025-06-02' })).toEqual([err('sampled_at', '2025-06-02', 'date is in the future', 'a date up to 2025-06-01')]);
    expect(errors({ sampled_until: '2026-01-01' })).toEqual([err('sampled_until', '2026-01-01', 'date is in the future', 'a date up to 2025-06-01')]);
    expect(validate({ sampled_at: '2025-06-01' }).ok).toBe(true);
  });
});

describe('reported concentrations', () => {
  const conc = (values: Record<string, string | undefined>) => ok({ count: undefined, ...values }).concentration;

  it('converts to the canonical unit of its family and keeps the original', () => {
    expect(conc({ concentration: '2.4', concentration_unit: 'pieces/L', concentration_class: 'High', size_class: 'MP_0_3_1' })).toEqual({
      sizeClass: 'MP_0_3_1', sizeMinMm: 0.3, sizeMaxMm: 1, family: 'VOLUME', value: 2400, unit: 'pieces/m3',
      originalValue: 2.4, originalUnit: 'pieces/L', particleCount: null, correction: 'NONE', derived: false, concentrationClass: 'High',
    });
    expect(conc({ matrix: 'SW_SURF', concentration: '0.5', concentration_unit: 'pieces/m2', correction: 'WIND_MIXING' })).toMatchObject({ family: 'AREA_SEA', value: 500000, unit: 'pieces/km2', correction: 'WIND_MIXING' });
    expect(conc({ matrix: 'SED_SEA', concentration: '1836.4', concentration_unit: 'microplastic/kg sediment dry wt.' })).toMatchObject({ family: 'MASS_DRY', value: 1836.4, unit: 'items/kg dw', originalUnit: 'microplastic/kg sediment dry wt.' });
    expect(conc({ matrix: 'BEACH', concentration: '0.02', concentration_unit: 'items/g dw' })).toMatchObject({ family: 'MASS_DRY', value: 20, unit: 'items/kg dw' });
    expect(conc({ matrix: 'BIOTA', concentration: '1.5', concentration_unit: 'items/individual' })).toMatchObject({ family: 'PER_INDIVIDUAL', value: 1.5 });
    expect(conc({ matrix: 'AIR', concentration: '120', concentration_unit: 'items/m2/day' })).toMatchObject({ family: 'FLUX_AREA_TIME', value: 120 });
  });

  it('a reported concentration wins over derivation, and carries the bare count', () => {
    expect(ok({ concentration: '4', concentration_unit: 'pieces/m3' }).concentration).toMatchObject({ value: 4, derived: false, particleCount: 12, originalUnit: 'pieces/m3' });
  });

  it('a concentration reported on a polymer/shape cell carries no particle count', () => {
    expect(ok({ polymer: 'PE', count: '3', concentration: '1.2', concentration_unit: 'pieces/m3' }).concentration).toMatchObject({ value: 1.2, particleCount: null, derived: false });
  });

  it.each([
    ['SW_SURF', 'items/kg dw', 'MASS_DRY', 'a water unit such as pieces/m3 or pieces/km2'],
    ['RW_SURF', 'items/m2', 'AREA_BEACH', 'a water unit such as pieces/m3 or pieces/km2'],
    ['SED_SEA', 'pieces/m3', 'VOLUME', 'a sediment unit such as items/kg dw or items/m2'],
    ['BEACH', 'pieces/km2', 'AREA_SEA', 'a sediment unit such as items/kg dw or items/m2'],
    ['BIOTA', 'pieces/m3', 'VOLUME', 'items/individual or items/kg ww'],
    ['AIR', 'pieces/m3', 'VOLUME', 'items/m2/day'],
  ])('matrix %s refuses unit %s (%s)', (matrix, unit, family, expected) => {
    expect(errors({ matrix, count: undefined, concentration: '1', concentration_unit: unit })).toEqual([
      err('concentration_unit', unit, `unit ${unit} (${family}) does not fit matrix ${matrix}`, expected),
    ]);
  });

  it('names an unknown unit and lists the canonical ones', () => {
    expect(errors({ count: undefined, concentration: '1', concentration_unit: 'bananas/m3' })).toEqual([
      err(
        'concentration_unit',
        'bananas/m3',
        'Unknown unit "bananas/m3": "bananas" is not a count word (pieces, items, particles, mp) or a mass (ng, µg, mg, g, kg); expected a unit such as pieces/m3, pieces/km2, items/kg dw, items/kg ww, items/m2, items/100 m, items/individual, pieces/10 min, mg/m3, g/km2, mg/kg dw, items/day, items/m2/day.',
        'a known concentration unit (see docs/import.md)',
      ),
    ]);
  });
});

describe('derived concentrations', () => {
  it('water: count ÷ filtered volume → pieces/m3', () => {
    expect(ok({ matrix: 'SW_SURF', count: '30', volume_m3: '20' }).concentration).toEqual({
      sizeClass: null, sizeMinMm: null, sizeMaxMm: null, family: 'VOLUME', value: 1.5, unit: 'pieces/m3',
      originalValue: 30, originalUnit: 'count', particleCount: 30, correction: 'NONE', derived: true, concentrationClass: null,
    });
  });

  it('water: count ÷ swept area × 10⁶ → pieces/km2 when no volume is given', () => {
    expect(ok({ matrix: 'SW_SURF', count: '30', volume_m3: undefined, area_m2: '1500' }).concentration).toMatchObject({ family: 'AREA_SEA', value: 20000, unit: 'pieces/km2', particleCount: 30, derived: true });
  });

  it('water: the volume is preferred when both volume and area are given', () => {
    expect(ok({ matrix: 'SW_COL', count: '30', volume_m3: '20', area_m2: '1500' }).concentration).toMatchObject({ family: 'VOLUME', value: 1.5 });
  });

  it('sediment and beach: count ÷ dry or wet mass → items/kg dw or ww', () => {
    expect(ok({ matrix: 'BEACH', count: '17', volume_m3: undefined, mass_kg: '1.25', mass_basis: 'DRY' }).concentration).toMatchObject({ family: 'MASS_DRY', value: 13.6, unit: 'items/kg dw', particleCount: 17, derived: true });
    expect(ok({ matrix: 'SED_RIV', count: '10', volume_m3: undefined, mass_kg: '0.5', mass_basis: 'WET' }).concentration).toMatchObject({ family: 'MASS_WET', value: 20, unit: 'items/kg ww', derived: true });
  });

  it('beach: count ÷ quadrat area → items/m2 when no mass is given', () => {
    expect(ok({ matrix: 'BEACH', count: '10', volume_m3: undefined, area_m2: '0.25' }).concentration).toMatchObject({ family: 'AREA_BEACH', value: 40, unit: 'items/m2', derived: true });
    expect(ok({ matrix: 'SED_SEA', count: '10', volume_m3: undefined, area_m2: '0.25', mass_kg: '2', mass_basis: 'DRY' }).concentration).toMatchObject({ family: 'MASS_DRY', value: 5 });
  });

  it('nothing is derived without the measure the matrix needs', () => {
    expect(ok({ matrix: 'SW_SURF', volume_m3: undefined }).concentration).toBeNull();
    expect(ok({ matrix: 'SED_SEA', volume_m3: '2.5' }).concentration).toBeNull();
  });

  it('nothing is derived for a polymer, shape, colour or category cell', () => {
    for (const cell of [{ polymer: 'PE' }, { shape: 'FRAGMENT' }, { colour: 'WHITE' }, { category: 'foamed_plastic' }]) {
      const r = ok(cell);
      expect(r.concentration).toBeNull();
      expect(r.count?.count).toBe(12);
    }
  });

  it('nothing is derived for biota or air', () => {
    expect(ok({ matrix: 'BIOTA', volume_m3: undefined, mass_kg: '0.2', mass_basis: 'WET' }).concentration).toBeNull();
    expect(ok({ matrix: 'AIR', area_m2: '1' }).concentration).toBeNull();
  });

  it('never throws when the derived value would not be finite', () => {
    expect(() => validate({ count: '5', volume_m3: '1e-320' })).not.toThrow();
    expect(() => validate({ count: '5', volume_m3: '1e999' })).not.toThrow();
  });
});

describe('size windows', () => {
  it.each([
    ['SMP_LT_0_3', 0, 0.3], ['MP_0_3_1', 0.3, 1], ['MP_1_5', 1, 5], ['MESO_5_25', 5, 25], ['MACRO_GT_25', 25, null],
  ] as const)('size class %s gives %d–%s mm', (sizeClass, min, max) => {
    const r = ok({ size_class: sizeClass });
    expect([r.sizeMinMm, r.sizeMaxMm]).toEqual([min, max]);
    expect(r.concentration).toMatchObject({ sizeClass, sizeMinMm: min, sizeMaxMm: max });
    expect(r.count?.sizeClass).toBe(sizeClass);
  });

  it('the row\'s own limits win over its size class, bound by bound', () => {
    expect(ok({ size_class: 'MP_1_5', size_min_mm: '0.33' })).toMatchObject({ sizeMinMm: 0.33, sizeMaxMm: 5 });
    expect(ok({ size_class: 'MP_1_5', size_max_mm: '4.75' })).toMatchObject({ sizeMinMm: 1, sizeMaxMm: 4.75 });
    expect(ok({ size_min_mm: '0.3', size_max_mm: '5' })).toMatchObject({ sizeMinMm: 0.3, sizeMaxMm: 5 });
  });

  it('refuses an own limit that empties the window of the size class', () => {
    expect(validate({ size_class: 'MP_1_5', size_min_mm: '6' }).ok).toBe(false);
  });
});

describe('validator robustness (property)', () => {
  const FIELDS = MICROPLASTICS_FIELDS.map((f) => f.name);
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom('', ' ', '0', '-1', '1,5', '2.5', 'NaN', 'MP_1_5', 'SW_SURF', 'pieces/m3', 'items/kg dw', '2024-03-05', '2024-13-01', '91', '0.001', 'DRY', 'PE'),
    fc.integer({ min: -1000, max: 1_000_000 }).map(String),
    fc.double({ min: 0.001, max: 1e6, noNaN: true }).map(String),
  );

  it('never throws on arbitrary text; returns a record or located errors', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELDS), cell), fc.integer({ min: 2, max: 1_000_000 }), (values, line) => {
        const v = validateMicroplasticsRow({ table: 'row', line, values, columns: COLUMNS }, ctx());
        if (v.ok) {
          expect(v.record.line).toBe(line);
          expect(typeof v.record.siteKey).toBe('string');
          expect((MATRICES as readonly string[]).includes(v.record.matrix)).toBe(true);
          expect((SITE_TYPES as readonly string[]).includes(v.record.siteType)).toBe(true);
          expect(v.record.device === null || (DEVICES as readonly string[]).includes(v.record.device)).toBe(true);
          if (v.record.concentration) expect(Number.isFinite(v.record.concentration.value)).toBe(true);
        } else {
          expect(v.errors.length).toBeGreaterThan(0);
          for (const e of v.errors) {
            expect(e.line).toBe(line);
            expect(Object.values(COLUMNS)).toContain(e.column);
            expect(typeof e.value).toBe('string');
            expect(e.reason.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any valid base row with a random positive volume derives count ÷ volume', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0.01, max: 1e4, noNaN: true }), (count, volume) => {
        const r = ok({ count: String(count), volume_m3: String(volume) });
        expect(r.concentration).toMatchObject({ family: 'VOLUME', value: count / volume, derived: true, particleCount: count });
      }),
    );
  });
});
