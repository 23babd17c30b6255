import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { JWS_TYPES, activeKey, generateKeyFile, readKeyFile, verifyKeyAnnouncement, writeKeyFile } from '@littoral/crypto';
import { runCli } from '../program.js';

interface Run {
  code: number | 'running';
  out: string;
  err: string;
}

async function littoral(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (c: Buffer) => (o += c.toString()));
  err.on('data', (c: Buffer) => (e += c.toString()));
  const code = await runCli(['node', 'littoral', ...args], { out, err, env });
  return { code, out: o, err: e };
}

describe('littoral keys', () => {
  let dir: string;
  let file: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-keys-cli-'));
    file = path.join(dir, 'keys.json');
    env = { LITTORAL_COUNTRY: 'TH', LITTORAL_KEY_FILE: file };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const privateParts = async (): Promise<string[]> => (await readKeyFile(file)).keys.map((k) => String(k.privateJwk.d));

  describe('generate', () => {
    it('writes an owner-only key file and prints the kid and path, never private material', async () => {
      const r = await littoral(['keys', 'generate'], env);
      expect(r).toMatchObject({ code: 0, err: '' });
      const kf = await readKeyFile(file);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(kf.country).toBe('TH');
      expect(r.out).toMatch(/^Generated an Ed25519 signing key for TH$/m);
      expect(r.out).toMatch(new RegExp(`^\\s+kid\\s+${kf.keys[0].kid}$`, 'm'));
      expect(r.out).toContain(file);
      for (const d of await privateParts()) expect(r.out + r.err).not.toContain(d);
    });

    it('uses --file over LITTORAL_KEY_FILE, and upper-cases the country', async () => {
      const other = path.join(dir, 'other.json');
      const r = await littoral(['keys', 'generate', '--file', other], { ...env, LITTORAL_COUNTRY: 'jp' });
      expect(r.code).toBe(0);
      expect((await readKeyFile(other)).country).toBe('JP');
      expect(fs.existsSync(file)).toBe(false);
    });

    it('refuses to replace an existing key file unless --force', async () => {
      await littoral(['keys', 'generate'], env);
      const first = (await readKeyFile(file)).keys[0].kid;
      const again = await littoral(['keys', 'generate'], env);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/^error \[KEY_FILE_INVALID\]: Key file .*keys\.json already exists; refusing to overwrite it/);
      expect((await readKeyFile(file)).keys[0].kid).toBe(first);

      const forced = await littoral(['keys', 'generate', '--force'], env);
      expect(forced.code).toBe(0);
      expect((await readKeyFile(file)).keys[0].kid).not.toBe(first);
    });

    it.each([
      [{}, /LITTORAL_COUNTRY is required/],
      [{ LITTORAL_COUNTRY: 'Thailand' }, /LITTORAL_COUNTRY="Thailand": expected an ISO 3166-1 alpha-2 code/],
      [{ LITTORAL_COUNTRY: 'US' }, /US is not a network member/],
      [{ LITTORAL_COUNTRY: 'US', LITTORAL_MEMBERS: 'TH,US' }, null],
    ])('validates LITTORAL_COUNTRY as the node does: %j', async (vars, message) => {
      const r = await littoral(['keys', 'generate'], { LITTORAL_KEY_FILE: file, ...vars });
      if (message === null) return expect(r.code).toBe(0);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error \[CONFIG_INVALID\]/);
      expect(r.err).toMatch(message);
    });
  });

  describe('generate --hub', () => {
    it('writes the hub\'s key file (country "hub") to LITTORAL_HUB_KEY_FILE without needing LITTORAL_COUNTRY; node key files are unchanged', async () => {
      const hubFile = path.join(dir, 'hub-keys.json');
      const r = await littoral(['keys', 'generate', '--hub'], { LITTORAL_HUB_KEY_FILE: hubFile, LITTORAL_KEY_FILE: file });
      expect(r).toMatchObject({ code: 0, err: '' });
      const kf = await readKeyFile(hubFile);
      expect(kf.country).toBe('hub');
      expect(fs.statSync(hubFile).mode & 0o777).toBe(0o600);
      expect(fs.existsSync(file)).toBe(false);
      expect(r.out).toMatch(/^Generated an Ed25519 signing key for the hub$/m);
      expect(r.out).toContain('LITTORAL_HUB_JWKS');
      expect(r.out).not.toContain(String(kf.keys[0].privateJwk.d));

      const shown = await littoral(['keys', 'show', '--hub'], { LITTORAL_HUB_KEY_FILE: hubFile });
      expect(shown.out).toMatch(/^Key file .*hub-keys\.json \(the hub\)$/m);
      const jwks = JSON.parse((await littoral(['keys', 'show', '--hub', '--json'], { LITTORAL_HUB_KEY_FILE: hubFile })).out);
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([kf.keys[0].kid]);

      const node = await littoral(['keys', 'generate'], env);
      expect(node.code).toBe(0);
      expect((await readKeyFile(file)).country).toBe('TH');
    });

    it('--file wins over LITTORAL_HUB_KEY_FILE', async () => {
      const other = path.join(dir, 'elsewhere.json');
      const r = await littoral(['keys', 'generate', '--hub', '--file', other], { LITTORAL_HUB_KEY_FILE: path.join(dir, 'unused.json') });
      expect(r.code).toBe(0);
      expect((await readKeyFile(other)).country).toBe('hub');
      expect(fs.existsSync(path.join(dir, 'unused.json'))).toBe(false);
    });
  });

  describe('rotate', () => {
    beforeEach(async () => {
      await littoral(['keys', 'generate'], env);
    });

    it('prints the announcement alone on stdout and the kids on stderr; the announcement verifies against the old key', async () => {
      const old = (await readKeyFile(file)).keys[0];
      const r = await littoral(['keys', 'rotate'], env);
      expect(r.code).toBe(0);
      const after = await readKeyFile(file);
      const active = after.keys.find((k) => k.status === 'active')!;
      expect(after.keys.find((k) => k.kid === old.kid)).toMatchObject({ status: 'retired' });
      expect(r.err).toMatch(new RegExp(`^\\s+new key\\s+${active.kid}$`, 'm'));
      expect(r.err).toMatch(new RegExp(`^\\s+previous key\\s+${old.kid} \\(retired`, 'm'));
      expect(r.out).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const { newKey, previousKid } = await verifyKeyAnnouncement(r.out.trim(), [{ kid: old.kid, jwk: old.publicJwk }], 'TH', new Date());
      expect({ kid: newKey.kid, previousKid }).toEqual({ kid: active.kid, previousKid: old.kid });
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      for (const d of await privateParts()) expect(r.out + r.err).not.toContain(d);
    });

    it('writes the announcement to --announcement <file> and the kids to stdout', async () => {
      const ann = path.join(dir, 'announcement.jws');
      const r = await littoral(['keys', 'rotate', '--announcement', ann], env);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toMatch(/^\s+new key\s+\S+$/m);
      expect(r.out).toContain(`Announcement written to ${ann}`);
      const jws = fs.readFileSync(ann, 'utf8');
      expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      const header = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString());
      expect(header.typ).toBe(JWS_TYPES.keyAnnouncement);
    });

    it('refuses a key file readable by others, naming the fix', async () => {
      fs.chmodSync(file, 0o644);
      const r = await littoral(['keys', 'rotate'], env);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`error [KEY_FILE_INVALID]: Key file ${file} has mode 0644: group or others may access it, and it holds private keys; run \`chmod 600 ${file}\` and check that no one else has read it\n`);
    });
  });

  describe('show', () => {
    it('lists the keys with status and times, and with --json the public JWKS only', async () => {
      await littoral(['keys', 'generate'], env);
      await littoral(['keys', 'rotate'], env);
      const kf = await readKeyFile(file);
      const text = await littoral(['keys', 'show'], env);
      expect(text.code).toBe(0);
      expect(text.out).toMatch(new RegExp(`^Key file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(country TH\\)$`, 'm'));
      expect(text.out).toMatch(/^KID\s+STATUS\s+CREATED\s+RETIRED\s+COMPROMISED$/m);
      expect(text.out).toMatch(new RegExp(`^${kf.keys[0].kid}\\s+retired\\s+\\S+Z\\s+\\S+Z\\s+-$`, 'm'));
      expect(text.out).toMatch(new RegExp(`^${kf.keys[1].kid}\\s+active\\s+\\S+Z\\s+-\\s+-$`, 'm'));

      const json = await littoral(['keys', 'show', '--json'], env);
      const jwks = JSON.parse(json.out) as { keys: Record<string, unknown>[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual(kf.keys.map((k) => k.kid));
      for (const k of jwks.keys) expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
      for (const d of await privateParts()) expect(text.out + json.out).not.toContain(d);
    });

    it('names a missing key file', async () => {
      const r = await littoral(['keys', 'show'], env);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error \[KEY_FILE_INVALID\]: Key file .*keys\.json does not exist; create one with `littoral keys generate`/);
    });
  });

  describe('compromise', () => {
    beforeEach(async () => {
      await littoral(['keys', 'generate'], env);
    });

    it('marks a retired key compromised and drops it from the JWKS', async () => {
      await littoral(['keys', 'rotate'], env);
      const [retired, active] = (await readKeyFile(file)).keys;
      const r = await littoral(['keys', 'compromise', retired.kid, '--from', '2025-03-01T08:00:00+07:00'], env);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toContain(`Key ${retired.kid} is marked compromised from 2025-03-01T01:00:00.000Z`);
      expect(r.out).not.toMatch(/new active key/);
      expect((await readKeyFile(file)).keys).toEqual([expect.objectContaining({ kid: retired.kid, status: 'compromised', compromisedAt: '2025-03-01T01:00:00.000Z' }), active]);
      const jwks = JSON.parse((await littoral(['keys', 'show', '--json'], env)).out) as { keys: { kid: string }[] };
      expect(jwks.keys.map((k) => k.kid)).toEqual([active.kid]);
    });

    it('replaces a compromised active key with a new one, without an announcement', async () => {
      const [old] = (await readKeyFile(file)).keys;
      const r = await littoral(['keys', 'compromise', old.kid, '--from', '2025-03-01T08:00:00Z'], env);
      expect(r.code).toBe(0);
      const after = await readKeyFile(file);
      const active = after.keys.find((k) => k.status === 'active')!;
      expect(after.keys[0]).toMatchObject({ kid: old.kid, status: 'compromised', compromisedAt: '2025-03-01T08:00:00.000Z' });
      expect(r.out).toContain(`new active key ${active.kid}`);
      expect(r.out).not.toMatch(/[\w-]{20,}\.[\w-]{20,}\.[\w-]{20,}/); // no JWS
    });

    it('takes a kid that starts with a dash as the key, not as an option', async () => {
      // One key in 64 has a thumbprint starting with '-'; make such a key file.
      let kf = await generateKeyFile('TH', new Date());
      for (let i = 0; i < 10_000 && !activeKey(kf).kid.startsWith('-'); i++) kf = await generateKeyFile('TH', new Date());
      const kid = activeKey(kf).kid;
      expect(kid.startsWith('-')).toBe(true);
      await writeKeyFile(file, kf, { overwrite: true });
      const r = await littoral(['keys', 'compromise', kid, '--from', '2025-03-01T08:00:00Z'], env);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toContain(`Key ${kid} is marked compromised`);
    });

    it.each([
      [['keys', 'compromise', 'x', '--frm', '2025-03-01T08:00:00Z'], 2, /required option '--from <time>' not specified/],
      [['keys', 'compromise', '--frm', 'x', '--from', '2025-03-01T08:00:00Z'], 2, /too many arguments for 'compromise'/],
      [['keys', 'compromise', 'nope', '--from', '2025-03-01T08:00:00Z'], 1, /^error \[KEY_UNKNOWN\]: The key file for TH has no key "nope"/],
      [['keys', 'compromise', 'x', '--from', '2025-03-01'], 2, /option '--from <time>' argument '2025-03-01' is invalid\. expected an ISO 8601 time with a time zone/],
      [['keys', 'compromise', 'x', '--from', 'yesterday'], 2, /is invalid/],
      [['keys', 'compromise', 'x'], 2, /required option '--from <time>' not specified/],
      [['keys', 'compromise', 'x', '--from', '2999-01-01T00:00:00Z'], 1, /^error \[INPUT_INVALID\]: --from 2999-01-01T00:00:00\.000Z is in the future/],
    ])('refuses %j with exit code %d', async (args, code, message) => {
      const r = await littoral(args, env);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
    });
  });

  it('lists keys among the commands in --help', async () => {
    const r = await littoral(['--help']);
    expect(r.out).toMatch(/^\s+keys\s+manage this node's signing keys/m);
    const sub = await littoral(['keys', '--help']);
    for (const c of ['generate', 'rotate', 'show', 'compromise']) expect(sub.out).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
  });
});
