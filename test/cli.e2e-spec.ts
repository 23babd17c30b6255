import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from './support/db';
import { REPO_ROOT } from './support/paths';

// Runs the built `littoral` command as an operator would, against real Postgres.

const BIN = path.join(REPO_ROOT, 'bin', 'littoral.js');
const ENTRY = path.join(REPO_ROOT, 'dist', 'apps', 'cli', 'src', 'main.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `littoral args…` with only the given variables (never the developer's DATABASE_URL). */
function littoral(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Newest modification time of the TypeScript sources the build compiles. */
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
  if (built < sources) execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'build.js')], { cwd: REPO_ROOT, stdio: 'pipe' });
}

const MICROPLASTICS_CSV = [
  'site_id,site_name,site_type,country,site_latitude,site_longitude,sample_id,sampled_at,matrix,device,mesh_size_mm,volume_m3,polymer,count',
  'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-14,SW_SURF,MANTA,0.33,120,PE,41',
  'S2,Si Racha,COASTAL,TH,13.17,100.92,S2-2024-03,2024-03-15,SW_SURF,MANTA,0.33,95,PP,17',
].join('\n');

const INVALID_CSV = [
  'site_id,site_type,sample_id,sampled_at,matrix,polymer,count',
  'S3,ESTUARY,S3-1,2024-03-14,SW_SURF,PE,4',
  'S3,ESTUARY,S3-2,2024-03-14,SW_SURF,PX,4',
].join('\n');

