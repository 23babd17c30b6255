// Every path of the beach-litter row validator: beach, team, survey and item.
import fc from 'fast-check';
import { LITTER_CODE_SYSTEMS, LITTER_SIZE_CLASSES, SURVEY_PROTOCOLS, TEAM_TYPES, type BoundingBox, type RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types';
import { BEACH_LITTER_FIELDS } from './fields';
import { MAX_SURVEYED_LENGTH_M, validateBeachLitterRow, type BeachLitterRecord } from './validate-beach-litter';

const LINE = 40;
const col = (field: string) => `${field} (user)`;
const COLUMNS = Object.fromEntries(BEACH_LITTER_FIELDS.map((f) => [f.name, col(f.name)]));
const LITTER_CODES: ReadonlySet<string> = new Set(['GMSFD:G27', 'GMSFD:G3', 'JLIST:J27', 'UNEP_IOC:PL01']);

/** A valid monitoring survey counting 14 cigarette butts (G27). */
const BASE: Readonly<Record<string, string>> = {
  beach_id: 'ES-CADIZ-01', survey_id: 'ES-CADIZ-01-2024-03-05', survey_date: '2024-03-05', is_monitoring: 'true', code_system: 'GMSFD', item_code: 'G27', item_count: '14',
};

function row(values: Record<string, string | undefined>): CanonicalRow {
  const v: Record<string, string> = {};
  for (const [k, x] of Object.entries({ ...BASE, ...values })) if (x !== undefined) v[k] = x;
  return { table: 'row', line: LINE, values: v, columns: COLUMNS };
}

function ctx(over: Partial<ValidationContext> = {}): ValidationContext {
  return { now: new Date('2025-06-01T00:00:00Z'), declaredArea: null, litterCodes: LITTER_CODES, allowEmpty: new Set(), ...over };
}

const validate = (values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}) => validateBeachLitterRow(row(values), ctx(over));

function ok(values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}): BeachLitterRecord {
  const v = validate(values, over);
  if (!v.ok) throw new Error(`expected a valid row, got ${JSON.stringify(v.errors)}`);
  return v.record;
}

function errors(values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}): RowError[] {
  const v = validate(values, over);
  if (v.ok) throw new Error(`expected errors, got ${JSON.stringify(v.record)}`);
  return v.errors;
}

const err = (field: string, value: string, reason: string, expected?: string): RowError => ({ line: LINE, file: undefined, column: col(field), value, reason, expected });
const missing = (field: string) => err(field, '', `missing required field ${field}`, 'a value');

describe('validateBeachLitterRow: a complete valid row', () => {
  it('gives the full record', () => {
    const r = ok({
      beach_name: 'La Caleta', country: 'ES', start_latitude: '36.5297', start_longitude: '-6.3066', end_latitude: '36.5310', end_longitude: '-6.3050',
      beach_length_m: '450', beach_area_m2: '18000', substrate: 'sand', location_type: 'Urban', team_id: 'perseus', team_name: 'Perseus', team_type: 'agency',
      started_at: '2024-03-05T09:00+01:00', ended_at: '2024-03-05T11:30+01:00', protocol: 'OSPAR_100M', surveyed_length_m: '100', surveyed_area_m2: '4000',
      mean_width_m: '40', volunteers: '12', volunteer_hours: '30', bags: '4', total_weight_kg: '7.5', event_type: 'Monitoring', notes: 'Regional sea: Mediterranean Sea',
      size_class: 'GE_2_5CM', item_weight_kg: '0.02',
    });
    expect(r).toEqual({
      line: LINE,
      beachKey: 'ES-CADIZ-01', beachName: 'La Caleta', countryCode: 'ES', startLat: 36.5297, startLon: -6.3066, endLat: 36.531, endLon: -6.305,
      beachLengthM: 450, beachAreaM2: 18000, substrate: 'sand', locationType: 'Urban', teamKey: 'perseus', teamName: 'Perseus', teamType: 'GOVERNMENT',
      surveyKey: 'ES-CADIZ-01-2024-03-05', surveyDate: '2024-03-05', startedAt: new Date('2024-03-05T08:00:00Z'), endedAt: new Date('2024-03-05T10:30:00Z'),
      protocol: 'OSPAR_100M', isMonitoring: true, surveyedLengthM: 100, surveyedAreaM2: 4000, meanWidthM: 40, volunteers: 12, volunteerHours: 30, bags: 4,
      totalWeightKg: 7.5, eventType: 'Monitoring', notes: 'Regional sea: Mediterranean Sea',
      item: { codeSystem: 'GMSFD', code: 'G27', sizeClass: 'GE_2_5CM', count: 14, weightKg: 0.02 },
    });
  });

  it('a survey without any item is valid (item null)', () => {
    expect(ok({ item_code: undefined, item_count: undefined, code_system: undefined }).item).toBeNull();
  });
});

