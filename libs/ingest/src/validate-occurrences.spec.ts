// Every path of the Darwin Core validator: events, occurrences and measurements.
import fc from 'fast-check';
import { BASIS_OF_RECORD, IUCN_CATEGORIES, OCCURRENCE_STATUSES, type BoundingBox, type RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types';
import { EVENT_FIELDS, MEASUREMENT_FIELDS, OCCURRENCE_FIELDS } from './fields';
import { validateDarwinCoreRow, type EventRecord, type MeasurementRecord, type OccurrenceRecord } from './validate-occurrences';

const LINE = 5;
const col = (field: string) => `dwc:${field}`;
const ALL_FIELDS = [...new Set([...EVENT_FIELDS, ...OCCURRENCE_FIELDS, ...MEASUREMENT_FIELDS].map((f) => f.name))];
const COLUMNS = Object.fromEntries(ALL_FIELDS.map((f) => [f, col(f)]));

const BASE: Record<string, Readonly<Record<string, string>>> = {
  event: { eventID: 'cruise-1_station-3' },
  occurrence: { occurrenceID: 'occ-1', eventID: 'cruise-1_station-3', scientificName: 'Chelonia mydas', basisOfRecord: 'HumanObservation' },
  measurement: { eventID: 'cruise-1_station-3', measurementType: 'wind force' },
};

function row(table: string, values: Record<string, string | undefined>, file = `${table}.txt`): CanonicalRow {
  const v: Record<string, string> = {};
  for (const [k, x] of Object.entries({ ...(BASE[table] ?? {}), ...values })) if (x !== undefined) v[k] = x;
  return { table, line: LINE, file, values: v, columns: COLUMNS };
}

function ctx(over: Partial<ValidationContext> = {}): ValidationContext {
  return { now: new Date('2025-06-01T00:00:00Z'), declaredArea: null, litterCodes: new Set(), allowEmpty: new Set(), ...over };
}

const validate = (table: string, values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}) => validateDarwinCoreRow(row(table, values), ctx(over));

function ok<T>(table: string, values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}): T {
  const v = validate(table, values, over);
  if (!v.ok) throw new Error(`expected a valid row, got ${JSON.stringify(v.errors)}`);
  return v.record as T;
}
const event = (values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}) => ok<EventRecord>('event', values, over);
const occurrence = (values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}) => ok<OccurrenceRecord>('occurrence', values, over);
const measurement = (values: Record<string, string | undefined>) => ok<MeasurementRecord>('measurement', values);

function errors(table: string, values: Record<string, string | undefined>, over: Partial<ValidationContext> = {}): RowError[] {
  const v = validate(table, values, over);
  if (v.ok) throw new Error(`expected errors, got ${JSON.stringify(v.record)}`);
  return v.errors;
}

const err = (table: string, field: string, value: string, reason: string, expected?: string): RowError => ({ line: LINE, file: `${table}.txt`, column: col(field), value, reason, expected });
const missing = (table: string, field: string) => err(table, field, '', `missing required field ${field}`, 'a value');