describe('littoral command', () => {
  let db: TestDatabase;
  let work: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    ensureBuilt();
    db = await createTestDatabase('cli');
    env = { DATABASE_URL: db.url };
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-cli-'));
  }, 120_000);

  afterAll(async () => {
    await db?.drop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  describe('usage', () => {
    it('lists every command with a description in --help', async () => {
      const r = await littoral(['--help']);
      expect(r.code).toBe(0);
      for (const command of ['migrate', 'node', 'hub', 'dataset', 'import']) {
        expect(r.stdout).toMatch(new RegExp(`^\\s+${command}\\b.*\\S+`, 'm'));
      }
    });

    it('prints the package version', async () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
      const r = await littoral(['--version']);
      expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    });

    it.each([
      [['frobnicate'], /unknown command 'frobnicate'/],
      [['dataset', 'create', '--id', 'x'], /required option '--title <text>' not specified/],
      [['dataset', 'list', '--theme', 'fish'], /argument 'fish' is invalid/],
      [['import', '--dataset', 'x', '--kind', 'microplastics', '--format', 'mapping', 'file.csv'], /--format mapping needs --mapping <file>/],
      [['import', '--dataset', 'x', '--kind', 'microplastics', '--rejected', 'r.csv', 'file.csv'], /--rejected <file> is only used with --skip-invalid/],
    ])('exits with code 2 on the usage error %j', async (args, message) => {
      const r = await littoral(args, env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    });
  });

  describe('configuration errors', () => {
    it('names a missing DATABASE_URL', async () => {
      const r = await littoral(['dataset', 'list']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error \[CONFIG_INVALID\]: .*\n\s+- DATABASE_URL is required/);
    });

    it('never prints the database password or a stack trace', async () => {
      const r = await littoral(['dataset', 'list'], { DATABASE_URL: 'postgres://littoral:Sup3r-s3cret@127.0.0.1:1/littoral_test_nowhere' });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: cannot connect to the database at postgres:\/\/littoral:\*\*\*@127\.0\.0\.1:1\/littoral_test_nowhere/);
      expect(r.stderr).not.toContain('Sup3r-s3cret');
      expect(r.stderr).not.toMatch(/^\s+at /m);
    });
  });

  describe('migrate', () => {
    let empty: TestDatabase;
    beforeAll(async () => {
      empty = await createEmptyDatabase('cli_migrate');
    });
    afterAll(async () => {
      await empty?.drop();
    });

    it('applies the migrations once, then reports the database up to date', async () => {
      const first = await littoral(['migrate'], { DATABASE_URL: empty.url });
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(/^Applied \d+ migrations? to postgres:/);
      expect(first.stdout).toMatch(/InitialSchema\d+/);
      expect(first.stdout).not.toMatch(/up to date/);

      const second = await littoral(['migrate'], { DATABASE_URL: empty.url });
      expect(second.code).toBe(0);
      expect(second.stdout).toMatch(/up to date/);
    });
  });

  describe('dataset', () => {
    const create = ['dataset', 'create', '--id', 'th-gulf-2024', '--title', 'Gulf of Thailand surface 2024', '--theme', 'microplastics', '--license', 'CC-BY-4.0'];

    it('creates a dataset with all its metadata', async () => {
      const r = await littoral(
        [...create, '--description', 'Manta trawls', '--keywords', 'microplastics, manta', '--publisher', 'DMCR', '--contact-name', 'Data desk',
          '--contact-email', 'data@dmcr.example', '--conforms-to', 'https://example.org/m1,https://example.org/m2', '--area', '99,5.5,103,13.8'],
        env,
      );
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toContain('Created dataset th-gulf-2024');
    });

    it('refuses a second dataset with the same id', async () => {
      const r = await littoral(create, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error \[DATASET_ALREADY_EXISTS\]: .*th-gulf-2024/);
    });

    it.each([
      [['--license', 'GPL-9'], /^error \[DATASET_INVALID\]: .*license "GPL-9" must be an SPDX licence id/],
      [['--area', '99,5.5,103'], /^error \[DATASET_INVALID\]: area "99,5.5,103" must be four numbers/],
      [['--contact-email', 'not-an-address'], /^error \[DATASET_INVALID\]: .*contactEmail "not-an-address"/],
    ])('rejects invalid metadata %j with exit code 1', async (extra, message) => {
      const base = ['dataset', 'create', '--id', 'th-bad', '--title', 'Bad', '--theme', 'microplastics', '--license', 'CC0-1.0'];
      const r = await littoral([...base, ...extra], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    });

    it('lists datasets as a table and as JSON, filtered by theme', async () => {
      const text = await littoral(['dataset', 'list'], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^ID\s+THEME\s+LICENSE\s+TITLE\n/);
      expect(text.stdout).toMatch(/th-gulf-2024\s+microplastics\s+CC-BY-4\.0\s+Gulf of Thailand surface 2024/);

      const json = await littoral(['dataset', 'list', '--json'], env);
      expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: 'th-gulf-2024', theme: 'microplastics', keywords: ['microplastics', 'manta'] })]);

      const none = await littoral(['dataset', 'list', '--theme', 'biodiversity', '--json'], env);
      expect(JSON.parse(none.stdout)).toEqual([]);
    });

    it('shows one dataset with its metadata and record counts', async () => {
      const text = await littoral(['dataset', 'show', 'th-gulf-2024'], env);
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^title\s+Gulf of Thailand surface 2024$/m);
      expect(text.stdout).toMatch(/^contact\s+Data desk <data@dmcr\.example>$/m);
      expect(text.stdout).toMatch(/^declared area\s+west 99, south 5\.5, east 103, north 13\.8$/m);
      expect(text.stdout).toMatch(/^records\n\s+none yet/m);

      const json = await littoral(['dataset', 'show', 'th-gulf-2024', '--json'], env);
      expect(JSON.parse(json.stdout)).toMatchObject({
        id: 'th-gulf-2024',
        license: 'CC-BY-4.0',
        conformsTo: ['https://example.org/m1', 'https://example.org/m2'],
        declaredArea: { west: 99, south: 5.5, east: 103, north: 13.8 },
        recordCounts: {},
      });
    });

    it('names a dataset that does not exist', async () => {
      const r = await littoral(['dataset', 'show', 'nope'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error \[DATASET_NOT_FOUND\]: Dataset "nope" does not exist/);
    });
  });

  describe('import', () => {
    const importArgs = (file: string, ...extra: string[]) => ['import', '--dataset', 'th-gulf-2024', '--kind', 'microplastics', ...extra, file];

    beforeAll(() => {
      fs.writeFileSync(path.join(work, 'samples.csv'), MICROPLASTICS_CSV);
      fs.writeFileSync(path.join(work, 'invalid.csv'), INVALID_CSV);
    });

    it('stores a canonical microplastics file and prints the summary', async () => {
      const r = await littoral(importArgs('samples.csv'), env, work);
      expect(r).toMatchObject({ code: 0, stderr: '' }); // stderr is not a terminal: no progress line
      expect(r.stdout).toMatch(/^Import of samples\.csv into dataset th-gulf-2024 \(microplastics, format canonical\)$/m);
      expect(r.stdout).toMatch(/^\s+rows read\s+2$/m);
      expect(r.stdout).toMatch(/^\s+stored\s+2$/m);
      expect(r.stdout).toMatch(/^\s+duplicates\s+0$/m);
      expect(r.stdout).toMatch(/^\s+rejected\s+0$/m);
      expect(r.stdout).toMatch(/^\s+time\s+\d+\.\d+ s$/m);
      expect(r.stdout).toMatch(/^\s+rows\/s\s+[\d,]+$/m);
      expect(r.stdout).toMatch(/^\s+status\s+SUCCEEDED$/m);

      const show = await littoral(['dataset', 'show', 'th-gulf-2024', '--json'], env);
      expect(JSON.parse(show.stdout).recordCounts).toMatchObject({ mp_site: 2, mp_sample: 2, mp_particle_count: 2 });
    });

    it('stores nothing twice when the same file is imported again', async () => {
      const r = await littoral(importArgs('samples.csv'), env, work);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\s+stored\s+0$/m);
      expect(r.stdout).toMatch(/^\s+duplicates\s+2$/m);
    });

    it('rejects a file with an invalid row, naming line, column, value and what was expected', async () => {
      const r = await littoral(importArgs('invalid.csv'), env, work);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^\s+status\s+REJECTED$/m);
      expect(r.stdout).toMatch(/^\s+line 3, column polymer: value "PX": .+ \(expected .*PE.*\)$/m);
    });

    it('prints at most 20 errors and says where the full list is', async () => {
      const rows = Array.from({ length: 25 }, (_, i) => `S4,ESTUARY,S4-${i},2024-03-14,SW_SURF,PX,1`);
      fs.writeFileSync(path.join(work, 'many.csv'), ['site_id,site_type,sample_id,sampled_at,matrix,polymer,count', ...rows].join('\n'));

      const plain = await littoral(importArgs('many.csv'), env, work);
      expect(plain.code).toBe(1);
      expect(plain.stdout.match(/^\s+line \d+, column polymer: /gm)).toHaveLength(20);
      expect(plain.stdout).toMatch(/^\s+… and 5 more; run again with --report <file> to get the full list$/m);

      const reported = await littoral(importArgs('many.csv', '--report', 'many-report.csv'), env, work);
      expect(reported.stdout).toMatch(/^\s+… and 5 more; full list in many-report\.csv$/m);
      expect(fs.readFileSync(path.join(work, 'many-report.csv'), 'utf8').trim().split('\n')).toHaveLength(26);
    });

    it('with --skip-invalid stores the valid rows and says where the rejected ones went', async () => {
      const r = await littoral(importArgs('invalid.csv', '--skip-invalid', '--rejected', 'rejected.csv', '--report', 'report.csv'), env, work);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^\s+stored\s+1$/m);
      expect(r.stdout).toMatch(/^\s+rejected\s+1$/m);
      expect(r.stdout).toMatch(/^\s+status\s+PARTIAL$/m);
      expect(r.stdout).toMatch(/^\s+line 3, column polymer: value "PX"/m);
      expect(r.stdout).toContain('rejected.csv');
      expect(fs.readFileSync(path.join(work, 'rejected.csv'), 'utf8')).toContain('S3-2');
      expect(fs.readFileSync(path.join(work, 'report.csv'), 'utf8')).toMatch(/^line,file,column,value,reason,expected\n3,,polymer,PX,/);
    });

    it.each([
      [['--dataset', 'nope'], 'samples.csv', /^error \[DATASET_NOT_FOUND\]/],
      [[], 'missing.csv', /^error \[IMPORT_FILE_UNREADABLE\]: .*missing\.csv/],
    ])('fails with exit code 1: %j %s', async (extra, file, message) => {
      const args = extra.length ? ['import', ...extra, '--kind', 'microplastics', file] : importArgs(file);
      const r = await littoral(args, env, work);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
    });
  });
});
