import request from 'supertest';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createTestIssuer, type TestIssuer } from './support/auth';
import { startNode, type StartedNode } from '../apps/node/src';

// The node's staff GraphQL API against a real, migrated Postgres of its own.
// Records are inserted with SQL (the importer is tested elsewhere) so each
// filter can be checked against rows whose values we chose.

interface GqlError {
  message: string;
  extensions: { code: string; details?: Record<string, unknown> };
}
interface GqlResponse<T = any> {
  data?: T;
  errors?: GqlError[];
}
interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

describe('node GraphQL API', () => {
  let db: TestDatabase;
  let node: StartedNode;
  let sql: Client;
  let issuer: TestIssuer;
  let admin: string; // Authorization header of an admin token

  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse<T>> {
    const res = await request(node.url).post('/graphql').set('Authorization', admin).send({ query, variables });
    return res.body as GqlResponse<T>;
  }

  /** Runs a query that must succeed and returns its data. */
  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await gql<T>(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data as T;
  }

  /** Runs a query that must fail with one error and returns it. */
  async function fails(query: string, variables: Record<string, unknown> = {}): Promise<GqlError> {
    const body = await gql(query, variables);
    expect(body.errors).toHaveLength(1);
    return body.errors![0];
  }

  async function insert(table: string, row: Record<string, unknown>): Promise<string> {
    const cols = Object.keys(row);
    const res = await sql.query(
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
      Object.values(row),
    );
    return String(res.rows[0].id);
  }

  beforeAll(async () => {
    db = await createTestDatabase('graphql');
    issuer = await createTestIssuer();
    admin = await issuer.bearer({ roles: ['admin'], expiresIn: '30m' });
    node = await startNode({ DATABASE_URL: db.url, NATS_URL: 'nats://127.0.0.1:4222', LITTORAL_COUNTRY: 'TH', PORT: '0', LOG_LEVEL: 'silent', ...issuer.env });
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await node?.app.close();
    await db?.drop();
    await issuer?.cleanup();
  });

  const DATASET_FIELDS = `id title description theme keywords license publisher contactName contactEmail conformsTo
    declaredArea { west south east north } createdAt modifiedAt`;
  const CREATE = `mutation ($input: CreateDatasetInput!) { createDataset(input: $input) { ${DATASET_FIELDS} } }`;
  const UPDATE = `mutation ($id: ID!, $input: UpdateDatasetInput!) { updateDataset(id: $id, input: $input) { ${DATASET_FIELDS} } }`;

  describe('datasets', () => {
    const gulf = {
      id: 'th-gulf-surface-2024',
      title: 'Gulf of Thailand surface trawls 2024',
      description: 'Manta trawls, 333 µm',
      theme: 'microplastics',
      keywords: ['manta', 'surface'],
      license: 'CC-BY-4.0',
      publisher: 'Department of Marine and Coastal Resources',
      contactName: 'Data desk',
      contactEmail: 'data@dmcr.example.org',
      conformsTo: ['https://example.org/protocols/manta'],
      declaredArea: { west: 99, south: 5.5, east: 103, north: 13.8 },
    };

    it('creates a dataset with all its metadata', async () => {
      const { createDataset } = await ok(CREATE, { input: gulf });
      expect(createDataset).toMatchObject(gulf);
      expect(new Date(createDataset.createdAt).toISOString()).toBe(createDataset.createdAt);
      expect(createDataset.modifiedAt).toBe(createDataset.createdAt);
    });

    it('creates with only the required fields, defaulting lists to empty', async () => {
      const { createDataset } = await ok(CREATE, { input: { id: 'th-coc-2023', title: 'Clean Ocean 2023', theme: 'beach-litter', license: 'CC0-1.0' } });
      expect(createDataset).toMatchObject({ theme: 'beach-litter', keywords: [], conformsTo: [], description: null, declaredArea: null });
    });

    it('gets one dataset and lists them by id, filtered by theme', async () => {
      expect((await ok(`{ dataset(id: "th-gulf-surface-2024") { id title declaredArea { north } } }`)).dataset).toEqual({
        id: 'th-gulf-surface-2024', title: gulf.title, declaredArea: { north: 13.8 },
      });
      expect((await ok(`{ datasets { id } }`)).datasets.map((d: { id: string }) => d.id)).toEqual(['th-coc-2023', 'th-gulf-surface-2024']);
      expect((await ok(`{ datasets(theme: "beach-litter") { id theme } }`)).datasets).toEqual([{ id: 'th-coc-2023', theme: 'beach-litter' }]);
    });

    it('updates metadata: changes, clears and leaves omitted fields alone', async () => {
      const { updateDataset } = await ok(UPDATE, {
        id: gulf.id,
        input: { title: 'Gulf of Thailand 2024 (revised)', description: null, keywords: null, declaredArea: { west: 99.5, south: 6, east: 102, north: 13 } },
      });
      expect(updateDataset).toMatchObject({
        title: 'Gulf of Thailand 2024 (revised)', description: null, keywords: [], license: 'CC-BY-4.0',
        publisher: gulf.publisher, declaredArea: { west: 99.5, south: 6, east: 102, north: 13 },
      });
      expect(Date.parse(updateDataset.modifiedAt)).toBeGreaterThanOrEqual(Date.parse(updateDataset.createdAt));
      const cleared = (await ok(UPDATE, { id: gulf.id, input: { declaredArea: null } })).updateDataset;
      expect(cleared).toMatchObject({ declaredArea: null, title: 'Gulf of Thailand 2024 (revised)' });
    });

    it('refuses a duplicate id with DATASET_ALREADY_EXISTS', async () => {
      const err = await fails(CREATE, { input: { ...gulf, title: 'Again' } });
      expect(err.extensions.code).toBe('DATASET_ALREADY_EXISTS');
      expect(err.message).toBe('Dataset "th-gulf-surface-2024" already exists; choose another id or update it');
    });

    it.each([
      ['a licence that is not SPDX', { license: 'free-ish' }, 'license "free-ish" must be an SPDX licence id'],
      ['an unknown theme', { theme: 'plastics' }, 'theme "plastics" must be one of microplastics, beach-litter, biodiversity'],
      ['an id that is not a slug', { id: 'Gulf 2024' }, 'id "Gulf 2024" must be a slug'],
      ['a blank title', { title: '  ' }, 'title must not be empty'],
      ['an inverted declared area', { declaredArea: { west: 99, south: 14, east: 103, north: 5 } }, 'declared area south 14 is north of north 5'],
    ])('refuses %s with DATASET_INVALID naming the field', async (_case, change, message) => {
      const err = await fails(CREATE, { input: { ...gulf, id: 'th-new', ...change } });
      expect(err.extensions.code).toBe('DATASET_INVALID');
      expect(err.message).toContain(message);
    });

    it('lists every problem of an invalid dataset in one error', async () => {
      const err = await fails(CREATE, { input: { ...gulf, id: 'th-new', license: 'nope', theme: 'x', contactEmail: 'not-mail' } });
      expect(err.extensions).toMatchObject({ code: 'DATASET_INVALID', details: { problems: expect.any(Array) } });
      expect(err.extensions.details!.problems).toHaveLength(3);
    });

    it.each([
      ['a null title', { title: null }, 'title must not be empty'],
      ['a bad licence', { license: 'GPL' }, 'license "GPL" must be an SPDX licence id'],
      ['a bad e-mail', { contactEmail: 'nobody' }, 'contactEmail "nobody" is not an e-mail address'],
    ])('refuses an update with %s (DATASET_INVALID)', async (_case, input, message) => {
      const err = await fails(UPDATE, { id: gulf.id, input });
      expect(err.extensions.code).toBe('DATASET_INVALID');
      expect(err.message).toContain(message);
    });

    it('answers DATASET_NOT_FOUND for an unknown id', async () => {
      for (const err of [
        await fails(`{ dataset(id: "nowhere") { id } }`),
        await fails(UPDATE, { id: 'nowhere', input: { title: 'x' } }),
      ]) {
        expect(err.extensions.code).toBe('DATASET_NOT_FOUND');
        expect(err.message).toContain('Dataset "nowhere" does not exist on this node');
      }
    });

    it('maps GraphQL validation errors and bad arguments to INPUT_INVALID', async () => {
      expect((await fails(`{ datasets { id colour } }`)).extensions.code).toBe('INPUT_INVALID');
      const missing = await gql(CREATE, { input: { id: 'x' } }); // one error per missing required field
      expect(missing.errors!.map((e) => [e.extensions.code, e.message.match(/Field "(\w+)"/)?.[1]])).toEqual([
        ['INPUT_INVALID', 'license'], ['INPUT_INVALID', 'theme'], ['INPUT_INVALID', 'title'],
      ]);
      expect((await fails(`{ datasets { id `)).extensions.code).toBe('INPUT_INVALID'); // parse error
      const operation = await request(node.url).post('/graphql').set('Authorization', admin).send({ query: 'query A { datasets { id } }', operationName: 'B' });
      expect(operation.body.errors[0].extensions.code).toBe('INPUT_INVALID');
      const theme = await fails(`{ datasets(theme: "plastic") { id } }`);
      expect(theme).toMatchObject({ extensions: { code: 'INPUT_INVALID' }, message: 'theme "plastic" must be one of microplastics, beach-litter, biodiversity' });
    });
  });

  describe('records', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      await sql.query(`INSERT INTO dataset (id, title, theme, license) VALUES
        ('mp-a', 'MP A', 'microplastics', 'CC0-1.0'), ('mp-b', 'MP B', 'microplastics', 'CC0-1.0'),
        ('bl-a', 'BL A', 'beach-litter', 'CC0-1.0'), ('bio-a', 'Bio A', 'biodiversity', 'CC0-1.0')`);

      // Microplastics: three sites in mp-a, one in mp-b.
      ids.river = await insert('mp_site', { dataset_id: 'mp-a', source_key: 'S-RIVER', name: 'Chao Phraya mouth', site_type: 'RIVER', country_code: 'TH', latitude: 13.54, longitude: 100.58 });
      ids.coast = await insert('mp_site', { dataset_id: 'mp-a', source_key: 'S-COAST', name: 'Rayong coast', site_type: 'COASTAL', country_code: 'TH', latitude: 12.6, longitude: 101.3 });
      ids.vn = await insert('mp_site', { dataset_id: 'mp-a', source_key: 'S-VN', site_type: 'BEACH', country_code: 'VN', latitude: 10.3, longitude: 107.1 });
      ids.other = await insert('mp_site', { dataset_id: 'mp-b', source_key: 'S-OFF', site_type: 'OFFSHORE', country_code: 'TH', latitude: 8, longitude: 98 });

      // Seven samples at the river site (for paging), two elsewhere.
      const riverSamples: string[] = [];
      for (let i = 1; i <= 7; i++) {
        riverSamples.push(await insert('mp_sample', {
          dataset_id: 'mp-a', site_id: ids.river, source_key: `R${i}`, sampled_at: `2024-0${i}-10T03:00:00Z`,
          matrix: 'SW_SURF', device: i % 2 ? 'MANTA' : 'NEUSTON', mesh_size_mm: 0.333, volume_m3: 100 + i,
        }));
      }
      ids.riverSamples = riverSamples.join(',');
      // Taken far offshore of its coastal site: its own position counts for bbox.
      ids.offshoreSample = await insert('mp_sample', {
        dataset_id: 'mp-a', site_id: ids.coast, source_key: 'C1', sampled_at: '2023-11-05T00:00:00Z', matrix: 'SED_SEA', device: 'GRAB',
        mass_kg: 0.5, mass_basis: 'DRY', latitude: 9.5, longitude: 102.5,
      });
      ids.vnSample = await insert('mp_sample', { dataset_id: 'mp-a', site_id: ids.vn, source_key: 'V1', matrix: 'BEACH', device: 'QUADRAT', area_m2: 1 });

      const first = riverSamples[0];
      ids.pcFibre = await insert('mp_particle_count', { dataset_id: 'mp-a', sample_id: first, size_class: 'MP_1_5', polymer: 'PE', shape: 'FIBRE', colour: 'BLUE', count: 12 });
      ids.pcFilm = await insert('mp_particle_count', { dataset_id: 'mp-a', sample_id: first, size_class: 'MP_0_3_1', polymer: 'PP', shape: 'FILM', count: 3, mass_mg: 0.2 });
      await insert('mp_particle_count', { dataset_id: 'mp-a', sample_id: riverSamples[1], polymer: 'PS', shape: 'FOAM', count: 1 });
      ids.conc = await insert('mp_concentration', {
        dataset_id: 'mp-a', sample_id: first, unit_family: 'VOLUME', value: 0.15, unit: 'items/m3', original_value: 0.15, original_unit: 'items/m3', particle_count: 15, derived: true,
      });

      // Beach litter: two beach areas, a team, three surveys, item counts.
      ids.beachTH = await insert('bl_beach_area', { dataset_id: 'bl-a', source_key: 'B-TH', name: 'Bang Saen', country_code: 'TH', start_latitude: 13.28, start_longitude: 100.91, length_m: 100 });
      ids.beachVN = await insert('bl_beach_area', { dataset_id: 'bl-a', source_key: 'B-VN', name: 'Vung Tau', country_code: 'VN' });
      ids.team = await insert('bl_team', { dataset_id: 'bl-a', source_key: 'T1', name: 'Burapha University', team_type: 'UNIVERSITY' });
      ids.survey1 = await insert('bl_survey', { dataset_id: 'bl-a', beach_area_id: ids.beachTH, team_id: ids.team, source_key: 'SV1', survey_date: '2024-03-02', protocol: 'OSPAR_100M', is_monitoring: true, volunteers: 12, total_weight_kg: 4.5 });
      ids.survey2 = await insert('bl_survey', { dataset_id: 'bl-a', beach_area_id: ids.beachTH, source_key: 'SV2', survey_date: '2024-06-15', is_monitoring: false, bags: 8 });
      ids.survey3 = await insert('bl_survey', { dataset_id: 'bl-a', beach_area_id: ids.beachVN, source_key: 'SV3', survey_date: '2023-09-16', protocol: 'ICC_CLEANUP', is_monitoring: false });
      ids.butts = await insert('bl_item_count', { dataset_id: 'bl-a', survey_id: ids.survey1, code_system: 'GMSFD', code: 'G27', count: 140 });
      ids.caps = await insert('bl_item_count', { dataset_id: 'bl-a', survey_id: ids.survey1, code_system: 'GMSFD', code: 'G21', count: 37, weight_kg: 0.1 });
      await insert('bl_item_count', { dataset_id: 'bl-a', survey_id: ids.survey3, code_system: 'GMSFD', code: 'G95', count: 5 });

      // Biodiversity occurrences.
      ids.turtle = await insert('bio_occurrence', {
        dataset_id: 'bio-a', source_key: 'O1', scientific_name: 'Chelonia mydas', basis_of_record: 'HumanObservation', iucn_category: 'EN',
        event_start: '2024-02-01T00:00:00Z', latitude: 9.8, longitude: 99.9, individual_count: 2, country_code: 'TH',
      });
      ids.seagrass = await insert('bio_occurrence', {
        dataset_id: 'bio-a', source_key: 'O2', scientific_name: 'Cymodocea serrulata', basis_of_record: 'HumanObservation', iucn_category: 'LC',
        event_start: '2023-05-01T00:00:00Z', latitude: 7.5, longitude: 98.3,
      });
      ids.specimen = await insert('bio_occurrence', {
        dataset_id: 'bio-a', source_key: 'O3', scientific_name: 'Chelonia_mydas var. test', basis_of_record: 'PreservedSpecimen', sensitive_flag: true,
        event_start: '2024-08-01T00:00:00Z', latitude: -5, longitude: 179.5,
      });
      ids.fiji = await insert('bio_occurrence', {
        dataset_id: 'bio-a', source_key: 'O4', scientific_name: 'Halophila ovalis', basis_of_record: 'MaterialSample', iucn_category: 'LR/cd',
        event_start: '2022-01-01T00:00:00Z', latitude: -4, longitude: -179.5,
      });
    });

    const idsOf = <N extends { id: string }>(c: Connection<N>) => c.edges.map((e) => e.node.id);

    describe('sites', () => {
      const SITES = `query ($filter: SiteFilter, $first: Int, $after: String) {
        sites(filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id datasetId sourceKey name siteType countryCode latitude longitude } }
        } }`;

      it.each([
        ['no filter', undefined, () => [ids.river, ids.coast, ids.vn, ids.other]],
        ['dataset', { datasetId: 'mp-b' }, () => [ids.other]],
        ['site type', { siteType: 'COASTAL' }, () => [ids.coast]],
        ['country', { country: 'VN' }, () => [ids.vn]],
        ['country given in lower case', { datasetId: 'mp-a', country: 'th' }, () => [ids.river, ids.coast]],
        ['bbox', { bbox: { west: 100, south: 12, east: 102, north: 14 } }, () => [ids.river, ids.coast]],
      ])('filters by %s', async (_case, filter, expected) => {
        const { sites } = await ok(SITES, { filter });
        expect(idsOf(sites)).toEqual(expected());
        expect(sites.totalCount).toBe(expected().length);
      });

      it('returns site fields', async () => {
        const { sites } = await ok(SITES, { filter: { siteType: 'RIVER' } });
        expect(sites.edges[0].node).toEqual({
          id: ids.river, datasetId: 'mp-a', sourceKey: 'S-RIVER', name: 'Chao Phraya mouth', siteType: 'RIVER', countryCode: 'TH', latitude: 13.54, longitude: 100.58,
        });
        expect(sites.pageInfo).toEqual({ hasNextPage: false, endCursor: sites.edges[0].cursor });
      });
    });

    describe('samples', () => {
      const SAMPLES = `query ($filter: SampleFilter, $first: Int, $after: String) {
        samples(filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node {
            id siteId sourceKey sampledAt matrix device volumeM3 latitude
            site { id name siteType }
            particleCounts { id sizeClass polymer shape colour count massMg }
            concentrations { id unitFamily value unit particleCount derived correction }
          } }
        } }`;
      const river = () => ids.riverSamples.split(',');

      it('nests the particle counts, concentrations and site of each sample', async () => {
        const { samples } = await ok(SAMPLES, { filter: { datasetId: 'mp-a' }, first: 2 });
        const [a, b] = samples.edges.map((e: { node: any }) => e.node);
        expect(a).toMatchObject({
          id: river()[0], siteId: ids.river, sourceKey: 'R1', sampledAt: '2024-01-10T03:00:00.000Z', matrix: 'SW_SURF', device: 'MANTA', volumeM3: 101, latitude: null,
          site: { id: ids.river, name: 'Chao Phraya mouth', siteType: 'RIVER' },
        });
        expect(a.particleCounts).toEqual([
          { id: ids.pcFibre, sizeClass: 'MP_1_5', polymer: 'PE', shape: 'FIBRE', colour: 'BLUE', count: 12, massMg: null },
          { id: ids.pcFilm, sizeClass: 'MP_0_3_1', polymer: 'PP', shape: 'FILM', colour: null, count: 3, massMg: 0.2 },
        ]);
        expect(a.concentrations).toEqual([{ id: ids.conc, unitFamily: 'VOLUME', value: 0.15, unit: 'items/m3', particleCount: 15, derived: true, correction: 'NONE' }]);
        expect(b.particleCounts).toEqual([expect.objectContaining({ polymer: 'PS', shape: 'FOAM', sizeClass: null, count: 1 })]);
        expect(b.concentrations).toEqual([]);
      });

      it.each([
        ['site', () => ({ siteId: ids.coast }), () => [ids.offshoreSample]],
        ['matrix', () => ({ matrix: 'BEACH' }), () => [ids.vnSample]],
        ['device', () => ({ device: 'NEUSTON' }), () => [river()[1], river()[3], river()[5]]],
        ['time range (inclusive)', () => ({ from: '2024-02-10T03:00:00Z', to: '2024-04-10T03:00:00Z' }), () => river().slice(1, 4)],
        ['time and device together', () => ({ from: '2024-03-01T00:00:00Z', device: 'MANTA' }), () => [river()[2], river()[4], river()[6]]],
        // The offshore sample's own position is in the box although its site is not …
        ['bbox on the sample position', () => ({ bbox: { west: 102, south: 9, east: 103, north: 10 } }), () => [ids.offshoreSample]],
        // … and samples without a position take their site's.
        ['bbox on the site position', () => ({ bbox: { west: 107, south: 10, east: 108, north: 11 } }), () => [ids.vnSample]],
        ['bbox excluding a sample placed away from its site', () => ({ bbox: { west: 101, south: 12, east: 102, north: 13 } }), () => []],
      ])('filters by %s', async (_case, filter, expected) => {
        const { samples } = await ok(SAMPLES, { filter: filter() });
        expect(idsOf(samples)).toEqual(expected());
        expect(samples.totalCount).toBe(expected().length);
      });

      it('pages through all samples without duplicates or gaps', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        let pages = 0;
        for (;;) {
          const { samples }: { samples: Connection<{ id: string }> } = await ok(SAMPLES, { filter: { datasetId: 'mp-a' }, first: 4, after });
          expect(samples.totalCount).toBe(9);
          seen.push(...idsOf(samples));
          pages++;
          if (!samples.pageInfo.hasNextPage) break;
          expect(samples.pageInfo.endCursor).toBe(samples.edges[samples.edges.length - 1].cursor);
          after = samples.pageInfo.endCursor;
        }
        expect(pages).toBe(3);
        expect(seen).toEqual([...river(), ids.offshoreSample, ids.vnSample]);
        expect(new Set(seen).size).toBe(9);
      });

      it('continues after any edge cursor, and returns an empty last page', async () => {
        const { samples: one } = await ok(SAMPLES, { first: 3 });
        const { samples: rest } = await ok(SAMPLES, { first: 2, after: one.edges[1].cursor });
        expect(idsOf(rest)).toEqual(river().slice(2, 4));
        const { samples: end } = await ok(SAMPLES, { first: 5, after: Buffer.from(ids.vnSample).toString('base64') });
        expect(end).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 9 });
      });

      it('defaults to 50 per page, accepts 500 and 0', async () => {
        expect((await ok(SAMPLES)).samples.edges).toHaveLength(9);
        expect((await ok(SAMPLES, { first: 500 })).samples.edges).toHaveLength(9);
        expect((await ok(SAMPLES, { first: 0 })).samples).toMatchObject({ edges: [], totalCount: 9, pageInfo: { hasNextPage: true, endCursor: null } });
      });
    });

    describe('surveys', () => {
      const SURVEYS = `query ($filter: SurveyFilter, $first: Int, $after: String) {
        surveys(filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node {
            id sourceKey surveyDate protocol isMonitoring volunteers bags totalWeightKg
            beachArea { id name countryCode startLatitude lengthM }
            team { id name teamType }
            itemCounts { id codeSystem code label material sizeClass count weightKg }
          } }
        } }`;

      it('nests beach area, team and item counts with their litter code', async () => {
        const { surveys } = await ok(SURVEYS, { filter: { datasetId: 'bl-a' } });
        const nodes = surveys.edges.map((e: { node: any }) => e.node);
        expect(nodes.map((n: { id: string }) => n.id)).toEqual([ids.survey1, ids.survey2, ids.survey3]);
        expect(nodes[0]).toEqual({
          id: ids.survey1, sourceKey: 'SV1', surveyDate: '2024-03-02', protocol: 'OSPAR_100M', isMonitoring: true, volunteers: 12, bags: null, totalWeightKg: 4.5,
          beachArea: { id: ids.beachTH, name: 'Bang Saen', countryCode: 'TH', startLatitude: 13.28, lengthM: 100 },
          team: { id: ids.team, name: 'Burapha University', teamType: 'UNIVERSITY' },
          itemCounts: [
            { id: ids.butts, codeSystem: 'GMSFD', code: 'G27', label: 'Cigarette butts and filters', material: 'PLASTIC', sizeClass: null, count: 140, weightKg: null },
            { id: ids.caps, codeSystem: 'GMSFD', code: 'G21', label: 'Plastic caps/lids drinks', material: 'PLASTIC', sizeClass: null, count: 37, weightKg: 0.1 },
          ],
        });
        expect(nodes[1]).toMatchObject({ team: null, itemCounts: [], bags: 8 });
        expect(nodes[2].itemCounts).toEqual([expect.objectContaining({ code: 'G95', count: 5 })]);
      });

      it.each([
        ['beach', () => ({ beachId: ids.beachVN }), () => [ids.survey3]],
        ['date range (inclusive)', () => ({ from: '2024-03-02', to: '2024-06-15' }), () => [ids.survey1, ids.survey2]],
        ['monitoring surveys', () => ({ isMonitoring: true }), () => [ids.survey1]],
        ['clean-ups', () => ({ isMonitoring: false }), () => [ids.survey2, ids.survey3]],
        ['country of the beach', () => ({ country: 'TH' }), () => [ids.survey1, ids.survey2]],
        ['country and date', () => ({ country: 'TH', to: '2024-05-01' }), () => [ids.survey1]],
        ['another dataset', () => ({ datasetId: 'mp-a' }), () => []],
      ])('filters by %s', async (_case, filter, expected) => {
        const { surveys } = await ok(SURVEYS, { filter: filter() });
        expect(surveys.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected());
        expect(surveys.totalCount).toBe(expected().length);
      });

      it('pages one survey at a time', async () => {
        const first = (await ok(SURVEYS, { first: 1 })).surveys;
        const second = (await ok(SURVEYS, { first: 1, after: first.pageInfo.endCursor })).surveys;
        const third = (await ok(SURVEYS, { first: 1, after: second.pageInfo.endCursor })).surveys;
        expect([first, second, third].map((c) => c.edges[0].node.id)).toEqual([ids.survey1, ids.survey2, ids.survey3]);
        expect([first, second, third].map((c) => c.pageInfo.hasNextPage)).toEqual([true, true, false]);
      });
    });

    describe('occurrences', () => {
      const OCCURRENCES = `query ($filter: OccurrenceFilter, $first: Int, $after: String) {
        occurrences(filter: $filter, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { id scientificName basisOfRecord iucnCategory sensitive eventStart latitude longitude individualCount occurrenceStatus } }
        } }`;

      it.each([
        ['no filter', {}, () => [ids.turtle, ids.seagrass, ids.specimen, ids.fiji]],
        ['name prefix, any case', { scientificName: 'chelonia m' }, () => [ids.turtle]],
        ['name prefix with a literal underscore', { scientificName: 'Chelonia_' }, () => [ids.specimen]],
        ['genus prefix', { scientificName: 'CHEL' }, () => [ids.turtle, ids.specimen]],
        ['basis of record', { basisOfRecord: 'PreservedSpecimen' }, () => [ids.specimen]],
        ['IUCN category', { iucnCategory: 'EN' }, () => [ids.turtle]],
        ['legacy IUCN category', { iucnCategory: 'LR/cd' }, () => [ids.fiji]],
        ['sensitive (threatened or flagged)', { sensitive: true }, () => [ids.turtle, ids.specimen]],
        ['not sensitive', { sensitive: false }, () => [ids.seagrass, ids.fiji]],
        ['time range', { from: '2024-01-01T00:00:00Z', to: '2024-12-31T23:59:59Z' }, () => [ids.turtle, ids.specimen]],
        ['bbox', { bbox: { west: 98, south: 7, east: 100, north: 10 } }, () => [ids.turtle, ids.seagrass]],
        ['bbox across the antimeridian', { bbox: { west: 179, south: -6, east: -179, north: -3 } }, () => [ids.specimen, ids.fiji]],
        ['dataset', { datasetId: 'mp-a' }, () => []],
      ])('filters by %s', async (_case, filter, expected) => {
        const { occurrences } = await ok(OCCURRENCES, { filter });
        expect(idsOf(occurrences)).toEqual(expected());
        expect(occurrences.totalCount).toBe(expected().length);
      });

      it('returns occurrence fields', async () => {
        const { occurrences } = await ok(OCCURRENCES, { filter: { iucnCategory: 'EN' } });
        expect(occurrences.edges[0].node).toEqual({
          id: ids.turtle, scientificName: 'Chelonia mydas', basisOfRecord: 'HumanObservation', iucnCategory: 'EN', sensitive: true,
          eventStart: '2024-02-01T00:00:00.000Z', latitude: 9.8, longitude: 99.9, individualCount: 2, occurrenceStatus: 'present',
        });
      });
    });

    describe('imports', () => {
      const IMPORTS = `query ($datasetId: String, $first: Int, $after: String) {
        imports(datasetId: $datasetId, first: $first, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { cursor node { id datasetId kind format fileName fileSha256 status rowsRead rowsStored rowsRejected rowsDuplicate startedAt finishedAt message
            errors { line column value reason expected file } } }
        } }`;
      const run = (id: string, datasetId: string, startedAt: string, extra: Record<string, unknown> = {}) =>
        sql.query(
          `INSERT INTO import_run (id, dataset_id, kind, format, file_name, file_sha256, status, rows_read, rows_stored, rows_rejected, rows_duplicate, started_at, finished_at, message, errors)
           VALUES ($1, $2, $3, 'canonical-csv', $4, $5, $6, $7, $8, $9, 0, $10, $10::timestamptz + interval '2 seconds', $11, $12)`,
          [id, datasetId, extra.kind ?? 'microplastics', extra.fileName ?? 'samples.csv', 'ab'.repeat(32), extra.status ?? 'SUCCEEDED',
            extra.rowsRead ?? 10, extra.rowsStored ?? 10, extra.rowsRejected ?? 0, startedAt, extra.message ?? null, JSON.stringify(extra.errors ?? [])],
        );
      const OLD = '11111111-1111-4111-8111-111111111111';
      const NEW = '22222222-2222-4222-8222-222222222222';
      const SAME_TIME = '33333333-3333-4333-8333-333333333333';
      const OTHER = '44444444-4444-4444-8444-444444444444';

      beforeAll(async () => {
        await run(OLD, 'mp-a', '2024-05-01T08:00:00.123456Z');
        await run(NEW, 'mp-a', '2024-06-01T08:00:00Z', {
          fileName: 'june.csv', status: 'PARTIAL', rowsRead: 3, rowsStored: 2, rowsRejected: 1, message: '1 row rejected',
          errors: [{ line: 3, column: 'polymer', value: 'XX', reason: 'unknown polymer', expected: 'one of PE, PP, …' }],
        });
        await run(SAME_TIME, 'mp-a', '2024-05-01T08:00:00.123456Z');
        await run(OTHER, 'bl-a', '2024-07-01T08:00:00Z', { kind: 'beach-litter' });
      });

      it('lists the import history of a dataset, newest first, with its first errors', async () => {
        const { imports } = await ok(IMPORTS, { datasetId: 'mp-a' });
        expect(imports.totalCount).toBe(3);
        expect(idsOf(imports)).toEqual([NEW, SAME_TIME, OLD]);
        expect(imports.edges[0].node).toEqual({
          id: NEW, datasetId: 'mp-a', kind: 'microplastics', format: 'canonical-csv', fileName: 'june.csv', fileSha256: 'ab'.repeat(32), status: 'PARTIAL',
          rowsRead: 3, rowsStored: 2, rowsRejected: 1, rowsDuplicate: 0, startedAt: '2024-06-01T08:00:00.000Z', finishedAt: '2024-06-01T08:00:02.000Z',
          message: '1 row rejected', errors: [{ line: 3, column: 'polymer', value: 'XX', reason: 'unknown polymer', expected: 'one of PE, PP, …', file: null }],
        });
      });

      it('pages the history, even across runs started in the same microsecond', async () => {
        const seen: string[] = [];
        let after: string | null = null;
        do {
          const { imports }: { imports: Connection<{ id: string }> } = await ok(IMPORTS, { first: 1, after });
          seen.push(...idsOf(imports));
          after = imports.pageInfo.hasNextPage ? imports.pageInfo.endCursor : null;
        } while (after);
        expect(seen).toEqual([OTHER, NEW, SAME_TIME, OLD]);
      });

      it('answers DATASET_NOT_FOUND for an unknown dataset', async () => {
        expect((await fails(IMPORTS, { datasetId: 'nowhere' })).extensions.code).toBe('DATASET_NOT_FOUND');
      });

      it('refuses a cursor of a run that does not exist', async () => {
        const err = await fails(IMPORTS, { after: Buffer.from('55555555-5555-4555-8555-555555555555').toString('base64') });
        expect(err.extensions.code).toBe('INPUT_INVALID');
      });
    });

    describe('invalid arguments', () => {
      const b64 = (s: string) => Buffer.from(s).toString('base64');
      it.each([
        ['first above 500', `{ sites(first: 501) { totalCount } }`, 'first must be between 0 and 500 (got 501); page through larger results with after'],
        ['negative first', `{ occurrences(first: -1) { totalCount } }`, 'first must be between 0 and 500 (got -1)'],
        ['a cursor that is not base64', `{ samples(after: "not a cursor!") { totalCount } }`, 'after "not a cursor!" is not a cursor of this list'],
        ['a cursor that does not hold an id', `{ sites(after: "${b64('hello')}") { totalCount } }`, 'is not a cursor of this list'],
        ['a record cursor on the import history', `{ imports(after: "${b64('12')}") { totalCount } }`, 'is not a cursor of this list'],
        ['an id cursor beyond bigint', `{ surveys(after: "${b64('99999999999999999999')}") { totalCount } }`, 'is not a cursor of this list'],
        ['a bbox outside the globe', `{ sites(filter: { bbox: { west: -200, south: 0, east: 10, north: 10 } }) { totalCount } }`, 'filter.bbox.west -200 must be between -180 and 180'],
        ['an inverted bbox', `{ occurrences(filter: { bbox: { west: 0, south: 10, east: 10, north: 0 } }) { totalCount } }`, 'filter.bbox.south 10 is north of filter.bbox.north 0'],
        ['an unknown country', `{ sites(filter: { country: "XX" }) { totalCount } }`, 'filter.country "XX" is not a known country'],
        ['a site id that is not an id', `{ samples(filter: { siteId: "abc" }) { totalCount } }`, 'filter.siteId "abc" is not a record id'],
        ['a survey date that does not exist', `{ surveys(filter: { from: "2024-02-30" }) { totalCount } }`, 'filter.from "2024-02-30" is not a date; expected YYYY-MM-DD'],
        ['a reversed time range', `{ samples(filter: { from: "2024-05-01T00:00:00Z", to: "2024-01-01T00:00:00Z" }) { totalCount } }`, 'filter.from 2024-05-01T00:00:00.000Z is after filter.to 2024-01-01T00:00:00.000Z'],
        ['an unreadable DateTime', `{ samples(filter: { from: "yesterday" }) { totalCount } }`, 'filter.from is not a date-time; expected ISO 8601'],
        ['an unknown IUCN category', `{ occurrences(filter: { iucnCategory: "XX" }) { totalCount } }`, 'filter.iucnCategory "XX" must be one of'],
        ['an empty name prefix', `{ occurrences(filter: { scientificName: " " }) { totalCount } }`, 'filter.scientificName must not be empty'],
      ])('refuses %s with INPUT_INVALID', async (_case, query, message) => {
        const err = await fails(query);
        expect(err.extensions.code).toBe('INPUT_INVALID');
        expect(err.message).toContain(message);
      });

      it.each([
        ['an unknown enum value', `{ sites(filter: { siteType: LAGOON }) { totalCount } }`, {}],
        ['a string for first', `query ($n: Int) { sites(first: $n) { totalCount } }`, { n: 'ten' }],
      ])('refuses %s (GraphQL validation) with INPUT_INVALID', async (_case, query, variables) => {
        expect((await fails(query, variables)).extensions.code).toBe('INPUT_INVALID');
      });
    });
  });
});
