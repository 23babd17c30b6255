import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Kind, parse, type DocumentNode } from 'graphql';
import { QueryResponder } from '../apps/node/src/query-responder/query-responder';
import { FederationHarness, waitFor, type NodeHandle } from './support/federation-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

// Keeps the guides true: every ```graphql block of docs/analyst-guide.md (with
// the ```json block of variables right after it, if any) is run against a hub
// and three country nodes on the machine's real NATS and Postgres, loaded from
// ../shared/data with grants that give the examples something to show (a
// suppressed group, a RECORDS grant with redaction and generalisation, an
// AGGREGATE-only country). A block whose first line is `# expect: <CODE>` must
// fail with exactly that extensions.code; every other block must give no
// GraphQL error. The runnable examples of docs/grants.md are run against a
// node with an administrator's token.

jest.setTimeout(300_000);

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

interface Example {
  /** 1-based line of the opening fence, for messages. */
  line: number;
  query: string;
  document: DocumentNode | null;
  variables: Record<string, any>;
  /** The code of an expected error (`# expect: CODE` on the first line), or null. */
  expect: string | null;
  /** Why the block cannot be run as written (schema text, placeholders…), or null. */
  notRunnable: string | null;
}

/** Every ```graphql block of a Markdown file, with the ```json block that directly follows it as its variables. */
function graphqlExamples(file: string): Example[] {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
  const fences = [...text.matchAll(/^```(\w*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => ({
    lang: m[1], body: m[2], start: m.index!, end: m.index! + m[0].length,
  }));
  const out: Example[] = [];
  fences.forEach((f, i) => {
    if (f.lang !== 'graphql') return;
    const next = fences[i + 1];
    const varsBlock = next && next.lang === 'json' && text.slice(f.end, next.start).trim() === '' ? next : undefined;
    const line = text.slice(0, f.start).split('\n').length;
    const expect = /^#\s*expect:\s*([A-Z_]+)\s*$/m.exec(f.body.split('\n')[0])?.[1] ?? null;
    let document: DocumentNode | null = null;
    let notRunnable: string | null = null;
    try {
      document = parse(f.body);
      const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (document.definitions.some((d) => d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION)) notRunnable = 'schema text, not an operation';
      else if (operations.length !== 1) notRunnable = `${operations.length} operations in one block`;
      else if (f.body.includes('…')) notRunnable = 'placeholders (…)';
    } catch (e) {
      notRunnable = `does not parse: ${(e as Error).message}`;
    }
    let variables: Record<string, any> = {};
    if (varsBlock) {
      try {
        variables = JSON.parse(varsBlock.body);
      } catch (e) {
        throw new Error(`${file}:${line}: the json block after this graphql block is not JSON: ${(e as Error).message}`);
      }
    }
    out.push({ line, query: f.body, document, variables, expect, notRunnable });
  });
  return out;
}

async function load(node: NodeHandle): Promise<void> {
  const skip = (name: string) => ({ skipInvalid: true, rejectedPath: path.join(tmpdir(), `docs-${node.country}-${name}-${Date.now()}.csv`) });
  switch (node.country) {
    case 'JP':
      await node.dataset('jp-ncei', 'microplastics');
      await node.imports.run({ datasetId: 'jp-ncei', kind: 'microplastics', format: 'ncei', path: data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
      await node.grant('jp-ncei', 'AGGREGATE');
      // Small groups hidden: k = 5 (species by taxon shows suppressed rows).
      await node.dataset('jp-seabirds', 'biodiversity');
      await node.imports.run({ datasetId: 'jp-seabirds', kind: 'occurrences', path: data('esas-seabirds-dwc-sample'), ...skip('esas') });
      await node.grant('jp-seabirds', 'AGGREGATE', { kind: 'NETWORK' }, { minGroupSize: 5 });
      // The dataset of docs/grants.md's examples: no grant until the examples make one.
      await node.dataset('jp-coast', 'microplastics');
      break;
    case 'TH':
      await node.dataset('th-doer', 'microplastics');
      await node.imports.run({ datasetId: 'th-doer', kind: 'microplastics', format: 'mapping', mappingPath: mapping('doer-sediment.json'), path: data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'), ...skip('doer') });
      await node.grant('th-doer', 'AGGREGATE');
      await node.dataset('th-mlw', 'beach-litter');
      await node.imports.run({ datasetId: 'th-mlw', kind: 'beach-litter', format: 'mapping', mappingPath: mapping('eea-marine-litter-watch.json'), path: data('eea-marine-litter-watch', 'mlw-data.csv'), ...skip('mlw') });
      await node.grant('th-mlw', 'AGGREGATE', { kind: 'NETWORK' }, { minGroupSize: 3 });
      break;
    case 'PH': {
      await node.dataset('ph-beach', 'microplastics');
      for (const beach of ['longmen', 'xialiao']) {
        for (const [layout, map] of [['particle_count', 'taiwan-beach-particles.json'], ['shape_count', 'taiwan-beach-shapes.json']]) {
          await node.imports.run({ datasetId: 'ph-beach', kind: 'microplastics', format: 'mapping', mappingPath: mapping(map), path: data('taiwan-beach-microplastics', `${beach}_beach_${layout}.csv`), ...skip(`${beach}-${layout}`) });
        }
      }
      await node.grant('ph-beach', 'RECORDS', { kind: 'NETWORK' }, { spatialPrecisionDeg: 0.1 });
      // Records, generalised to 0.1°, without individual counts.
      await node.dataset('ph-tubbataha', 'biodiversity', { license: 'CC0-1.0', publisher: 'Tubbataha Management Office' });
      await node.imports.run({ datasetId: 'ph-tubbataha', kind: 'occurrences', path: data('tubbataha-reefs-dwca', 'White_et_al_2019_DwC-A.zip') });
      await node.grant('ph-tubbataha', 'RECORDS', { kind: 'NETWORK' }, { spatialPrecisionDeg: 0.1, redactedFields: ['individualCount'] });
      await node.dataset('ph-cop', 'beach-litter');
      const header = 'beach_id,beach_name,country,start_latitude,start_longitude,team_id,team_type,survey_id,survey_date,is_monitoring,surveyed_length_m,surveyed_area_m2,volunteers,total_weight_kg,code_system,item_code,item_count,item_weight_kg';
      const lines = [
        'PH-A,Puerto Princesa Bay,PH,9.741,118.735,T-U,UNIVERSITY,S1,2024-04-06,true,100,3500,18,12.4,JLIST,J27,212,',
        'PH-A,Puerto Princesa Bay,PH,9.741,118.735,T-U,UNIVERSITY,S1,2024-04-06,true,100,3500,18,12.4,JLIST,J7,41,1.3',
        'PH-A,Puerto Princesa Bay,PH,9.741,118.735,T-U,UNIVERSITY,S2,2019-05-04,true,100,3500,22,9.5,JLIST,J27,150,',
        'PH-B,Honda Bay,PH,9.86,118.79,T-C,COMMUNITY,S3,2018-04-07,false,,,40,30,JLIST,J27,400,',
      ];
      const file = path.join(tmpdir(), `docs-ph-cop-${Date.now()}.csv`);
      writeFileSync(file, [header, ...lines].join('\n') + '\n');
      await node.imports.run({ datasetId: 'ph-cop', kind: 'beach-litter', path: file });
      await node.grant('ph-cop', 'AGGREGATE');
      break;
    }
  }
}

const STATUSES = ['OK', 'PARTIAL', 'DENIED', 'TIMEOUT', 'ERROR', 'UNREACHABLE'];
type Gql = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };

describe('documentation examples run against a real hub and nodes', () => {
  const f = new FederationHarness();
  const guide = graphqlExamples('docs/analyst-guide.md');
  const grants = graphqlExamples('docs/grants.md');
  /** Results of the guide's examples, by operation name (or line), for the concrete checks. */
  const results = new Map<string, Gql>();
  const opName = (e: Example) => {
    const op = e.document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    return (op && 'name' in op && op.name?.value) || `line ${e.line}`;
  };

  beforeAll(async () => {
    // A generous per-node deadline: the examples are about content, not speed, and CI machines are busy.
    await f.start({ countries: ['JP', 'PH', 'TH'], load, timeoutMs: 20_000 });
    await f.catalogueSynced();
    for (const n of f.nodes.values()) await waitFor(`${n.country}'s responder`, async () => (n.started?.app.get(QueryResponder).listening ? true : undefined));
  });
  afterAll(() => f.stop());

  it('the analyst guide has runnable examples: every graphql block is one operation, with valid JSON variables', () => {
    expect(guide.length).toBeGreaterThanOrEqual(10);
    expect(guide.filter((e) => e.notRunnable).map((e) => `line ${e.line}: ${e.notRunnable}`)).toEqual([]);
    expect(guide.filter((e) => e.expect).length).toBeGreaterThanOrEqual(2);
  });

  it('runs every example of the analyst guide at the hub with an analyst token: no errors, or exactly the expected code', async () => {
    const token = await f.analystToken({ sub: 'analyst-docs', country: 'TH', org: 'th-dmcr' });
    const failures: string[] = [];
    for (const e of guide) {
      const res = await f.graphql(e.query, e.variables, token) as Gql;
      results.set(opName(e), res);
      const codes = (res.errors ?? []).map((x) => x.extensions?.code);
      if (e.expect) {
        if (codes.length === 0 || codes.some((c) => c !== e.expect)) failures.push(`line ${e.line}: expected ${e.expect}, got ${JSON.stringify(res.errors ?? res.data)}`);
        continue;
      }
      if (res.errors) {
        failures.push(`line ${e.line} (${opName(e)}): ${JSON.stringify(res.errors)}`);
        continue;
      }
      // Every manifest names its nodes with a documented status.
      for (const value of Object.values(res.data ?? {})) {
        for (const n of (value as any)?.manifest?.nodes ?? []) if (!STATUSES.includes(n.status)) failures.push(`line ${e.line}: status ${n.status}`);
      }
      // Paging examples: the endCursor they return works as `after` for the next page.
      if ('after' in e.variables) {
        const page = Object.values(res.data ?? {})[0] as any;
        if (page?.pageInfo?.hasNextPage) {
          const next = await f.graphql(e.query, { ...e.variables, after: page.pageInfo.endCursor }, token) as Gql;
          if (next.errors) failures.push(`line ${e.line}, second page: ${JSON.stringify(next.errors)}`);
          else results.set(`${opName(e)}#2`, next);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the examples show what the guide says: countries asked, licences and citations, suppression, records rules', () => {
    // Microplastics by country: the manifest lists exactly the countries asked, with their datasets' licences and citations.
    // JP is PARTIAL: jp-coast has no grant yet (the grants.md examples below make one), so JP's rows cover jp-ncei only.
    const mp = results.get('MicroplasticsByCountry')!.data!.microplasticSummary;
    expect(mp.manifest.nodes.map((n: any) => [n.country, n.status])).toEqual([['JP', 'PARTIAL'], ['PH', 'OK'], ['TH', 'OK']]);
    expect(mp.manifest.nodes[0].reason).toContain('some datasets of this node are not available to you');
    expect(mp.manifest.nodes[0].datasets.map((d: any) => d.id)).toEqual(['jp-ncei']);
    expect(mp.complete).toBe(false);
    expect(mp.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    for (const n of mp.manifest.nodes) {
      expect(n.datasets.length).toBeGreaterThan(0);
      for (const d of n.datasets) {
        expect(d.licence).toMatch(/^CC/);
        expect(d.citation).toContain(`Dataset ${d.id}, version ${d.version}. Licence ${d.licence}.`);
      }
    }
    expect(new Set(mp.rows.map((r: any) => r.group.country))).toEqual(new Set(['JP', 'PH', 'TH']));
    expect(mp.rows.every((r: any) => r.sources.length > 0)).toBe(true);

    // The catalogue lists the beach-litter datasets of PH and TH.
    const cat = results.get('Catalogue')!.data!.datasets;
    expect(cat.edges.map((e: any) => e.node.id).sort()).toEqual(['urn:littoral:dataset:PH:ph-cop', 'urn:littoral:dataset:TH:th-mlw']);
    const members = [...results.values()].find((r) => r.data?.nodes)!.data!.nodes;
    expect(members.map((n: any) => [n.country, n.status])).toEqual([['JP', 'ACTIVE'], ['PH', 'ACTIVE'], ['TH', 'ACTIVE']]);

    // Species by taxon: JP hides taxa seen fewer than 5 times, so the answer is not complete.
    const sp = results.get('Species')!.data!.speciesSummary;
    const jp = sp.manifest.nodes.find((n: any) => n.country === 'JP');
    expect(jp).toMatchObject({ status: 'OK', level: 'AGGREGATE' });
    expect(jp.suppressedGroups).toBeGreaterThan(0);
    expect(sp.complete).toBe(false);
    const hidden = sp.rows.filter((r: any) => r.suppressed);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((r: any) => r.occurrences === null && r.richness === null)).toBe(true);
    // PH's grant redacts individualCount, which every species summary sums: PH is DENIED, naming the field.
    expect(sp.manifest.nodes.find((n: any) => n.country === 'PH')).toMatchObject({ status: 'DENIED', reason: "field 'individualCount' is redacted for you and cannot be requested" });

    // The grid example: every node holding microplastics answers (JP partly: jp-coast has no grant yet).
    const grid = results.get('MicroplasticGrid')!.data!.microplasticSummary;
    expect(grid.manifest.nodes.map((n: any) => [n.country, n.status])).toEqual([['JP', 'PARTIAL'], ['PH', 'OK'], ['TH', 'OK']]);
    expect(grid.rows.every((r: any) => r.suppressed || (r.group.cell.sizeDeg === 1 && Number.isInteger(r.group.cell.row)))).toBe(true);

    // Beach litter: PH and TH hold beach-litter data; JP is not asked.
    const bl = results.get('BeachLitter')!.data!.beachLitterSummary;
    expect(bl.manifest.nodes.map((n: any) => n.country)).toEqual(['PH', 'TH']);

    // Occurrences: PH shares records (0.1° cells, no individual counts); JP aggregates only → DENIED.
    const occ = results.get('Occurrences')!.data!.occurrences;
    expect(occ.manifest.nodes.map((n: any) => [n.country, n.status, n.level])).toEqual([['JP', 'DENIED', null], ['PH', 'OK', 'RECORDS']]);
    expect(occ.manifest.nodes[0].reason).toContain('the highest level available to you for this purpose is AGGREGATE');
    expect(occ.complete).toBe(false);
    expect(occ.records).toHaveLength(50);
    for (const r of occ.records) {
      expect(r).toMatchObject({ country: 'PH', datasetId: 'ph-tubbataha', individualCount: null, coordinatePrecision: 0.1 });
    }
    const second = results.get('Occurrences#2')!.data!.occurrences;
    const keys = [...occ.records, ...second.records].map((r: any) => r.occurrenceKey);
    expect(new Set(keys).size).toBe(keys.length);

    // Samples: only PH's RECORDS grant gives records, at 0.1°.
    const smp = results.get('Samples')!.data!.samples;
    expect(smp.manifest.nodes.find((n: any) => n.country === 'PH')).toMatchObject({ status: 'OK', level: 'RECORDS' });
    expect(smp.manifest.nodes.filter((n: any) => n.country !== 'PH').every((n: any) => n.status === 'DENIED')).toBe(true);
    expect(smp.records.length).toBeGreaterThan(0);
    expect(smp.records.every((r: any) => r.country === 'PH' && (r.latitude === null || r.coordinatePrecisionDeg === 0.1))).toBe(true);

    // The wrong matrix: the error names the field and the value, as the guide shows.
    const wrong = results.get('WrongMatrix')!;
    expect(wrong.data ?? null).toBeNull();
    expect(wrong.errors![0].message).toBe('The query is not valid: filter.matrices[0]: got "SEAWATER"; expected a matrix code, one of SW_SURF, SW_COL, RW_SURF, SED_SEA, SED_RIV, BEACH, BIOTA, AIR');
    expect(wrong.errors![0].extensions!.details.problems).toEqual([expect.objectContaining({ path: 'filter.matrices[0]' })]);
  });

  it('runs the runnable examples of docs/grants.md against a node with an administrator token', async () => {
    const runnable = grants.filter((e) => !e.notRunnable);
    // createGrant and explainAccess run as written; the schema summary and the change/revoke block (ids elided) do not.
    expect(runnable.length).toBeGreaterThanOrEqual(2);
    const jp = f.node('JP');
    const admin = await f.issuer.token({ sub: 'admin-docs', roles: ['admin'], country: 'JP', audience: 'littoral-node-jp' });
    const answers: Gql[] = [];
    for (const e of runnable) {
      const res = (await request(jp.started!.url).post('/graphql').set('Authorization', `Bearer ${admin}`).send({ query: e.query, variables: e.variables })).body as Gql;
      expect({ line: e.line, errors: res.errors }).toEqual({ line: e.line, errors: undefined });
      answers.push(res);
    }
    const created = answers.find((a) => a.data?.createGrant)!.data!.createGrant;
    expect(created).toMatchObject({ version: 1, status: 'ACTIVE' });
    // What grants.md says a Thai analyst gets: AGGREGATE, k = 5, 0.1°.
    const explained = answers.find((a) => a.data?.explainAccess)!.data!.explainAccess;
    expect(explained).toMatchObject({ allowed: true, level: 'AGGREGATE', constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 }, decidingGrants: [{ grantId: created.id, version: 1 }] });
  });
});
