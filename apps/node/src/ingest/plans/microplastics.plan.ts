import type { PoolClient } from 'pg';
import type { RowError } from '@littoral/contracts';
import { validateMicroplasticsRow, type MicroplasticsRecord } from '@littoral/ingest';
import { copyLine } from '../copy-text.js';
import { dropLines, findConflicts } from './merge-sql.js';
import type { KindPlan, MergeOutcome } from './plan.js';

const SITE_ATTRS = ['site_name', 'site_type', 'country_code', 'city', 'water_body', 'region', 'site_lat', 'site_lon'];
const SITE_TARGET = ['name', 'site_type', 'country_code', 'city', 'water_body', 'region', 'latitude', 'longitude'];
const SAMPLE_ATTRS = ['sampled_at', 'sampled_until', 'utc_offset_minutes', 'matrix', 'device', 'mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg', 'mass_basis', 'depth_m', 'sample_lat', 'sample_lon', 'id_method', 'method_ref'];
const SAMPLE_TARGET = ['sampled_at', 'sampled_until', 'utc_offset_minutes', 'matrix', 'device', 'mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg', 'mass_basis', 'depth_m', 'latitude', 'longitude', 'id_method', 'method_ref'];

const COLUMNS = [
  'line', 'site_key', 'site_name', 'site_type', 'country_code', 'city', 'water_body', 'region', 'site_lat', 'site_lon',
  'sample_key', 'sampled_at', 'sampled_until', 'utc_offset_minutes', 'date_verbatim', 'matrix', 'device', 'device_verbatim',
  'mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg', 'mass_basis', 'depth_m', 'sample_lat', 'sample_lon', 'size_min_mm', 'size_max_mm',
  'id_method', 'method_ref', 'notes',
  'has_count', 'c_size_class', 'c_polymer', 'c_shape', 'c_colour', 'c_category', 'c_count', 'c_mass_mg',
  'has_conc', 'k_size_class', 'k_size_min', 'k_size_max', 'k_family', 'k_value', 'k_unit', 'k_original_value', 'k_original_unit', 'k_particle_count', 'k_correction', 'k_derived', 'k_class',
];

const DDL = `CREATE TEMP TABLE stg_mp (
  line int NOT NULL, site_key text, site_name text, site_type text, country_code text, city text, water_body text, region text, site_lat float8, site_lon float8,
  sample_key text, sampled_at timestamptz, sampled_until timestamptz, utc_offset_minutes int, date_verbatim text, matrix text, device text, device_verbatim text,
  mesh_size_mm float8, volume_m3 float8, area_m2 float8, mass_kg float8, mass_basis text, depth_m float8, sample_lat float8, sample_lon float8, size_min_mm float8, size_max_mm float8,
  id_method text, method_ref text, notes text,
  has_count bool, c_size_class text, c_polymer text, c_shape text, c_colour text, c_category text, c_count int, c_mass_mg float8,
  has_conc bool, k_size_class text, k_size_min float8, k_size_max float8, k_family text, k_value float8, k_unit text, k_original_value float8, k_original_unit text, k_particle_count int, k_correction text, k_derived bool, k_class text
) ON COMMIT DROP`;

/** Count cells: natural key of mp_particle_count (sample + cell). */
const COUNT_CELL = `pc.size_class IS NOT DISTINCT FROM st.c_size_class AND pc.polymer IS NOT DISTINCT FROM st.c_polymer
  AND pc.shape IS NOT DISTINCT FROM st.c_shape AND pc.colour IS NOT DISTINCT FROM st.c_colour AND pc.category_verbatim IS NOT DISTINCT FROM st.c_category`;
const CONC_KEY = `kc.unit_family = st.k_family AND kc.size_class IS NOT DISTINCT FROM st.k_size_class AND kc.size_min_mm IS NOT DISTINCT FROM st.k_size_min
  AND kc.size_max_mm IS NOT DISTINCT FROM st.k_size_max AND kc.correction = st.k_correction`;