describe('required fields', () => {
  it.each(['beach_id', 'survey_id', 'survey_date', 'is_monitoring'])('%s missing', (field) => {
    expect(errors({ [field]: undefined })).toEqual([missing(field)]);
    expect(errors({ [field]: ' ' })).toEqual([missing(field)]);
  });

  it('an item code needs its count', () => {
    expect(errors({ item_count: undefined })).toEqual([missing('item_count')]);
  });

  it('an item count needs an item code', () => {
    expect(errors({ item_code: undefined })).toEqual([err('item_code', '', 'an item count needs an item code', 'a litter item code')]);
  });
});

describe('litter item codes (ctx.litterCodes)', () => {
  it('a known code of the row\'s code system, case-insensitively', () => {
    expect(ok({ item_code: 'g27' }).item).toEqual({ codeSystem: 'GMSFD', code: 'G27', sizeClass: null, count: 14, weightKg: null });
    expect(ok({ code_system: 'unep_ioc', item_code: 'pl01' }).item).toMatchObject({ codeSystem: 'UNEP_IOC', code: 'PL01' });
  });

  it('the code system defaults to the Joint List', () => {
    expect(ok({ code_system: undefined, item_code: 'J27' }).item).toMatchObject({ codeSystem: 'JLIST', code: 'J27' });
    expect(errors({ code_system: undefined, item_code: 'G27' })).toEqual([err('item_code', 'G27', 'unknown litter code "G27" in JLIST', 'a JLIST code (see docs/import.md)')]);
  });

  it('an unknown code is refused, naming the code system', () => {
    expect(errors({ item_code: 'G999' })).toEqual([err('item_code', 'G999', 'unknown litter code "G999" in GMSFD', 'a GMSFD code (see docs/import.md)')]);
    expect(errors({ code_system: 'ICC', item_code: 'G27' })).toEqual([err('item_code', 'G27', 'unknown litter code "G27" in ICC', 'a ICC code (see docs/import.md)')]);
    expect(errors({ item_code: 'G27' }, { litterCodes: new Set() })).toEqual([err('item_code', 'G27', 'unknown litter code "G27" in GMSFD', 'a GMSFD code (see docs/import.md)')]);
  });

  it('an unknown code system is refused', () => {
    expect(errors({ code_system: 'OSPAR', item_code: 'J27' })).toEqual([err('code_system', 'OSPAR', 'unknown code "OSPAR"', `one of ${LITTER_CODE_SYSTEMS.join(', ')}`)]);
  });

  it('item counts are whole numbers >= 0; weights >= 0', () => {
    expect(ok({ item_count: '0' }).item?.count).toBe(0);
    expect(errors({ item_count: '2.5' })).toEqual([err('item_count', '2.5', 'not a whole number', 'an integer')]);
    expect(errors({ item_count: '-3' })).toEqual([err('item_count', '-3', 'negative count', 'an integer >= 0')]);
    expect(errors({ item_weight_kg: '-0.1' })).toEqual([err('item_weight_kg', '-0.1', 'negative value', 'a number >= 0')]);
  });

  it('item size classes', () => {
    expect(ok({ size_class: 'lt_2_5cm' }).item?.sizeClass).toBe('LT_2_5CM');
    expect(errors({ size_class: 'LT_1CM' })).toEqual([err('size_class', 'LT_1CM', 'unknown code "LT_1CM"', `one of ${LITTER_SIZE_CLASSES.join(', ')}`)]);
  });
});

describe('team types', () => {
  it.each([
    ['agency', 'GOVERNMENT'], ['Agency', 'GOVERNMENT'], ['government', 'GOVERNMENT'], ['GOVERNMENT', 'GOVERNMENT'], ['ngo', 'NGO'], ['NGO', 'NGO'],
    ['school', 'SCHOOL'], ['University', 'UNIVERSITY'], ['community', 'COMMUNITY'], ['company', 'COMPANY'],
  ])('%j is %s', (text, code) => {
    expect(ok({ team_type: text }).teamType).toBe(code);
  });

  it('an unknown team type is refused', () => {
    expect(errors({ team_type: 'club' })).toEqual([err('team_type', 'club', 'unknown code "club"', `one of ${TEAM_TYPES.join(', ')}`)]);
  });

  it('refuses a team type named like an Object.prototype member', () => {
    expect(errors({ team_type: 'constructor' })).toEqual([err('team_type', 'constructor', 'unknown code "constructor"', `one of ${TEAM_TYPES.join(', ')}`)]);
  });
});