describe('events', () => {
  it('a minimal event', () => {
    expect(event({})).toEqual({
      table: 'event', line: LINE, eventKey: 'cruise-1_station-3', parentKey: null, eventType: null, samplingProtocol: null, remarks: null,
      start: null, end: null, dateVerbatim: null, lat: null, lon: null, uncertaintyM: null, minDepthM: null, maxDepthM: null, locality: null, countryCode: null,
    });
  });

  it('a complete event', () => {
    expect(event({
      parentEventID: 'cruise-1', eventType: 'subSample', samplingProtocol: 'ESAS ship-based transect', eventRemarks: 'Platform: Belgica', eventDate: '1996-02-28T07:05:00Z',
      decimalLatitude: '51.1367', decimalLongitude: '2.5267', coordinateUncertaintyInMeters: '30', minimumDepthInMeters: '0', maximumDepthInMeters: '12.5', locality: 'Belgian North Sea', countryCode: 'be',
    })).toEqual({
      table: 'event', line: LINE, eventKey: 'cruise-1_station-3', parentKey: 'cruise-1', eventType: 'subSample', samplingProtocol: 'ESAS ship-based transect', remarks: 'Platform: Belgica',
      start: new Date('1996-02-28T07:05:00Z'), end: null, dateVerbatim: '1996-02-28T07:05:00Z', lat: 51.1367, lon: 2.5267, uncertaintyM: 30, minDepthM: 0, maxDepthM: 12.5,
      locality: 'Belgian North Sea', countryCode: 'BE',
    });
  });

  it('eventID is required', () => {
    expect(errors('event', { eventID: undefined })).toEqual([missing('event', 'eventID')]);
  });

  it('event dates: date, interval, refusals', () => {
    expect(event({ eventDate: '1996-02-28/1996-02-28' })).toMatchObject({ start: new Date('1996-02-28T00:00:00Z'), end: new Date('1996-02-28T23:59:59.999Z'), dateVerbatim: '1996-02-28/1996-02-28' });
    expect(event({ eventDate: '1996-02-28' })).toMatchObject({ start: new Date('1996-02-28T00:00:00Z'), end: new Date('1996-02-28T23:59:59.999Z') });
    const iso = 'ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss]±hh:mm, or start/end';
    expect(errors('event', { eventDate: '1996-02-28T07:05:00' })).toEqual([err('event', 'eventDate', '1996-02-28T07:05:00', 'date-time without a UTC offset (local time is ambiguous)', iso)]);
    expect(errors('event', { eventDate: '1996-03-01/1996-02-28' })).toEqual([err('event', 'eventDate', '1996-03-01/1996-02-28', 'interval ends before it starts', iso)]);
    expect(errors('event', { eventDate: '2026-01-01' })).toEqual([err('event', 'eventDate', '2026-01-01', 'date is in the future', 'a date up to 2025-06-01')]);
  });

  it('depths: >= 0 and minimum not below maximum', () => {
    expect(errors('event', { minimumDepthInMeters: '10', maximumDepthInMeters: '5' })).toEqual([
      err('event', 'maximumDepthInMeters', '5', 'maximum depth 5 is above minimum depth 10', 'maximumDepthInMeters >= minimumDepthInMeters'),
    ]);
    expect(errors('event', { minimumDepthInMeters: '-1' })).toEqual([err('event', 'minimumDepthInMeters', '-1', 'negative value', 'a number >= 0')]);
    expect(event({ minimumDepthInMeters: '5', maximumDepthInMeters: '5' })).toMatchObject({ minDepthM: 5, maxDepthM: 5 });
  });

  it('coordinate uncertainty >= 0', () => {
    expect(errors('event', { coordinateUncertaintyInMeters: '-30' })).toEqual([err('event', 'coordinateUncertaintyInMeters', '-30', 'negative value', 'a number >= 0')]);
  });

  it('countryCode must be known; a country name is resolved when it can be, and kept silent when not', () => {
    expect(errors('event', { countryCode: 'XX' })).toEqual([err('event', 'countryCode', 'XX', 'unknown country code "XX"', 'an ISO 3166-1 alpha-2 code')]);
    expect(event({ country: 'Philippines' }).countryCode).toBe('PH');
    expect(event({ country: 'Atlantis' }).countryCode).toBeNull();
    expect(event({ countryCode: 'PH', country: 'Japan' }).countryCode).toBe('PH');
  });
});

