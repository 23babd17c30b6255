import type { RowError } from '@littoral/contracts';
import { validateBeachLitterRow, type BeachLitterRecord } from '@littoral/ingest';
import { copyLine } from '../copy-text.js';
import { dropLines, findConflicts } from './merge-sql.js';
import { statelessStager, type KindPlan, type MergeOutcome } from './plan.js';

const COLUMNS = [
  'line', 'beach_key', 'beach_name', 'country_code', 'start_lat', 'start_lon', 'end_lat', 'end_lon', 'beach_length_m', 'beach_area_m2', 'substrate', 'location_type',
  'team_key', 'team_name', 'team_type', 'survey_key', 'survey_date', 'started_at', 'ended_at', 'protocol', 'is_monitoring', 'surveyed_length_m', 'surveyed_area_m2',
  'mean_width_m', 'volunteers', 'volunteer_hours', 'bags', 'total_weight_kg', 'event_type', 'notes',
  'has_item', 'code_system', 'code', 'size_class', 'item_count', 'item_weight_kg',
];
const DDL = `CREATE TEMP TABLE stg_bl (
  line int NOT NULL, beach_key text, beach_name text, country_code text, start_lat float8, start_lon float8, end_lat float8, end_lon float8, beach_length_m float8, beach_area_m2 float8, substrate text, location_type text,
  team_key text, team_name text, team_type text, survey_key text, survey_date date, started_at timestamptz, ended_at timestamptz, protocol text, is_monitoring bool, surveyed_length_m float8, surveyed_area_m2 float8,
  mean_width_m float8, volunteers int, volunteer_hours float8, bags int, total_weight_kg float8, event_type text, notes text,
  has_item bool, code_system text, code text, size_class text, item_count int, item_weight_kg float8
) ON COMMIT DROP`;

const BEACH = ['beach_name', 'country_code', 'start_lat', 'start_lon', 'end_lat', 'end_lon', 'beach_length_m', 'beach_area_m2', 'substrate', 'location_type'];
const BEACH_T = ['name', 'country_code', 'start_latitude', 'start_longitude', 'end_latitude', 'end_longitude', 'length_m', 'area_m2', 'substrate', 'location_type'];
const SURVEY = ['beach_key', 'team_key', 'survey_date', 'started_at', 'ended_at', 'protocol', 'is_monitoring', 'surveyed_length_m', 'surveyed_area_m2', 'mean_width_m', 'volunteers', 'volunteer_hours', 'bags', 'total_weight_kg', 'event_type'];
const SURVEY_T = ['(SELECT source_key FROM bl_beach_area WHERE id = t.beach_area_id)', '(SELECT source_key FROM bl_team WHERE id = t.team_id)', 'survey_date', 'started_at', 'ended_at', 'protocol', 'is_monitoring', 'surveyed_length_m', 'surveyed_area_m2', 'mean_width_m', 'volunteers', 'volunteer_hours', 'bags', 'total_weight_kg', 'event_type_verbatim'];
const ITEM_KEY = `ic.code_system = st.code_system AND ic.code = st.code AND ic.size_class IS NOT DISTINCT FROM st.size_class`;

