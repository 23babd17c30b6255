import type { RowError } from '@littoral/contracts';
import { validateDarwinCoreRow, type DarwinCoreRecord } from '@littoral/ingest';
import { copyLine } from '../copy-text.js';
import { dropLines, findConflicts } from './merge-sql.js';
import { statelessStager, type KindPlan, type MergeOutcome } from './plan.js';

const WW = ['start_at', 'end_at', 'date_verbatim', 'lat', 'lon', 'uncertainty_m', 'min_depth_m', 'max_depth_m', 'locality', 'country_code'];
const WW_T = ['event_start', 'event_end', 'date_verbatim', 'latitude', 'longitude', 'coordinate_uncertainty_m', 'min_depth_m', 'max_depth_m', 'locality', 'country_code'];
const WW_DDL = 'start_at timestamptz, end_at timestamptz, date_verbatim text, lat float8, lon float8, uncertainty_m float8, min_depth_m float8, max_depth_m float8, locality text, country_code text';

const EVENT_COLS = ['line', 'event_key', 'parent_key', 'event_type', 'sampling_protocol', 'remarks', ...WW];
const OCC_COLS = ['line', 'occ_key', 'event_key', 'scientific_name', 'scientific_name_id', 'taxon_rank', 'kingdom', 'vernacular_name', 'individual_count', 'organism_quantity', 'organism_quantity_type', 'basis_of_record', 'occurrence_status', 'iucn_category', 'sensitive', 'remarks', ...WW];
const MOF_COLS = ['line', 'mof_key', 'event_key', 'occ_key', 'mtype', 'mtype_id', 'mvalue', 'mvalue_id', 'munit', 'munit_id'];

const DDL = [
  `CREATE TEMP TABLE stg_event (line int NOT NULL, event_key text, parent_key text, event_type text, sampling_protocol text, remarks text, ${WW_DDL}) ON COMMIT DROP`,
  `CREATE TEMP TABLE stg_occ (line int NOT NULL, occ_key text, event_key text, scientific_name text, scientific_name_id text, taxon_rank text, kingdom text, vernacular_name text, individual_count int, organism_quantity float8, organism_quantity_type text, basis_of_record text, occurrence_status text, iucn_category text, sensitive bool, remarks text, ${WW_DDL}) ON COMMIT DROP`,
  `CREATE TEMP TABLE stg_mof (line int NOT NULL, mof_key text, event_key text, occ_key text, mtype text, mtype_id text, mvalue text, mvalue_id text, munit text, munit_id text) ON COMMIT DROP`,
];

const OCC_ATTRS = ['event_key', 'scientific_name', 'scientific_name_id', 'taxon_rank', 'basis_of_record', 'occurrence_status', 'individual_count', 'iucn_category', 'sensitive', 'start_at', 'lat', 'lon'];

/** Event lines carry the file name 'event'; errors say which table the line is in. */
function refError(line: number, file: string, column: string, value: string, reason: string, expected: string): RowError {
  return { line, file, column, value, reason, expected };
}

