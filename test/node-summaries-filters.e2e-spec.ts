// Filtered microplasticSummary on the Taiwan beach data (particle and shape
// breakdowns of the same quadrats): every figure equals a plain SQL
// computation. Regression: with a sample filter the planner expected a single
// sample and re-ran the per-sample particle subtree once per sample (minutes
// instead of a second); the executor no longer joins its CTEs to each other.
import path from 'node:path';
import { decide, type AccessRequest, type Decision } from '@littoral/policy';
import { parseFederatedQuery, type MicroplasticSummaryQuery } from '@littoral/federation';
import { CANONICAL_UNITS } from '@littoral/units';
import { MicroplasticSummaryExecutor } from '../apps/node/src/federation/microplastic-summary.executor';
import type { DecisionsFor } from '../apps/node/src/federation/summary-core';
import { ImportHarness } from './support/import-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

// Default per-test timeout (60 s): before the fix a filtered query alone took minutes here.


const NODE = 'TW';
const NOW = new Date('2026-01-01T00:00:00Z');
const requester = { country: 'TH', roles: ['analyst'] };
const decisionsFor: DecisionsFor = (ids: readonly string[], request: AccessRequest) =>
  new Map<string, Decision>(ids.map((datasetId) => [
    datasetId,
    decide({ datasetId, datasetOwnerCountry: NODE, requester, purpose: 'research', grants: [{ id: `g-${datasetId}`, version: 1, datasetId, audience: { kind: 'NETWORK' }, level: 'AGGREGATE', constraints: {} }], request, now: NOW }),
  ]));

/** Bulk counts: the particle files' rows (the shape files are a second breakdown of the same particles). */
const BULK = 'pc.shape IS NULL AND pc.colour IS NULL AND pc.polymer IS NULL';
const YEAR = `extract(year FROM s.sampled_at AT TIME ZONE 'UTC')::int`;

