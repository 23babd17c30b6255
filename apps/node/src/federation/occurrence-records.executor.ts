// occurrences on the node: present occurrences of datasets whose grant allows
// RECORDS, filtered, embargoed and snapped in Postgres (sensitive records on
// their own grid), paged on (dataset, id), then passed through applyToRecords
// and mapped to OccurrenceRecord. Redacted fields are not selected.
import type { DataSource } from 'typeorm';
import type { Decision } from '@littoral/policy';
import type { BasisOfRecord, IucnCategory } from '@littoral/contracts';
import type { OccurrenceRecord, OccurrencesQuery } from '@littoral/federation';
import { accessRequestForRecords } from './access-request.js';
import { admit, candidateDatasets, num, type DatasetInfo } from './summary-core.js';
import { SqlParams, anyOf, bboxSql, embargoSql, snappedPositionSql, timeRangeSql, where } from './summary-sql.js';
import { decodePosition, isoOf, isRedacted, pageRecords, recordsResultOf, type RawRecord, type RecordsInput, type RecordsResult } from './records-core.js';

/** Optional fields: grant field name → SQL (fixed whitelist). Required ones are always read. */
const OPTIONAL_COLUMNS: readonly [string, string][] = [
  ['scientificNameID', 'o.scientific_name_id'],
  ['taxonRank', 'o.taxon_rank'],
  ['kingdom', 'o.kingdom'],
  ['coordinateUncertaintyInMeters', 'o.coordinate_uncertainty_m'],
  ['individualCount', 'o.individual_count'],
  ['iucnRedListCategory', 'o.iucn_category'],
];

function buildSql(q: OccurrencesQuery, datasetId: string, decision: Decision, afterId: string | null, limit: number, now: Date) {
  const p = new SqlParams();
  const f = q.filter;
  const c = decision.constraints;
  const general = c.spatialPrecisionDeg === null ? { lat: 'o.latitude', lon: 'o.longitude' } : snappedPositionSql('o.latitude', 'o.longitude', c.spatialPrecisionDeg, p);
  const sensitive = snappedPositionSql('o.latitude', 'o.longitude', c.sensitiveSpeciesPrecisionDeg, p);
  const lat = `(CASE WHEN o.sensitive THEN ${sensitive.lat} ELSE ${general.lat} END)`;
  const lon = `(CASE WHEN o.sensitive THEN ${sensitive.lon} ELSE ${general.lon} END)`;
  const iucn = f.iucnCategories;
  const depth = f.depthM;
  const conditions = [
    `o.dataset_id = ${p.add(datasetId, 'text')}`,
    ...(afterId === null ? [] : [`o.id > ${p.add(afterId, 'bigint')}`]),
    `o.occurrence_status = 'present'`,
    embargoSql('coalesce(o.event_end, o.event_start)', c.embargoDays, now, p),
    ...timeRangeSql('o.event_start', f.timeRange, p),
    ...anyOf('o.kingdom', f.kingdoms, p),
    ...anyOf('btrim(o.scientific_name)', f.scientificNames?.map((n) => n.trim()), p),
    ...anyOf('o.basis_of_record', f.basisOfRecord, p),
    ...(iucn ? [`(o.iucn_category = ANY(${p.add(iucn.filter((x) => x !== null), 'text[]')})${iucn.includes(null) ? ' OR o.iucn_category IS NULL' : ''})`] : []),
    ...(depth?.max !== undefined ? [`coalesce(o.min_depth_m, o.max_depth_m) <= ${p.add(depth.max, 'float8')}`] : []),
    ...(depth?.min !== undefined ? [`coalesce(o.max_depth_m, o.min_depth_m) >= ${p.add(depth.min, 'float8')}`] : []),
    // bbox on the snapped position: a box narrower than a cell returns the whole cell or nothing.
    ...(f.bbox ? [bboxSql(lat, lon, f.bbox, p)] : []),
  ];
  const cols = [
    'o.id::text AS id', 'o.source_key AS "occurrenceID"', 'o.scientific_name AS "scientificName"', 'o.basis_of_record AS "basisOfRecord"',
    // Read for enforcement only (the sensitive grid); never part of a record.
    'o.sensitive AS sensitive',
    ...OPTIONAL_COLUMNS.filter(([field]) => !isRedacted(decision, field)).map(([field, sql]) => `${sql} AS "${field}"`),
  ];
  if (!isRedacted(decision, 'decimalLatitude', 'decimalLongitude')) cols.push(`${lat} AS "decimalLatitude"`, `${lon} AS "decimalLongitude"`);
  // The date is read when it may be shown, and always under an embargo (the last line of defence checks it).
  if (!isRedacted(decision, 'eventDate') || c.embargoDays > 0) cols.push('o.event_start AS event_start', 'o.event_end AS event_end');
  const sql = `SELECT ${cols.join(', ')} FROM bio_occurrence o WHERE ${where(conditions)} ORDER BY o.id LIMIT ${p.add(limit, 'int')}`;
  return { sql, params: p.values };
}