export const microplasticsPlan: KindPlan<MicroplasticsRecord> = {
  validate: validateMicroplasticsRow,
  stagingDdl: [DDL],
  copyColumns: { stg_mp: COLUMNS.join(', ') },
  stage(r) {
    const n = r.count;
    const k = r.concentration;
    return {
      table: 'stg_mp',
      line: copyLine([
        r.line, r.siteKey, r.siteName, r.siteType, r.countryCode, r.city, r.waterBody, r.region, r.siteLat, r.siteLon,
        r.sampleKey, r.sampledAt, r.sampledUntil, r.utcOffsetMinutes, r.dateVerbatim, r.matrix, r.device, r.deviceVerbatim,
        r.meshSizeMm, r.volumeM3, r.areaM2, r.massKg, r.massBasis, r.depthM, r.sampleLat, r.sampleLon, r.sizeMinMm, r.sizeMaxMm,
        r.idMethod, r.methodRef, r.notes,
        n !== null, n?.sizeClass, n?.polymer, n?.shape, n?.colour, n?.category, n?.count, n?.massMg,
        k !== null, k?.sizeClass, k?.sizeMinMm, k?.sizeMaxMm, k?.family, k?.value, k?.unit, k?.originalValue, k?.originalUnit, k?.particleCount, k?.correction, k?.derived, k?.concentrationClass,
      ]),
    };
  },
  async merge(client, datasetId, importId, skipInvalid): Promise<MergeOutcome> {
    const errors: RowError[] = [];
    errors.push(...(await findConflicts(client, datasetId, { staging: 'stg_mp', key: 'site_key', keyField: 'site_id', attrs: SITE_ATTRS, target: 'mp_site', targetAttrs: SITE_TARGET, what: 'site' })));
    errors.push(...(await findConflicts(client, datasetId, { staging: 'stg_mp', key: 'sample_key', keyField: 'sample_id', attrs: ['site_key', ...SAMPLE_ATTRS], target: 'mp_sample', targetAttrs: ['(SELECT source_key FROM mp_site WHERE id = t.site_id)', ...SAMPLE_TARGET].map((a) => a), what: 'sample' })));
    const rejectedLines = new Set(errors.map((e) => e.line));
    if (errors.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    await dropLines(client, ['stg_mp'], rejectedLines);

    await client.query(
      `INSERT INTO mp_site (dataset_id, source_key, import_id, name, site_type, country_code, city, water_body, region, latitude, longitude)
       SELECT DISTINCT ON (site_key) $1, site_key, $2, site_name, site_type, country_code, city, water_body, region, site_lat, site_lon
         FROM stg_mp ORDER BY site_key, line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    await client.query(
      `INSERT INTO mp_sample (dataset_id, site_id, source_key, import_id, sampled_at, sampled_until, utc_offset_minutes, date_verbatim, matrix, device, device_verbatim,
                              mesh_size_mm, volume_m3, area_m2, mass_kg, mass_basis, depth_m, latitude, longitude, size_min_mm, size_max_mm, id_method, method_ref, notes)
       -- A sample's size window spans all its results; an open bound on any result leaves it open.
       SELECT DISTINCT ON (g.sample_key) $1, site.id, g.sample_key, $2, g.sampled_at, g.sampled_until, g.utc_offset_minutes, g.date_verbatim, g.matrix, g.device, g.device_verbatim,
              g.mesh_size_mm, g.volume_m3, g.area_m2, g.mass_kg, g.mass_basis, g.depth_m, g.sample_lat, g.sample_lon, g.win_min, g.win_max, g.id_method, g.method_ref, g.notes
         FROM (SELECT st.*, CASE WHEN bool_or(size_min_mm IS NULL) OVER w THEN NULL ELSE min(size_min_mm) OVER w END AS win_min,
                      CASE WHEN bool_or(size_max_mm IS NULL) OVER w THEN NULL ELSE max(size_max_mm) OVER w END AS win_max
                 FROM stg_mp st WINDOW w AS (PARTITION BY sample_key)) g
         JOIN mp_site site ON site.dataset_id = $1 AND site.source_key = g.site_key
        ORDER BY g.sample_key, g.line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    const counts = await client.query(
      `INSERT INTO mp_particle_count (dataset_id, sample_id, size_class, polymer, shape, colour, category_verbatim, count, mass_mg)
       SELECT $1, s.id, st.c_size_class, st.c_polymer, st.c_shape, st.c_colour, st.c_category, st.c_count, st.c_mass_mg
         FROM stg_mp st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
        WHERE st.has_count
       ON CONFLICT ON CONSTRAINT mp_particle_count_cell DO NOTHING`,
      [datasetId],
    );
    const concs = await client.query(
      `INSERT INTO mp_concentration (dataset_id, sample_id, size_class, size_min_mm, size_max_mm, unit_family, value, unit, original_value, original_unit, particle_count, correction, derived, concentration_class)
       SELECT $1, s.id, st.k_size_class, st.k_size_min, st.k_size_max, st.k_family, st.k_value, st.k_unit, st.k_original_value, st.k_original_unit, st.k_particle_count, st.k_correction, st.k_derived, st.k_class
         FROM stg_mp st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
        WHERE st.has_conc
       ON CONFLICT ON CONSTRAINT mp_concentration_result DO NOTHING`,
      [datasetId],
    );
    const staged = await client.query<{ n_count: number; n_conc: number }>(`SELECT count(*) FILTER (WHERE has_count)::int AS n_count, count(*) FILTER (WHERE has_conc)::int AS n_conc FROM stg_mp`);
    const { n_count, n_conc } = staged.rows[0];
    if ((counts.rowCount ?? 0) === n_count && (concs.rowCount ?? 0) === n_conc) return { errors, rejectedLines, duplicateLines: 0 };

    // Some leaf rows were already there: were they identical (a re-import) or different (a conflict)?
    const leafConflicts = await client.query<{ line: number; sample_key: string; what: string; stored: string; given: string }>(
      `SELECT st.line, st.sample_key, 'count' AS what, pc.count::text AS stored, st.c_count::text AS given
         FROM stg_mp st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
         JOIN mp_particle_count pc ON pc.sample_id = s.id AND ${COUNT_CELL}
        WHERE st.has_count AND (pc.count, pc.mass_mg) IS DISTINCT FROM (st.c_count, st.c_mass_mg)
       UNION ALL
       SELECT st.line, st.sample_key, 'concentration', kc.value::text, st.k_value::text
         FROM stg_mp st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
         JOIN mp_concentration kc ON kc.sample_id = s.id AND ${CONC_KEY}
        WHERE st.has_conc AND (kc.value, kc.original_value, kc.original_unit) IS DISTINCT FROM (st.k_value, st.k_original_value, st.k_original_unit)
        ORDER BY 1 LIMIT 1000`,
      [datasetId],
    );
    for (const c of leafConflicts.rows) {
      errors.push({ line: c.line, column: c.what, value: c.given ?? '', reason: `sample "${c.sample_key}" already has this ${c.what} cell with value ${c.stored ?? 'empty'} (stored earlier or on another line)`, expected: 'one value per sample and cell' });
      rejectedLines.add(c.line);
    }
    if (leafConflicts.rows.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    const dup = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT st.line FROM stg_mp st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
           LEFT JOIN mp_particle_count pc ON st.has_count AND pc.sample_id = s.id AND ${COUNT_CELL}
           LEFT JOIN mp_concentration kc ON st.has_conc AND kc.sample_id = s.id AND ${CONC_KEY}
          WHERE NOT (st.line = ANY($2::int[]))
          GROUP BY st.line
         HAVING bool_and((NOT st.has_count OR pc.xmin <> pg_current_xact_id()::xid) AND (NOT st.has_conc OR kc.xmin <> pg_current_xact_id()::xid))) d`,
      [datasetId, [...rejectedLines]],
    );
    return { errors, rejectedLines, duplicateLines: dup.rows[0].n };
  },
};
