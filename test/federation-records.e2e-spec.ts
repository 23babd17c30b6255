import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { activeKey } from '@littoral/crypto';
import { signCursor } from '@littoral/federation';
import { snapPosition } from '@littoral/policy';
import { QueryResponder } from '../apps/node/src/query-responder/query-responder';
import { FederationHarness, waitFor, type NodeHandle } from './support/federation-harness';

// Issue 5, record queries end to end: `occurrences` and `samples` at the hub,
// answered by JP, PH and TH on the machine's real NATS and Postgres. Records
// leave a node only where a RECORDS grant allows, generalised, redacted and
// without embargoed records; paging through every page returns each allowed
// record exactly once, in the federated order, and equals a direct SQL
// listing of each node's database. The data is synthetic (generated here).

jest.setTimeout(240_000);

const PURPOSE = 'regional report 2025';
const DAY_MS = 86_400_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

const OCC_HEADER = 'occurrenceID,scientificName,scientificNameID,taxonRank,kingdom,vernacularName,eventDate,decimalLatitude,decimalLongitude,coordinateUncertaintyInMeters,minimumDepthInMeters,maximumDepthInMeters,individualCount,basisOfRecord,occurrenceStatus,iucnRedListCategory,sensitive,locality,countryCode,occurrenceRemarks';
const SPECIES: [string, string][] = [['Chelonia mydas', 'EN'], ['Tursiops aduncus', ''], ['Acanthurus triostegus', 'LC'], ['Dugong dugon', 'VU'], ['Chaetodon auriga', '']];

/** Synthetic occurrences: varied positions, some sensitive (EN/VU), some absent, the last `recent` dated within the last weeks. */
function occurrencesCsv(cc: string, prefix: string, n: number, recent: number, lat0: number, lon0: number): string {
  const lines = [OCC_HEADER];
  for (let i = 0; i < n; i++) {
    const [name, iucn] = SPECIES[i % SPECIES.length];
    const date = i >= n - recent ? iso(NOW - (3 + i % 20) * DAY_MS) : iso(Date.UTC(2019, i % 12, 1 + (i % 27), 6, 40));
    const lat = (lat0 + i * 0.0137).toFixed(4);
    const lon = (lon0 + i * 0.0291).toFixed(4);
    const status = i % 11 === 5 ? 'absent' : 'present';
    lines.push(`${prefix}-${String(i).padStart(4, '0')},${name},,species,Animalia,,${date},${lat},${lon},30,0,${5 + (i % 7)},${1 + (i % 4)},HumanObservation,${status},${iucn},,,${cc},`);
  }
  return lines.join('\n') + '\n';
}

const MP_HEADER = 'site_id,site_name,site_type,country,city,water_body,region,site_latitude,site_longitude,sample_id,sampled_at,sampled_until,matrix,device,mesh_size_mm,volume_m3,area_m2,mass_kg,mass_basis,depth_m,sample_latitude,sample_longitude,size_min_mm,size_max_mm,id_method,method_ref,notes,size_class,polymer,shape,colour,category,count,particle_mass_mg,concentration,concentration_unit,concentration_class,correction';

/** Synthetic samples: each with one particle count and one concentration; some with their own position. */
function samplesCsv(cc: string, prefix: string, n: number, lat0: number, lon0: number): string {
  const lines = [MP_HEADER];
  for (let i = 0; i < n; i++) {
    const site = `${prefix}-S${i % 4}`;
    const siteLat = (lat0 + (i % 4) * 0.37).toFixed(3);
    const siteLon = (lon0 + (i % 4) * 0.41).toFixed(3);
    const own = i % 3 === 0 ? [(lat0 + i * 0.0113).toFixed(4), (lon0 + i * 0.0171).toFixed(4)] : ['', ''];
    const at = iso(Date.UTC(2022, i % 12, 2 + (i % 25), 2, 10));
    const common = `${site},Site ${i % 4},ESTUARY,${cc},,,,${siteLat},${siteLon},${prefix}-${String(i).padStart(3, '0')},${at},,RW_SURF,MANTA,0.33,12.5,,,,0.15,${own[0]},${own[1]},,,ATR_FTIR,,`;
    lines.push(`${common},MP_1_5,PE,FRAGMENT,,,${3 + i},,,,,`);
    lines.push(`${common},,,,,,,,${(0.5 + i / 8).toFixed(3)},pieces/L,,NONE`);
  }
  return lines.join('\n') + '\n';
}