export const beachLitterPlan: KindPlan<BeachLitterRecord> = {
  validate: validateBeachLitterRow,
  stagingDdl: [DDL],
  copyColumns: { stg_bl: COLUMNS.join(', ') },
  stager: statelessStager((r: BeachLitterRecord) => {
    const i = r.item;
    return {
      table: 'stg_bl',
      line: copyLine([
        r.line, r.beachKey, r.beachName, r.countryCode, r.startLat, r.startLon, r.endLat, r.endLon, r.beachLengthM, r.beachAreaM2, r.substrate, r.locationType,
        r.teamKey, r.teamName, r.teamType, r.surveyKey, r.surveyDate, r.startedAt, r.endedAt, r.protocol, r.isMonitoring, r.surveyedLengthM, r.surveyedAreaM2,
        r.meanWidthM, r.volunteers, r.volunteerHours, r.bags, r.totalWeightKg, r.eventType, r.notes,
        i !== null, i?.codeSystem, i?.code, i?.sizeClass, i?.count, i?.weightKg,
      ]),
    };
  }),
  async merge(client, datasetId, importId, skipInvalid): Promise<MergeOutcome> {
    const errors: RowError[] = [];
    errors.push(...(await findConflicts(client, datasetId, { staging: 'stg_bl', key: 'beach_key', keyField: 'beach_id', attrs: BEACH, target: 'bl_beach_area', targetAttrs: BEACH_T, what: 'beach area' })));
    errors.push(...(await findConflicts(client, datasetId, { staging: 'stg_bl', key: 'team_key', keyField: 'team_id', attrs: ['team_name', 'team_type'], target: 'bl_team', targetAttrs: ['name', 'team_type'], what: 'team', where: 'team_key IS NOT NULL' })));
    errors.push(...(await findConflicts(client, datasetId, { staging: 'stg_bl', key: 'survey_key', keyField: 'survey_id', attrs: SURVEY, target: 'bl_survey', targetAttrs: SURVEY_T, what: 'survey' })));
    const itemDup = await client.query<{ line: number; survey_key: string; code: string; first_line: number }>(
      `WITH g AS (
         SELECT survey_key, code_system, code, size_class, min(line) AS first_line FROM stg_bl WHERE has_item
          GROUP BY survey_key, code_system, code, size_class HAVING count(DISTINCT ROW(item_count, item_weight_kg)) > 1)
       SELECT st.line, st.survey_key, st.code, g.first_line FROM stg_bl st
         JOIN g ON g.survey_key = st.survey_key AND g.code_system = st.code_system AND g.code = st.code AND g.size_class IS NOT DISTINCT FROM st.size_class
        WHERE st.has_item AND st.line <> g.first_line ORDER BY st.line LIMIT 1000`,
    );
    for (const d of itemDup.rows) errors.push({ line: d.line, column: 'item_count', value: d.code, reason: `survey "${d.survey_key}" counts item ${d.code} differently than on line ${d.first_line}`, expected: 'one count per survey and item code' });
    const rejectedLines = new Set(errors.map((e) => e.line));
    if (errors.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    await dropLines(client, ['stg_bl'], rejectedLines);

    await client.query(
      `INSERT INTO bl_beach_area (dataset_id, source_key, import_id, name, country_code, start_latitude, start_longitude, end_latitude, end_longitude, length_m, area_m2, substrate, location_type)
       SELECT DISTINCT ON (beach_key) $1, beach_key, $2, ${BEACH.join(', ')} FROM stg_bl ORDER BY beach_key, line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    await client.query(
      `INSERT INTO bl_team (dataset_id, source_key, name, team_type)
       SELECT DISTINCT ON (team_key) $1, team_key, team_name, team_type FROM stg_bl WHERE team_key IS NOT NULL ORDER BY team_key, line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId],
    );
    const surveys = await client.query(
      `INSERT INTO bl_survey (dataset_id, beach_area_id, team_id, source_key, import_id, survey_date, started_at, ended_at, protocol, is_monitoring, surveyed_length_m, surveyed_area_m2,
                              mean_width_m, volunteers, volunteer_hours, bags, total_weight_kg, event_type_verbatim, notes)
       SELECT DISTINCT ON (st.survey_key) $1, b.id, t.id, st.survey_key, $2, st.survey_date, st.started_at, st.ended_at, st.protocol, st.is_monitoring, st.surveyed_length_m, st.surveyed_area_m2,
              st.mean_width_m, st.volunteers, st.volunteer_hours, st.bags, st.total_weight_kg, st.event_type, st.notes
         FROM stg_bl st JOIN bl_beach_area b ON b.dataset_id = $1 AND b.source_key = st.beach_key
         LEFT JOIN bl_team t ON t.dataset_id = $1 AND t.source_key = st.team_key
        ORDER BY st.survey_key, st.line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    const items = await client.query(
      `INSERT INTO bl_item_count (dataset_id, survey_id, code_system, code, size_class, count, weight_kg)
       SELECT $1, s.id, st.code_system, st.code, st.size_class, st.item_count, st.item_weight_kg
         FROM stg_bl st JOIN bl_survey s ON s.dataset_id = $1 AND s.source_key = st.survey_key
        WHERE st.has_item
       ON CONFLICT ON CONSTRAINT bl_item_count_cell DO NOTHING`,
      [datasetId],
    );
    const staged = await client.query<{ items: number; surveys: number }>(`SELECT count(*) FILTER (WHERE has_item)::int AS items, count(DISTINCT survey_key)::int AS surveys FROM stg_bl`);
    if ((items.rowCount ?? 0) === staged.rows[0].items && (surveys.rowCount ?? 0) === staged.rows[0].surveys) return { errors, rejectedLines, duplicateLines: 0 };

    const leaf = await client.query<{ line: number; survey_key: string; code: string; stored: number; given: number }>(
      `SELECT st.line, st.survey_key, st.code, ic.count AS stored, st.item_count AS given
         FROM stg_bl st JOIN bl_survey s ON s.dataset_id = $1 AND s.source_key = st.survey_key
         JOIN bl_item_count ic ON ic.survey_id = s.id AND ${ITEM_KEY}
        WHERE st.has_item AND ic.xmin <> pg_current_xact_id()::xid AND (ic.count, ic.weight_kg) IS DISTINCT FROM (st.item_count, st.item_weight_kg)
        ORDER BY st.line LIMIT 1000`,
      [datasetId],
    );
    for (const c of leaf.rows) {
      errors.push({ line: c.line, column: 'item_count', value: String(c.given), reason: `survey "${c.survey_key}" already has ${c.stored} items of ${c.code} stored`, expected: 'the stored count (change stored records through the API, not by re-import)' });
      rejectedLines.add(c.line);
    }
    if (leaf.rows.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    const dup = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT st.line FROM stg_bl st JOIN bl_survey s ON s.dataset_id = $1 AND s.source_key = st.survey_key
           LEFT JOIN bl_item_count ic ON st.has_item AND ic.survey_id = s.id AND ${ITEM_KEY}
          WHERE NOT (st.line = ANY($2::int[]))
          GROUP BY st.line
         HAVING bool_and(CASE WHEN st.has_item THEN ic.xmin <> pg_current_xact_id()::xid ELSE s.xmin <> pg_current_xact_id()::xid END)) d`,
      [datasetId, [...rejectedLines]],
    );
    return { errors, rejectedLines, duplicateLines: dup.rows[0].n };
  },
};