describe('other code lists, booleans and numbers', () => {
  it('protocols', () => {
    expect(ok({ protocol: 'mdmap acc' }).protocol).toBe('MDMAP_ACC');
    expect(errors({ protocol: 'OSPAR' })).toEqual([err('protocol', 'OSPAR', 'unknown code "OSPAR"', `one of ${SURVEY_PROTOCOLS.join(', ')}`)]);
  });

  it.each([['true', true], ['Yes', true], ['1', true], ['false', false], ['no', false], ['0', false]])('is_monitoring %j is %s', (text, value) => {
    expect(ok({ is_monitoring: text }).isMonitoring).toBe(value);
  });

  it('is_monitoring must be a boolean', () => {
    expect(errors({ is_monitoring: 'Cleanup' })).toEqual([err('is_monitoring', 'Cleanup', 'not a boolean', 'true or false')]);
  });

  it('counts of volunteers and bags are whole numbers >= 0', () => {
    expect(errors({ volunteers: '-2' })).toEqual([err('volunteers', '-2', 'negative count', 'an integer >= 0')]);
    expect(errors({ bags: '1.5' })).toEqual([err('bags', '1.5', 'not a whole number', 'an integer')]);
  });

  it.each(['beach_length_m', 'beach_area_m2', 'surveyed_area_m2', 'mean_width_m'])('%s must be > 0', (field) => {
    expect(errors({ [field]: '0' })).toEqual([err(field, '0', 'out of range', 'a number > 0')]);
    expect(errors({ [field]: '-10' })).toEqual([err(field, '-10', 'negative value', 'a number > 0')]);
  });

  it.each(['volunteer_hours', 'total_weight_kg'])('%s may be 0 but not negative, with a decimal point', (field) => {
    expect(validate({ [field]: '0' }).ok).toBe(true);
    expect(errors({ [field]: '-1' })).toEqual([err(field, '-1', 'negative value', 'a number >= 0')]);
    expect(errors({ [field]: '7,5' })).toEqual([err(field, '7,5', 'not a number (decimal comma)', "a decimal number with '.' as decimal separator")]);
  });

  it('country: code or name', () => {
    expect(ok({ country: 'Spain' }).countryCode).toBe('ES');
    expect(errors({ country: 'Int' })).toEqual([err('country', 'Int', 'unknown country "Int"', 'an ISO 3166-1 alpha-2 code or a country name')]);
  });
});

describe('surveyed length bounds', () => {
  const expected = `a length in metres > 0 and at most ${MAX_SURVEYED_LENGTH_M}`;

  it('accepts lengths up to the maximum, edge included', () => {
    expect(MAX_SURVEYED_LENGTH_M).toBe(10_000);
    expect(ok({ surveyed_length_m: '100' }).surveyedLengthM).toBe(100);
    expect(ok({ surveyed_length_m: '10000' }).surveyedLengthM).toBe(10000);
    expect(ok({ surveyed_length_m: '0.5' }).surveyedLengthM).toBe(0.5);
  });

  it('refuses 0, negative, implausibly long and malformed lengths', () => {
    expect(errors({ surveyed_length_m: '0' })).toEqual([err('surveyed_length_m', '0', 'out of range', expected)]);
    expect(errors({ surveyed_length_m: '-100' })).toEqual([err('surveyed_length_m', '-100', 'negative value', expected)]);
    expect(errors({ surveyed_length_m: '10000.5' })).toEqual([err('surveyed_length_m', '10000.5', 'out of range', expected)]);
    expect(errors({ surveyed_length_m: '1335049' })).toEqual([err('surveyed_length_m', '1335049', 'out of range', expected)]);
    expect(errors({ surveyed_length_m: '100,5' })).toEqual([err('surveyed_length_m', '100,5', 'not a number (decimal comma)', expected)]);
  });
});

describe('positions of the surveyed segment', () => {
  const EUROPE: BoundingBox = { west: -25, south: 34, east: 45, north: 72 };

  it('start and end are separate pairs', () => {
    expect(ok({ start_latitude: '36.53', start_longitude: '-6.31' })).toMatchObject({ startLat: 36.53, startLon: -6.31, endLat: null, endLon: null });
    expect(errors({ end_latitude: '36.53' })).toEqual([err('end_longitude', '', 'position incomplete: latitude and longitude must be given together', 'a value')]);
  });

  it('mis-scaled positions near 0°,0° (the EEA quirk) are refused for both ends', () => {
    expect(errors({ start_latitude: '0.00013489910789403728', start_longitude: '0.00036108950654896373', end_latitude: '0.00013490809106508333', end_longitude: '0.00036108950654896373' })).toEqual([
      err('start_latitude', '0.00013489910789403728, 0.00036108950654896373', 'position (0.00013489910789403728, 0.00036108950654896373) is at 0°,0° — a missing or mis-scaled coordinate', 'the real position in decimal degrees'),
      err('end_latitude', '0.00013490809106508333, 0.00036108950654896373', 'position (0.00013490809106508333, 0.00036108950654896373) is at 0°,0° — a missing or mis-scaled coordinate', 'the real position in decimal degrees'),
    ]);
  });

  it('outside the declared area', () => {
    expect(errors({ start_latitude: '-36.53', start_longitude: '-6.31' }, { declaredArea: EUROPE })).toEqual([
      err('start_longitude', '-36.53, -6.31', "position (-36.53, -6.31) is outside the dataset's declared area (the latitude has the wrong sign?)", 'longitude -25..45, latitude 34..72'),
    ]);
    expect(errors({ end_latitude: '-33.9', end_longitude: '-70.6' }, { declaredArea: EUROPE })).toEqual([
      err('end_longitude', '-33.9, -70.6', "position (-33.9, -70.6) is outside the dataset's declared area", 'longitude -25..45, latitude 34..72'),
    ]);
  });
});

