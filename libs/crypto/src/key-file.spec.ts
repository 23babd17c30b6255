import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint } from 'jose';
import { HUB_KEY_FILE_COUNTRY, activeKey, generateKeyFile, markCompromised, publicJwks, readKeyFile, rotateKeyFile, thumbprint, writeKeyFile, type KeyFile } from './index.js';
import { T0, at, refusal } from './spec-helpers.js';

const mode = (file: string): number => fs.statSync(file).mode & 0o777;

describe('key files', () => {
  let kf: KeyFile;
  let dir: string;

  beforeAll(async () => {
    kf = await generateKeyFile('TH', T0);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-keys-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('generateKeyFile', () => {
    it('holds one active Ed25519 key whose kid is its RFC 7638 thumbprint', async () => {
      expect(kf).toMatchObject({ version: 1, country: 'TH' });
      expect(kf.keys).toHaveLength(1);
      const [key] = kf.keys;
      expect(key).toMatchObject({ status: 'active', createdAt: '2025-03-01T08:00:00.000Z' });
      expect(key.publicJwk).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.stringMatching(/^[\w-]{43}$/), kid: key.kid, alg: 'EdDSA', use: 'sig' });
      expect(key.privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x, d: expect.stringMatching(/^[\w-]{43}$/) });
      expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: key.publicJwk.x }, 'sha256'));
      expect(await thumbprint(key.publicJwk)).toBe(key.kid);
      expect(activeKey(kf)).toBe(key);
    });

    it('gives every key a new pair', async () => {
      const other = await generateKeyFile('TH', T0);
      expect(other.keys[0].kid).not.toBe(kf.keys[0].kid);
    });

    it('refuses a country that is not an alpha-2 code', async () => {
      expect(await refusal(generateKeyFile('Thailand', T0))).toMatchObject({ code: 'INPUT_INVALID' });
      expect(await refusal(generateKeyFile('HUB', T0))).toMatchObject({ code: 'INPUT_INVALID' });
    });

    it('makes the hub\'s key file with country "hub"; it round-trips like a node\'s', async () => {
      const hub = await generateKeyFile(HUB_KEY_FILE_COUNTRY, T0);
      expect(hub.country).toBe('hub');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-hub-key-'));
      try {
        const file = path.join(dir, 'hub-keys.json');
        await writeKeyFile(file, hub);
        expect(await readKeyFile(file)).toEqual(hub);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('activeKey / markCompromised / publicJwks', () => {
    it('publicJwks lists active and retired keys, public members only, never a compromised key', async () => {
      const { keyFile } = await rotateKeyFile(kf, at(T0, 60));
      const [retired, active] = keyFile.keys;
      expect(publicJwks(keyFile)).toEqual({
        keys: [
          { kty: 'OKP', crv: 'Ed25519', x: retired.publicJwk.x, kid: retired.kid, alg: 'EdDSA', use: 'sig' },
          { kty: 'OKP', crv: 'Ed25519', x: active.publicJwk.x, kid: active.kid, alg: 'EdDSA', use: 'sig' },
        ],
      });
      const after = markCompromised(keyFile, retired.kid, T0);
      expect(publicJwks(after).keys.map((k) => k.kid)).toEqual([active.kid]);
      for (const file of [kf, keyFile, after]) {
        const text = JSON.stringify(publicJwks(file));
        expect(text).not.toMatch(/"d"/);
        for (const k of file.keys) expect(text).not.toContain(String(k.privateJwk.d));
      }
    });

    it('markCompromised returns a new file, keeps the earliest time, and names an unknown kid', () => {
      const kid = kf.keys[0].kid;
      const once = markCompromised(kf, kid, at(T0, 100));
      expect(kf.keys[0].status).toBe('active'); // unchanged
      expect(once.keys[0]).toMatchObject({ status: 'compromised', compromisedAt: '2025-03-01T08:01:40.000Z' });
      expect(markCompromised(once, kid, at(T0, 200)).keys[0].compromisedAt).toBe('2025-03-01T08:01:40.000Z');
      expect(markCompromised(once, kid, at(T0, 50)).keys[0].compromisedAt).toBe('2025-03-01T08:00:50.000Z');
      expect(() => markCompromised(kf, 'nope', T0)).toThrow(expect.objectContaining({ code: 'KEY_UNKNOWN', message: expect.stringContaining('"nope"') }));
    });

    it('activeKey needs exactly one active key', () => {
      const none = markCompromised(kf, kf.keys[0].kid, T0);
      expect(() => activeKey(none)).toThrow(expect.objectContaining({ code: 'KEY_FILE_INVALID', message: expect.stringMatching(/no active key.*littoral keys rotate/) }));
      const two = { ...kf, keys: [kf.keys[0], { ...kf.keys[0], kid: 'x' }] };
      expect(() => activeKey(two)).toThrow(expect.objectContaining({ code: 'KEY_FILE_INVALID', message: expect.stringMatching(/2 active keys/) }));
    });
  });

  describe('readKeyFile / writeKeyFile', () => {
    it('round-trips through a file readable only by its owner', async () => {
      const file = path.join(dir, 'keys.json');
      await writeKeyFile(file, kf);
      expect(mode(file)).toBe(0o600);
      expect(await readKeyFile(file)).toEqual(kf);
      expect(fs.readdirSync(dir)).toEqual(['keys.json']); // no temporary file left behind
    });

    it('writes mode 0600 whatever the umask', async () => {
      const file = path.join(dir, 'keys.json');
      const previous = process.umask(0o000);
      try {
        await writeKeyFile(file, kf);
      } finally {
        process.umask(previous);
      }
      expect(mode(file)).toBe(0o600);
    });

    it('refuses to overwrite unless asked, then replaces atomically keeping mode 0600', async () => {
      const file = path.join(dir, 'keys.json');
      await writeKeyFile(file, kf);
      const { keyFile: rotated } = await rotateKeyFile(kf, at(T0, 60));
      const err = await refusal(writeKeyFile(file, rotated));
      expect(err).toMatchObject({ code: 'KEY_FILE_INVALID', message: expect.stringMatching(/already exists; refusing to overwrite/) });
      expect(await readKeyFile(file)).toEqual(kf); // untouched

      await writeKeyFile(file, rotated, { overwrite: true });
      expect(mode(file)).toBe(0o600);
      expect(await readKeyFile(file)).toEqual(rotated);
      expect(fs.readdirSync(dir)).toEqual(['keys.json']);
    });

    it('replacing never goes through a half-written or group-readable file: the inode is swapped by rename', async () => {
      const file = path.join(dir, 'keys.json');
      await writeKeyFile(file, kf);
      const before = fs.statSync(file).ino;
      await writeKeyFile(file, kf, { overwrite: true });
      expect(fs.statSync(file).ino).not.toBe(before);
    });

    it.each(['0644', '0640', '0604', '0660', '0606', '0610', '0601'])('refuses a file with mode %s, naming the path and the fix', async (octal) => {
      const m = parseInt(octal, 8);
      const file = path.join(dir, 'keys.json');
      await writeKeyFile(file, kf);
      fs.chmodSync(file, m);
      const err = await refusal(readKeyFile(file));
      expect(err.code).toBe('KEY_FILE_INVALID');
      expect(err.message).toBe(`Key file ${file} has mode 0${m.toString(8)}: group or others may access it, and it holds private keys; run \`chmod 600 ${file}\` and check that no one else has read it`);
    });

    it.each(['0400', '0700'])('accepts a file only its owner can access (mode %s)', async (octal) => {
      const file = path.join(dir, 'keys.json');
      await writeKeyFile(file, kf);
      fs.chmodSync(file, parseInt(octal, 8));
      expect(await readKeyFile(file)).toEqual(kf);
    });

    it('refuses a file written by hand with mode 0644 (the usual umask)', async () => {
      const file = path.join(dir, 'copied.json');
      fs.writeFileSync(file, JSON.stringify(kf), { mode: 0o644 });
      fs.chmodSync(file, 0o644);
      expect(await refusal(readKeyFile(file))).toMatchObject({ code: 'KEY_FILE_INVALID', message: expect.stringContaining(`chmod 600 ${file}`) });
    });

    it.each<[string, (k: KeyFile) => unknown, RegExp]>([
      ['not JSON', () => '{"d": "secret-looking', /is not valid JSON$/],
      ['a list', () => [], /expected a JSON object/],
      ['another version', (k) => ({ ...k, version: 2 }), /version 2 is not supported/],
      ['a bad country', (k) => ({ ...k, country: 'th' }), /country "th" must be an ISO 3166-1 alpha-2 code/],
      ['no keys', (k) => ({ ...k, keys: [] }), /keys must be a non-empty list/],
      ['a kid that is not the thumbprint', (k) => ({ ...k, keys: [{ ...k.keys[0], kid: 'made-up' }] }), /kid made-up is not the RFC 7638 thumbprint/],
      ['a private key of another pair', (k) => ({ ...k, keys: [{ ...k.keys[0], privateJwk: { ...k.keys[0].privateJwk, x: 'A'.repeat(43) } }] }), /privateJwk must be the Ed25519 private key matching publicJwk/],
      ['a private member in publicJwk', (k) => ({ ...k, keys: [{ ...k.keys[0], publicJwk: k.keys[0].privateJwk }] }), /publicJwk must be an Ed25519 \(OKP\) public key without private members/],
      ['an unknown status', (k) => ({ ...k, keys: [{ ...k.keys[0], status: 'lost' }] }), /status "lost" must be one of active, retired, compromised/],
      ['a bad time', (k) => ({ ...k, keys: [{ ...k.keys[0], createdAt: 'yesterday' }] }), /createdAt "yesterday" must be an ISO 8601 time/],
      ['compromised without a time', (k) => ({ ...k, keys: [{ ...k.keys[0], status: 'compromised' }] }), /a compromised key needs compromisedAt/],
    ])('refuses a key file with %s, never quoting key material', async (_label, make, message) => {
      const file = path.join(dir, 'bad.json');
      const content = make(kf);
      fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content), { mode: 0o600 });
      const err = await refusal(readKeyFile(file));
      expect(err.code).toBe('KEY_FILE_INVALID');
      expect(err.message).toMatch(new RegExp(`^Key file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} `));
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain(String(kf.keys[0].privateJwk.d));
      expect(err.message).not.toContain('secret-looking');
    });

    it('names a missing file and a missing directory', async () => {
      const file = path.join(dir, 'nope.json');
      expect(await refusal(readKeyFile(file))).toMatchObject({ code: 'KEY_FILE_INVALID', message: `Key file ${file} does not exist; create one with \`littoral keys generate\` or set LITTORAL_KEY_FILE` });
      const deep = path.join(dir, 'no', 'such', 'keys.json');
      expect(await refusal(writeKeyFile(deep, kf))).toMatchObject({ code: 'KEY_FILE_INVALID', message: expect.stringMatching(/directory does not exist/) });
    });

    it('refuses to write an invalid key file', async () => {
      const file = path.join(dir, 'keys.json');
      const err = await refusal(writeKeyFile(file, { ...kf, keys: [] }));
      expect(err.code).toBe('KEY_FILE_INVALID');
      expect(fs.existsSync(file)).toBe(false);
    });
  });
});