/** A Darwin Core eventDate: the start, or `start/end` for an interval. */
function eventDate(start: unknown, end: unknown): string | null {
  const s = isoOf(start);
  const e = isoOf(end);
  if (s === null) return e;
  return e === null || e === s ? s : `${s}/${e}`;
}

function toView(r: Record<string, unknown>): RawRecord {
  const view: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'id' || k === 'event_start' || k === 'event_end') continue;
    view[k] = k === 'individualCount' || k === 'coordinateUncertaintyInMeters' ? num(v) : v;
  }
  if ('event_start' in r) view.eventDate = eventDate(r.event_start, r.event_end);
  return { id: String(r.id), view };
}

/** The contract record, from a view that passed the policy; fields the view lacks stay absent. */
function toRecord(view: Record<string, unknown>, info: DatasetInfo, country: string): OccurrenceRecord {
  const out: OccurrenceRecord = {
    country,
    datasetId: info.id,
    occurrenceKey: String(view.occurrenceID),
    scientificName: String(view.scientificName),
    basisOfRecord: view.basisOfRecord as BasisOfRecord,
  };
  const copy = <K extends keyof OccurrenceRecord>(key: K, from: string) => {
    if (from in view) out[key] = view[from] as OccurrenceRecord[K];
  };
  copy('scientificNameId', 'scientificNameID');
  copy('taxonRank', 'taxonRank');
  copy('kingdom', 'kingdom');
  copy('eventDate', 'eventDate');
  copy('decimalLatitude', 'decimalLatitude');
  copy('decimalLongitude', 'decimalLongitude');
  copy('coordinateUncertaintyInMeters', 'coordinateUncertaintyInMeters');
  copy('coordinatePrecision', 'coordinatePrecision');
  copy('individualCount', 'individualCount');
  if ('iucnRedListCategory' in view) out.iucnCategory = view.iucnRedListCategory as IucnCategory | null;
  copy('dataGeneralizations', 'dataGeneralizations');
  return out;
}

/** Executes `occurrences` on this node's database. */
export class OccurrenceRecordsExecutor {
  constructor(private readonly db: DataSource) {}

  async execute(input: RecordsInput<OccurrencesQuery>): Promise<RecordsResult<OccurrenceRecord>> {
    const { query, now, nodeCountry } = input;
    const after = query.after === undefined ? undefined : decodePosition(query.after);
    const candidates = query.filter.countries && !query.filter.countries.includes(nodeCountry) ? [] : await candidateDatasets(this.db, 'biodiversity');
    const admission = await admit(candidates, accessRequestForRecords(query), input.decisionsFor);
    const page = await pageRecords(
      admission, after, query.first, now,
      async ({ info, decision }, afterId, limit) => {
        const { sql, params } = buildSql(query, info.id, decision, afterId, limit, now);
        return ((await this.db.query(sql, params)) as Record<string, unknown>[]).map(toView);
      },
      { dateField: 'eventDate' },
      (view, info) => toRecord(view, info, nodeCountry),
    );
    return recordsResultOf(admission, page);
  }
}