describe('survey dates and times', () => {
  it('survey_date is one day; a date-time of that day is accepted', () => {
    expect(ok({ survey_date: '2024-03-05' }).surveyDate).toBe('2024-03-05');
    expect(ok({ survey_date: '2024-03-05/2024-03-05' }).surveyDate).toBe('2024-03-05');
    expect(ok({ survey_date: '2024-03-05T09:00Z' }).surveyDate).toBe('2024-03-05');
  });

  it('survey_date must not span more than a day', () => {
    expect(errors({ survey_date: '2024-03' })).toEqual([err('survey_date', '2024-03', 'not a single day', 'a date YYYY-MM-DD')]);
    expect(errors({ survey_date: '2024' })).toEqual([err('survey_date', '2024', 'not a single day', 'a date YYYY-MM-DD')]);
    expect(errors({ survey_date: '2024-03-05/2024-03-06' })).toEqual([err('survey_date', '2024-03-05/2024-03-06', 'not a single day', 'a date YYYY-MM-DD')]);
  });

  it('survey_date must be a real, past ISO date', () => {
    const iso = 'ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss]±hh:mm, or start/end';
    expect(errors({ survey_date: '20240305' })).toEqual([err('survey_date', '20240305', 'unparseable date', iso)]);
    expect(errors({ survey_date: '2023-02-29' })).toEqual([err('survey_date', '2023-02-29', 'not a calendar date', iso)]);
    expect(errors({ survey_date: '2025-06-02' })).toEqual([err('survey_date', '2025-06-02', 'date is in the future', 'a date up to 2025-06-01')]);
    expect(errors({ started_at: '2024-03-05T09:00' })).toEqual([err('started_at', '2024-03-05T09:00', 'date-time without a UTC offset (local time is ambiguous)', iso)]);
  });

  it('a survey must not end before it starts', () => {
    expect(errors({ started_at: '2024-03-05T11:00+01:00', ended_at: '2024-03-05T09:00+01:00' })).toEqual([
      err('ended_at', '2024-03-05T09:00+01:00', 'survey ends before it starts', 'a time after started_at'),
    ]);
    expect(ok({ started_at: '2024-03-05T09:00+01:00', ended_at: '2024-03-05T09:00+01:00' }).endedAt).toEqual(new Date('2024-03-05T08:00:00Z'));
  });

  it('keeps the local calendar day of a survey_date written with an offset', () => {
    expect(ok({ survey_date: '2024-03-05T06:00+08:00' }).surveyDate).toBe('2024-03-05');
  });
});

describe('validator robustness (property)', () => {
  const FIELDS = BEACH_LITTER_FIELDS.map((f) => f.name);
  const cell = fc.oneof(
    fc.string(),
    fc.constantFrom('', '0', '-1', '100', '10001', 'G27', 'J27', 'GMSFD', 'agency', 'true', '2024-03-05', '2024-03', '0.0001'),
    fc.integer({ min: -100, max: 100_000 }).map(String),
  );
  it('never throws on arbitrary text; returns a record or located errors', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...FIELDS), cell), (values) => {
        const v = validateBeachLitterRow({ table: 'row', line: LINE, values, columns: COLUMNS }, ctx());
        if (v.ok) {
          expect(typeof v.record.beachKey).toBe('string');
          expect(typeof v.record.isMonitoring).toBe('boolean');
          expect(v.record.surveyDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (v.record.item) expect(LITTER_CODES.has(`${v.record.item.codeSystem}:${v.record.item.code}`)).toBe(true);
        } else {
          expect(v.errors.length).toBeGreaterThan(0);
          for (const e of v.errors) expect(e).toMatchObject({ line: LINE, column: expect.stringMatching(/ \(user\)$/), value: expect.any(String), reason: expect.any(String) });
        }
      }),
      { numRuns: 500 },
    );
  });
});
