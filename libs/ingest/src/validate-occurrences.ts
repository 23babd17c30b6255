import { BASIS_OF_RECORD, IUCN_CATEGORIES, OCCURRENCE_STATUSES, resolveCountry } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types.js';
import { RowChecker } from './values.js';
import type { Validated } from './validate-microplastics.js';

/** Common Darwin Core place/time fields of events and occurrences. */
interface WhereWhen {
  start: Date | null;
  end: Date | null;
  dateVerbatim: string | null;
  lat: number | null;
  lon: number | null;
  uncertaintyM: number | null;
  minDepthM: number | null;
  maxDepthM: number | null;
  locality: string | null;
  countryCode: string | null;
}

export interface EventRecord extends WhereWhen {
  table: 'event';
  line: number;
  eventKey: string;
  parentKey: string | null;
  eventType: string | null;
  samplingProtocol: string | null;
  remarks: string | null;
}

export interface OccurrenceRecord extends WhereWhen {
  table: 'occurrence';
  line: number;
  occurrenceKey: string;
  eventKey: string | null;
  scientificName: string;
  scientificNameId: string | null;
  taxonRank: string | null;
  kingdom: string | null;
  vernacularName: string | null;
  individualCount: number | null;
  organismQuantity: number | null;
  organismQuantityType: string | null;
  basisOfRecord: string;
  occurrenceStatus: string;
  iucnCategory: string | null;
  sensitive: boolean;
  remarks: string | null;
}

export interface MeasurementRecord {
  table: 'measurement';
  line: number;
  measurementKey: string;
  eventKey: string | null;
  occurrenceKey: string | null;
  type: string;
  typeId: string | null;
  value: string | null;
  valueId: string | null;
  unit: string | null;
  unitId: string | null;
}

export type DarwinCoreRecord = EventRecord | OccurrenceRecord | MeasurementRecord;

const IUCN_ALIASES = { 'lr/nt': 'NT', 'lr/lc': 'LC', 'lr/cd': 'LR/cd' } as const;

function whereWhen(c: RowChecker): WhereWhen {
  const when = c.when('eventDate');
  const pos = c.position('decimalLatitude', 'decimalLongitude');
  const minDepthM = c.number('minimumDepthInMeters', { min: 0 });
  const maxDepthM = c.number('maximumDepthInMeters', { min: 0 });
  if (minDepthM !== null && maxDepthM !== null && minDepthM > maxDepthM) c.fail('maximumDepthInMeters', `maximum depth ${maxDepthM} is above minimum depth ${minDepthM}`, 'maximumDepthInMeters >= minimumDepthInMeters');
  const codeRaw = c.text('countryCode');
  let countryCode: string | null = null;
  if (codeRaw !== null) {
    countryCode = resolveCountry(codeRaw) ?? null;
    if (!countryCode) c.fail('countryCode', `unknown country code "${codeRaw}"`, 'an ISO 3166-1 alpha-2 code');
  } else {
    const name = c.text('country');
    if (name !== null) countryCode = resolveCountry(name) ?? null; // an unknown country name is kept only as text in the source
  }
  return {
    start: when?.start ?? null, end: when?.end ?? null, dateVerbatim: when?.verbatim ?? null,
    lat: pos?.lat ?? null, lon: pos?.lon ?? null, uncertaintyM: c.number('coordinateUncertaintyInMeters', { min: 0 }),
    minDepthM, maxDepthM, locality: c.text('locality'), countryCode,
  };
}

/** Validates one Darwin Core row of table event, occurrence or measurement. */
export function validateDarwinCoreRow(row: CanonicalRow, ctx: ValidationContext): Validated<DarwinCoreRecord> {
  const c = new RowChecker(row, ctx);
  let record: DarwinCoreRecord;
  if (row.table === 'event') {
    const ww = whereWhen(c);
    record = { table: 'event', line: row.line, eventKey: c.text('eventID', true)!, parentKey: c.text('parentEventID'), eventType: c.text('eventType'), samplingProtocol: c.text('samplingProtocol'), remarks: c.text('eventRemarks'), ...ww };
  } else if (row.table === 'occurrence') {
    const ww = whereWhen(c);
    record = {
      table: 'occurrence', line: row.line, ...ww,
      occurrenceKey: c.text('occurrenceID', true)!, eventKey: c.text('eventID'),
      scientificName: c.text('scientificName', true)!, scientificNameId: c.text('scientificNameID'), taxonRank: c.text('taxonRank'), kingdom: c.text('kingdom'), vernacularName: c.text('vernacularName'),
      individualCount: c.integer('individualCount', { min: 0 }), organismQuantity: c.number('organismQuantity', { min: 0 }), organismQuantityType: c.text('organismQuantityType'),
      basisOfRecord: c.code('basisOfRecord', BASIS_OF_RECORD, { required: true })!,
      occurrenceStatus: (c.text('occurrenceStatus') === null ? 'present' : c.code('occurrenceStatus', OCCURRENCE_STATUSES))!,
      iucnCategory: c.code('iucnRedListCategory', IUCN_CATEGORIES, { aliases: IUCN_ALIASES }),
      sensitive: c.boolean('sensitive') ?? false, remarks: c.text('occurrenceRemarks'),
    };
    // Without an event to inherit from, an occurrence must carry its own position.
    if (record.eventKey === null && record.lat === null && c.raw('decimalLatitude') === '' && c.errors.every((e) => e.column !== (row.columns.decimalLatitude ?? 'decimalLatitude'))) {
      c.fail('decimalLatitude', 'occurrence has no position and no event to take one from', 'decimalLatitude and decimalLongitude', '');
    }
  } else if (row.table === 'measurement') {
    const eventKey = c.text('eventID');
    const occurrenceKey = c.text('occurrenceID');
    if (eventKey === null && occurrenceKey === null) c.fail('eventID', 'measurement belongs to no event and no occurrence', 'eventID or occurrenceID', '');
    const type = c.text('measurementType', true);
    // Without a measurementID, identical rows are one measurement; a different value is another.
    // JSON keeps the parts apart even when they contain separators (ESAS values contain '|').
    const key = c.text('measurementID') ?? JSON.stringify([eventKey, occurrenceKey, type, c.raw('measurementTypeID'), c.raw('measurementValue'), c.raw('measurementValueID'), c.raw('measurementUnit'), c.raw('measurementUnitID')]);
    record = { table: 'measurement', line: row.line, measurementKey: key, eventKey, occurrenceKey, type: type!, typeId: c.text('measurementTypeID'), value: c.text('measurementValue'), valueId: c.text('measurementValueID'), unit: c.text('measurementUnit'), unitId: c.text('measurementUnitID') };
  } else {
    c.fail('(table)', `unknown Darwin Core table "${row.table}"`, 'event, occurrence or measurement', row.table);
    return { ok: false, errors: c.errors };
  }
  if (c.errors.length) return { ok: false, errors: c.errors };
  return { ok: true, record };
}
