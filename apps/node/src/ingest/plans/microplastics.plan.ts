import type { RowError } from '@littoral/contracts';
import { validateMicroplasticsRow, type MicroplasticsRecord } from '@littoral/ingest';
import { copyLine, copyValue } from '../copy-text.js';
import { dropLines, findConflicts } from './merge-sql.js';
import type { Emit, KindPlan, MergeOutcome, Stager } from './plan.js';

// Three narrow staging tables:
//  stg_mp_sample  a run of consecutive lines that describe one sample (and its site)
//                 identically, with the union of their size windows — a sample's 100
//                 count rows stage it once;
//  stg_mp_count   particle-count cells;   stg_mp_conc  concentrations.
// A line that describes its sample differently starts a new run, so conflicting
// descriptions still meet in SQL and are reported with their line numbers.

const SITE_ATTRS = ['site_name', 'site_type', 'country_code', 'city', 'water_body', 'region', 'site_lat', 'site_lon'];
const SITE_TARGET = ['name', 'site_type', 'country_code', 'city', 'water_body', 'region', 'latitude', 'longitude'];
const SAMPLE_ATTRS = ['sampled_at', 'sampled_until', 'utc_offset_minutes', 'matrix', 'device', 'mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg', 'mass_basis', 'depth_m', 'sample_lat', 'sample_lon', 'id_method', 'method_ref'];
const SAMPLE_TARGET = ['sampled_at', 'sampled_until', 'utc_offset_minutes', 'matrix', 'device', 'mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg', 'mass_basis', 'depth_m', 'latitude', 'longitude', 'id_method', 'method_ref'];

const DESCRIPTION = [
  'site_key', 'site_name', 'site_type', 'country_code', 'city', 'water_body', 'region', 'site_lat', 'site_lon',
  'sampled_at', 'sampled_until', 'utc_offset_minutes', 'date_verbatim', 'matrix', 'device', 'device_verbatim',
  'mesh_size_mm', 'volume_m3', 'area_m2', 'mass_kg', 'mass_basis', 'depth_m', 'sample_lat', 'sample_lon', 'id_method', 'method_ref', 'notes',
];
const COUNT = ['c_size_class', 'c_polymer', 'c_shape', 'c_colour', 'c_category', 'c_count', 'c_mass_mg'];
const CONC = ['k_size_class', 'k_size_min', 'k_size_max', 'k_family', 'k_value', 'k_unit', 'k_original_value', 'k_original_unit', 'k_particle_count', 'k_correction', 'k_derived', 'k_class'];
const DDL = [
  `CREATE TEMP TABLE stg_mp_sample (
    line int NOT NULL, sample_key text NOT NULL, line_to int NOT NULL, win_min float8, win_max float8,
    site_key text, site_name text, site_type text, country_code text, city text, water_body text, region text, site_lat float8, site_lon float8,
    sampled_at timestamptz, sampled_until timestamptz, utc_offset_minutes int, date_verbatim text, matrix text, device text, device_verbatim text,
    mesh_size_mm float8, volume_m3 float8, area_m2 float8, mass_kg float8, mass_basis text, depth_m float8, sample_lat float8, sample_lon float8, id_method text, method_ref text, notes text
  ) ON COMMIT DROP`,
  `CREATE TEMP TABLE stg_mp_count (line int NOT NULL, sample_key text NOT NULL, c_size_class text, c_polymer text, c_shape text, c_colour text, c_category text, c_count int, c_mass_mg float8) ON COMMIT DROP`,
  `CREATE TEMP TABLE stg_mp_conc (line int NOT NULL, sample_key text NOT NULL, k_size_class text, k_size_min float8, k_size_max float8, k_family text, k_value float8, k_unit text,
    k_original_value float8, k_original_unit text, k_particle_count int, k_correction text, k_derived bool, k_class text) ON COMMIT DROP`,
];

/** Count cells: natural key of mp_particle_count (sample + cell). */
const COUNT_CELL = `pc.size_class IS NOT DISTINCT FROM st.c_size_class AND pc.polymer IS NOT DISTINCT FROM st.c_polymer
  AND pc.shape IS NOT DISTINCT FROM st.c_shape AND pc.colour IS NOT DISTINCT FROM st.c_colour AND pc.category_verbatim IS NOT DISTINCT FROM st.c_category`;
const CONC_KEY = `kc.unit_family = st.k_family AND kc.size_class IS NOT DISTINCT FROM st.k_size_class AND kc.size_min_mm IS NOT DISTINCT FROM st.k_size_min
  AND kc.size_max_mm IS NOT DISTINCT FROM st.k_size_max AND kc.correction = st.k_correction`;

function description(r: MicroplasticsRecord): string {
  return [
    r.siteKey, r.siteName, r.siteType, r.countryCode, r.city, r.waterBody, r.region, r.siteLat, r.siteLon,
    r.sampledAt, r.sampledUntil, r.utcOffsetMinutes, r.dateVerbatim, r.matrix, r.device, r.deviceVerbatim,
    r.meshSizeMm, r.volumeM3, r.areaM2, r.massKg, r.massBasis, r.depthM, r.sampleLat, r.sampleLon, r.idMethod, r.methodRef, r.notes,
  ].map(copyValue).join('\t');
}

