import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JWS_TYPES, verifyJws, verifyKeyAnnouncement, type TrustedKey } from '@littoral/crypto';
import { REPO_ROOT } from './support/paths';

// Runs the built `littoral keys …` as an operator would: no database, no NATS.

const BIN = path.join(REPO_ROOT, 'bin', 'littoral.js');
const ENTRY = path.join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `littoral args…` with only the given variables. */
function littoral(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const built = fs.existsSync(ENTRY) ? fs.statSync(ENTRY).mtimeMs : 0;
  const sources = Math.max(newestSource(path.join(REPO_ROOT, 'apps')), newestSource(path.join(REPO_ROOT, 'libs')));
  // A build that stopped after tsc leaves @littoral/* requires that tsc-alias never rewrote.
  const half = built > 0 && fs.readFileSync(path.join(path.dirname(ENTRY), 'errors.js'), 'utf8').includes('"@littoral/');
  if (built < sources || half) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
}

interface JwksFile {
  keys: { kid: string; kty: string; crv: string; x: string; alg: string; use: string }[];
}

describe('littoral keys (built command)', () => {
  let work: string;
  let env: Record<string, string>;
  const keyFile = () => path.join(work, 'th-keys.json');

  beforeAll(() => {
    ensureBuilt();
  }, 120_000);

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-keys-e2e-'));
    env = { LITTORAL_COUNTRY: 'TH' };
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  it('generates ./littoral-keys.json in the working directory by default, owner-only', async () => {
    const r = await littoral(['keys', 'generate'], env, work);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const file = path.join(work, 'littoral-keys.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: { kid: string; privateJwk: { d: string } }[] };
    expect(r.stdout).toContain(stored.keys[0].kid);
    expect(r.stdout).toContain(file);
    expect(r.stdout).not.toContain(stored.keys[0].privateJwk.d);
  });

  it('generate → rotate → show → compromise, with the hub-side checks holding at each step', async () => {
    const envWithFile = { ...env, LITTORAL_KEY_FILE: keyFile() };
    expect((await littoral(['keys', 'generate'], envWithFile, work)).code).toBe(0);
    const first = JSON.parse((await littoral(['keys', 'show', '--json'], envWithFile, work)).stdout) as JwksFile;
    expect(first.keys).toHaveLength(1);
    const oldKey: TrustedKey = { kid: first.keys[0].kid, jwk: first.keys[0] };

    // Rotation: the JWS alone on stdout, so `> file` works; the hub verifies it with the key it already trusts.
    const rotate = await littoral(['keys', 'rotate'], envWithFile, work);
    expect(rotate.code).toBe(0);
    expect(rotate.stderr).toMatch(/^\s+new key\s+\S+$/m);
    const { newKey, previousKid } = await verifyKeyAnnouncement(rotate.stdout.trim(), [oldKey], 'TH', new Date());
    expect(previousKid).toBe(oldKey.kid);

    const shown = await littoral(['keys', 'show'], envWithFile, work);
    expect(shown.stdout).toMatch(new RegExp(`^${oldKey.kid}\\s+retired\\s`, 'm'));
    expect(shown.stdout).toMatch(new RegExp(`^${newKey.kid}\\s+active\\s`, 'm'));
    const second = JSON.parse((await littoral(['keys', 'show', '--json'], envWithFile, work)).stdout) as JwksFile;
    expect(second.keys.map((k) => k.kid)).toEqual([oldKey.kid, newKey.kid]);
    expect(JSON.stringify(second)).not.toMatch(/"d"/);

    // A second rotation announced into a file, verified against the key the first one introduced.
    const ann = path.join(work, 'announce.jws');
    expect((await littoral(['keys', 'rotate', '--announcement', ann], envWithFile, work)).code).toBe(0);
    const third = await verifyKeyAnnouncement(fs.readFileSync(ann, 'utf8'), [oldKey, newKey], 'TH', new Date());
    expect(third.previousKid).toBe(newKey.kid);

    // Compromise of the first key: it leaves the JWKS, and a hub that learns of it refuses the old announcement.
    const from = new Date(Date.now() - 60_000).toISOString();
    const compromise = await littoral(['keys', 'compromise', oldKey.kid, '--from', from], envWithFile, work);
    expect(compromise).toMatchObject({ code: 0, stderr: '' });
    const fourth = JSON.parse((await littoral(['keys', 'show', '--json'], envWithFile, work)).stdout) as JwksFile;
    expect(fourth.keys.map((k) => k.kid)).not.toContain(oldKey.kid);
    await expect(
      verifyJws(rotate.stdout.trim(), { typ: JWS_TYPES.keyAnnouncement, trusted: [{ ...oldKey, compromisedAt: new Date(from) }], issuer: 'TH', receivedAt: new Date() }),
    ).rejects.toMatchObject({ code: 'KEY_COMPROMISED' });
  });

  it('does not load NestJS', async () => {
    const probe = path.join(work, 'probe.js');
    fs.writeFileSync(probe, "process.on('exit', () => { const heavy = Object.keys(require.cache).filter((m) => /node_modules[\\\\/]@nestjs[\\\\/]/.test(m)); if (heavy.length) process.stderr.write('LOADED ' + heavy[0] + '\\n'); });");
    const r = await littoral(['keys', 'generate'], { ...env, LITTORAL_KEY_FILE: keyFile(), NODE_OPTIONS: `--require ${probe}` }, work);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('LOADED');
  });

  it('refuses a key file others can read, with the fix, and exits 1', async () => {
    const envWithFile = { ...env, LITTORAL_KEY_FILE: keyFile() };
    await littoral(['keys', 'generate'], envWithFile, work);
    fs.chmodSync(keyFile(), 0o644);
    const r = await littoral(['keys', 'show'], envWithFile, work);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error [KEY_FILE_INVALID]: Key file ${keyFile()} has mode 0644: group or others may access it, and it holds private keys; run \`chmod 600 ${keyFile()}\` and check that no one else has read it\n`);
  });

  it.each([
    [['keys', 'generate'], 1, {}, /^error \[CONFIG_INVALID\]: .*\n\s+- LITTORAL_COUNTRY is required/],
    [['keys', 'compromise', 'abc', '--from', 'soon'], 2, { LITTORAL_COUNTRY: 'TH' }, /argument 'soon' is invalid/],
    [['keys', 'frobnicate'], 2, { LITTORAL_COUNTRY: 'TH' }, /unknown command 'frobnicate'/],
  ])('%j exits with code %d', async (args, code, vars, message) => {
    const r = await littoral(args, vars as Record<string, string>, work);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
