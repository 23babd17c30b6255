import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { DataSource } from 'typeorm';
import { generateKeyFile, writeKeyFile } from '@littoral/crypto';
import { DatasetsService, nodeDataSourceOptions, startNode, type StartedNode } from '../apps/node/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { runLittoral, type CliRun } from './support/cli';
import { waitFor } from './support/wait';

// `littoral grants …` as an administrator runs it, against real Postgres, with
// a node running on the same database that must republish its catalogue entry.
// The command runs in-process (runCli, the same entry as bin/littoral.js) so the
// test needs no build.

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const PREFIX = `lt${tag}`;
const STREAM = `LT_${tag.toUpperCase()}_CATALOG`;
const SUBJECT = `${PREFIX}.catalog.JP.jp-coast`;
const ASEAN = 'BN,KH,ID,LA,MY,MM,PH,SG,TH,VN,TL';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const ME = `cli:${userInfo().username}`;

describe('littoral grants', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let dir: string;
  let node: StartedNode;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let env: Record<string, string>;
  let grantId: string;

  async function littoral(...args: string[]): Promise<CliRun> {
    return runLittoral(args, env);
  }

  /** The payloads (unverified: node-grants.e2e-spec.ts verifies signatures) of the dataset's entries. */
  async function entries(): Promise<Record<string, any>[]> {
    let state;
    try {
      state = (await jsm.streams.info(STREAM)).state;
    } catch {
      return [];
    }
    const out: Record<string, any>[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage(STREAM, { seq }).catch(() => null);
      if (m?.subject === SUBJECT) out.push(JSON.parse(Buffer.from(m.string().split('.')[1], 'base64url').toString('utf8')));
    }
    return out;
  }

  beforeAll(async () => {
    db = await createTestDatabase('grants_cli');
    ds = new DataSource(nodeDataSourceOptions(db.url));
    await ds.initialize();
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-grants-cli-'));
    const keyFile = path.join(dir, 'jp-keys.json');
    await writeKeyFile(keyFile, await generateKeyFile('JP', new Date()));
    await new DatasetsService(ds).create({ id: 'jp-coast', title: 'Japanese coastal microplastics', theme: 'microplastics', license: 'CC-BY-4.0' });
    await new DatasetsService(ds).create({ id: 'jp-beach', title: 'Japanese beach litter', theme: 'beach-litter', license: 'CC-BY-4.0' });
    nc = await connect({ servers: NATS_URL });
    jsm = await jetstreamManager(nc);
    // The running node: no GraphQL issuer needed, it only publishes the catalogue.
    node = await startNode({
      DATABASE_URL: db.url, NATS_URL, LITTORAL_COUNTRY: 'JP', PORT: '0', LOG_LEVEL: 'silent', LITTORAL_KEY_FILE: keyFile,
      LITTORAL_STREAM_PREFIX: PREFIX, LITTORAL_CATALOGUE_STREAM: STREAM, LITTORAL_CATALOGUE_POLL_MS: '200',
    });
    // The CLI's shell: the database and the node's country (for explain), no key file.
    env = { DATABASE_URL: db.url, LITTORAL_COUNTRY: 'JP' };
  }, 60_000);

  afterAll(async () => {
    await node?.app.close();
    await jsm?.streams.delete(STREAM).catch(() => undefined);
    await nc?.close();
    await ds?.destroy();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('says a dataset without grants is visible to nobody', async () => {
    const r = await littoral('grants', 'list', 'jp-coast');
    expect(r).toEqual({ code: 0, stderr: '', stdout: 'Dataset jp-coast has no grants in force or scheduled: nobody else may see it (deny by default). --all shows revoked ones.\nPolicy version 0.\n' });
  });

  it('adds a grant, and the running node republishes the catalogue entry with the new access summary', async () => {
    await waitFor('entry version 1', async () => ((await entries()).some((e) => e.versionNumber === 1) ? true : undefined));
    const r = await littoral('grants', 'add', 'jp-coast', '--audience', `countries:${ASEAN}`, '--level', 'AGGREGATE', '--k', '5', '--precision', '0.1',
      '--reason', 'ASEAN+3 marine litter agreement, 2025');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    grantId = UUID.exec(r.stdout)![0];
    expect(r.stdout).toBe(
      `Created grant ${grantId} (version 1) on jp-coast: AGGREGATE for countries ${ASEAN.split(',').join(', ')} (k=5, 0.1°; always)\n` +
      'The running node signs and publishes the dataset\'s new catalogue entry within seconds (or at its next start).\n',
    );
    const v2 = await waitFor('entry version 2', async () => (await entries()).find((e) => e.versionNumber === 2));
    expect(v2.accessSummary).toEqual([{ '@type': 'AccessSummaryItem', accessLevel: 'AGGREGATE', audience: 'COUNTRIES' }]);
  });

  it('lists grants as a table and as JSON', async () => {
    const text = await littoral('grants', 'list', 'jp-coast');
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^GRANT\s+VERSION\s+STATUS\s+LEVEL\s+AUDIENCE\s+CONSTRAINTS\s+VALID$/);
    expect(lines[1]).toMatch(new RegExp(`^${grantId}\\s+1\\s+ACTIVE\\s+AGGREGATE\\s+countries BN, KH.*TL\\s+k=5, 0\\.1°\\s+always$`));
    expect(lines[2]).toMatch(/^Policy version \d+\.$/);

    const json = JSON.parse((await littoral('grants', 'list', 'jp-coast', '--json')).stdout);
    expect(json).toMatchObject({ datasetId: 'jp-coast', grants: [{ grantId, version: 1, status: 'ACTIVE', action: 'CREATE', reason: 'ASEAN+3 marine litter agreement, 2025',
      changedBy: { subject: ME, country: null, organisation: null, roles: [] },
      grant: { id: grantId, version: 1, datasetId: 'jp-coast', level: 'AGGREGATE', audience: { kind: 'COUNTRIES' }, constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1 } } }] });
    expect(json.policyVersion).toBe(json.grants[0].seq);
  });

  it('explains access: a Thai analyst gets AGGREGATE, a Korean one is denied', async () => {
    const th = await littoral('grants', 'explain', 'jp-coast', '--country', 'TH', '--roles', 'analyst', '--purpose', 'research');
    expect(th.code).toBe(0);
    expect(th.stdout).toMatch(new RegExp([
      '^ALLOWED: AGGREGATE on jp-coast',
      `  AGGREGATE allowed under grant ${grantId}`,
      'constraints: k=5, positions 0\\.1°, sensitive species 0\\.1°, redacted none, embargo 0 days',
      `decided by: ${grantId} \\(version 1\\)`,
      'highest level for this purpose: AGGREGATE',
      'policy version \\d+, evaluated at \\S+\\n$',
    ].join('\\n')));
    const kr = await littoral('grants', 'explain', 'jp-coast', '--country', 'KR', '--roles', 'analyst', '--purpose', 'research');
    expect(kr.code).toBe(0);
    expect(kr.stdout).toMatch(/^DENIED: METADATA on jp-coast\n  no grant gives you access to this dataset\nhighest level for this purpose: none\n/);
    const records = await littoral('grants', 'explain', 'jp-coast', '--country', 'TH', '--roles', 'analyst', '--purpose', 'research', '--level', 'RECORDS', '--json');
    expect(JSON.parse(records.stdout)).toMatchObject({ allowed: false, requestedLevel: 'RECORDS', highestLevel: 'AGGREGATE', constraints: null,
      reasons: ['you asked for RECORDS; the highest level available to you for this purpose is AGGREGATE'] });
  });

  it('adds grants from a file all or nothing, reporting every bad entry with its index and path', async () => {
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([
      { datasetId: 'jp-beach', audience: { kind: 'NETWORK' }, level: 'METADATA' },
      { datasetId: 'jp-beach', audience: { kind: 'NETWORK' }, level: 'Records', constraints: { minGroupSise: 5 } },
      { datasetId: 'jp-nowhere', audience: { kind: 'COUNTRIES', countries: ['kr'] }, level: 'AGGREGATE' },
      { datasetId: 'jp-beach', audience: { kind: 'COUNTRIES', countries: ['KR'] }, level: 'AGGREGATE', id: 'mine' },
    ]));
    const r = await littoral('grants', 'add', '--file', file, '--reason', 'bulk load');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error [GRANT_INVALID]: Invalid grants, nothing was stored (5 problems): ' +
      '[1].level: expected METADATA, AGGREGATE or RECORDS; ' +
      '[1].constraints.minGroupSise: unknown key; expected one of minGroupSize, spatialPrecisionDeg, redactedFields, allowedPurposes, embargoDays, sensitiveSpeciesPrecisionDeg; ' +
      '[2].audience.countries[0]: expected an ISO 3166-1 alpha-2 code in capitals, such as TH; got "kr"; ' +
      '[2].datasetId: dataset "jp-nowhere" does not exist on this node (see `littoral dataset list`); ' +
      '[3].id: is assigned by the node; leave it out\n',
    );
    expect((await littoral('grants', 'list', 'jp-beach', '--all')).stdout).toMatch(/^Dataset jp-beach has no grants/);

    const good = path.join(dir, 'good.json');
    writeFileSync(good, JSON.stringify([
      { datasetId: 'jp-beach', audience: { kind: 'NETWORK' }, level: 'METADATA' },
      { datasetId: 'jp-beach', audience: { kind: 'ORGANISATIONS', organisations: ['vn-vasi'], countries: ['VN'] }, level: 'RECORDS',
        constraints: { allowedPurposes: ['research'], redactedFields: ['team_member_name'] }, validUntil: '2030-01-01' },
    ]));
    const ok = await littoral('grants', 'add', '--file', good, '--reason', 'bulk load');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp([
      `^Created grant ${UUID.source} \\(version 1\\) on jp-beach: METADATA for the whole network \\(no constraints; always\\)`,
      `Created grant ${UUID.source} \\(version 1\\) on jp-beach: RECORDS for organisations vn-vasi in VN \\(redacted team_member_name, purposes research; until 2030-01-01\\)`,
      '',
    ].join('\n')));
    const vn = await littoral('grants', 'explain', 'jp-beach', '--country', 'VN', '--org', 'vn-vasi', '--roles', '', '--purpose', 'commercial');
    expect(vn.stdout).toMatch(/^ALLOWED: METADATA on jp-beach\n/);
    const research = await littoral('grants', 'explain', 'jp-beach', '--country', 'VN', '--org', 'vn-vasi', '--roles', '', '--purpose', 'research', '--json');
    expect(JSON.parse(research.stdout)).toMatchObject({ allowed: true, level: 'RECORDS', constraints: { redactedFields: ['team_member_name'] } });
  });

  it('revokes a grant with a reason; history shows who, when, why, before and after', async () => {
    const stale = await littoral('grants', 'revoke', grantId, '--reason', 'ended', '--expected-version', '7');
    expect(stale).toMatchObject({ code: 1, stdout: '' });
    expect(stale.stderr).toBe(`error [GRANT_VERSION_CONFLICT]: Grant ${grantId} is at version 1, not 7: someone changed it meanwhile. Read it again (grantHistory) and apply your change to version 1\n`);

    const r = await littoral('grants', 'revoke', grantId, '--reason', 'agreement ended');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Revoked grant ${grantId} on jp-coast at \\S+Z \\(version 2\\)\\.\\n`));
    const entry = await waitFor('an entry without access summary', async () => (await entries()).find((e) => e.versionNumber > 2 && !('accessSummary' in e)));
    expect(entry.accessRights['@id']).toMatch(/NON_PUBLIC$/);

    const again = await littoral('grants', 'revoke', grantId, '--reason', 'again');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^error \\[GRANT_REVOKED\\]: Grant ${grantId} is already revoked \\(version 2, at `));

    const history = await littoral('grants', 'history', grantId);
    expect(history.code).toBe(0);
    const lines = history.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatch(new RegExp(`^#\\d+  \\S+Z  CREATE grant ${grantId} version 1 on jp-coast$`));
    expect(lines[1]).toBe(`    by ${ME}: ASEAN+3 marine litter agreement, 2025`);
    expect(lines[2]).toMatch(/^    after:  AGGREGATE for countries BN, .* \(k=5, 0\.1°; always\)$/);
    expect(lines[3]).toMatch(new RegExp(`^#\\d+  \\S+Z  REVOKE grant ${grantId} version 2 on jp-coast$`));
    expect(lines[4]).toBe(`    by ${ME}: agreement ended`);
    expect(lines[5]).toMatch(/^    before: AGGREGATE for countries .* \(k=5, 0\.1°; always\)$/);
    expect(lines[6]).toMatch(/^    after:  AGGREGATE for countries .* \(k=5, 0\.1°; revoked \S+Z\)$/);

    const all = JSON.parse((await littoral('grants', 'history', 'jp-beach', '--json')).stdout);
    expect(all.map((v: { action: string; version: number }) => [v.action, v.version])).toEqual([['CREATE', 1], ['CREATE', 1]]);
    expect((await littoral('grants', 'list', 'jp-coast', '--all')).stdout).toMatch(new RegExp(`^${grantId}\\s+2\\s+REVOKED\\s+AGGREGATE`, 'm'));
  });

  it.each<[string, string[], number, RegExp]>([
    ['no reason', ['grants', 'add', 'jp-coast', '--audience', 'network', '--level', 'METADATA'], 2, /error: required option '--reason <text>' not specified/],
    ['a blank reason', ['grants', 'add', 'jp-coast', '--audience', 'network', '--level', 'METADATA', '--reason', ' '], 1,
      /^error \[GRANT_INVALID\]: Invalid grant: reason: give the reason for this change \(it is kept in the grant's history\)\n$/],
    ['a malformed audience', ['grants', 'add', 'jp-coast', '--audience', 'everyone', '--level', 'METADATA', '--reason', 'r'], 2,
      /option '--audience <who>' argument 'everyone' is invalid\. expected network \| countries:JP,TH \| orgs:vn-vasi,vn-imer\[@VN\] \| roles:analyst\[@TH\]/],
    ['no level', ['grants', 'add', 'jp-coast', '--audience', 'network', '--reason', 'r'], 2, /required option '--level <level>' not specified/],
    ['a level in lower case', ['grants', 'add', 'jp-coast', '--audience', 'network', '--level', 'records', '--reason', 'r'], 2, /Allowed choices are METADATA, AGGREGATE, RECORDS/],
    ['a dataset and --file', ['grants', 'add', 'jp-coast', '--file', 'x.json', '--reason', 'r'], 2, /--file takes the whole grants from the file/],
    ['bad numbers', ['grants', 'add', 'jp-coast', '--audience', 'roles:analyst@TH', '--level', 'RECORDS', '--k', 'five', '--embargo-days', '1.5', '--reason', 'r'], 1,
      /^error \[GRANT_INVALID\]: Invalid grant: constraints\.minGroupSize: expected an integer from 1 to 1000000; constraints\.embargoDays: expected an integer from 0 to 36500\n$/],
    ['an unknown dataset', ['grants', 'add', 'jp-nowhere', '--audience', 'network', '--level', 'METADATA', '--reason', 'r'], 1,
      /^error \[DATASET_NOT_FOUND\]: Dataset "jp-nowhere" does not exist on this node \(see `littoral dataset list`\)\n$/],
    ['an unknown grant', ['grants', 'revoke', '00000000-0000-4000-8000-000000000000', '--reason', 'r'], 1, /^error \[GRANT_NOT_FOUND\]: Grant "00000000-0000-4000-8000-000000000000" does not exist/],
    ['a file that is not JSON', ['grants', 'add', '--file', path.join(__dirname, 'grants-cli.e2e-spec.ts'), '--reason', 'r'], 1, /^error \[INPUT_INVALID\]: .*grants-cli\.e2e-spec\.ts is not valid JSON/],
    ['a missing file', ['grants', 'add', '--file', 'no-such-file.json', '--reason', 'r'], 1, /^error \[INPUT_INVALID\]: cannot read no-such-file\.json: ENOENT/],
    ['an unknown requester country', ['grants', 'explain', 'jp-coast', '--country', 'XX', '--roles', 'analyst', '--purpose', 'research'], 1,
      /^error \[INPUT_INVALID\]: Cannot explain access: country "XX" must be an ISO 3166-1 alpha-2 code in capitals, such as TH\n$/],
  ])('refuses %s', async (_case, args, code, message) => {
    const r = await littoral(...args);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('explain needs the node\'s country', async () => {
    const saved = env;
    env = { DATABASE_URL: db.url };
    try {
      const r = await littoral('grants', 'explain', 'jp-coast', '--country', 'TH', '--roles', 'analyst', '--purpose', 'research');
      expect(r).toMatchObject({ code: 1, stderr: 'error [CONFIG_INVALID]: LITTORAL_COUNTRY is not set: explaining access needs the node\'s country, the owner of its datasets\n' });
    } finally {
      env = saved;
    }
  });

  it('changed nothing while refusing', async () => {
    const json = JSON.parse((await littoral('grants', 'history', 'jp-coast', '--json')).stdout);
    expect(json.map((v: { action: string }) => v.action)).toEqual(['CREATE', 'REVOKE']);
  });
});
