// samples on the node: microplastic samples of datasets whose grant allows
// RECORDS, filtered, embargoed and snapped in Postgres, paged on (dataset,
// id), each with its particle total and its concentration results, then passed
// through applyToRecords and mapped to SampleRecord. Redacted fields are not
// selected. Field names in the policy view are those of the canonical import
// template (docs/templates/microplastics.csv), the names grants use.
import type { DataSource } from 'typeorm';
import type { Decision } from '@littoral/policy';
import { CANONICAL_UNITS, type UnitFamily } from '@littoral/units';
import type { Device, Matrix, SiteType, SizeClass } from '@littoral/contracts';
import type { SampleConcentration, SampleRecord, SamplesQuery } from '@littoral/federation';
import { accessRequestForRecords } from './access-request.js';
import { admit, candidateDatasets, num, type DatasetInfo } from './summary-core.js';
import { SqlParams, anyOf, bboxSql, embargoSql, snappedPositionSql, timeRangeSql, where } from './summary-sql.js';
import { decodePosition, isoOf, isRedacted, pageRecords, recordsResultOf, type RawRecord, type RecordsInput, type RecordsResult } from './records-core.js';

/** The position fields: a sample's position is its own, else its site's, so all four must be visible. */
const POSITION_FIELDS = ['sample_latitude', 'sample_longitude', 'site_latitude', 'site_longitude'];
/** Breakdown attributes, as in the summary executor: one breakdown of a sample's counts is used. */
const BREAKDOWN_BITS: readonly [string, number][] = [['size_class', 1], ['polymer', 2], ['shape', 4], ['colour', 8], ['category_verbatim', 16]];

function buildSql(q: SamplesQuery, datasetId: string, decision: Decision, afterId: string | null, limit: number, now: Date) {
  const p = new SqlParams();
  const f = q.filter;
  const c = decision.constraints;
  const raw = { lat: 'coalesce(s.latitude, st.latitude)', lon: 'coalesce(s.longitude, st.longitude)' };
  const pos = c.spatialPrecisionDeg === null ? raw : snappedPositionSql(raw.lat, raw.lon, c.spatialPrecisionDeg, p);

  // Particles: of the sample's counts, the breakdown carrying most of the attributes filtered on,
  // then the coarsest (so nothing is counted twice), restricted to the filter's values.
  const coverage = [...(f.sizeClasses ? ['size_class'] : []), ...(f.polymers ? ['polymer'] : []), ...(f.shapes ? ['shape'] : [])];
  const covered = coverage.length ? coverage.map((x) => `(pc.${x} IS NOT NULL)::int`).join(' + ') : '0';
  const attrs = BREAKDOWN_BITS.map(([x]) => `(pc.${x} IS NOT NULL)::int`).join(' + ');
  const mask = BREAKDOWN_BITS.map(([x, bit]) => `(CASE WHEN pc.${x} IS NOT NULL THEN ${bit} ELSE 0 END)`).join(' + ');
  const particleFilter = where([...anyOf('b.size_class', f.sizeClasses, p), ...anyOf('b.polymer', f.polymers, p), ...anyOf('b.shape', f.shapes, p)]);
  const families = p.add(Object.keys(CANONICAL_UNITS), 'text[]');
  const units = p.add(Object.values(CANONICAL_UNITS), 'text[]');
  const concSize = where(anyOf('x.size_class', f.sizeClasses, p));

  const conditions = [
    `s.dataset_id = ${p.add(datasetId, 'text')}`,
    ...(afterId === null ? [] : [`s.id > ${p.add(afterId, 'bigint')}`]),
    embargoSql('coalesce(s.sampled_until, s.sampled_at)', c.embargoDays, now, p),
    ...anyOf('st.site_type', f.siteTypes, p),
    ...anyOf('s.matrix', f.matrices, p),
    ...anyOf('s.device', f.devices, p),
    ...(f.meshSizeMm?.min !== undefined ? [`s.mesh_size_mm >= ${p.add(f.meshSizeMm.min, 'float8')}`] : []),
    ...(f.meshSizeMm?.max !== undefined ? [`s.mesh_size_mm <= ${p.add(f.meshSizeMm.max, 'float8')}`] : []),
    ...timeRangeSql('s.sampled_at', f.timeRange, p),
    ...(f.bbox ? [bboxSql(pos.lat, pos.lon, f.bbox, p)] : []),
    // With a particle filter: samples with a matching count, or (size classes only) a result of that class.
    ...(coverage.length === 0 ? [] : [`(pt.particles IS NOT NULL${f.polymers || f.shapes ? '' : ' OR cc.concentrations IS NOT NULL'})`]),
  ];
  const cols = ['s.id::text AS id', 's.source_key AS sample_id', 'st.site_type AS site_type', 's.matrix AS matrix'];
  const optional: [string, string][] = [['site_name', 'st.name'], ['device', 's.device'], ['mesh_size_mm', 's.mesh_size_mm'], ['sampled_at', 's.sampled_at']];
  cols.push(...optional.filter(([field]) => !isRedacted(decision, field)).map(([field, sql]) => `${sql} AS ${field}`));
  if (!isRedacted(decision, ...POSITION_FIELDS)) cols.push(`${pos.lat} AS sample_latitude`, `${pos.lon} AS sample_longitude`);
  if (!isRedacted(decision, 'count')) cols.push('pt.particles AS count');
  if (!isRedacted(decision, 'concentration', 'concentration_unit')) cols.push('cc.concentrations AS concentration');
  // The latest instant, for the embargo check of the last line of defence (read under an embargo only).
  if (c.embargoDays > 0) cols.push('coalesce(s.sampled_until, s.sampled_at) AS embargo_date');

  const sql = `SELECT ${cols.join(', ')}
      FROM mp_sample s JOIN mp_site st ON st.id = s.site_id
      LEFT JOIN LATERAL (
        SELECT sum(b.count)::bigint AS particles FROM (
          SELECT pc.size_class, pc.polymer, pc.shape, pc.count,
                 dense_rank() OVER (ORDER BY ${covered} DESC, ${attrs}, ${mask}) AS pick
            FROM mp_particle_count pc WHERE pc.sample_id = s.id) b
         WHERE b.pick = 1 AND ${particleFilter}) pt ON TRUE
      LEFT JOIN LATERAL (
        SELECT jsonb_agg(jsonb_build_object('sizeClass', x.size_class, 'family', x.unit_family, 'unit', x.unit, 'value', x.value)
                         ORDER BY x.unit_family, x.size_class NULLS FIRST) AS concentrations
          FROM (SELECT DISTINCT ON (x.size_class, x.unit_family) x.size_class, x.unit_family, x.unit, x.value
                  FROM mp_concentration x JOIN unnest(${families}, ${units}) AS canon(family, unit) ON canon.family = x.unit_family AND canon.unit = x.unit
                 WHERE x.sample_id = s.id AND x.correction = 'NONE' AND x.value IS NOT NULL AND ${concSize}
                 ORDER BY x.size_class, x.unit_family, x.size_min_mm ASC NULLS FIRST, x.size_max_mm DESC NULLS FIRST, x.id) x) cc ON TRUE
     WHERE ${where(conditions)}
     ORDER BY s.id LIMIT ${p.add(limit, 'int')}`;
  return { sql, params: p.values };
}