/** Widens a size window; an open bound (null) stays open. */
function widen(run: { min: number | null; max: number | null }, min: number | null, max: number | null): void {
  run.min = run.min === null || min === null ? null : Math.min(run.min, min);
  run.max = run.max === null || max === null ? null : Math.max(run.max, max);
}

function microplasticsStager(): Stager<MicroplasticsRecord> {
  let run: { key: string; desc: string; line: number; lineTo: number; min: number | null; max: number | null } | undefined;
  const flushRun = (emit: Emit) => {
    if (!run) return;
    emit('stg_mp_sample', `${run.line}\t${copyValue(run.key)}\t${run.lineTo}\t${copyValue(run.min)}\t${copyValue(run.max)}\t${run.desc}\n`);
    run = undefined;
  };
  return {
    stage(r, emit) {
      const desc = description(r);
      if (run && run.key === r.sampleKey && run.desc === desc) {
        run.lineTo = r.line;
        widen(run, r.sizeMinMm, r.sizeMaxMm);
      } else {
        flushRun(emit);
        run = { key: r.sampleKey, desc, line: r.line, lineTo: r.line, min: r.sizeMinMm, max: r.sizeMaxMm };
      }
      const n = r.count;
      if (n) emit('stg_mp_count', copyLine([r.line, r.sampleKey, n.sizeClass, n.polymer, n.shape, n.colour, n.category, n.count, n.massMg]));
      const k = r.concentration;
      if (k) {
        emit('stg_mp_conc', copyLine([r.line, r.sampleKey, k.sizeClass, k.sizeMinMm, k.sizeMaxMm, k.family, k.value, k.unit, k.originalValue, k.originalUnit, k.particleCount, k.correction, k.derived, k.concentrationClass]));
      }
    },
    finish: flushRun,
  };
}