async function importCsv(node: NodeHandle, datasetId: string, kind: 'occurrences' | 'microplastics', text: string): Promise<void> {
  const file = path.join(tmpdir(), `fed-records-${node.country}-${datasetId}-${Date.now()}.csv`);
  writeFileSync(file, text);
  await node.imports.run({ datasetId, kind, format: 'canonical', path: file });
}

async function load(node: NodeHandle): Promise<void> {
  switch (node.country) {
    case 'JP':
      await node.dataset('jp-occ', 'biodiversity');
      await importCsv(node, 'jp-occ', 'occurrences', occurrencesCsv('JP', 'jpo', 23, 0, 34.1234, 139.4321));
      await node.grant('jp-occ', 'RECORDS', { kind: 'NETWORK' }, { spatialPrecisionDeg: 0.1 });
      await node.dataset('jp-mp', 'microplastics');
      await importCsv(node, 'jp-mp', 'microplastics', samplesCsv('JP', 'jpm', 17, 35.0123, 139.8765));
      await node.grant('jp-mp', 'RECORDS', { kind: 'NETWORK' }, { spatialPrecisionDeg: 1, redactedFields: ['device', 'mesh_size_mm'] });
      break;
    case 'PH':
      await node.dataset('ph-occ', 'biodiversity');
      await importCsv(node, 'ph-occ', 'occurrences', occurrencesCsv('PH', 'pho', 29, 6, 9.1234, 118.7654));
      await node.grant('ph-occ', 'RECORDS', { kind: 'NETWORK' }, { embargoDays: 365, redactedFields: ['individualCount', 'minimumDepthInMeters'] });
      await node.dataset('ph-reef', 'biodiversity');
      await importCsv(node, 'ph-reef', 'occurrences', occurrencesCsv('PH', 'phr', 11, 0, 8.9512, 119.8123));
      await node.grant('ph-reef', 'RECORDS');
      await node.dataset('ph-mp', 'microplastics');
      await importCsv(node, 'ph-mp', 'microplastics', samplesCsv('PH', 'phm', 13, 10.3123, 123.9012));
      await node.grant('ph-mp', 'RECORDS');
      break;
    case 'TH':
      // Aggregates only: never records.
      await node.dataset('th-occ', 'biodiversity');
      await importCsv(node, 'th-occ', 'occurrences', occurrencesCsv('TH', 'tho', 9, 0, 9.5, 99.9));
      await node.grant('th-occ', 'AGGREGATE');
      await node.dataset('th-mp', 'microplastics');
      await importCsv(node, 'th-mp', 'microplastics', samplesCsv('TH', 'thm', 7, 13.5, 100.5));
      await node.grant('th-mp', 'AGGREGATE');
      break;
  }
}

const OCCURRENCES = `query ($purpose: String!, $filter: SpeciesFilterInput, $first: Int, $after: String) {
  occurrences(purpose: $purpose, filter: $filter, first: $first, after: $after) {
    correlationId complete
    records { country datasetId occurrenceKey scientificName eventDate decimalLatitude decimalLongitude coordinatePrecision
              coordinateUncertaintyInMeters individualCount basisOfRecord iucnCategory dataGeneralizations }
    pageInfo { hasNextPage endCursor }
    manifest { complete nodes { country status level reason datasets { id licence } } } } }`;

const SAMPLES = `query ($purpose: String!, $filter: MicroplasticFilterInput, $first: Int, $after: String) {
  samples(purpose: $purpose, filter: $filter, first: $first, after: $after) {
    complete
    records { country datasetId sampleKey siteType matrix device meshSizeMm sampledAt latitude longitude coordinatePrecisionDeg particles
              concentrations { sizeClass family unit value } }
    pageInfo { hasNextPage endCursor }
    manifest { complete nodes { country status level reason } } } }`;

