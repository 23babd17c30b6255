import path from 'node:path';
import { decide, snapPosition, type AccessRequest, type Decision } from '@littoral/policy';
import { parseFederatedQuery, sketchQuantile, type BeachLitterSummaryQuery, type SpeciesSummaryQuery, type MicroplasticRow, type MicroplasticSummaryQuery, type SummaryQuery } from '@littoral/federation';
import { MicroplasticSummaryExecutor } from '../apps/node/src/federation/microplastic-summary.executor';
import { BeachLitterSummaryExecutor } from '../apps/node/src/federation/beach-litter-summary.executor';
import { SpeciesSummaryExecutor } from '../apps/node/src/federation/species-summary.executor';
import type { DecisionsFor } from '../apps/node/src/federation/summary-core';
import { ImportHarness } from './support/import-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

jest.setTimeout(180_000);

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

const NODE = 'JP';
const requester = { country: 'TH', roles: ['analyst'] };
const NOW = new Date('2026-01-01T00:00:00Z');

type Constraints = Record<string, unknown>;
/** One NETWORK grant per dataset listed (datasets not listed have no grant at all). */
function grantsFor(spec: Record<string, Constraints>, level = 'AGGREGATE'): Map<string, unknown[]> {
  return new Map(Object.entries(spec).map(([datasetId, constraints], i) => [
    datasetId,
    [{ id: `g-${datasetId}-${i}`, version: 1, datasetId, audience: { kind: 'NETWORK' }, level, constraints }],
  ]));
}
function decisionsFrom(grants: Map<string, unknown[]>, now: Date): DecisionsFor {
  return (ids: readonly string[], request: AccessRequest) =>
    new Map<string, Decision>(ids.map((datasetId) => [
      datasetId,
      decide({ datasetId, datasetOwnerCountry: NODE, requester, purpose: 'research', grants: grants.get(datasetId) ?? [], request, now }),
    ]));
}
function query<Q extends SummaryQuery>(raw: unknown): Q {
  const parsed = parseFederatedQuery(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value as Q;
}

describe('node summaries: aggregates in SQL under the sovereignty rules (real shared data)', () => {
  const h = new ImportHarness();
  let mp: MicroplasticSummaryExecutor;
  let bl: BeachLitterSummaryExecutor;
  let sp: SpeciesSummaryExecutor;
  const spRun = (raw: unknown, spec: Record<string, Constraints>, now = NOW) =>
    sp.execute({ query: query<SpeciesSummaryQuery>({ kind: 'speciesSummary', ...(raw as object) }), decisionsFor: decisionsFrom(grantsFor(spec), now), now, nodeCountry: NODE });
  const blRun = (raw: unknown, spec: Record<string, Constraints>, now = NOW) =>
    bl.execute({ query: query<BeachLitterSummaryQuery>({ kind: 'beachLitterSummary', ...(raw as object) }), decisionsFor: decisionsFrom(grantsFor(spec), now), now, nodeCountry: NODE });
  const mpRun = (raw: unknown, spec: Record<string, Constraints>, now = NOW) =>
    mp.execute({ query: query<MicroplasticSummaryQuery>({ kind: 'microplasticSummary', ...(raw as object) }), decisionsFor: decisionsFrom(grantsFor(spec), now), now, nodeCountry: NODE });

  beforeAll(async () => {
    await h.start('summaries');
    await h.dataset({ id: 'ncei', theme: 'microplastics' });
    await h.dataset({ id: 'doer', theme: 'microplastics' });
    await h.dataset({ id: 'taiwan', theme: 'microplastics' });
    await h.imports.run({ datasetId: 'ncei', kind: 'microplastics', format: 'ncei', path: data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
    await h.imports.run({ datasetId: 'doer', kind: 'microplastics', format: 'mapping', mappingPath: mapping('doer-sediment.json'), path: data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'), skipInvalid: true, rejectedPath: h.file('doer-rejected.csv', '') });
    for (const beach of ['longmen', 'xialiao']) {
      for (const [layout, map] of [['particle_count', 'taiwan-beach-particles.json'], ['shape_count', 'taiwan-beach-shapes.json']]) {
        await h.imports.run({ datasetId: 'taiwan', kind: 'microplastics', format: 'mapping', mappingPath: mapping(map), path: data('taiwan-beach-microplastics', `${beach}_beach_${layout}.csv`), skipInvalid: true, rejectedPath: h.file(`${beach}-${layout}.csv`, '') });
      }
    }
    await h.dataset({ id: 'eea', theme: 'beach-litter' });
    await h.imports.run({ datasetId: 'eea', kind: 'beach-litter', format: 'mapping', mappingPath: mapping('eea-marine-litter-watch.json'), path: data('eea-marine-litter-watch', 'mlw-data.csv'), skipInvalid: true, rejectedPath: h.file('eea-rejected.csv', '') });
    // A small Clean Ocean Program file in the canonical template: teams, volunteers, weights, areas.
    await h.dataset({ id: 'cop', theme: 'beach-litter' });
    const header = 'beach_id,beach_name,country,start_latitude,start_longitude,team_id,team_type,survey_id,survey_date,is_monitoring,surveyed_length_m,surveyed_area_m2,volunteers,total_weight_kg,code_system,item_code,item_count,item_weight_kg';
    const lines = [
      'PTY-A,Pattaya North,TH,12.951,100.884,T-CU,UNIVERSITY,S1,2024-04-06,true,100,3500,18,12.4,JLIST,J27,212,',
      'PTY-A,Pattaya North,TH,12.951,100.884,T-CU,UNIVERSITY,S1,2024-04-06,true,100,3500,18,12.4,JLIST,J7,41,1.3',
      'PTY-A,Pattaya North,TH,12.951,100.884,T-CU,UNIVERSITY,S2,2024-05-04,true,100,3500,22,9.5,JLIST,J27,150,',
      'PTY-B,Pattaya South,TH,12.912,100.866,T-CM,COMMUNITY,S3,2024-04-07,false,,,40,30,JLIST,J27,400,',
      'PTY-B,Pattaya South,TH,12.912,100.866,T-CM,COMMUNITY,S3,2024-04-07,false,,,40,30,JLIST,J7,90,2.5',
      'PTY-B,Pattaya South,TH,12.912,100.866,T-CM,COMMUNITY,S4,2025-12-30,true,50,,12,,JLIST,J7,10,',
    ];
    const cop = await h.imports.run({ datasetId: 'cop', kind: 'beach-litter', path: h.file('cop.csv', [header, ...lines].join('\n') + '\n') });
    expect(cop.status).toBe('SUCCEEDED');
    mp = new MicroplasticSummaryExecutor(h.ds);
    bl = new BeachLitterSummaryExecutor(h.ds);
    await h.dataset({ id: 'tubbataha', theme: 'biodiversity', license: 'CC0-1.0' });
    await h.imports.run({ datasetId: 'tubbataha', kind: 'occurrences', path: data('tubbataha-reefs-dwca', 'White_et_al_2019_DwC-A.zip') });
    await h.dataset({ id: 'esas', theme: 'biodiversity' });
    await h.imports.run({ datasetId: 'esas', kind: 'occurrences', path: data('esas-seabirds-dwc-sample'), skipInvalid: true, rejectedPath: h.file('esas-rejected.csv', '') });
    // Turtles (EN: sensitive) and a reef fish (LC) a few hundred metres apart.
    await h.dataset({ id: 'turtles', theme: 'biodiversity' });
    const occ = [
      'occurrenceID,scientificName,eventDate,decimalLatitude,decimalLongitude,individualCount,basisOfRecord,iucnRedListCategory,countryCode',
      't1,Chelonia mydas,2024-02-11,9.1234,99.9512,2,HumanObservation,EN,TH',
      't2,Chelonia mydas,2024-02-12,9.1288,99.9577,1,HumanObservation,EN,TH',
      't3,Eretmochelys imbricata,2024-03-01,9.1299,99.9533,1,HumanObservation,CR,TH',
      'f1,Amphiprion ocellaris,2024-02-11,9.1234,99.9512,5,HumanObservation,LC,TH',
      'f2,Amphiprion ocellaris,2025-12-31,9.1234,99.9512,3,HumanObservation,LC,TH',
    ];
    expect((await h.imports.run({ datasetId: 'turtles', kind: 'occurrences', format: 'canonical', path: h.file('turtles.csv', occ.join('\n') + '\n') })).status).toBe('SUCCEEDED');
    sp = new SpeciesSummaryExecutor(h.ds);
  });
  afterAll(() => h.stop());

  describe('microplasticSummary', () => {
    it('by MATRIX and YEAR: samples, particles and every concentration block equal a direct SQL computation; medians within the sketch bound', async () => {
      const res = await mpRun({ filter: {}, groupBy: { by: ['MATRIX', 'YEAR'] } }, { ncei: {}, doer: {}, taiwan: {} });
      expect(res.status).toBe('OK');
      expect(res.suppressedGroups).toBe(0);
      expect(res.datasets.map((d) => d.id)).toEqual(['doer', 'ncei', 'taiwan']);

      // Reference, written plainly: samples per matrix and UTC year; particles = the bulk counts
      // (Taiwan's shape counts are a second breakdown of the same particles).
      const samples: { matrix: string; year: number | null; n: number }[] = await h.ds.query(
        `SELECT matrix, extract(year FROM sampled_at AT TIME ZONE 'UTC')::int AS year, count(*)::int AS n FROM mp_sample GROUP BY 1, 2`);
      const particles: { matrix: string; year: number | null; n: number }[] = await h.ds.query(
        `SELECT s.matrix, extract(year FROM s.sampled_at AT TIME ZONE 'UTC')::int AS year, sum(pc.count)::int AS n
           FROM mp_particle_count pc JOIN mp_sample s ON s.id = pc.sample_id
          WHERE pc.shape IS NULL AND pc.colour IS NULL AND pc.polymer IS NULL GROUP BY 1, 2`);
      const blocks: { matrix: string; year: number | null; size_class: string | null; family: string; n: number; sum: number; min: number; max: number; median: number }[] = await h.ds.query(
        `SELECT s.matrix, extract(year FROM s.sampled_at AT TIME ZONE 'UTC')::int AS year, c.size_class, c.unit_family AS family,
                count(*)::int AS n, sum(c.value::numeric)::float8 AS sum, min(c.value) AS min, max(c.value) AS max,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY c.value) AS median
           FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id
          WHERE c.correction = 'NONE' AND c.value IS NOT NULL GROUP BY 1, 2, 3, 4`);

      const find = (m: string, y: number | null) => res.rows.find((r) => r.group.matrix === m && r.group.year === y);
      expect(res.rows).toHaveLength(samples.length);
      for (const s of samples) {
        const row = find(s.matrix, s.year)!;
        expect(row).toBeDefined();
        expect(row.group).toEqual({ matrix: s.matrix, year: s.year });
        expect(row.samples).toBe(s.n);
        expect(row.particles).toBe(particles.find((p) => p.matrix === s.matrix && p.year === s.year)?.n ?? null);
      }
      for (const b of blocks) {
        const block = find(b.matrix, b.year)!.concentrations!.find((x) => x.sizeClass === b.size_class && x.family === b.family)!;
        expect(block).toMatchObject({ matrix: b.matrix, n: b.n, sum: b.sum, min: b.min, max: b.max });
        expect(block.sum / block.n).toBe(b.sum / b.n);
        const median = sketchQuantile(block.sketch, 0.5)!;
        expect(Math.abs(median - b.median)).toBeLessThanOrEqual(0.01 * b.median + 1e-12);
      }
      expect(res.rows.reduce((n, r) => n + r.concentrations!.length, 0)).toBe(blocks.length);
    });

    it('by SHAPE: particles from the shape breakdown, no concentration blocks; a shape filter narrows the samples', async () => {
      const res = await mpRun({ filter: {}, groupBy: { by: ['SHAPE'] } }, { taiwan: {} });
      const ref: { shape: string | null; samples: number; particles: number }[] = await h.ds.query(
        `SELECT shape, count(DISTINCT sample_id)::int AS samples, sum(count)::int AS particles FROM mp_particle_count WHERE shape IS NOT NULL GROUP BY 1`);
      expect(res.rows.map((r) => ({ shape: r.group.shape, samples: r.samples, particles: r.particles })).sort((a, b) => String(a.shape).localeCompare(String(b.shape))))
        .toEqual(ref.sort((a, b) => String(a.shape).localeCompare(String(b.shape))));
      expect(res.rows.every((r) => r.concentrations!.length === 0)).toBe(true);

      const fragments = await mpRun({ filter: { shapes: ['FRAGMENT'] }, groupBy: { by: [] } }, { taiwan: {} });
      expect(fragments.rows).toEqual([expect.objectContaining({ group: {}, samples: ref.find((r) => r.shape === 'FRAGMENT')!.samples, particles: ref.find((r) => r.shape === 'FRAGMENT')!.particles, concentrations: [] })]);
    });

    it('k-suppression per dataset: small groups suppressed, complements too; visible figures exact', async () => {
      const res = await mpRun({ filter: {}, groupBy: { by: ['SITE_TYPE', 'YEAR'] } }, { doer: { minGroupSize: 5 } });
      const ref: { site_type: string; year: number | null; n: number }[] = await h.ds.query(
        `SELECT st.site_type, extract(year FROM s.sampled_at AT TIME ZONE 'UTC')::int AS year, count(*)::int AS n
           FROM mp_sample s JOIN mp_site st ON st.id = s.site_id WHERE s.dataset_id = 'doer' GROUP BY 1, 2`);
      const small = ref.filter((r) => r.n < 5);
      expect(small.length).toBeGreaterThan(0);
      const rowOf = (r: { site_type: string; year: number | null }) => res.rows.find((x) => x.group.siteType === r.site_type && x.group.year === r.year)!;
      for (const r of small) expect(rowOf(r)).toEqual({ group: { siteType: r.site_type, year: r.year }, suppressed: true, samples: null, particles: null, concentrations: null, datasets: [] });
      for (const r of ref.filter((x) => !rowOf(x).suppressed)) expect(rowOf(r).samples).toBe(r.n);
      // Complementary suppression: no line (same site type, or same year) holds exactly one suppressed cell.
      const complementary = res.rows.filter((x) => x.suppressed).length - small.length;
      expect(complementary).toBeGreaterThan(0);
      for (const dim of ['siteType', 'year'] as const) {
        const lines = new Map<unknown, MicroplasticRow[]>();
        for (const row of res.rows) {
          const other = dim === 'siteType' ? row.group.year : row.group.siteType;
          lines.set(other, [...(lines.get(other) ?? []), row]);
        }
        for (const line of lines.values()) if (line.length > 1) expect(line.filter((x) => x.suppressed).length).not.toBe(1);
      }
      expect(res.suppressedGroups).toBe(res.rows.filter((x) => x.suppressed).length);
      // Suppressed rows read the same whatever their size.
      const shapes = new Set(res.rows.filter((x) => x.suppressed).map((x) => JSON.stringify({ ...x, group: null })));
      expect(shapes.size).toBe(1);
    });

    it('a concentration block of fewer than k results is withheld even inside a visible row', async () => {
      const res = await mpRun({ filter: {}, groupBy: { by: ['SITE_TYPE'] } }, { doer: { minGroupSize: 40 } });
      for (const row of res.rows.filter((r) => !r.suppressed)) for (const b of row.concentrations!) expect(b.n).toBeGreaterThanOrEqual(40);
    });

    it('a bbox narrower than a granted cell returns the whole cell or nothing, never a bisected figure', async () => {
      const positions: { lat: number; lon: number }[] = await h.ds.query(`SELECT st.latitude AS lat, st.longitude AS lon FROM mp_sample s JOIN mp_site st ON st.id = s.site_id WHERE s.dataset_id = 'ncei'`);
      const cellOf = (p: { lat: number; lon: number }) => JSON.stringify(snapPosition(p.lat, p.lon, 1));
      const counts = new Map<string, number>();
      for (const p of positions) counts.set(cellOf(p), (counts.get(cellOf(p)) ?? 0) + 1);
      // The busiest 1° cell, and a tiny box around one true position in it (not its centre).
      const [busiest, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      const centre = JSON.parse(busiest) as { lat: number; lon: number };
      const inside = positions.find((p) => cellOf(p) === busiest && (Math.abs(p.lat - centre.lat) > 0.01 || Math.abs(p.lon - centre.lon) > 0.01))!;
      const tiny = (lat: number, lon: number) => ({ west: lon - 0.001, south: lat - 0.001, east: lon + 0.001, north: lat + 0.001 });

      const offCentre = await mpRun({ filter: { bbox: tiny(inside.lat, inside.lon) }, groupBy: { by: [] } }, { ncei: { spatialPrecisionDeg: 1 } });
      expect(offCentre.rows).toEqual([]);
      const atCentre = await mpRun({ filter: { bbox: tiny(centre.lat, centre.lon) }, groupBy: { by: [] } }, { ncei: { spatialPrecisionDeg: 1 } });
      expect(atCentre.rows.map((r) => r.samples)).toEqual([n]);
      expect(n).toBeGreaterThan(1);
      // Without a precision constraint the same tiny box finds the exact samples there.
      const exact = await mpRun({ filter: { bbox: tiny(inside.lat, inside.lon) }, groupBy: { by: [] } }, { ncei: {} });
      expect(exact.rows[0].samples).toBe(positions.filter((p) => Math.abs(p.lat - inside.lat) <= 0.001 && Math.abs(p.lon - inside.lon) <= 0.001).length);
    });

    it('GRID cells are never finer than granted: 0.1° asked, 0.5° granted → 0.5° cells of the snapped positions', async () => {
      const res = await mpRun({ filter: {}, groupBy: { by: ['GRID'], gridSizeDeg: 0.1 } }, { ncei: { spatialPrecisionDeg: 0.5 } });
      const positions: { lat: number; lon: number }[] = await h.ds.query(`SELECT st.latitude AS lat, st.longitude AS lon FROM mp_sample s JOIN mp_site st ON st.id = s.site_id WHERE s.dataset_id = 'ncei'`);
      const expected = new Map<string, number>();
      for (const p of positions) {
        const s = snapPosition(p.lat, p.lon, 0.5)!;
        const key = JSON.stringify({ sizeDeg: 0.5, row: Math.floor((s.lat + 90) / 0.5), col: Math.floor((s.lon + 180) / 0.5) });
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      expect(new Map(res.rows.map((r) => [JSON.stringify(r.group.cell), r.samples]))).toEqual(expected);
    });

    it('embargo: records dated after now − embargoDays are left out before aggregation', async () => {
      const now = new Date('2014-01-01T00:00:00Z');
      const res = await mpRun({ filter: {}, groupBy: { by: [] } }, { ncei: { embargoDays: 365 } }, now);
      const [ref] = await h.ds.query(`SELECT count(*)::int AS n FROM mp_sample WHERE dataset_id = 'ncei' AND coalesce(sampled_until, sampled_at) <= $1`, [new Date('2013-01-01T00:00:00Z')]);
      const [all] = await h.ds.query(`SELECT count(*)::int AS n FROM mp_sample WHERE dataset_id = 'ncei'`);
      expect(ref.n).toBeLessThan(all.n);
      expect(res.rows[0].samples).toBe(ref.n);
      expect(res.rows[0].concentrations![0].n).toBe(ref.n);
    });

    it('a redacted field cannot be grouped or filtered on: refused with a reason about the requester only', async () => {
      const grouped = await mpRun({ filter: {}, groupBy: { by: ['POLYMER'] } }, { taiwan: { redactedFields: ['polymer'] } });
      expect(grouped).toMatchObject({ status: 'DENIED', level: null, rows: [], datasets: [] });
      expect(grouped.reason).toBe("field 'polymer' is redacted for you and cannot be grouped on; no grant gives you access to this dataset");
      const filtered = await mpRun({ filter: { devices: ['QUADRAT'] }, groupBy: { by: [] } }, { taiwan: { redactedFields: ['device'] }, ncei: {} });
      expect(filtered.status).toBe('PARTIAL');
      expect(filtered.reason).toContain("field 'device' is redacted for you and cannot be filtered on");
      expect(filtered.reason).not.toMatch(/taiwan|ncei|doer|\d/);
      expect(filtered.datasets.map((d) => d.id)).toEqual(['ncei']);
    });

    it('a dataset without a grant contributes nothing; datasets under different constraints combine exactly', async () => {
      const res = await mpRun({ filter: {}, groupBy: { by: ['MATRIX'] } }, { ncei: { spatialPrecisionDeg: 1, minGroupSize: 3 }, taiwan: {} });
      expect(res.status).toBe('PARTIAL');
      expect(res.reason).toContain('no grant gives you access to this dataset');
      expect(res.datasets.map((d) => d.id)).toEqual(['ncei', 'taiwan']);
      const ref: { matrix: string; n: number }[] = await h.ds.query(`SELECT matrix, count(*)::int AS n FROM mp_sample WHERE dataset_id IN ('ncei', 'taiwan') GROUP BY 1 ORDER BY 1`);
      expect(res.rows.map((r) => ({ matrix: r.group.matrix, n: r.samples }))).toEqual(ref);
      expect(res.rows.flatMap((r) => r.datasets).sort()).toEqual(['ncei', 'taiwan']);
      expect(res.freshness).toBe(res.datasets.map((d) => d.freshness).sort().at(-1));
      expect(res.datasets[0]).toMatchObject({ id: 'ncei', licence: 'CC-BY-4.0', title: 'ncei' });
    });
  });

  describe('beachLitterSummary', () => {
    it('by YEAR on the EEA surveys: surveys, items, lengths exact; per-100 m median within the sketch bound', async () => {
      const res = await blRun({ filter: {}, groupBy: { by: ['YEAR'] } }, { eea: {} });
      expect(res.status).toBe('PARTIAL'); // cop has no grant
      const ref: { year: number; surveys: number; items: number; length: number; length_items: number; median: number | null }[] = await h.ds.query(
        `WITH per AS (
           SELECT sv.id, extract(year FROM sv.survey_date)::int AS year, sv.is_monitoring, sv.surveyed_length_m AS len,
                  coalesce((SELECT sum(count) FROM bl_item_count ic WHERE ic.survey_id = sv.id), 0) AS items
             FROM bl_survey sv WHERE sv.dataset_id = 'eea')
         SELECT year, count(*)::int AS surveys, sum(items)::int AS items,
                sum(len::numeric) FILTER (WHERE is_monitoring AND len IS NOT NULL)::float8 AS length,
                sum(items) FILTER (WHERE is_monitoring AND len IS NOT NULL)::int AS length_items,
                percentile_disc(0.5) WITHIN GROUP (ORDER BY items::float8 / len * 100) FILTER (WHERE is_monitoring AND len IS NOT NULL) AS median
           FROM per GROUP BY 1 ORDER BY 1`);
      expect(res.rows.map((r) => ({ year: r.group.year, surveys: r.surveys, items: r.items, length: r.lengthM, length_items: r.lengthItems }))).toEqual(
        ref.map(({ median: _m, ...r }) => r));
      for (const [i, r] of ref.entries()) {
        if (r.median === null) continue;
        expect(Math.abs(sketchQuantile(res.rows[i].per100mSketch!, 0.5)! - r.median)).toBeLessThanOrEqual(0.01 * r.median + 1e-12);
      }
      expect(res.rows.every((r) => r.datasets.join() === 'eea')).toBe(true);
    });

    it('by CATEGORY with k = 20: categories recorded by few surveys are suppressed (with complements), others exact', async () => {
      const res = await blRun({ filter: { categories: ['GMSFD:G1', 'GMSFD:G3', 'GMSFD:G20', 'GMSFD:G95', 'GMSFD:G178'] }, groupBy: { by: ['CATEGORY'] } }, { eea: { minGroupSize: 20 } });
      const ref: { category: string; surveys: number; items: number }[] = await h.ds.query(
        `SELECT code_system || ':' || code AS category, count(DISTINCT survey_id)::int AS surveys, sum(count)::int AS items
           FROM bl_item_count WHERE dataset_id = 'eea' AND code IN ('G1', 'G3', 'G20', 'G95', 'G178') GROUP BY 1 ORDER BY 1`);
      expect(res.rows.map((r) => r.group.category)).toEqual(ref.map((r) => r.category));
      for (const r of ref) {
        const row = res.rows.find((x) => x.group.category === r.category)!;
        if (r.surveys < 20) expect(row).toMatchObject({ suppressed: true, surveys: null, items: null, categories: null });
        else if (!row.suppressed) expect(row).toMatchObject({ surveys: r.surveys, items: r.items, categories: [{ category: r.category, items: r.items, weightKg: null }] });
      }
      expect(res.rows.filter((x) => x.suppressed).length).not.toBe(1);
    });

    it('team types, volunteers, weights, areas and the survey-date embargo on the canonical Clean Ocean file', async () => {
      const res = await blRun({ filter: {}, groupBy: { by: ['TEAM_TYPE'] } }, { cop: { embargoDays: 30 } });
      expect(res.status).toBe('PARTIAL');
      const byTeam = Object.fromEntries(res.rows.map((r) => [r.group.teamType, r]));
      expect(byTeam.UNIVERSITY).toMatchObject({ surveys: 2, items: 403, weightKg: 21.9, weighedSurveys: 2, volunteers: 40, lengthM: 200, lengthItems: 403, areaM2: 7000, areaItems: 403,
        categories: [{ category: 'JLIST:J27', items: 362, weightKg: null }, { category: 'JLIST:J7', items: 41, weightKg: 1.3 }] });
      // S4 (2025-12-30) is within 30 days of now: embargoed; S3 is not a monitoring survey, so no density figures.
      expect(byTeam.COMMUNITY).toMatchObject({ surveys: 1, items: 490, weightKg: 30, volunteers: 40, lengthM: null, lengthItems: null, per100mSketch: null });
      const site = await blRun({ filter: { bbox: { west: 100.86, south: 12.9, east: 100.87, north: 12.92 } }, groupBy: { by: ['SITE'] } }, { cop: {} });
      expect(site.rows.map((r) => [r.group.site, r.surveys])).toEqual([['JP/cop/PTY-B', 2]]);
    });
  });

  describe('speciesSummary', () => {
    it('by YEAR on the real archives: occurrences, individuals and taxa (richness) equal a direct SQL computation', async () => {
      const res = await spRun({ filter: {}, groupBy: { by: ['YEAR'] } }, { tubbataha: {}, esas: {} });
      const ref: { year: number | null; occurrences: number; individuals: number | null; counted: number; taxa: string[] }[] = await h.ds.query(
        `SELECT extract(year FROM event_start AT TIME ZONE 'UTC')::int AS year, count(*)::int AS occurrences, sum(individual_count)::int AS individuals,
                count(individual_count)::int AS counted,
                array_agg(DISTINCT coalesce(nullif(btrim(scientific_name_id), ''), 'name:' || regexp_replace(btrim(scientific_name), '\\s+', ' ', 'g'))) AS taxa
           FROM bio_occurrence WHERE dataset_id IN ('tubbataha', 'esas') AND occurrence_status = 'present' GROUP BY 1 ORDER BY 1`);
      expect(res.rows.map((r) => ({ year: r.group.year, occurrences: r.occurrences, individuals: r.individuals, counted: r.countedOccurrences, taxa: r.taxa })))
        .toEqual(ref.map((r) => ({ ...r, taxa: [...r.taxa].sort() })));
      expect(res.rows.map((r) => r.iucn)).toEqual(ref.map((r) => [{ category: null, occurrences: r.occurrences }]));
    });

    it('sensitive species are snapped on their own grid before grouping; GRID never finer than granted', async () => {
      const res = await spRun({ filter: {}, groupBy: { by: ['GRID', 'TAXON'], gridSizeDeg: 0.01 } }, { turtles: {} });
      const cell = (lat: number, lon: number, size: number) => {
        const s = snapPosition(lat, lon, size)!;
        return { sizeDeg: size, row: Math.floor((s.lat + 90) / size), col: Math.floor((s.lon + 180) / size) };
      };
      const byTaxon = (t: string) => res.rows.filter((r) => r.group.taxon === `name:${t}`).map((r) => ({ cell: r.group.cell, occurrences: r.occurrences }));
      // Turtles: one 0.1° cell (positions snapped to 0.1° first); the fish at the requested 0.01°.
      expect(byTaxon('Chelonia mydas')).toEqual([{ cell: cell(9.1234, 99.9512, 0.1), occurrences: 2 }]);
      expect(byTaxon('Amphiprion ocellaris')).toEqual([{ cell: cell(9.1234, 99.9512, 0.01), occurrences: 2 }]);
      // A bbox around a turtle's true position but away from its 0.1° cell centre finds no turtle.
      const near = await spRun({ filter: { bbox: { west: 99.95, south: 9.12, east: 99.96, north: 9.13 } }, groupBy: { by: ['TAXON'] } }, { turtles: {} });
      expect(near.rows.map((r) => r.group.taxon)).toEqual(['name:Amphiprion ocellaris']);
    });

    it('IUCN breakdown, embargo and k: small categories withheld, dates after the cutoff and undated records left out', async () => {
      const res = await spRun({ filter: {}, groupBy: { by: [] } }, { turtles: { embargoDays: 30 } });
      expect(res.rows).toEqual([expect.objectContaining({ occurrences: 4, individuals: 9, iucn: [{ category: 'CR', occurrences: 1 }, { category: 'EN', occurrences: 2 }, { category: 'LC', occurrences: 1 }] })]);
      const k2 = await spRun({ filter: {}, groupBy: { by: [] } }, { turtles: { minGroupSize: 2 } });
      // CR (1) is below k; its complement in the row's line (the smallest visible category) goes too.
      expect(k2.rows[0]).toMatchObject({ suppressed: false, occurrences: 5 });
      expect(k2.rows[0].iucn).toEqual([{ category: 'LC', occurrences: 2 }]);
      const undated = await spRun({ filter: {}, groupBy: { by: [] } }, { tubbataha: { embargoDays: 1 } });
      expect(undated.rows).toEqual([]);
    });
  });
});