export const occurrencesPlan: KindPlan<DarwinCoreRecord> = {
  validate: validateDarwinCoreRow,
  stagingDdl: DDL,
  copyColumns: { stg_event: EVENT_COLS.join(', '), stg_occ: OCC_COLS.join(', '), stg_mof: MOF_COLS.join(', ') },
  stager: statelessStager((r: DarwinCoreRecord) => {
    if (r.table === 'event') {
      return { table: 'stg_event', line: copyLine([r.line, r.eventKey, r.parentKey, r.eventType, r.samplingProtocol, r.remarks, r.start, r.end, r.dateVerbatim, r.lat, r.lon, r.uncertaintyM, r.minDepthM, r.maxDepthM, r.locality, r.countryCode]) };
    }
    if (r.table === 'occurrence') {
      return {
        table: 'stg_occ',
        line: copyLine([r.line, r.occurrenceKey, r.eventKey, r.scientificName, r.scientificNameId, r.taxonRank, r.kingdom, r.vernacularName, r.individualCount, r.organismQuantity, r.organismQuantityType, r.basisOfRecord, r.occurrenceStatus, r.iucnCategory, r.sensitive, r.remarks, r.start, r.end, r.dateVerbatim, r.lat, r.lon, r.uncertaintyM, r.minDepthM, r.maxDepthM, r.locality, r.countryCode]),
      };
    }
    return { table: 'stg_mof', line: copyLine([r.line, r.measurementKey, r.eventKey, r.occurrenceKey, r.type, r.typeId, r.value, r.valueId, r.unit, r.unitId]) };
  }),
  async merge(client, datasetId, importId, skipInvalid): Promise<MergeOutcome> {
    const errors: RowError[] = [];
    for (const e of await findConflicts(client, datasetId, { staging: 'stg_event', key: 'event_key', keyField: 'eventID', attrs: ['parent_key', 'event_type', ...WW], target: 'bio_event', targetAttrs: ['(SELECT p.source_key FROM bio_event p WHERE p.id = t.parent_id)', 'event_type', ...WW_T], what: 'event' })) errors.push({ ...e, file: 'event' });
    for (const e of await findConflicts(client, datasetId, { staging: 'stg_occ', key: 'occ_key', keyField: 'occurrenceID', attrs: OCC_ATTRS, target: 'bio_occurrence', targetAttrs: ['(SELECT e.source_key FROM bio_event e WHERE e.id = t.event_id)', 'scientific_name', 'scientific_name_id', 'taxon_rank', 'basis_of_record', 'occurrence_status', 'individual_count', 'iucn_category', 'sensitive_flag', 'event_start', 'latitude', 'longitude'], what: 'occurrence' })) errors.push({ ...e, file: 'occurrence' });

    // References must resolve within the file or to events already stored in this dataset.
    const known = `(SELECT event_key AS k FROM stg_event UNION SELECT source_key FROM bio_event WHERE dataset_id = $1)`;
    const badParents = await client.query<{ line: number; k: string }>(`SELECT line, parent_key AS k FROM stg_event WHERE parent_key IS NOT NULL AND parent_key NOT IN ${known} ORDER BY line LIMIT 1000`, [datasetId]);
    badParents.rows.forEach((r) => errors.push(refError(r.line, 'event', 'parentEventID', r.k, `parent event "${r.k}" does not exist`, 'the eventID of an event in this archive or dataset')));
    const badOccEvents = await client.query<{ line: number; k: string }>(`SELECT line, event_key AS k FROM stg_occ WHERE event_key IS NOT NULL AND event_key NOT IN ${known} ORDER BY line LIMIT 1000`, [datasetId]);
    badOccEvents.rows.forEach((r) => errors.push(refError(r.line, 'occurrence', 'eventID', r.k, `event "${r.k}" does not exist`, 'the eventID of an event in this archive or dataset')));
    const badMof = await client.query<{ line: number; k: string; col: string }>(
      `SELECT line, event_key AS k, 'eventID' AS col FROM stg_mof WHERE event_key IS NOT NULL AND event_key NOT IN ${known}
       UNION ALL
       SELECT line, occ_key, 'occurrenceID' FROM stg_mof WHERE occ_key IS NOT NULL AND occ_key NOT IN (SELECT occ_key FROM stg_occ UNION SELECT source_key FROM bio_occurrence WHERE dataset_id = $1)
       ORDER BY 1 LIMIT 1000`,
      [datasetId],
    );
    badMof.rows.forEach((r) => errors.push(refError(r.line, 'measurement', r.col, r.k, `${r.col === 'eventID' ? 'event' : 'occurrence'} "${r.k}" does not exist`, `the ${r.col} of a record in this archive or dataset`)));

    // Effective place and time of every staged event: its own, else its nearest ancestor's.
    await client.query(`CREATE TEMP TABLE eff_event ON COMMIT DROP AS
      WITH RECURSIVE all_ev AS (
        SELECT event_key AS k, parent_key AS p, start_at, end_at, lat, lon, uncertainty_m, min_depth_m, max_depth_m FROM stg_event
        UNION ALL
        SELECT e.source_key, pe.source_key, e.event_start, e.event_end, e.latitude, e.longitude, e.coordinate_uncertainty_m, e.min_depth_m, e.max_depth_m
          FROM bio_event e LEFT JOIN bio_event pe ON pe.id = e.parent_id
         WHERE e.dataset_id = $1 AND e.source_key NOT IN (SELECT event_key FROM stg_event)),
      up AS (
        SELECT k, p, start_at, end_at, lat, lon, uncertainty_m, min_depth_m, max_depth_m, 0 AS depth FROM all_ev
        UNION ALL
        SELECT up.k, a.p, coalesce(up.start_at, a.start_at), CASE WHEN up.start_at IS NULL THEN a.end_at ELSE up.end_at END,
               CASE WHEN up.lat IS NULL THEN a.lat ELSE up.lat END, CASE WHEN up.lat IS NULL THEN a.lon ELSE up.lon END,
               CASE WHEN up.lat IS NULL THEN a.uncertainty_m ELSE up.uncertainty_m END,
               coalesce(up.min_depth_m, a.min_depth_m), coalesce(up.max_depth_m, a.max_depth_m), up.depth + 1
          FROM up JOIN all_ev a ON a.k = up.p WHERE up.depth < 32)
      SELECT DISTINCT ON (k) k, start_at, end_at, lat, lon, uncertainty_m, min_depth_m, max_depth_m FROM up ORDER BY k, depth DESC`, [datasetId]);
    const noPos = await client.query<{ line: number; k: string }>(
      `SELECT o.line, o.occ_key AS k FROM stg_occ o LEFT JOIN eff_event e ON e.k = o.event_key
        WHERE o.lat IS NULL AND e.lat IS NULL AND (o.event_key IS NULL OR o.event_key IN ${known}) ORDER BY o.line LIMIT 1000`,
      [datasetId],
    );
    noPos.rows.forEach((r) => errors.push(refError(r.line, 'occurrence', 'decimalLatitude', '', `occurrence "${r.k}" has no position, nor has its event or any parent event`, 'decimalLatitude and decimalLongitude on the occurrence or its event')));

    const rejectedLines = new Set(errors.map((e) => e.line));
    if (errors.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    // Line numbers are per member file; drop each table's own rejected lines.
    for (const [table, file] of [['stg_event', 'event'], ['stg_occ', 'occurrence'], ['stg_mof', 'measurement']] as const) {
      await dropLines(client, [table], new Set(errors.filter((e) => e.file === file).map((e) => e.line)));
    }

    await client.query(
      `INSERT INTO bio_event (dataset_id, source_key, import_id, event_type, event_start, event_end, date_verbatim, latitude, longitude, coordinate_uncertainty_m, min_depth_m, max_depth_m, locality, country_code, sampling_protocol, remarks)
       SELECT DISTINCT ON (event_key) $1, event_key, $2, event_type, ${WW.join(', ')}, sampling_protocol, remarks FROM stg_event ORDER BY event_key, line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    await client.query(
      `UPDATE bio_event e SET parent_id = p.id FROM stg_event st JOIN bio_event p ON p.dataset_id = $1 AND p.source_key = st.parent_key
        WHERE e.dataset_id = $1 AND e.source_key = st.event_key AND e.parent_id IS NULL AND st.parent_key IS NOT NULL`,
      [datasetId],
    );
    // Occurrences inherit place and time from their event where they have none (Darwin Core event core).
    await client.query(
      `INSERT INTO bio_occurrence (dataset_id, event_id, source_key, import_id, scientific_name, scientific_name_id, taxon_rank, kingdom, vernacular_name, event_start, event_end, date_verbatim,
                                   latitude, longitude, coordinate_uncertainty_m, min_depth_m, max_depth_m, individual_count, organism_quantity, organism_quantity_type, basis_of_record,
                                   occurrence_status, iucn_category, sensitive_flag, locality, country_code, remarks)
       SELECT DISTINCT ON (o.occ_key) $1, ev.id, o.occ_key, $2, o.scientific_name, o.scientific_name_id, o.taxon_rank, o.kingdom, o.vernacular_name,
              coalesce(o.start_at, ef.start_at), CASE WHEN o.start_at IS NULL THEN ef.end_at ELSE o.end_at END, o.date_verbatim,
              CASE WHEN o.lat IS NULL THEN ef.lat ELSE o.lat END, CASE WHEN o.lat IS NULL THEN ef.lon ELSE o.lon END,
              CASE WHEN o.lat IS NULL THEN ef.uncertainty_m ELSE o.uncertainty_m END,
              coalesce(o.min_depth_m, ef.min_depth_m), coalesce(o.max_depth_m, ef.max_depth_m), o.individual_count, o.organism_quantity, o.organism_quantity_type, o.basis_of_record,
              o.occurrence_status, o.iucn_category, o.sensitive, coalesce(o.locality, ev.locality), coalesce(o.country_code, ev.country_code), o.remarks
         FROM stg_occ o
         LEFT JOIN bio_event ev ON ev.dataset_id = $1 AND ev.source_key = o.event_key
         LEFT JOIN eff_event ef ON ef.k = o.event_key
        ORDER BY o.occ_key, o.line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    await client.query(
      `INSERT INTO bio_measurement (dataset_id, event_id, occurrence_id, source_key, measurement_type, measurement_type_id, measurement_value, measurement_value_id, measurement_unit, measurement_unit_id)
       SELECT DISTINCT ON (m.mof_key) $1, ev.id, oc.id, m.mof_key, m.mtype, m.mtype_id, m.mvalue, m.mvalue_id, m.munit, m.munit_id
         FROM stg_mof m
         LEFT JOIN bio_event ev ON ev.dataset_id = $1 AND ev.source_key = m.event_key
         LEFT JOIN bio_occurrence oc ON oc.dataset_id = $1 AND oc.source_key = m.occ_key
        ORDER BY m.mof_key, m.line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId],
    );
    // Lines whose record was already stored before this import.
    const dup = await client.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM stg_event st JOIN bio_event t ON t.dataset_id = $1 AND t.source_key = st.event_key WHERE t.xmin <> pg_current_xact_id()::xid)
            + (SELECT count(*) FROM stg_occ st JOIN bio_occurrence t ON t.dataset_id = $1 AND t.source_key = st.occ_key WHERE t.xmin <> pg_current_xact_id()::xid)
            + (SELECT count(*) FROM stg_mof st JOIN bio_measurement t ON t.dataset_id = $1 AND t.source_key = st.mof_key WHERE t.xmin <> pg_current_xact_id()::xid) AS n`,
      [datasetId],
    );
    return { errors, rejectedLines: new Set(errors.map((e) => `${e.file}:${e.line}`)), duplicateLines: Number(dup.rows[0].n) };
  },
};
