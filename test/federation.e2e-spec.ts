import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { TAXON_KEY_SQL } from '@littoral/federation';
import { QueryResponder } from '../apps/node/src/query-responder/query-responder';
import { FederationHarness, waitFor, type NodeHandle } from './support/federation-harness';
import { createTestDatabase, type TestDatabase } from './support/db';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

// Issue 5 end to end: the hub and three country nodes on the machine's real
// NATS and Postgres, loaded from ../shared/data. An analyst asks the hub once;
// the nodes decide under their own grants, compute in SQL and sign; the hub
// verifies, merges and reports per node. Every merged figure is checked
// against the same computation done directly in SQL over the union of the
// three nodes' data (copied into one scratch database).

jest.setTimeout(240_000);

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);
const PURPOSE = 'regional report 2025';

async function load(node: NodeHandle): Promise<void> {
  const skip = (name: string) => ({ skipInvalid: true, rejectedPath: path.join(tmpdir(), `fed-${node.country}-${name}-${Date.now()}.csv`) });
  switch (node.country) {
    case 'JP':
      await node.dataset('jp-ncei', 'microplastics');
      await node.imports.run({ datasetId: 'jp-ncei', kind: 'microplastics', format: 'ncei', path: data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
      await node.grant('jp-ncei', 'AGGREGATE');
      await node.dataset('jp-seabirds', 'biodiversity');
      await node.imports.run({ datasetId: 'jp-seabirds', kind: 'occurrences', path: data('esas-seabirds-dwc-sample'), ...skip('esas') });
      await node.grant('jp-seabirds', 'AGGREGATE');
      break;
    case 'TH':
      await node.dataset('th-doer', 'microplastics');
      await node.imports.run({ datasetId: 'th-doer', kind: 'microplastics', format: 'mapping', mappingPath: mapping('doer-sediment.json'), path: data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'), ...skip('doer') });
      await node.grant('th-doer', 'AGGREGATE');
      await node.dataset('th-mlw', 'beach-litter');
      await node.imports.run({ datasetId: 'th-mlw', kind: 'beach-litter', format: 'mapping', mappingPath: mapping('eea-marine-litter-watch.json'), path: data('eea-marine-litter-watch', 'mlw-data.csv'), ...skip('mlw') });
      await node.grant('th-mlw', 'AGGREGATE');
      break;
    case 'PH':
      await node.dataset('ph-beach', 'microplastics');
      for (const beach of ['longmen', 'xialiao']) {
        for (const [layout, map] of [['particle_count', 'taiwan-beach-particles.json'], ['shape_count', 'taiwan-beach-shapes.json']]) {
          await node.imports.run({ datasetId: 'ph-beach', kind: 'microplastics', format: 'mapping', mappingPath: mapping(map), path: data('taiwan-beach-microplastics', `${beach}_beach_${layout}.csv`), ...skip(`${beach}-${layout}`) });
        }
      }
      await node.grant('ph-beach', 'AGGREGATE');
      await node.dataset('ph-tubbataha', 'biodiversity', { license: 'CC0-1.0' });
      await node.imports.run({ datasetId: 'ph-tubbataha', kind: 'occurrences', path: data('tubbataha-reefs-dwca', 'White_et_al_2019_DwC-A.zip') });
      await node.grant('ph-tubbataha', 'AGGREGATE');
      await node.dataset('ph-cop', 'beach-litter');
      const header = 'beach_id,beach_name,country,start_latitude,start_longitude,team_id,team_type,survey_id,survey_date,is_monitoring,surveyed_length_m,surveyed_area_m2,volunteers,total_weight_kg,code_system,item_code,item_count,item_weight_kg';
      const lines = [
        'PH-A,Puerto Princesa Bay,PH,9.741,118.735,T-U,UNIVERSITY,S1,2024-04-06,true,100,3500,18,12.4,JLIST,J27,212,',
        'PH-A,Puerto Princesa Bay,PH,9.741,118.735,T-U,UNIVERSITY,S1,2024-04-06,true,100,3500,18,12.4,JLIST,J7,41,1.3',
        'PH-A,Puerto Princesa Bay,PH,9.741,118.735,T-U,UNIVERSITY,S2,2019-05-04,true,100,3500,22,9.5,JLIST,J27,150,',
        'PH-B,Honda Bay,PH,9.86,118.79,T-C,COMMUNITY,S3,2018-04-07,false,,,40,30,JLIST,J27,400,',
      ];
      const file = path.join(tmpdir(), `fed-ph-cop-${Date.now()}.csv`);
      writeFileSync(file, [header, ...lines].join('\n') + '\n');
      await node.imports.run({ datasetId: 'ph-cop', kind: 'beach-litter', path: file });
      await node.grant('ph-cop', 'AGGREGATE');
      break;
  }
}

const MP_QUERY = `query ($purpose: String!, $filter: MicroplasticFilterInput, $groupBy: MicroplasticGroupByInput!) {
  microplasticSummary(purpose: $purpose, filter: $filter, groupBy: $groupBy) {
    correlationId complete
    rows { group { country matrix year } suppressed partial suppressedIn sources { country datasets } samples particles
           concentrations { matrix sizeClass family unit n sum mean min max median } }
    manifest { complete nodes { country status level suppressedGroups latencyMs nodeQueryMs freshness reason datasets { id version licence citation } } }
  }
}`;

interface RefRow { country: string; matrix: string; year: number | null }

/** The union of the nodes' microplastics data in one scratch database, and the plain SQL over it. */
class UnionReference {
  db!: TestDatabase;
  private c!: Client;

  async build(nodes: NodeHandle[]): Promise<void> {
    this.db = await createTestDatabase('fed_union');
    this.c = new Client({ connectionString: this.db.url });
    await this.c.connect();
    await this.c.query(`CREATE TABLE u_sample (country text, matrix text, year int);
      CREATE TABLE u_particles (country text, matrix text, year int, n bigint);
      CREATE TABLE u_conc (country text, matrix text, year int, size_class text, family text, value float8);
      CREATE TABLE u_survey (country text, year int, items bigint);
      CREATE TABLE u_occ (country text, kingdom text, taxon text, individuals int)`);
    for (const node of nodes) {
      const cc = node.country;
      const samples: RefRow[] = await node.ds.query(`SELECT $1::text AS country, matrix, extract(year FROM sampled_at AT TIME ZONE 'UTC')::int AS year FROM mp_sample`, [cc]);
      await this.c.query(`INSERT INTO u_sample SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`, [samples.map((r) => r.country), samples.map((r) => r.matrix), samples.map((r) => r.year)]);
      // Particles: the bulk counts (a second breakdown, by shape, counts the same particles again).
      const parts: (RefRow & { n: string })[] = await node.ds.query(
        `SELECT $1::text AS country, s.matrix, extract(year FROM s.sampled_at AT TIME ZONE 'UTC')::int AS year, pc.count AS n
           FROM mp_particle_count pc JOIN mp_sample s ON s.id = pc.sample_id WHERE pc.shape IS NULL AND pc.colour IS NULL AND pc.polymer IS NULL`, [cc]);
      await this.c.query(`INSERT INTO u_particles SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])`, [parts.map((r) => r.country), parts.map((r) => r.matrix), parts.map((r) => r.year), parts.map((r) => r.n)]);
      const conc: (RefRow & { size_class: string | null; family: string; value: number })[] = await node.ds.query(
        `SELECT $1::text AS country, s.matrix, extract(year FROM s.sampled_at AT TIME ZONE 'UTC')::int AS year, c.size_class, c.unit_family AS family, c.value
           FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id WHERE c.correction = 'NONE' AND c.value IS NOT NULL`, [cc]);
      await this.c.query(`INSERT INTO u_conc SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::float8[])`,
        [conc.map((r) => r.country), conc.map((r) => r.matrix), conc.map((r) => r.year), conc.map((r) => r.size_class), conc.map((r) => r.family), conc.map((r) => r.value)]);
      const surveys: { country: string; year: number; items: string }[] = await node.ds.query(
        `SELECT $1::text AS country, extract(year FROM s.survey_date)::int AS year, coalesce((SELECT sum(i.count) FROM bl_item_count i WHERE i.survey_id = s.id), 0) AS items FROM bl_survey s`, [cc]);
      await this.c.query(`INSERT INTO u_survey SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[])`, [surveys.map((r) => r.country), surveys.map((r) => r.year), surveys.map((r) => r.items)]);
      const occ: { country: string; kingdom: string | null; taxon: string; individuals: number | null }[] = await node.ds.query(
        `SELECT $1::text AS country, kingdom, ${TAXON_KEY_SQL} AS taxon, individual_count AS individuals FROM bio_occurrence WHERE occurrence_status = 'present'`, [cc]);
      await this.c.query(`INSERT INTO u_occ SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`, [occ.map((r) => r.country), occ.map((r) => r.kingdom), occ.map((r) => r.taxon), occ.map((r) => r.individuals)]);
    }
  }

  /** Samples, particles and concentration blocks by matrix and year, over the given countries. */
  async byMatrixYear(countries: string[]) {
    const q = async <T>(sql: string) => (await this.c.query(sql, [countries])).rows as T[];
    const samples = await q<{ matrix: string; year: number | null; n: number }>(`SELECT matrix, year, count(*)::int AS n FROM u_sample WHERE country = ANY($1) GROUP BY 1, 2`);
    const particles = await q<{ matrix: string; year: number | null; n: number }>(`SELECT matrix, year, sum(n)::float8 AS n FROM u_particles WHERE country = ANY($1) GROUP BY 1, 2`);
    const blocks = await q<{ matrix: string; year: number | null; size_class: string | null; family: string; n: number; sum: number; min: number; max: number; median: number }>(
      `SELECT matrix, year, size_class, family, count(*)::int AS n, sum(value::numeric)::float8 AS sum, min(value) AS min, max(value) AS max,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY value) AS median
         FROM u_conc WHERE country = ANY($1) GROUP BY 1, 2, 3, 4`);
    return { samples, particles, blocks };
  }

  async beachByYear() {
    return (await this.c.query(`SELECT year, count(*)::int AS surveys, sum(items)::float8 AS items FROM u_survey GROUP BY 1 ORDER BY 1`)).rows as { year: number; surveys: number; items: number }[];
  }

  async speciesByKingdom() {
    return (await this.c.query(`SELECT kingdom, count(*)::float8 AS occurrences, count(DISTINCT taxon)::int AS richness, coalesce(sum(individuals), 0)::float8 AS individuals,
                                       count(individuals)::float8 AS counted FROM u_occ GROUP BY 1`)).rows as { kingdom: string | null; occurrences: number; richness: number; individuals: number; counted: number }[];
  }

  async drop(): Promise<void> {
    await this.c?.end();
    await this.db?.drop();
  }
}

type MpResult = { correlationId: string; complete: boolean; rows: any[]; manifest: { complete: boolean; nodes: any[] } };

describe('federated queries: hub and three nodes on real NATS and Postgres', () => {
  const f = new FederationHarness();
  const union = new UnionReference();

  const ask = async (variables: Record<string, unknown> = {}, token?: string): Promise<MpResult> => {
    const res = await f.graphql(MP_QUERY, { purpose: PURPOSE, groupBy: { by: ['MATRIX', 'YEAR'] }, ...variables }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data!.microplasticSummary as MpResult;
  };

  /** Every merged figure equals the union's SQL over `countries`: counts, sums, means exactly; medians within 1 %. */
  async function expectEqualsUnion(result: MpResult, countries: string[]): Promise<void> {
    const ref = await union.byMatrixYear(countries);
    const find = (m: string, y: number | null) => result.rows.find((r) => r.group.matrix === m && r.group.year === y);
    expect(result.rows).toHaveLength(ref.samples.length);
    for (const s of ref.samples) {
      const row = find(s.matrix, s.year);
      expect(row).toBeDefined();
      expect(row.group).toEqual({ country: null, matrix: s.matrix, year: s.year });
      expect({ suppressed: row.suppressed, partial: row.partial, samples: row.samples }).toEqual({ suppressed: false, partial: false, samples: s.n });
      expect(row.particles).toBe(ref.particles.find((p) => p.matrix === s.matrix && p.year === s.year)?.n ?? null);
    }
    for (const b of ref.blocks) {
      const block = find(b.matrix, b.year).concentrations.find((x: any) => x.sizeClass === b.size_class && x.family === b.family);
      expect(block).toMatchObject({ matrix: b.matrix, n: b.n, sum: b.sum, min: b.min, max: b.max });
      expect(block.mean).toBe(b.sum / b.n);
      expect(Math.abs(block.median - b.median)).toBeLessThanOrEqual(0.01 * b.median + 1e-12);
    }
    expect(result.rows.reduce((n, r) => n + r.concentrations.length, 0)).toBe(ref.blocks.length);
  }

  beforeAll(async () => {
    await f.start({ countries: ['JP', 'PH', 'TH'], timeoutMs: 3000, load });
    await union.build([...f.nodes.values()]);
    await f.catalogueSynced();
    // The responders subscribe once NATS is connected.
    for (const n of f.nodes.values()) await waitFor(`${n.country}'s responder`, async () => (n.started?.app.get(QueryResponder).listening ? true : undefined));
  });
  afterAll(async () => {
    await union.drop();
    await f.stop();
  });

  it('merges the three nodes exactly: every figure equals SQL over the union; the manifest attributes every dataset', async () => {
    const result = await ask();
    expect(result.manifest.nodes.map((n) => [n.country, n.status, n.level, n.reason])).toEqual([
      ['JP', 'OK', 'AGGREGATE', null], ['PH', 'OK', 'AGGREGATE', null], ['TH', 'OK', 'AGGREGATE', null],
    ]);
    expect(result.complete).toBe(true);
    await expectEqualsUnion(result, ['JP', 'PH', 'TH']);
    const jp = result.manifest.nodes[0];
    expect(jp.datasets).toEqual([{ id: 'jp-ncei', version: expect.any(String), licence: 'CC-BY-4.0', citation: expect.stringContaining('jp-ncei') }]);
    expect(jp.latencyMs).toBeGreaterThanOrEqual(jp.nodeQueryMs);
    expect(jp.freshness).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Every visible row names its sources; a group several nodes hold lists each of them.
    for (const row of result.rows) expect(row.sources.length).toBeGreaterThan(0);
    expect(result.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('plans from the catalogue: a countries filter asks only those nodes', async () => {
    const result = await ask({ filter: { countries: ['JP'] } });
    expect(result.manifest.nodes.map((n) => n.country)).toEqual(['JP']);
    await expectEqualsUnion(result, ['JP']);
  });

  it('beachLitterSummary through the same path: surveys and items by year equal SQL over the union', async () => {
    const res = await f.graphql(`query ($purpose: String!) { beachLitterSummary(purpose: $purpose, groupBy: { by: [YEAR] }) {
      complete rows { group { year } suppressed partial surveys items itemsPer100m sources { country datasets } }
      manifest { nodes { country status datasets { id licence } } } } }`, { purpose: PURPOSE });
    expect(res.errors).toBeUndefined();
    const result = res.data!.beachLitterSummary;
    expect(result.manifest.nodes.map((n: any) => [n.country, n.status])).toEqual([['PH', 'OK'], ['TH', 'OK']]); // JP holds no beach-litter dataset: not asked
    const ref = await union.beachByYear();
    expect(result.rows.map((r: any) => ({ year: r.group.year, surveys: r.surveys, items: r.items }))).toEqual(ref);
    expect(result.rows.find((r: any) => r.group.year === 2024).sources.map((s: any) => s.country)).toContain('PH');
  });

  it('speciesSummary through the same path: occurrences, individuals and richness (union of taxa) by kingdom equal SQL over the union', async () => {
    const res = await f.graphql(`query ($purpose: String!) { speciesSummary(purpose: $purpose, groupBy: { by: [KINGDOM] }) {
      complete rows { group { kingdom } occurrences individuals countedOccurrences richness sources { country } }
      manifest { nodes { country status } } } }`, { purpose: PURPOSE });
    expect(res.errors).toBeUndefined();
    const result = res.data!.speciesSummary;
    expect(result.manifest.nodes.map((n: any) => [n.country, n.status])).toEqual([['JP', 'OK'], ['PH', 'OK']]);
    const ref = await union.speciesByKingdom();
    expect(result.rows).toHaveLength(ref.length);
    for (const r of ref) {
      const row = result.rows.find((x: any) => x.group.kingdom === r.kingdom);
      expect({ occurrences: row.occurrences, individuals: row.individuals, countedOccurrences: row.countedOccurrences, richness: row.richness })
        .toEqual({ occurrences: r.occurrences, individuals: r.individuals, countedOccurrences: r.counted, richness: r.richness });
    }
  });

  it('a DENIED node: its grant revoked, it refuses with a safe reason and the rest is still correct; a new grant counts on the next query', async () => {
    const th = f.node('TH');
    const [current] = await th.grants.list('th-doer');
    await th.grants.revoke(current.grantId, current.version, 'test: stop sharing', { subject: 'test-admin', country: 'TH', organisation: null, roles: ['admin'] });

    const denied = await ask();
    const thEntry = denied.manifest.nodes.find((n) => n.country === 'TH');
    expect(thEntry).toMatchObject({ status: 'DENIED', level: null, datasets: [], reason: expect.stringContaining('revoked') });
    expect(denied.complete).toBe(false);
    await expectEqualsUnion(denied, ['JP', 'PH']);

    // Granted again, to Thai analysts only: the very next query has TH back.
    await th.grant('th-doer', 'AGGREGATE', { kind: 'COUNTRIES', countries: ['TH'] });
    const again = await ask();
    expect(again.manifest.nodes.map((n) => n.status)).toEqual(['OK', 'OK', 'OK']);
    await expectEqualsUnion(again, ['JP', 'PH', 'TH']);
    // A Japanese analyst is not in that audience.
    const byJp = await ask({}, await f.analystToken({ country: 'JP', sub: 'analyst-jp' }));
    expect(byJp.manifest.nodes.find((n) => n.country === 'TH')).toMatchObject({ status: 'DENIED' });
  });

  it('a slow node is reported TIMEOUT and the rest is correct; its late answer is dropped, never mixed into the next query', async () => {
    const ph = f.node('PH');
    // Hold PH's samples table: its SQL waits beyond the hub's 3 s deadline.
    const lock = new Client({ connectionString: ph.db.url });
    await lock.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE mp_sample IN ACCESS EXCLUSIVE MODE');
    let released = false;
    try {
      const started = Date.now();
      const slow = await ask();
      expect(Date.now() - started).toBeLessThan(8000);
      expect(slow.manifest.nodes.find((n) => n.country === 'PH')).toMatchObject({ status: 'TIMEOUT', latencyMs: null, datasets: [], reason: expect.stringContaining('deadline') });
      expect(slow.complete).toBe(false);
      await expectEqualsUnion(slow, ['JP', 'TH']);

      // Release: PH now answers the old envelope late. The next query gets exactly its own answers.
      await lock.query('ROLLBACK');
      released = true;
      const next = await ask();
      expect(next.correlationId).not.toBe(slow.correlationId);
      expect(next.manifest.nodes.map((n) => n.status)).toEqual(['OK', 'OK', 'OK']);
      await expectEqualsUnion(next, ['JP', 'PH', 'TH']);
    } finally {
      if (!released) await lock.query('ROLLBACK').catch(() => undefined);
      await lock.end();
    }
  });

  it('a stopped node is reported UNREACHABLE and the rest is correct', async () => {
    const ph = f.node('PH');
    await ph.stop();
    const result = await ask();
    expect(result.manifest.nodes.find((n) => n.country === 'PH')).toMatchObject({ status: 'UNREACHABLE', level: null, datasets: [] });
    expect(result.complete).toBe(false);
    await expectEqualsUnion(result, ['JP', 'TH']);
    await ph.start();
  });
});