describe('occurrences', () => {
  it('a minimal occurrence of an event', () => {
    expect(occurrence({})).toEqual({
      table: 'occurrence', line: LINE, start: null, end: null, dateVerbatim: null, lat: null, lon: null, uncertaintyM: null, minDepthM: null, maxDepthM: null, locality: null, countryCode: null,
      occurrenceKey: 'occ-1', eventKey: 'cruise-1_station-3', scientificName: 'Chelonia mydas', scientificNameId: null, taxonRank: null, kingdom: null, vernacularName: null,
      individualCount: null, organismQuantity: null, organismQuantityType: null, basisOfRecord: 'HumanObservation', occurrenceStatus: 'present', iucnCategory: null, sensitive: false, remarks: null,
    });
  });

  it('a complete occurrence-core record', () => {
    expect(occurrence({
      eventID: undefined, scientificNameID: 'urn:lsid:marinespecies.org:taxname:137209', taxonRank: 'species', kingdom: 'Animalia', vernacularName: 'green turtle',
      eventDate: '2018-04-21/2018-04-27', decimalLatitude: '8.88527347221271', decimalLongitude: '119.894441842063', coordinateUncertaintyInMeters: '375.563876941844',
      individualCount: '3', organismQuantity: '0.5', organismQuantityType: 'individuals per 100 m2', occurrenceStatus: 'Present', iucnRedListCategory: 'en', sensitive: 'yes',
      locality: 'Tubbataha Reefs Natural Park: Malayan Wreck', country: 'Philippines', occurrenceRemarks: 'adult',
    })).toEqual({
      table: 'occurrence', line: LINE, start: new Date('2018-04-21T00:00:00Z'), end: new Date('2018-04-27T23:59:59.999Z'), dateVerbatim: '2018-04-21/2018-04-27',
      lat: 8.88527347221271, lon: 119.894441842063, uncertaintyM: 375.563876941844, minDepthM: null, maxDepthM: null, locality: 'Tubbataha Reefs Natural Park: Malayan Wreck', countryCode: 'PH',
      occurrenceKey: 'occ-1', eventKey: null, scientificName: 'Chelonia mydas', scientificNameId: 'urn:lsid:marinespecies.org:taxname:137209', taxonRank: 'species', kingdom: 'Animalia',
      vernacularName: 'green turtle', individualCount: 3, organismQuantity: 0.5, organismQuantityType: 'individuals per 100 m2', basisOfRecord: 'HumanObservation', occurrenceStatus: 'present',
      iucnCategory: 'EN', sensitive: true, remarks: 'adult',
    });
  });

  it.each(['occurrenceID', 'scientificName', 'basisOfRecord'])('%s is required', (field) => {
    expect(errors('occurrence', { [field]: undefined })).toEqual([missing('occurrence', field)]);
  });

  it('basisOfRecord: case-insensitive, unknown refused', () => {
    expect(occurrence({ basisOfRecord: 'humanobservation' }).basisOfRecord).toBe('HumanObservation');
    expect(occurrence({ basisOfRecord: 'MATERIALSAMPLE' }).basisOfRecord).toBe('MaterialSample');
    expect(errors('occurrence', { basisOfRecord: 'Photograph' })).toEqual([err('occurrence', 'basisOfRecord', 'Photograph', 'unknown code "Photograph"', `one of ${BASIS_OF_RECORD.join(', ')}`)]);
  });

  it('occurrenceStatus: present by default, absent kept, other words refused', () => {
    expect(occurrence({ occurrenceStatus: 'ABSENT' }).occurrenceStatus).toBe('absent');
    expect(occurrence({ occurrenceStatus: ' ' }).occurrenceStatus).toBe('present');
    expect(errors('occurrence', { occurrenceStatus: 'seen' })).toEqual([err('occurrence', 'occurrenceStatus', 'seen', 'unknown code "seen"', `one of ${OCCURRENCE_STATUSES.join(', ')}`)]);
  });

  it.each([
    ['LR/nt', 'NT'], ['lr/nt', 'NT'], ['LR/lc', 'LC'], ['LR/cd', 'LR/cd'], ['lr/cd', 'LR/cd'], ['vu', 'VU'], ['CR', 'CR'], ['ne', 'NE'],
  ])('IUCN category %j is %s', (text, code) => {
    expect(occurrence({ iucnRedListCategory: text }).iucnCategory).toBe(code);
  });

  it('an unknown IUCN category is refused', () => {
    expect(errors('occurrence', { iucnRedListCategory: 'Threatened' })).toEqual([
      err('occurrence', 'iucnRedListCategory', 'Threatened', 'unknown code "Threatened"', `one of ${IUCN_CATEGORIES.join(', ')}`),
    ]);
  });

  it('refuses an IUCN category named like an Object.prototype member', () => {
    expect(validate('occurrence', { iucnRedListCategory: '__proto__' }).ok).toBe(false);
    expect(validate('occurrence', { iucnRedListCategory: 'constructor' }).ok).toBe(false);
  });

  it('sensitive: a boolean, false by default', () => {
    expect(occurrence({ sensitive: 'TRUE' }).sensitive).toBe(true);
    expect(occurrence({ sensitive: 'no' }).sensitive).toBe(false);
    expect(errors('occurrence', { sensitive: 'maybe' })).toEqual([err('occurrence', 'sensitive', 'maybe', 'not a boolean', 'true or false')]);
  });

  it('individualCount: whole number >= 0; organismQuantity >= 0', () => {
    expect(occurrence({ individualCount: '380' }).individualCount).toBe(380);
    expect(errors('occurrence', { individualCount: '-1' })).toEqual([err('occurrence', 'individualCount', '-1', 'negative count', 'an integer >= 0')]);
    expect(errors('occurrence', { individualCount: '2.5' })).toEqual([err('occurrence', 'individualCount', '2.5', 'not a whole number', 'an integer')]);
    expect(errors('occurrence', { organismQuantity: '-0.5' })).toEqual([err('occurrence', 'organismQuantity', '-0.5', 'negative value', 'a number >= 0')]);
  });

  describe('position', () => {
    const SULU_SEA: BoundingBox = { west: 118, south: 7, east: 122, north: 10 };

    it('an occurrence without position and without event is refused', () => {
      expect(errors('occurrence', { eventID: undefined })).toEqual([
        err('occurrence', 'decimalLatitude', '', 'occurrence has no position and no event to take one from', 'decimalLatitude and decimalLongitude'),
      ]);
    });

    it('an occurrence with an event may inherit its position; one with its own position needs no event', () => {
      expect(occurrence({})).toMatchObject({ lat: null, lon: null, eventKey: 'cruise-1_station-3' });
      expect(occurrence({ eventID: undefined, decimalLatitude: '9.04693', decimalLongitude: '119.814' })).toMatchObject({ lat: 9.04693, lon: 119.814, eventKey: null });
    });

    it('an incomplete or malformed position is reported once, not also as missing', () => {
      expect(errors('occurrence', { eventID: undefined, decimalLongitude: '119.814' })).toEqual([
        err('occurrence', 'decimalLatitude', '', 'position incomplete: latitude and longitude must be given together', 'a value'),
      ]);
      expect(errors('occurrence', { eventID: undefined, decimalLatitude: '9,04', decimalLongitude: '119.814' })).toEqual([
        err('occurrence', 'decimalLatitude', '9,04', 'not a number (decimal comma)', 'decimal degrees between -90 and 90'),
      ]);
    });

    it('0°,0° and positions outside the declared area are refused', () => {
      expect(errors('occurrence', { decimalLatitude: '0', decimalLongitude: '0' })).toEqual([
        err('occurrence', 'decimalLatitude', '0, 0', 'position (0, 0) is at 0°,0° — a missing or mis-scaled coordinate', 'the real position in decimal degrees'),
      ]);
      expect(errors('occurrence', { decimalLatitude: '8.88', decimalLongitude: '-119.89' }, { declaredArea: SULU_SEA })).toEqual([
        err('occurrence', 'decimalLongitude', '8.88, -119.89', "position (8.88, -119.89) is outside the dataset's declared area (the longitude has the wrong sign?)", 'longitude 118..122, latitude 7..10'),
      ]);
      expect(occurrence({ decimalLatitude: '8.88', decimalLongitude: '119.89' }, { declaredArea: SULU_SEA })).toMatchObject({ lat: 8.88, lon: 119.89 });
    });
  });
});

