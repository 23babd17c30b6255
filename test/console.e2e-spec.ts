import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { buildClientSchema, getIntrospectionQuery, parse, validate, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import type { Browser } from 'playwright-core';
import { auditDocuments, HUB_DOCUMENTS, NODE_DOCUMENTS } from '../apps/console/src/api/documents';
import { MATRICES, POLYMERS, SHAPES, SITE_TYPES, SIZE_CLASSES, TEAM_TYPES } from '../apps/console/src/results/vocabulary';
import { QueryResponder } from '../apps/node/src/query-responder/query-responder';
import { chromiumAvailable, CHROMIUM_PATH, launchChromium, newPage, screenshot, scrollsHorizontally, sessionItems, signIn, tabOrder, unnamedControls } from './support/browser';
import { FederationHarness, waitFor, type NodeHandle } from './support/federation-harness';
import { runLittoral } from './support/cli';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

// Issue 8 end to end: the console built by Vite, served by a real hub and
// three real nodes (real NATS and Postgres), driven in Debian's Chromium.
// Each role signs in with its own token and does its main task: the analyst
// runs a cross-border query and sees the manifest (one node DENIED); the
// node administrator adds a grant and sees explainAccess change; the auditor
// verifies the log, an entry is tampered with in the database, and the
// console names and highlights it. Screenshots go to test-artifacts/console/.

jest.setTimeout(240_000);

const PURPOSE = 'regional report 2025';
const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

async function load(node: NodeHandle): Promise<void> {
  const skip = (name: string) => ({ skipInvalid: true, rejectedPath: path.join(node.env.LITTORAL_KEY_FILE + `.${name}-rejected.csv`) });
  switch (node.country) {
    case 'JP':
      await node.dataset('jp-ncei', 'microplastics', { publisher: 'NOAA NCEI' });
      await node.imports.run({ datasetId: 'jp-ncei', kind: 'microplastics', format: 'ncei', path: data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
      await node.grant('jp-ncei', 'AGGREGATE');
      break;
    case 'PH':
      await node.dataset('ph-beach', 'microplastics');
      await node.imports.run({ datasetId: 'ph-beach', kind: 'microplastics', format: 'mapping', mappingPath: mapping('taiwan-beach-particles.json'), path: data('taiwan-beach-microplastics', 'xialiao_beach_particle_count.csv'), ...skip('xialiao') });
      await node.grant('ph-beach', 'AGGREGATE');
      break;
    case 'TH':
      await node.dataset('th-doer', 'microplastics');
      await node.imports.run({ datasetId: 'th-doer', kind: 'microplastics', format: 'mapping', mappingPath: mapping('doer-sediment.json'), path: data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'), ...skip('doer') });
      // Thailand shares with Thai analysts only: a Japanese analyst is DENIED.
      await node.grant('th-doer', 'AGGREGATE', { kind: 'COUNTRIES', countries: ['TH'] });
      break;
  }
}

const haveChromium = chromiumAvailable();
if (!haveChromium) {
  // CI installs Debian's chromium (.ci/run); a developer machine without it skips the browser part only.
  console.warn(`console browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
}
const browserIt = haveChromium ? it : it.skip;

describe('web console: served by the hub and the nodes, used in a real browser', () => {
  const f = new FederationHarness();
  let browser: Browser | undefined;
  let hubSchema: GraphQLSchema;
  let nodeSchema: GraphQLSchema;
  const nodeToken = (roles: string[], sub: string) => f.issuer.token({ sub, roles, country: 'TH', org: 'th-dmcr', audience: 'littoral-node-th', expiresIn: '20m' });
  const analystJp = () => f.analystToken({ country: 'JP', sub: 'analyst-jp', org: 'jp-moe', expiresIn: '20m' });

  beforeAll(async () => {
    // The console as `npm run build` makes it (dist/console), read by the servers at start-up.
    const buildConsole = () => execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: 'inherit' });
    buildConsole();
    await f.start({ countries: ['JP', 'PH', 'TH'], timeoutMs: 20_000, load });
    // A full `npm run build` elsewhere empties dist/ for a while; the servers read the console on first use.
    if (!existsSync(path.join(REPO_ROOT, 'dist', 'console', 'index.html'))) buildConsole();
    await f.catalogueSynced();
    for (const n of f.nodes.values()) await waitFor(`${n.country}'s responder`, async () => (n.started?.app.get(QueryResponder).listening ? true : undefined));
    // One query first: every node's first answer pays for cold caches, which is not what this test is about.
    // (Seen here under load: a node's first summary took 10 s of SQL, hence also the generous per-node deadline.)
    await f.graphql(`query ($p: String!) { microplasticSummary(purpose: $p, groupBy: { by: [COUNTRY] }) { complete } }`, { p: 'warm-up' });
    const introspect = async (url: string, token: string) => {
      const res = await request(url).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query: getIntrospectionQuery() });
      return buildClientSchema(res.body.data as IntrospectionQuery);
    };
    hubSchema = await introspect(f.hub.url, await f.issuer.token({ roles: ['admin', 'analyst', 'auditor'], country: 'TH' }));
    nodeSchema = await introspect(f.node('TH').started!.url, await nodeToken(['admin', 'auditor'], 'schema-reader'));
    if (haveChromium) browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await f.stop();
  });

  it('every GraphQL document of the console is valid against the schemas the running hub and node introspect', () => {
    const check = (schema: GraphQLSchema, docs: Record<string, string>) => {
      for (const [name, doc] of Object.entries(docs)) expect({ name, errors: validate(schema, parse(doc)).map((e) => e.message) }).toEqual({ name, errors: [] });
    };
    check(hubSchema, { ...HUB_DOCUMENTS, ...auditDocuments('hub') });
    check(nodeSchema, { ...NODE_DOCUMENTS, ...auditDocuments('node') });
    // The query builder's code lists are the hub's enums.
    const values = (name: string) => (hubSchema.getType(name) as unknown as { getValues(): { name: string }[] }).getValues().map((v) => v.name).sort();
    expect([...MATRICES].sort()).toEqual(values('Matrix'));
    expect([...POLYMERS].sort()).toEqual(values('Polymer'));
    expect([...SHAPES].sort()).toEqual(values('ParticleShape'));
    expect([...SITE_TYPES].sort()).toEqual(values('SiteType'));
    expect([...SIZE_CLASSES].sort()).toEqual(values('SizeClass'));
    expect([...TEAM_TYPES].sort()).toEqual(values('TeamType'));
  });

  it('is served at /console/ by the hub and by each node: strict CSP, caching, no other file, settings without secrets', async () => {
    for (const [url, app, country] of [[f.hub.url, 'hub', null], [f.node('TH').started!.url, 'node', 'TH']] as const) {
      const redirect = await request(url).get('/console');
      expect([redirect.status, redirect.headers.location]).toEqual([301, '/console/']);
      const index = await request(url).get('/console/');
      expect(index.status).toBe(200);
      expect(index.headers['content-type']).toMatch(/^text\/html/);
      expect(index.headers['cache-control']).toBe('no-cache');
      const csp = index.headers['content-security-policy'];
      expect(csp).toContain(`default-src 'none'`);
      expect(csp).toContain(`script-src 'self'`);
      expect(csp).toContain(`connect-src 'self'`);
      expect(csp).toContain(`frame-ancestors 'none'`);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:|data:|\*/);
      expect(index.headers['x-content-type-options']).toBe('nosniff');
      // Nothing from elsewhere: every script and stylesheet is under /console/assets/.
      const refs = [...index.text.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThanOrEqual(3);
      for (const ref of refs) expect(ref).toMatch(/^\/console\//);
      const script = refs.find((r) => r.endsWith('.js'))!;
      const asset = await request(url).get(script);
      expect(asset.status).toBe(200);
      expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(asset.text).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}\/[^"'\s]*\.(?:js|css|woff2?|png|json)/i); // no CDN
      const again = await request(url).get(script).set('If-None-Match', asset.headers.etag);
      expect(again.status).toBe(304);
      expect((await request(url).get('/console/../package.json')).status).toBe(404);
      expect((await request(url).get('/console/assets/nothing.js')).status).toBe(404);
      const settings = await request(url).get('/console/config.json');
      expect(settings.body).toEqual({ app, country, oidc: null });
      expect(settings.headers['cache-control']).toBe('no-store');
    }
  });

  browserIt('analyst at the hub: catalogue with signer, key and licence; a cross-border query shows the manifest (TH DENIED), table, chart, map and downloads with provenance', async () => {
    const { context, page, problems } = await newPage(browser!);
    await signIn(page, f.hub.url, await analystJp());
    // The analyst's screens only.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Cross-border query', 'Catalogue']);
    await expect(page.getByTestId('who').textContent()).resolves.toContain('analyst-jp');

    await nav.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByRole('heading', { name: '3 datasets found' }).waitFor();
    const jp = page.locator('article', { has: page.getByRole('heading', { name: 'jp-ncei' }) });
    await expect(jp.textContent()).resolves.toMatch(/Signed by\s*node of JP/);
    const kid = publicKidOf(f.node('JP'));
    await expect(jp.locator('code.kid').textContent()).resolves.toBe(kid);
    await expect(jp.textContent()).resolves.toContain('CC-BY-4.0');
    await expect(jp.textContent()).resolves.toContain('NOAA NCEI. jp-ncei. Dataset jp-ncei, version');
    // Filters: by country.
    await page.getByLabel('Countries').selectOption(['PH']);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('heading', { name: '1 dataset found' }).waitFor();
    await screenshot(page, 'analyst-catalogue');

    // From a dataset to the query builder.
    await page.getByRole('button', { name: 'Ask about “ph-beach”' }).click();
    await page.getByRole('heading', { name: 'Cross-border query', level: 1 }).waitFor();
    await expect(page.getByLabel('Countries').inputValue()).resolves.toBe('PH');
    await page.getByLabel('Countries').selectOption([]);
    // Without a purpose the console says why it cannot ask.
    await page.getByRole('button', { name: 'Run query' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Say why you ask');
    await page.getByLabel('Purpose of use').fill(PURPOSE);
    await page.getByRole('button', { name: 'Run query' }).click();
    const manifest = page.getByTestId('manifest');
    await manifest.waitFor();
    for (const [cc, status] of [['JP', 'OK'], ['PH', 'OK'], ['TH', 'DENIED']]) {
      await expect(manifest.locator(`tr[data-country="${cc}"]`).getAttribute('data-status')).resolves.toBe(status);
    }
    await expect(manifest.locator('tr[data-country="TH"]').textContent()).resolves.toContain('Refused');
    await expect(manifest.textContent()).resolves.toContain('Not complete');
    await expect(manifest.locator('tr[data-country="JP"]').textContent()).resolves.toContain('jp-ncei');
    // Table, chart and map.
    await page.getByRole('heading', { name: /\d+ groups/ }).waitFor();
    expect(await page.locator('table').filter({ hasText: 'one line per group' }).locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.map path.land').count()).toBeGreaterThan(100);
    expect(await page.locator('svg.map path.land.q0, svg.map path.land.q1, svg.map path.land.q2, svg.map path.land.q3, svg.map path.land.q4').count()).toBe(2); // JP and PH shaded
    await screenshot(page, 'analyst-query-result');

    // Downloads carry the query, the correlation id, each node's status and the citations.
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText).toMatch(/^# Littoral microplasticSummary from http/);
    expect(csvText).toContain(`# purpose: ${PURPOSE}`);
    expect(csvText).toMatch(/# correlationId: [0-9a-f-]{36}/);
    expect(csvText).toContain('# node TH: DENIED');
    expect(csvText).toMatch(/# cite: JP: jp-ncei \(version [^)]+\), licence CC-BY-4.0/);
    expect(csvText).toMatch(/\r\ncountry,matrix,suppressed,partial,suppressed_in,sources,samples,particles,conc_matrix/);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    const result = JSON.parse(readFileSync((await json.path())!, 'utf8'));
    expect(result.query).toMatchObject({ kind: 'microplastic', purpose: PURPOSE, groupBy: { by: ['COUNTRY', 'MATRIX'] } });
    expect(result.manifest.nodes.map((n: { country: string; status: string }) => `${n.country}:${n.status}`)).toEqual(['JP:OK', 'PH:OK', 'TH:DENIED']);
    expect(result.citations.length).toBe(2);
    expect(result.rows.length).toBeGreaterThan(0);

    // Grid cells on the map.
    await page.getByLabel('Grid cell', { exact: true }).check();
    await page.getByLabel('Country', { exact: true }).uncheck();
    await page.getByLabel('Matrix', { exact: true }).uncheck();
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.locator('svg.map rect.cell').first().waitFor();
    await screenshot(page, 'analyst-query-grid');
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('administrator on a node: adds a grant with constraints, sees explainAccess change from denied to allowed and the history say who, when and why', async () => {
    const { context, page, problems } = await newPage(browser!);
    await signIn(page, f.node('TH').started!.url, await nodeToken(['admin'], 'admin-th'));
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Sharing grants', 'Datasets']);
    await page.getByRole('heading', { name: 'Sharing grants', level: 1 }).waitFor();
    await page.getByRole('table', { name: /Grants of th-doer \(1\)/ }).waitFor();

    // What would a Japanese analyst get for the regional report? Nothing yet.
    await page.getByLabel("Requester's country").fill('JP');
    await page.getByLabel('Purpose', { exact: true }).fill(PURPOSE);
    await page.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect(page.getByTestId('explain-verdict').textContent()).resolves.toContain('Denied');

    // Add a grant for Japan, aggregates with k = 3 and a 0.5° grid.
    await page.getByRole('button', { name: 'Add a grant' }).click();
    await page.getByRole('heading', { name: 'New grant on th-doer' }).waitFor();
    const form = page.locator('form.grant-form');
    await form.getByLabel('Who').selectOption('COUNTRIES');
    await form.getByLabel('Countries').fill('JP');
    await form.getByLabel('Access level').selectOption('AGGREGATE');
    await form.getByLabel('Minimum group size (k)').fill('3');
    await form.getByLabel('Spatial precision (degrees)').fill('0.5');
    // A bad date is refused in words, naming the field; nothing is stored.
    await form.getByLabel('Valid until (exclusive)').fill('31/12/2026');
    await form.getByLabel('Reason for this change').fill('Share with Japan for the regional report');
    await form.getByRole('button', { name: 'Create grant' }).click();
    const alert = form.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('The grant is not valid');
    await expect(alert.textContent()).resolves.toContain('validUntil');
    await screenshot(page, 'admin-grant-invalid');
    await form.getByLabel('Valid until (exclusive)').fill('2030-01-01');
    await form.getByRole('button', { name: 'Create grant' }).click();
    await page.getByRole('status').filter({ hasText: /Grant \w+ created/ }).waitFor();
    await page.getByRole('table', { name: /Grants of th-doer \(2\)/ }).waitFor();

    // explainAccess is computed again with the new rules: allowed, with the grant's constraints.
    await page.getByTestId('explain-verdict').filter({ hasText: 'Allowed: Aggregates' }).waitFor();
    await expect(page.locator('.explain-result').textContent()).resolves.toMatch(/k = 3.*grid 0\.5°/);
    // History: who, when, why.
    const history = page.getByRole('table', { name: 'Versions, oldest first' });
    await expect(history.locator('tbody tr').last().textContent()).resolves.toMatch(/created.*admin-th \(TH\).*Share with Japan for the regional report/);
    await screenshot(page, 'admin-grants-explain');

    // A stale edit is refused with a plain explanation (GRANT_VERSION_CONFLICT).
    const row = page.locator('tr[data-grant]').filter({ hasText: 'Countries: JP' });
    const grantId = await row.getAttribute('data-grant');
    await row.getByRole('button', { name: /^Change grant/ }).click();
    const th = f.node('TH');
    const [current] = (await th.grants.list('th-doer')).filter((g) => g.grantId === grantId);
    const g = current.grant as unknown as { audience: unknown; level: string; constraints: Record<string, unknown>; validUntil?: string };
    await th.grants.change(grantId!, current.version, { audience: g.audience, level: g.level, constraints: { ...g.constraints, minGroupSize: 5 }, validUntil: g.validUntil }, 'meanwhile, another administrator', { subject: 'admin-2', country: 'TH', organisation: null, roles: ['admin'] });
    await form.getByLabel('Reason for this change').fill('tighten');
    await form.getByRole('button', { name: 'Save as a new version' }).click();
    await expect(form.getByRole('alert').textContent()).resolves.toContain('Someone changed this grant while you were editing it (it is now at version 2, you started from version 1)');
    await screenshot(page, 'admin-grant-conflict');

    // The analyst's next query has Thailand back.
    const res = await f.graphql(`query ($p: String!) { microplasticSummary(purpose: $p, groupBy: { by: [COUNTRY] }) { manifest { nodes { country status } } } }`, { p: PURPOSE }, await analystJp());
    expect(res.data!.microplasticSummary.manifest.nodes).toContainEqual({ country: 'TH', status: 'OK' });
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('auditor on a node: filters the log, traces a correlation id, verifies; a tampered entry is named and highlighted', async () => {
    const { context, page, problems } = await newPage(browser!);
    await signIn(page, f.node('TH').started!.url, await nodeToken(['auditor'], 'auditor-th'));
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Audit log', 'Datasets']);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByRole('table', { name: /audit log of node TH: \d+ entries match/ }).waitFor();

    // Filter: the queries the Japanese analyst made.
    await page.getByLabel('Actor').fill('analyst-jp');
    await page.getByLabel('Action').selectOption('query');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const table = page.getByRole('table', { name: /entries match/ });
    await page.locator('tbody tr[data-seq]').filter({ hasNotText: 'analyst-jp' }).first().waitFor({ state: 'detached' });
    await page.locator('tbody tr[data-seq]').first().waitFor();
    await expect(table.locator('tbody tr').first().textContent()).resolves.toContain(PURPOSE);
    // Trace one correlation id.
    await table.locator('tbody tr').first().getByRole('button', { name: /^Trace correlation id/ }).click();
    await page.getByRole('heading', { name: /^Trace of / }).waitFor();
    await page.getByRole('table', { name: 'Entries in the log of TH' }).waitFor();
    await screenshot(page, 'auditor-filter-trace');

    await page.getByRole('button', { name: 'Verify the log' }).click();
    await page.getByTestId('verify-verdict').filter({ hasText: 'Intact' }).waitFor();

    // An insider edits an entry with the trigger disabled (as the database superuser).
    const th = new Client({ connectionString: f.node('TH').db.url });
    await th.connect();
    const [{ seq }] = (await th.query(`SELECT min(seq)::int AS seq FROM audit_entry WHERE action = 'query'`)).rows;
    await th.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only`);
    await th.query(`UPDATE audit_entry SET purpose = 'nothing to see' WHERE seq = $1`, [seq]);
    await th.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only`);
    await th.end();

    await page.getByLabel('Actor').fill('');
    await page.getByLabel('Action').selectOption('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Verify the log' }).click();
    const verdict = page.getByTestId('verify-verdict').filter({ hasText: 'NOT INTACT' });
    await verdict.waitFor();
    await expect(verdict.textContent()).resolves.toContain(`entry ${seq} is the first that is not as it was written (it was changed after it was written)`);
    const bad = page.locator(`tr.bad-entry[data-seq="${seq}"]`);
    await bad.waitFor();
    await expect(bad.textContent()).resolves.toContain('first bad entry');
    await expect(bad.textContent()).resolves.toContain('nothing to see');
    expect(await page.locator('tr.bad-entry').count()).toBe(1);
    await bad.scrollIntoViewIfNeeded();
    await screenshot(page, 'auditor-tampered');
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('auditor at the hub: the hub\'s own log, the trace of a cross-border query naming the nodes to ask, verification', async () => {
    const { context, page, problems } = await newPage(browser!);
    await signIn(page, f.hub.url, await f.issuer.token({ sub: 'hub-auditor', roles: ['auditor'], expiresIn: '10m' }));
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Audit log', 'Members and keys', 'Refused messages']);
    await page.getByRole('table', { name: /hub's audit log: \d+ entries match/ }).waitFor();
    await page.getByLabel('Action').selectOption('query');
    await page.getByLabel('Actor').fill('analyst-jp');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('tbody tr[data-seq]').filter({ hasNotText: 'analyst-jp' }).first().waitFor({ state: 'detached' });
    const first = page.locator('tbody tr[data-seq]').first();
    await expect(first.textContent()).resolves.toContain(PURPOSE);
    await first.getByRole('button', { name: /^Trace correlation id/ }).click();
    await page.getByRole('heading', { name: 'Nodes concerned' }).waitFor();
    await expect(page.locator('section', { has: page.getByRole('heading', { name: /^Trace of / }) }).textContent()).resolves.toMatch(/JP \(jp-node\)[\s\S]*PH \(ph-node\)/);
    await page.getByRole('button', { name: 'Verify the log' }).click();
    await page.getByTestId('verify-verdict').filter({ hasText: 'Intact' }).waitFor();
    await screenshot(page, 'hub-auditor-trace-verify');
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('auditor at the hub: a signed export downloads the file and its signature, which `littoral audit verify --file --hub` accepts offline', async () => {
    const { context, page, problems } = await newPage(browser!);
    await signIn(page, f.hub.url, await f.issuer.token({ sub: 'hub-auditor', roles: ['auditor'], expiresIn: '10m' }));
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Signed export' }) });
    await section.waitFor();
    // Plain words before anything is asked: a period that ends before it begins.
    await page.getByLabel('Export from (your local time)').fill('2030-01-01T00:00:00');
    await page.getByLabel('Export until (your local time)').fill('2000-01-01T00:00:00');
    await page.getByRole('button', { name: 'Make the signed export' }).click();
    await section.getByRole('alert').filter({ hasText: 'The end of the period must be later than its start.' }).waitFor();
    await page.getByLabel('Export from (your local time)').fill('2000-01-01T00:00:00');
    await page.getByLabel('Export until (your local time)').fill('2099-12-31T23:59:59');
    await page.getByLabel('File format').selectOption('CSV');
    await page.getByRole('button', { name: 'Make the signed export' }).click();
    await page.getByTestId('export-made').waitFor();
    const command = await page.getByTestId('verify-command').textContent();
    expect(command).toMatch(/^littoral audit verify --file littoral-audit-hub-\S+\.csv --jwks hub-keys\.json --hub$/);
    const [file] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: /^Download the export/ }).click()]);
    const [sig] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: /^Download the signature/ }).click()]);
    expect(sig.suggestedFilename()).toBe(`${file.suggestedFilename()}.jws`);
    await screenshot(page, 'hub-auditor-signed-export');
    // Offline, as the page says: both files in one folder, the hub's public keys beside them.
    const dir = mkdtempSync(path.join(tmpdir(), 'littoral-console-export-'));
    try {
      await file.saveAs(path.join(dir, file.suggestedFilename()));
      await sig.saveAs(path.join(dir, sig.suggestedFilename()));
      writeFileSync(path.join(dir, 'hub-keys.json'), (await request(f.hub.url).get('/.well-known/jwks.json')).text);
      const args = command!.split(' ').slice(1).map((a) => (a.startsWith('littoral-audit-') || a === 'hub-keys.json' ? path.join(dir, a) : a));
      const r = await runLittoral([...args, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, origin: 'hub' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('administrator at the hub: members with keys and last seen, refused catalogue messages; no analyst or auditor screen', async () => {
    const { context, page, problems } = await newPage(browser!);
    await signIn(page, f.hub.url, await f.issuer.token({ sub: 'hub-admin', roles: ['admin'], expiresIn: '10m' }));
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Members and keys', 'Catalogue', 'Refused messages']);
    const members = page.getByRole('table', { name: '3 members' });
    await members.waitFor();
    for (const cc of ['JP', 'PH', 'TH']) {
      const row = members.locator(`tr[data-country="${cc}"]`);
      await expect(row.textContent()).resolves.toContain(publicKidOf(f.node(cc)));
      await expect(row.textContent()).resolves.toContain('trusted');
      await expect(row.textContent()).resolves.not.toContain('never');
    }
    await screenshot(page, 'hub-admin-members');
    await page.getByRole('link', { name: 'Catalogue entries the hub refused, and why' }).click();
    await page.getByRole('heading', { name: 'Refused messages', level: 1 }).waitFor();
    await expect(page.getByLabel('Event', { exact: true }).inputValue()).resolves.toBe('MESSAGE_REJECTED');
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('errors in words: a token that is not one, an expired one, one for another server; sign-out clears the token', async () => {
    const { context, page, problems } = await newPage(browser!);
    await page.goto(`${f.hub.url}/console/`);
    await page.getByLabel('Access token').fill('not a token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This is not an access token');
    // A node's token at the hub: the server refuses it; the console says why and returns to sign-in.
    await page.getByLabel('Access token').fill(await nodeToken(['analyst'], 'wrong-audience'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await page.getByRole('status').filter({ hasText: 'This token is for another server' }).waitFor();
    await screenshot(page, 'sign-in-refused');
    // A token that expires while signed in: back to sign-in, told why.
    await page.getByLabel('Access token').fill(await f.analystToken({ country: 'JP', expiresIn: Math.floor(Date.now() / 1000) + 3 }));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'Your session has ended because your token expired' }).waitFor({ timeout: 15_000 });
    expect(await sessionItems(page)).toBe(0);
    // Sign out clears the token.
    await signIn(page, f.hub.url, await analystJp());
    expect(await sessionItems(page)).toBe(1);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    expect(await sessionItems(page)).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  browserIt('phone-sized screen (390×844): no sideways scrolling; keyboard reaches the main controls in order; every control has an accessible name', async () => {
    const { context, page, problems } = await newPage(browser!, { width: 390, height: 844 });
    await signIn(page, f.hub.url, await analystJp());
    await page.getByRole('heading', { name: 'Cross-border query', level: 1 }).waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    const order = await tabOrder(page, 12);
    const at = (name: string) => order.findIndex((n) => n.startsWith(name));
    expect(order[0]).toBe('Skip to content');
    expect(at('Sign out')).toBeGreaterThan(0);
    expect(at('Cross-border query')).toBeGreaterThan(at('Sign out'));
    expect(at('Catalogue')).toBeGreaterThan(at('Cross-border query'));
    expect(at('Microplastics')).toBeGreaterThan(at('Catalogue'));
    expect(at('Purpose of use')).toBeGreaterThan(at('Microplastics'));
    // The whole query by keyboard: purpose, then Enter submits the form.
    await page.getByLabel('Purpose of use').focus();
    await page.keyboard.type(PURPOSE);
    await page.keyboard.press('Enter');
    await page.getByTestId('manifest').waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    expect(await scrollsHorizontally(page)).toBe(false);
    await screenshot(page, 'phone-query-result');
    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByRole('heading', { name: '3 datasets found' }).waitFor();
    expect(await scrollsHorizontally(page)).toBe(false);
    await screenshot(page, 'phone-catalogue');

    const admin = await newPage(browser!, { width: 390, height: 844 });
    await signIn(admin.page, f.node('TH').started!.url, await nodeToken(['admin', 'auditor'], 'admin-auditor-th'));
    await admin.page.getByRole('table', { name: /Grants of th-doer/ }).waitFor();
    expect(await scrollsHorizontally(admin.page)).toBe(false);
    expect(await unnamedControls(admin.page)).toEqual([]);
    await screenshot(admin.page, 'phone-grants');
    await admin.page.getByRole('link', { name: 'Audit log' }).click();
    await admin.page.getByRole('table', { name: /entries match/ }).waitFor();
    expect(await scrollsHorizontally(admin.page)).toBe(false);
    await screenshot(admin.page, 'phone-audit');
    expect([...problems, ...admin.problems]).toEqual([]);
    await admin.context.close();
    await context.close();
  });
});

function publicKidOf(node: NodeHandle): string {
  return node.keys.keys.find((k) => k.status === 'active')?.kid ?? node.keys.keys[0].kid;
}