describe('microplasticSummary with filters on the Taiwan beach data: figures equal plain SQL', () => {
  const h = new ImportHarness();
  let mp: MicroplasticSummaryExecutor;
  const run = async (filter: object, by: string[]) => {
    const parsed = parseFederatedQuery({ kind: 'microplasticSummary', filter, groupBy: { by } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    return mp.execute({ query: parsed.value as MicroplasticSummaryQuery, decisionsFor, now: NOW, nodeCountry: NODE });
  };

  beforeAll(async () => {
    await h.start('mpfilters');
    await h.dataset({ id: 'taiwan', theme: 'microplastics' });
    for (const beach of ['longmen', 'xialiao']) {
      for (const [layout, map] of [['particle_count', 'taiwan-beach-particles.json'], ['shape_count', 'taiwan-beach-shapes.json']]) {
        const r = await h.imports.run({
          datasetId: 'taiwan', kind: 'microplastics', format: 'mapping', mappingPath: path.join(REPO_ROOT, 'mappings', map),
          path: path.join(SHARED_DATA, 'taiwan-beach-microplastics', `${beach}_beach_${layout}.csv`), skipInvalid: true, rejectedPath: h.file(`${beach}-${layout}.csv`, ''),
        });
        expect(r.status).not.toBe('FAILED');
      }
    }
    expect(await h.count('mp_sample')).toBeGreaterThan(1000);
    mp = new MicroplasticSummaryExecutor(h.ds);
  });
  afterAll(() => h.stop());

  // Sample-level filters and the same condition in SQL (on mp_sample s, mp_site st).
  const sampleFilters: [string, object, string][] = [
    ['matrix', { matrices: ['BEACH'] }, `s.matrix = 'BEACH'`],
    ['time from', { timeRange: { from: '2019-01-01' } }, `s.sampled_at >= '2019-01-01T00:00:00Z'`],
    ['time window', { timeRange: { from: '2018-06-01', to: '2019-06-01' } }, `s.sampled_at >= '2018-06-01T00:00:00Z' AND s.sampled_at < '2019-06-01T00:00:00Z'`],
    ['time after the data', { timeRange: { from: '2020-01-01' } }, `s.sampled_at >= '2020-01-01T00:00:00Z'`],
    ['site type, matrix and device', { siteTypes: ['BEACH'], matrices: ['BEACH'], devices: ['QUADRAT'] }, `st.site_type = 'BEACH' AND s.matrix = 'BEACH' AND s.device = 'QUADRAT'`],
    ['bbox (Longmen only)', { bbox: { south: 25.0, west: 121.9, north: 25.1, east: 122.0 } }, `coalesce(s.latitude, st.latitude) BETWEEN 25.0 AND 25.1 AND coalesce(s.longitude, st.longitude) BETWEEN 121.9 AND 122.0`],
  ];

  it.each(sampleFilters)('by YEAR, filtered by %s: samples, particles and concentration blocks', async (_name, filter, cond) => {
    const res = await run(filter, ['YEAR']);
    expect(res.status).toBe('OK');
    const from = `FROM mp_sample s JOIN mp_site st ON st.id = s.site_id`;
    const samples: { year: number | null; n: number }[] = await h.ds.query(`SELECT ${YEAR} AS year, count(*)::int AS n ${from} WHERE ${cond} GROUP BY 1`);
    const particles: { year: number | null; n: number }[] = await h.ds.query(
      `SELECT ${YEAR} AS year, sum(pc.count)::int AS n ${from} JOIN mp_particle_count pc ON pc.sample_id = s.id WHERE ${cond} AND ${BULK} GROUP BY 1`);
    const blocks: { year: number | null; size_class: string | null; family: string; n: number; sum: number; min: number; max: number }[] = await h.ds.query(
      `SELECT ${YEAR} AS year, c.size_class, c.unit_family AS family, count(*)::int AS n, sum(c.value::numeric)::float8 AS sum, min(c.value) AS min, max(c.value) AS max
         ${from} JOIN mp_concentration c ON c.sample_id = s.id
        WHERE ${cond} AND c.correction = 'NONE' AND c.value IS NOT NULL AND (c.unit_family, c.unit) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        GROUP BY 1, 2, 3`, [Object.keys(CANONICAL_UNITS), Object.values(CANONICAL_UNITS)]);

    expect(res.rows.map((r) => r.group.year).sort()).toEqual(samples.map((s) => s.year).sort());
    for (const s of samples) {
      const row = res.rows.find((r) => r.group.year === s.year)!;
      expect(row.suppressed).toBe(false);
      expect(row.samples).toBe(s.n);
      expect(row.particles).toBe(particles.find((p) => p.year === s.year)?.n ?? null);
      const got = row.concentrations!.map((b) => ({ year: s.year, size_class: b.sizeClass, family: b.family, n: b.n, sum: b.sum, min: b.min, max: b.max }));
      const want = blocks.filter((b) => b.year === s.year);
      const order = (a: { size_class: string | null; family: string }, b: { size_class: string | null; family: string }) => `${a.size_class}/${a.family}`.localeCompare(`${b.size_class}/${b.family}`);
      expect(got.sort(order)).toEqual(want.sort(order));
    }
  });

  it('a filter that keeps every sample answers exactly as no filter', async () => {
    const all = await run({}, ['YEAR', 'SIZE_CLASS']);
    expect(all.rows.length).toBeGreaterThan(0);
    expect(await run({ matrices: ['BEACH'] }, ['YEAR', 'SIZE_CLASS'])).toEqual(all);
    expect(await run({ timeRange: { from: '2000-01-01' } }, ['YEAR', 'SIZE_CLASS'])).toEqual(all);
  });

  it('size-class filter with a time filter: samples with matching counts or concentrations, particles from the bulk counts', async () => {
    const res = await run({ sizeClasses: ['MESO_5_25'], timeRange: { from: '2019-01-01' } }, ['YEAR']);
    const [ref]: { samples: number; particles: number | null }[] = await h.ds.query(
      `WITH m AS (
         SELECT pc.sample_id, pc.count FROM mp_particle_count pc JOIN mp_sample s ON s.id = pc.sample_id
          WHERE s.sampled_at >= '2019-01-01T00:00:00Z' AND ${BULK} AND pc.size_class = 'MESO_5_25'
         UNION ALL
         SELECT c.sample_id, NULL FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id
          WHERE s.sampled_at >= '2019-01-01T00:00:00Z' AND c.size_class = 'MESO_5_25' AND c.correction = 'NONE' AND c.value IS NOT NULL
            AND (c.unit_family, c.unit) IN (SELECT * FROM unnest($1::text[], $2::text[])))
       SELECT count(DISTINCT sample_id)::int AS samples, sum(count)::int AS particles FROM m`, [Object.keys(CANONICAL_UNITS), Object.values(CANONICAL_UNITS)]);
    expect(ref.samples).toBeGreaterThan(0);
    expect(res.rows.map((r) => ({ year: r.group.year, samples: r.samples, particles: r.particles }))).toEqual([{ year: 2019, samples: ref.samples, particles: ref.particles }]);
  });

  it('shape filter with a matrix and time filter, by SHAPE: figures from the shape breakdown', async () => {
    const res = await run({ shapes: ['FRAGMENT', 'FOAM'], matrices: ['BEACH'], timeRange: { to: '2019-01-01' } }, ['SHAPE']);
    const ref: { shape: string; samples: number; particles: number }[] = await h.ds.query(
      `SELECT pc.shape, count(DISTINCT pc.sample_id)::int AS samples, sum(pc.count)::int AS particles
         FROM mp_particle_count pc JOIN mp_sample s ON s.id = pc.sample_id
        WHERE pc.shape IN ('FRAGMENT', 'FOAM') AND s.matrix = 'BEACH' AND s.sampled_at < '2019-01-01T00:00:00Z' GROUP BY 1`);
    expect(ref.length).toBe(2);
    expect(res.rows.map((r) => ({ shape: r.group.shape, samples: r.samples, particles: r.particles })).sort((a, b) => String(a.shape).localeCompare(String(b.shape))))
      .toEqual(ref.sort((a, b) => a.shape.localeCompare(b.shape)));
    expect(res.rows.every((r) => r.concentrations!.length === 0)).toBe(true);
  });
});