describe('measurements (eMoF)', () => {
  it('a measurement of an event, with its natural key', () => {
    expect(measurement({ measurementTypeID: 'http://vocab.nerc.ac.uk/collection/P01/current/WMOCWFBF/', measurementValue: '4', measurementUnit: 'Beaufort' })).toEqual({
      table: 'measurement', line: LINE, measurementKey: JSON.stringify(['cruise-1_station-3', null, 'wind force', 'http://vocab.nerc.ac.uk/collection/P01/current/WMOCWFBF/', '4', '', 'Beaufort', '']),
      eventKey: 'cruise-1_station-3', occurrenceKey: null, type: 'wind force', typeId: 'http://vocab.nerc.ac.uk/collection/P01/current/WMOCWFBF/',
      value: '4', valueId: null, unit: 'Beaufort', unitId: null,
    });
  });

  it('a measurement of an occurrence only', () => {
    expect(measurement({ eventID: undefined, occurrenceID: 'occ-1', measurementType: 'life stage', measurementValue: 'adult', measurementValueID: 'http://vocab.nerc.ac.uk/collection/S11/current/S1116/' })).toMatchObject({
      measurementKey: JSON.stringify([null, 'occ-1', 'life stage', '', 'adult', 'http://vocab.nerc.ac.uk/collection/S11/current/S1116/', '', '']), eventKey: null, occurrenceKey: 'occ-1', valueId: 'http://vocab.nerc.ac.uk/collection/S11/current/S1116/',
    });
  });

  it('a measurementID is the key when given', () => {
    expect(measurement({ measurementID: 'm-42', measurementValue: '4' }).measurementKey).toBe('m-42');
  });

  it('a measurement without event and occurrence is refused', () => {
    expect(errors('measurement', { eventID: undefined })).toEqual([err('measurement', 'eventID', '', 'measurement belongs to no event and no occurrence', 'eventID or occurrenceID')]);
  });

  it('measurementType is required', () => {
    expect(errors('measurement', { measurementType: undefined })).toEqual([missing('measurement', 'measurementType')]);
  });

  it('the key is stable: identical rows share it (wherever they are and however padded), any different part changes it', () => {
    const values = { measurementTypeID: 'P01:X', measurementValue: '0|50|100|200|300', measurementUnit: 'm' };
    const key = (over: Record<string, string | undefined>, line = LINE) => {
      const v = validateDarwinCoreRow({ ...row('measurement', { ...values, ...over }), line }, ctx());
      if (!v.ok) throw new Error(JSON.stringify(v.errors));
      return (v.record as MeasurementRecord).measurementKey;
    };
    const k = key({});
    expect(k).toBe(JSON.stringify(['cruise-1_station-3', null, 'wind force', 'P01:X', '0|50|100|200|300', '', 'm', '']));
    expect(key({}, 900)).toBe(k);
    expect(key({ measurementValue: ' 0|50|100|200|300 ', measurementType: 'wind force ' })).toBe(k);
    const variants = [
      key({ measurementValueID: 'S:1' }), key({ measurementUnitID: 'P06:ULAA' }),
      // Separators inside parts never make two different measurements collide.
      key({ eventID: 'cruise-1_station-3|x' }),
      key({ measurementValue: '5' }), key({ measurementUnit: 'km' }), key({ measurementTypeID: 'P01:Y' }), key({ measurementType: 'visibility' }),
      key({ eventID: 'cruise-1_station-4' }), key({ occurrenceID: 'occ-1' }), key({ measurementUnit: undefined }),
    ];
    expect(new Set([k, ...variants]).size).toBe(variants.length + 1);
  });
});

