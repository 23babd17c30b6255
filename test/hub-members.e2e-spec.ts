import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { activeKey, generateKeyFile, publicJwks, type KeyFile } from '@littoral/crypto';
import { createEmptyDatabase, type TestDatabase } from './support/db';
import { runLittoral, type CliRun } from './support/cli';

// `littoral migrate --hub` and `littoral members add | list | revoke`, run in
// process against a real Postgres database of this file's own.

describe('littoral members (hub registry)', () => {
  let db: TestDatabase;
  let dir: string;
  let jwksServer: Server;
  let jwksUrl: string;
  const keys: Record<string, KeyFile> = {};

  async function littoral(args: string[], env: Record<string, string> = { DATABASE_URL: db.url }): Promise<CliRun> {
    return runLittoral(args, env);
  }

  beforeAll(async () => {
    db = await createEmptyDatabase('hub_cli');
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-hub-cli-'));
    for (const c of ['TH', 'JP']) keys[c] = await generateKeyFile(c, new Date());
    writeFileSync(path.join(dir, 'th-jwks.json'), JSON.stringify(publicJwks(keys.TH)));
    // A node's /.well-known/jwks.json, served on a free port.
    jwksServer = createServer((req, res) => {
      if (req.url === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/jwk-set+json' });
        res.end(JSON.stringify(publicJwks(keys.JP)));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => jwksServer?.close(resolve));
    if (dir) rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it('migrates the hub schema once, then reports it up to date', async () => {
    const first = await littoral(['migrate', '--hub']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    // Later issues add hub migrations (the audit log): the schema's own comes first.
    expect(first.stdout).toMatch(/Applied \d+ migrations? to .*:\n {2}HubSchema\d+/);
    const second = await littoral(['migrate', '--hub']);
    expect(second.stdout).toMatch(/Hub database .* is up to date/);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      const tables = await sql.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      expect(tables.rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['catalogue_entry', 'littoral_hub_migrations', 'member', 'member_key', 'security_event']));
    } finally {
      await sql.end();
    }
  });

  it('adds a member from a JWKS file and another from its node\'s jwks.json URL', async () => {
    const th = await littoral(['members', 'add', '--country', 'th', '--node-id', 'th-node', '--name', 'Thailand', '--jwks', path.join(dir, 'th-jwks.json')]);
    expect(th).toMatchObject({ code: 0, stderr: '' });
    expect(th.stdout).toContain(`Added member TH (th-node, "Thailand") trusting 1 key:\n  ${activeKey(keys.TH).kid}`);
    const jp = await littoral(['members', 'add', '--country', 'JP', '--node-id', 'jp-node', '--name', 'Japan', '--jwks', `${jwksUrl}/.well-known/jwks.json`]);
    expect(jp).toMatchObject({ code: 0, stderr: '' });
    expect(jp.stdout).toContain(activeKey(keys.JP).kid);
  });

  it.each([
    ['a country outside LITTORAL_MEMBERS', ['--country', 'FR', '--node-id', 'fr-node', '--name', 'France', '--jwks', 'FILE'], {}, /error \[INPUT_INVALID\]: FR is not a network member/],
    ['a country no longer in LITTORAL_MEMBERS', ['--country', 'KR', '--node-id', 'kr-node', '--name', 'Korea', '--jwks', 'FILE'], { LITTORAL_MEMBERS: 'TH,JP' }, /KR is not a network member \(LITTORAL_MEMBERS: TH, JP\)/],
    ['a member already registered', ['--country', 'TH', '--node-id', 'th2-node', '--name', 'Thailand', '--jwks', 'FILE'], {}, /error \[MEMBER_ALREADY_EXISTS\]: TH is already a member/],
    ['a missing JWKS file', ['--country', 'VN', '--node-id', 'vn-node', '--name', 'Viet Nam', '--jwks', '/nonexistent/jwks.json'], {}, /cannot read the JWKS file \/nonexistent\/jwks.json: ENOENT/],
    ['a JWKS URL that answers 404', ['--country', 'VN', '--node-id', 'vn-node', '--name', 'Viet Nam', '--jwks', 'URL404'], {}, /cannot fetch the JWKS from .*: HTTP 404/],
  ])('refuses %s', async (_case, args, env, message) => {
    const resolved = args.map((a) => (a === 'FILE' ? path.join(dir, 'th-jwks.json') : a === 'URL404' ? `${jwksUrl}/nope` : a));
    const run = await littoral(['members', 'add', ...resolved], { DATABASE_URL: db.url, ...env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('lists members as a table and as JSON', async () => {
    const table = await littoral(['members', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^COUNTRY\s+NODE\s+STATUS\s+ENTRIES\s+LAST SEEN\s+KEYS\s+NAME$/);
    expect(lines[1]).toMatch(new RegExp(`^JP\\s+jp-node\\s+active\\s+0\\s+-\\s+${activeKey(keys.JP).kid}\\s+Japan$`));
    expect(lines[2]).toMatch(/^TH\s+th-node\s+active/);

    const json = await littoral(['members', 'list', '--json']);
    const list = JSON.parse(json.stdout);
    expect(list).toHaveLength(2);
    expect(list[1]).toMatchObject({ country: 'TH', nodeId: 'th-node', status: 'active', entryCount: 0, keys: [{ kid: activeKey(keys.TH).kid, source: 'admin', state: 'ACTIVE' }] });
    expect(JSON.stringify(list)).not.toContain('"d"');
  });

  it('revokes a member, and says so when it is already revoked or unknown', async () => {
    const run = await littoral(['members', 'revoke', 'JP']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Revoked member JP \(jp-node\) at \d{4}-/);
    expect((await littoral(['members', 'list', '--json'])).stdout).toMatch(/"status": "revoked"/);
    expect((await littoral(['members', 'revoke', 'JP'])).stderr).toMatch(/error \[MEMBER_REVOKED\]: JP was already revoked/);
    expect((await littoral(['members', 'revoke', 'PH'])).stderr).toMatch(/error \[MEMBER_UNKNOWN\]: PH is not a registered member/);
  });

  it('records the changes as security events by the cli', async () => {
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      const rows = await sql.query(`SELECT kind, country, actor FROM security_event ORDER BY id`);
      expect(rows.rows).toEqual([
        { kind: 'MEMBER_ADDED', country: 'TH', actor: 'cli' },
        { kind: 'MEMBER_ADDED', country: 'JP', actor: 'cli' },
        { kind: 'MEMBER_REVOKED', country: 'JP', actor: 'cli' },
      ]);
    } finally {
      await sql.end();
    }
  });

  it('explains an unmigrated hub database', async () => {
    const empty = await createEmptyDatabase('hub_cli_empty');
    try {
      const run = await littoral(['members', 'list'], { DATABASE_URL: empty.url });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/not migrated/);
    } finally {
      await empty.drop();
    }
  });
});