type Page = { correlationId: string; complete: boolean; records: any[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; manifest: { complete: boolean; nodes: any[] } };

describe('federated record queries: occurrences and samples across three nodes', () => {
  const f = new FederationHarness();

  async function page(kind: 'occurrences' | 'samples', variables: Record<string, unknown>, token?: string): Promise<Page> {
    const res = await f.graphql(kind === 'occurrences' ? OCCURRENCES : SAMPLES, { purpose: PURPOSE, ...variables }, token);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    return res.data![kind] as Page;
  }

  /** Every page from the first, following endCursor. */
  async function all(kind: 'occurrences' | 'samples', variables: Record<string, unknown>): Promise<{ records: any[]; pages: Page[] }> {
    const pages: Page[] = [];
    let after: string | undefined;
    for (let i = 0; i < 100; i++) {
      const p = await page(kind, { ...variables, ...(after ? { after } : {}) });
      pages.push(p);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor!;
    }
    return { records: pages.flatMap((p) => p.records), pages };
  }

  /** Direct SQL on one node: present, not embargoed occurrences of the allowed datasets, in the node's order. */
  async function sqlOccurrences(node: NodeHandle, datasets: { id: string; embargoDays: number }[]): Promise<{ key: string; lat: number | null; lon: number | null; sensitive: boolean; individuals: number | null; end: Date | null }[]> {
    const out = [];
    for (const d of [...datasets].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const rows = await node.ds.query(
        `SELECT source_key, latitude, longitude, sensitive, individual_count, coalesce(event_end, event_start) AS "end" FROM bio_occurrence
          WHERE dataset_id = $1 AND occurrence_status = 'present' AND ($2 = 0 OR coalesce(event_end, event_start) <= now() - make_interval(days => $2))
          ORDER BY id`, [d.id, d.embargoDays]);
      out.push(...rows.map((r: any) => ({ key: `${node.country}/${d.id}/${r.source_key}`, lat: r.latitude, lon: r.longitude, sensitive: r.sensitive, individuals: r.individual_count, end: r.end })));
    }
    return out;
  }

  beforeAll(async () => {
    await f.start({ countries: ['JP', 'PH', 'TH'], timeoutMs: 4000, load });
    await f.catalogueSynced();
    for (const n of f.nodes.values()) await waitFor(`${n.country}'s responder`, async () => (n.started?.app.get(QueryResponder).listening ? true : undefined));
  });
  afterAll(() => f.stop());

  it('pages through every occurrence a RECORDS grant allows exactly once, equal to a direct SQL listing in the federated order', async () => {
    const { records, pages } = await all('occurrences', { first: 7 });
    expect(pages.length).toBeGreaterThan(5);
    // TH allows aggregates only: DENIED for records, never a record of it; being done, it is not asked again.
    expect(pages[0].manifest.nodes.map((n) => [n.country, n.status, n.level])).toEqual([['JP', 'OK', 'RECORDS'], ['PH', 'OK', 'RECORDS'], ['TH', 'DENIED', null]]);
    expect(pages[0].manifest.nodes[2].reason).toContain('the highest level available to you for this purpose is AGGREGATE');
    expect(pages[0].complete).toBe(false);
    for (const p of pages.slice(1)) {
      expect(p.records.length).toBeLessThanOrEqual(7);
      expect(p.manifest.nodes.some((n) => n.country === 'TH')).toBe(false);
    }
    // Page sizes: full pages until the last.
    expect(pages.slice(0, -1).every((p) => p.records.length === 7)).toBe(true);
    expect(pages.at(-1)!.pageInfo.hasNextPage).toBe(false);
    const expected = [
      ...(await sqlOccurrences(f.node('JP'), [{ id: 'jp-occ', embargoDays: 0 }])),
      ...(await sqlOccurrences(f.node('PH'), [{ id: 'ph-occ', embargoDays: 365 }, { id: 'ph-reef', embargoDays: 0 }])),
    ];
    const got = records.map((r) => `${r.country}/${r.datasetId}/${r.occurrenceKey}`);
    expect(new Set(got).size).toBe(got.length);
    expect(got).toEqual(expected.map((e) => e.key));
    expect(records.some((r) => r.country === 'TH')).toBe(false);
    // The hub signs envelopes and cursors with its own key file (`littoral keys generate --hub`).
    expect(f.hubKeys.country).toBe('hub');
  });

  it('generalises positions as granted: 0.1° grid → cell centres; sensitive species at 0.1° by default; others as collected', async () => {
    const { records } = await all('occurrences', { first: 500 });
    const truth = new Map([
      ...(await sqlOccurrences(f.node('JP'), [{ id: 'jp-occ', embargoDays: 0 }])),
      ...(await sqlOccurrences(f.node('PH'), [{ id: 'ph-occ', embargoDays: 365 }, { id: 'ph-reef', embargoDays: 0 }])),
    ].map((e) => [e.key, e]));
    let sensitiveSeen = 0;
    for (const r of records) {
      const t = truth.get(`${r.country}/${r.datasetId}/${r.occurrenceKey}`)!;
      const snapped = snapPosition(t.lat!, t.lon!, 0.1)!;
      if (r.country === 'JP' || t.sensitive) {
        // A cell centre of the 0.1° grid, the one holding the true position.
        expect({ lat: r.decimalLatitude, lon: r.decimalLongitude }).toEqual(snapped);
        expect(snapPosition(r.decimalLatitude, r.decimalLongitude, 0.1)).toEqual({ lat: r.decimalLatitude, lon: r.decimalLongitude });
        expect(r.coordinatePrecision).toBe(0.1);
        expect(r.coordinateUncertaintyInMeters).toBeGreaterThan(30);
        expect(r.dataGeneralizations).toContain('0.1° cell');
        if (t.sensitive) sensitiveSeen++;
      } else {
        expect({ lat: r.decimalLatitude, lon: r.decimalLongitude, p: r.coordinatePrecision }).toEqual({ lat: t.lat, lon: t.lon, p: null });
      }
    }
    expect(sensitiveSeen).toBeGreaterThan(5);
  });

  it('redacted fields are absent and not filterable; embargoed recent records are absent', async () => {
    const { records } = await all('occurrences', { first: 500 });
    const phOcc = records.filter((r) => r.datasetId === 'ph-occ');
    expect(phOcc.length).toBeGreaterThan(0);
    expect(phOcc.every((r) => r.individualCount === null)).toBe(true);
    expect(records.filter((r) => r.datasetId === 'ph-reef').every((r) => r.individualCount !== null)).toBe(true);
    // Embargo: ph-occ has 6 records dated within the last weeks; none is returned, older ones are.
    const recent = await f.node('PH').ds.query(`SELECT source_key FROM bio_occurrence WHERE dataset_id = 'ph-occ' AND event_start > now() - interval '365 days'`);
    expect(recent.length).toBe(6);
    const keys = new Set(phOcc.map((r) => r.occurrenceKey));
    for (const r of recent) expect(keys.has(r.source_key)).toBe(false);
    const cutoff = NOW - 365 * DAY_MS;
    expect(phOcc.every((r) => Date.parse(r.eventDate) <= cutoff)).toBe(true);

    // Filtering on a redacted field (depth → minimumDepthInMeters) denies that dataset; the other still answers.
    const filtered = await page('occurrences', { first: 500, filter: { depthM: { min: 1 } } });
    const ph = filtered.manifest.nodes.find((n) => n.country === 'PH');
    expect(ph).toMatchObject({ status: 'PARTIAL', level: 'RECORDS', reason: expect.stringContaining('minimumDepthInMeters') });
    expect(ph.datasets.map((d: any) => d.id)).toEqual(['ph-reef']);
    expect(filtered.records.some((r) => r.datasetId === 'ph-occ')).toBe(false);
  });

  it('samples: JP at 1° without its redacted fields, PH as collected; a filter on a redacted field denies', async () => {
    const { records } = await all('samples', { first: 5 });
    const jp = records.filter((r) => r.country === 'JP');
    const ph = records.filter((r) => r.country === 'PH');
    expect([jp.length, ph.length]).toEqual([17, 13]);
    expect(records.map((r) => r.sampleKey)).toEqual([...jp.map((r) => r.sampleKey).sort(), ...ph.map((r) => r.sampleKey).sort()]);
    for (const r of jp) {
      expect({ device: r.device, meshSizeMm: r.meshSizeMm, coordinatePrecisionDeg: r.coordinatePrecisionDeg }).toEqual({ device: null, meshSizeMm: null, coordinatePrecisionDeg: 1 });
      expect(snapPosition(r.latitude, r.longitude, 1)).toEqual({ lat: r.latitude, lon: r.longitude });
      expect(r.latitude % 1).toBeCloseTo(0.5, 9);
    }
    const raw: any[] = await f.node('PH').ds.query(
      `SELECT s.source_key, coalesce(s.latitude, st.latitude) AS lat, coalesce(s.longitude, st.longitude) AS lon, s.device, s.mesh_size_mm,
              (SELECT sum(count)::int FROM mp_particle_count c WHERE c.sample_id = s.id) AS particles
         FROM mp_sample s JOIN mp_site st ON st.id = s.site_id ORDER BY s.id`);
    expect(ph.map((r) => ({ key: r.sampleKey, lat: r.latitude, lon: r.longitude, device: r.device, mesh: r.meshSizeMm, particles: r.particles, p: r.coordinatePrecisionDeg })))
      .toEqual(raw.map((r) => ({ key: r.source_key, lat: r.lat, lon: r.lon, device: r.device, mesh: r.mesh_size_mm, particles: r.particles, p: null })));
    expect(ph[0].concentrations).toEqual([{ sizeClass: null, family: 'VOLUME', unit: 'pieces/m3', value: 500 }]);

    const byDevice = await page('samples', { first: 100, filter: { devices: ['MANTA'] } });
    expect(byDevice.manifest.nodes.find((n) => n.country === 'JP')).toMatchObject({ status: 'DENIED', reason: expect.stringContaining('device') });
    expect(byDevice.records.every((r) => r.country === 'PH')).toBe(true);
  });

  it('refuses a tampered cursor, another analyst\'s cursor and a cursor of another filter (CURSOR_INVALID)', async () => {
    const first = await page('occurrences', { first: 3 });
    const cursor = first.pageInfo.endCursor!;
    const ask = async (after: string, token?: string, filter?: unknown) =>
      f.graphql(OCCURRENCES, { purpose: PURPOSE, first: 3, after, ...(filter ? { filter } : {}) }, token);
    const [h, p, s] = cursor.split('.');
    const flipped = s[3] === 'A' ? 'B' : 'A';
    const cases: [string, Awaited<ReturnType<typeof ask>>][] = [
      ['tampered signature', await ask(`${h}.${p}.${s.slice(0, 3)}${flipped}${s.slice(4)}`)],
      ['tampered positions', await ask(`${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), positions: {} })).toString('base64url')}.${s}`)],
      ['another analyst', await ask(cursor, await f.analystToken({ sub: 'analyst-2' }))],
      ['another filter', await ask(cursor, undefined, { kingdoms: ['Animalia'] })],
      ['garbage', await ask('not-a-cursor')],
    ];
    for (const [what, res] of cases) {
      expect([what, res.data ?? null, res.errors?.map((e) => e.extensions?.code)]).toEqual([what, null, ['CURSOR_INVALID']]);
    }
    expect(cases[2][1].errors![0].message).toContain('another user');
    // The genuine cursor still works for its analyst.
    const second = await page('occurrences', { first: 3, after: cursor });
    expect(second.records.map((r) => r.occurrenceKey)).not.toContain(first.records[0].occurrenceKey);
  });

  it('a position the node did not issue (inside a hub-signed cursor) is a signed ERROR with a safe reason, never records', async () => {
    const cursor = await signCursor({ subject: 'analyst-1', query: { kind: 'occurrences', filter: {}, first: 5 }, positions: { JP: null, TH: null, PH: 'bm90LWEtcG9zaXRpb24' } }, activeKey(f.hubKeys), new Date());
    const p = await page('occurrences', { first: 5, after: cursor });
    expect(p.manifest.nodes).toEqual([expect.objectContaining({ country: 'PH', status: 'ERROR', level: null, reason: 'the paging position is not one this node issued; start again from the first page' })]);
    expect(p.records).toEqual([]);
    expect(p.complete).toBe(false);
  });

  it('refuses a page larger than 500 (INPUT_INVALID naming first)', async () => {
    const res = await f.graphql(OCCURRENCES, { purpose: PURPOSE, first: 501 });
    expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'INPUT_INVALID', details: { problems: [{ path: 'first', message: 'got 501; expected an integer from 1 to 500' }] } } });
  });

  it('a node that is down shows in the manifest and the page is incomplete; the rest pages on', async () => {
    const ph = f.node('PH');
    await ph.stop();
    try {
      const { records, pages } = await all('occurrences', { first: 10 });
      expect(pages[0].manifest.nodes.find((n) => n.country === 'PH')).toMatchObject({ status: 'UNREACHABLE', level: null });
      expect(pages.every((p) => !p.complete)).toBe(true);
      expect(records.every((r) => r.country === 'JP')).toBe(true);
      expect(records).toHaveLength((await sqlOccurrences(f.node('JP'), [{ id: 'jp-occ', embargoDays: 0 }])).length);
    } finally {
      await ph.start();
      await waitFor('PH\'s responder', async () => (ph.started?.app.get(QueryResponder).listening ? true : undefined));
    }
  });
});