describe('tables and files', () => {
  it('an unknown table is refused', () => {
    expect(validateDarwinCoreRow(row('taxon', { taxonID: 't1' }), ctx())).toEqual({
      ok: false,
      errors: [{ line: LINE, file: 'taxon.txt', column: '(table)', value: 'taxon', reason: 'unknown Darwin Core table "taxon"', expected: 'event, occurrence or measurement' }],
    });
  });

  it('errors carry the member file and fall back to the term when the source names no column', () => {
    const v = validateDarwinCoreRow({ table: 'occurrence', line: 14, file: 'occurrence.tsv', values: { occurrenceID: 'o', basisOfRecord: 'HumanObservation', eventID: 'e' }, columns: {} }, ctx());
    expect(v).toEqual({ ok: false, errors: [{ line: 14, file: 'occurrence.tsv', column: 'scientificName', value: '', reason: 'missing required field scientificName', expected: 'a value' }] });
  });
});

describe('validator robustness (property)', () => {
  const cell = fc.oneof(fc.string(), fc.constantFrom('', '0', '-1', '51.1367', '2.5267', 'HumanObservation', 'present', 'LR/nt', '1996-02-28', '1996-02-28T07:05:00Z', 'true'));
  it('never throws on arbitrary text; returns a record or located errors', () => {
    fc.assert(
      fc.property(fc.constantFrom('event', 'occurrence', 'measurement'), fc.dictionary(fc.constantFrom(...ALL_FIELDS), cell), (table, values) => {
        const v = validateDarwinCoreRow({ table, line: LINE, file: 'f.txt', values, columns: COLUMNS }, ctx());
        if (v.ok) {
          expect(v.record.table).toBe(table);
          if (v.record.table === 'occurrence') {
            expect((BASIS_OF_RECORD as readonly string[]).includes(v.record.basisOfRecord)).toBe(true);
            expect(v.record.eventKey !== null || v.record.lat !== null).toBe(true);
          }
        } else {
          expect(v.errors.length).toBeGreaterThan(0);
          for (const e of v.errors) expect(e).toMatchObject({ line: LINE, file: 'f.txt', column: expect.stringMatching(/^dwc:/), value: expect.any(String), reason: expect.any(String) });
        }
      }),
      { numRuns: 500 },
    );
  });
});