function toView(r: Record<string, unknown>): RawRecord {
  const view: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    if (k === 'id') continue;
    if (k === 'sampled_at' || k === 'embargo_date') view[k] = isoOf(v);
    else if (k === 'mesh_size_mm' || k === 'count') view[k] = num(v);
    else view[k] = v;
  }
  return { id: String(r.id), view };
}

function concentrations(v: unknown): SampleConcentration[] {
  const list = (v ?? []) as { sizeClass: string | null; family: string; unit: string; value: number }[];
  return list.map((c) => ({ sizeClass: c.sizeClass as SizeClass | null, family: c.family as UnitFamily, unit: c.unit, value: Number(c.value) }));
}

function toRecord(view: Record<string, unknown>, info: DatasetInfo, country: string): SampleRecord {
  const out: SampleRecord = {
    country,
    datasetId: info.id,
    sampleKey: String(view.sample_id),
    siteType: view.site_type as SiteType,
    matrix: view.matrix as Matrix,
  };
  if ('site_name' in view) out.siteName = view.site_name as string | null;
  if ('device' in view) out.device = view.device as Device | null;
  if ('mesh_size_mm' in view) out.meshSizeMm = view.mesh_size_mm as number | null;
  if ('sampled_at' in view) out.sampledAt = view.sampled_at as string | null;
  if ('sample_latitude' in view) {
    out.latitude = view.sample_latitude as number | null;
    out.longitude = view.sample_longitude as number | null;
    out.coordinatePrecisionDeg = (view.coordinatePrecision as number | undefined) ?? null;
  }
  if ('count' in view) out.particles = view.count as number | null;
  if ('concentration' in view) out.concentrations = concentrations(view.concentration);
  return out;
}

/** Executes `samples` on this node's database. */
export class SampleRecordsExecutor {
  constructor(private readonly db: DataSource) {}

  async execute(input: RecordsInput<SamplesQuery>): Promise<RecordsResult<SampleRecord>> {
    const { query, now, nodeCountry } = input;
    const after = query.after === undefined ? undefined : decodePosition(query.after);
    const candidates = query.filter.countries && !query.filter.countries.includes(nodeCountry) ? [] : await candidateDatasets(this.db, 'microplastics');
    const admission = await admit(candidates, accessRequestForRecords(query), input.decisionsFor);
    const page = await pageRecords(
      admission, after, query.first, now,
      async ({ info, decision }, afterId, limit) => {
        const { sql, params } = buildSql(query, info.id, decision, afterId, limit, now);
        return ((await this.db.query(sql, params)) as Record<string, unknown>[]).map(toView);
      },
      // Samples are never sensitive species; the embargo reads the sample's latest instant.
      { latField: 'sample_latitude', lonField: 'sample_longitude', dateField: 'embargo_date', isSensitive: () => false },
      (view, info) => toRecord(view, info, nodeCountry),
    );
    return recordsResultOf(admission, page);
  }
}