export const microplasticsPlan: KindPlan<MicroplasticsRecord> = {
  validate: validateMicroplasticsRow,
  stagingDdl: DDL,
  copyColumns: {
    stg_mp_sample: ['line', 'sample_key', 'line_to', 'win_min', 'win_max', ...DESCRIPTION].join(', '),
    stg_mp_count: ['line', 'sample_key', ...COUNT].join(', '),
    stg_mp_conc: ['line', 'sample_key', ...CONC].join(', '),
  },
  stager: microplasticsStager,
  async merge(client, datasetId, importId, skipInvalid): Promise<MergeOutcome> {
    const errors: RowError[] = [];
    const runs = 'stg_mp_sample';
    errors.push(...(await findConflicts(client, datasetId, { staging: runs, key: 'site_key', keyField: 'site_id', attrs: SITE_ATTRS, target: 'mp_site', targetAttrs: SITE_TARGET, what: 'site' })));
    errors.push(...(await findConflicts(client, datasetId, { staging: runs, key: 'sample_key', keyField: 'sample_id', attrs: ['site_key', ...SAMPLE_ATTRS], target: 'mp_sample', targetAttrs: ['(SELECT source_key FROM mp_site WHERE id = t.site_id)', ...SAMPLE_TARGET], what: 'sample' })));
    // A conflicting run rejects all of its lines.
    const rejectedLines = new Set<number>();
    if (errors.length) {
      const spans = await client.query<{ line: number; line_to: number }>(`SELECT line, line_to FROM stg_mp_sample WHERE line = ANY($1::int[])`, [errors.map((e) => e.line)]);
      for (const s of spans.rows) for (let l = s.line; l <= s.line_to; l++) rejectedLines.add(l);
    }
    if (errors.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    await dropLines(client, ['stg_mp_sample', 'stg_mp_count', 'stg_mp_conc'], rejectedLines);

    await client.query(
      `INSERT INTO mp_site (dataset_id, source_key, import_id, name, site_type, country_code, city, water_body, region, latitude, longitude)
       SELECT DISTINCT ON (site_key) $1, site_key, $2, site_name, site_type, country_code, city, water_body, region, site_lat, site_lon
         FROM stg_mp_sample ORDER BY site_key, line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    // A sample's size window spans all its results; an open bound on any result leaves it open.
    await client.query(
      `INSERT INTO mp_sample (dataset_id, site_id, source_key, import_id, sampled_at, sampled_until, utc_offset_minutes, date_verbatim, matrix, device, device_verbatim,
                              mesh_size_mm, volume_m3, area_m2, mass_kg, mass_basis, depth_m, latitude, longitude, size_min_mm, size_max_mm, id_method, method_ref, notes)
       SELECT DISTINCT ON (g.sample_key) $1, site.id, g.sample_key, $2, g.sampled_at, g.sampled_until, g.utc_offset_minutes, g.date_verbatim, g.matrix, g.device, g.device_verbatim,
              g.mesh_size_mm, g.volume_m3, g.area_m2, g.mass_kg, g.mass_basis, g.depth_m, g.sample_lat, g.sample_lon, g.w_min, g.w_max, g.id_method, g.method_ref, g.notes
         FROM (SELECT st.*, CASE WHEN bool_or(win_min IS NULL) OVER w THEN NULL ELSE min(win_min) OVER w END AS w_min,
                            CASE WHEN bool_or(win_max IS NULL) OVER w THEN NULL ELSE max(win_max) OVER w END AS w_max
                 FROM stg_mp_sample st WINDOW w AS (PARTITION BY sample_key)) g
         JOIN mp_site site ON site.dataset_id = $1 AND site.source_key = g.site_key
        ORDER BY g.sample_key, g.line
       ON CONFLICT (dataset_id, source_key) DO NOTHING`,
      [datasetId, importId],
    );
    const counts = await client.query(
      `INSERT INTO mp_particle_count (dataset_id, sample_id, size_class, polymer, shape, colour, category_verbatim, count, mass_mg)
       SELECT $1, s.id, st.c_size_class, st.c_polymer, st.c_shape, st.c_colour, st.c_category, st.c_count, st.c_mass_mg
         FROM stg_mp_count st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
       ON CONFLICT ON CONSTRAINT mp_particle_count_cell DO NOTHING`,
      [datasetId],
    );
    const concs = await client.query(
      `INSERT INTO mp_concentration (dataset_id, sample_id, size_class, size_min_mm, size_max_mm, unit_family, value, unit, original_value, original_unit, particle_count, correction, derived, concentration_class)
       SELECT $1, s.id, st.k_size_class, st.k_size_min, st.k_size_max, st.k_family, st.k_value, st.k_unit, st.k_original_value, st.k_original_unit, st.k_particle_count, st.k_correction, st.k_derived, st.k_class
         FROM stg_mp_conc st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
       ON CONFLICT ON CONSTRAINT mp_concentration_result DO NOTHING`,
      [datasetId],
    );
    const staged = await client.query<{ n_count: number; n_conc: number }>(`SELECT (SELECT count(*) FROM stg_mp_count)::int AS n_count, (SELECT count(*) FROM stg_mp_conc)::int AS n_conc`);
    const { n_count, n_conc } = staged.rows[0];
    if ((counts.rowCount ?? 0) === n_count && (concs.rowCount ?? 0) === n_conc) return { errors, rejectedLines, duplicateLines: 0 };

    // Some leaf rows were already there: were they identical (a re-import) or different (a conflict)?
    const leafConflicts = await client.query<{ line: number; sample_key: string; what: string; stored: string; given: string }>(
      `SELECT st.line, st.sample_key, 'count' AS what, pc.count::text AS stored, st.c_count::text AS given
         FROM stg_mp_count st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
         JOIN mp_particle_count pc ON pc.sample_id = s.id AND ${COUNT_CELL}
        WHERE (pc.count, pc.mass_mg) IS DISTINCT FROM (st.c_count, st.c_mass_mg)
       UNION ALL
       SELECT st.line, st.sample_key, 'concentration', kc.value::text, st.k_value::text
         FROM stg_mp_conc st JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key
         JOIN mp_concentration kc ON kc.sample_id = s.id AND ${CONC_KEY}
        WHERE (kc.value, kc.original_value, kc.original_unit) IS DISTINCT FROM (st.k_value, st.k_original_value, st.k_original_unit)
        ORDER BY 1 LIMIT 1000`,
      [datasetId],
    );
    for (const c of leafConflicts.rows) {
      errors.push({ line: c.line, column: c.what, value: c.given ?? '', reason: `sample "${c.sample_key}" already has this ${c.what} cell with value ${c.stored ?? 'empty'} (stored earlier or on another line)`, expected: 'one value per sample and cell' });
      rejectedLines.add(c.line);
    }
    if (leafConflicts.rows.length && !skipInvalid) return { errors, rejectedLines, duplicateLines: 0 };
    // Duplicate lines: every leaf row of the line was stored before this transaction.
    const dup = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (
         SELECT line FROM (
           SELECT st.line, pc.xmin <> pg_current_xact_id()::xid AS old FROM stg_mp_count st
             JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key JOIN mp_particle_count pc ON pc.sample_id = s.id AND ${COUNT_CELL}
           UNION ALL
           SELECT st.line, kc.xmin <> pg_current_xact_id()::xid FROM stg_mp_conc st
             JOIN mp_sample s ON s.dataset_id = $1 AND s.source_key = st.sample_key JOIN mp_concentration kc ON kc.sample_id = s.id AND ${CONC_KEY}) leaf
          WHERE NOT (line = ANY($2::int[]))
          GROUP BY line HAVING bool_and(old)) d`,
      [datasetId, [...rejectedLines]],
    );
    return { errors, rejectedLines, duplicateLines: dup.rows[0].n };
  },
};
