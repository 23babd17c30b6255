#!/usr/bin/env node
// Runs every benchmark (bench:import, bench:catalogue, bench:federation,
// bench:audit), each in its own child process with its output shown as it
// comes, reads the one `BENCH_RESULT {json}` line each prints at the end
// (scripts/bench-common.js `result`), and writes a generated section into
// docs/benchmarks.md between `<!-- bench:begin -->` and `<!-- bench:end -->`:
// the date, the machine (CPU, memory, Node, Postgres and NATS server
// versions, asked of the servers themselves) and, per benchmark, its figures
// beside the reference measured in the same run, as ratios. The hand-written
// text around the markers is kept as it is.
//
// If a benchmark fails (non-zero exit, or no result line) the run stops with
// a message naming it, and the previous section is left untouched.
//
// Usage: npm run build && npm run bench [-- --quick] [-- --only import,audit]
//          [-- --out FILE] [-- --no-write]
//   --quick     small sizes everywhere (about a minute): for checking this
//               script; its section is printed, not written, unless --out is given
//   --only      a comma-separated subset of import, catalogue, federation, audit
//   --out FILE  the Markdown file to write (default docs/benchmarks.md)
//   --no-write  print the section only
// BENCH_PG_URL / BENCH_NATS_URL select other servers, as for each benchmark.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { arg, PG_SERVER } = require('./bench-common.js');

const root = path.resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const OUT = arg('out', undefined);
const NO_WRITE = process.argv.includes('--no-write') || (QUICK && !OUT);
const DOC = path.resolve(OUT ?? path.join(root, 'docs', 'benchmarks.md'));
const NATS_URL = process.env.BENCH_NATS_URL || 'nats://127.0.0.1:4222';
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

// Full runs use each script's defaults (no smaller sizes needed): on the 2-core
// development machine the four took 11 min 20 s in all, bench:federation at
// 3 × 1,000,000 particle counts 7 min 41 s of it, well within 25 minutes.
const BENCHES = [
  { name: 'import', script: 'bench-import.js', full: [], quick: ['--rows', '20000'] },
  { name: 'catalogue', script: 'bench-catalogue.js', full: [], quick: ['--datasets', '10', '--versions', '3', '--signatures', '200', '--timeout', '120'] },
  { name: 'federation', script: 'bench-federation.js', full: [], quick: ['--rows', '2000', '--iterations', '2', '--concurrency', '2', '--duration', '2', '--audit-runs', '5', '--timeout', '300'] },
  { name: 'audit', script: 'bench-audit.js', full: [], quick: ['--appends', '200', '--writers', '4', '--query-rows', '2000'] },
];

function fail(message) {
  console.error(`\nnpm run bench: ${message}`);
  console.error(`${path.relative(root, DOC)} was not changed.`);
  process.exit(1);
}

/** Runs one benchmark in its own process; its output goes on to ours as it comes; returns its BENCH_RESULT objects. */
function runBench(b) {
  const args = [path.join(__dirname, b.script), ...(QUICK ? b.quick : b.full)];
  console.log(`\n=== bench:${b.name}: node scripts/${b.script} ${args.slice(1).join(' ')}`.trimEnd());
  const started = Date.now();
  const loadBefore = os.loadavg()[0];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'inherit'] });
    const results = [];
    let pending = '';
    const take = (line) => {
      if (line.startsWith('BENCH_RESULT ')) {
        try {
          results.push(JSON.parse(line.slice('BENCH_RESULT '.length)));
        } catch (e) {
          fail(`bench:${b.name} printed a result line that is not JSON (${e.message}): ${line.slice(0, 200)}`);
        }
      }
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop();
      lines.forEach(take);
    });
    // Ctrl-C reaches the child too (same process group); it cleans up and exits, and so do we.
    const forward = () => undefined;
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (pending) take(pending);
      const seconds = (Date.now() - started) / 1000;
      if (code !== 0) fail(`bench:${b.name} failed (${signal ? `signal ${signal}` : `exit code ${code}`}) after ${seconds.toFixed(0)} s; its output is above.`);
      resolve({ results, seconds, load: [loadBefore, os.loadavg()[0]] });
    });
  });
}

/** The machine and the servers the run used. */
async function machine() {
  const cpus = os.cpus();
  const out = {
    cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: 'unknown',
    nats: 'unknown',
    commit: null,
  };
  try {
    const { Client } = require('pg');
    const c = new Client({ connectionString: PG_SERVER });
    await c.connect();
    try {
      out.postgres = (await c.query('SHOW server_version')).rows[0].server_version;
    } finally {
      await c.end();
    }
  } catch (e) {
    fail(`cannot reach Postgres (BENCH_PG_URL or the local server): ${e.message}`);
  }
  try {
    const { connect } = require('@nats-io/transport-node');
    const nc = await connect({ servers: NATS_URL, timeout: 5000 });
    out.nats = nc.info?.version ?? 'unknown';
    out.jetstream = Boolean(nc.info?.jetstream);
    await nc.close();
  } catch (e) {
    fail(`cannot reach NATS at ${NATS_URL} (BENCH_NATS_URL): ${e.message}`);
  }
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    out.commit = `${head}${dirty ? ' with uncommitted changes' : ''}`;
  } catch {
    // Not a git checkout (e.g. an unpacked release): no commit to name.
  }
  return out;
}

// ---------------------------------------------------------------------------
// Formatting.

const group = (v, digits = 0) => v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const num = (v) => (v == null || !Number.isFinite(v) ? '—' : v >= 1000 ? group(v) : v >= 100 ? group(v, 0) : v >= 10 ? group(v, 1) : group(v, 2));
const ms = (v) => (v == null || !Number.isFinite(v) ? '—' : `${num(v)} ms`);
const secs = (v) => `${v >= 100 ? group(v, 0) : v.toFixed(1)} s`;
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '—');
const pct = (v) => `${(100 * v).toFixed(0)} %`;
const duration = (s) => (s >= 60 ? `${Math.floor(s / 60)} min ${String(Math.round(s % 60)).padStart(2, '0')} s` : `${Math.round(s)} s`);
/** How long a benchmark ran, and the machine's 1-minute load average before and after it (other work shows there). */
const about = (run) => `${duration(run.seconds)}; load average ${run.load[0].toFixed(1)} before, ${run.load[1].toFixed(1)} after`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const table = (header, rows) => [row(header), row(header.map(() => '---')), ...rows.map(row)];

/** Exactly one result line of `bench` among `results`, else a clear failure. */
function one(results, bench, from) {
  const found = results.filter((r) => r.bench === bench);
  if (found.length !== 1) fail(`bench:${from} printed ${found.length} BENCH_RESULT lines for "${bench}" (expected 1): its output changed, or it stopped early.`);
  return found[0];
}

function importSection(r, run) {
  return [
    `### Import (\`bench:import\`, ${about(run)})`,
    '',
    `${group(r.rows)} particle-count rows in the canonical CSV (${num(r.fileMb)} MB); reference: \`psql \\copy\` of the same file into an unindexed table.`,
    '',
    ...table(['', 'time', 'rows/s', 'ratio to COPY'], [
      ['littoral import (validated, staged, merged)', secs(r.importS), group(r.importRowsPerS), ratio(r.importRowsPerS, r.copyRowsPerS)],
      ['  of which reading + validating + staging', secs(r.readS), '', ''],
      ['  of which merging', secs(r.mergeS), '', ''],
      ['psql \\copy (reference)', secs(r.copyS), group(r.copyRowsPerS), '1.00'],
    ]),
    '',
    `Peak RSS during the import: ${group(r.peakRssMb)} MB.`,
  ];
}

function catalogueSection(r, run) {
  const verifyMs = 1000 / r.verifyPerS;
  const lines = [
    `### Catalogue (\`bench:catalogue\`, ${about(run)})`,
    '',
    `${r.datasets} datasets × ${r.versions} versions per phase, signed entries of ${group(r.jwsBytes)} bytes on average; ${r.refused} refused.`,
    '',
    ...table(['measure', 'figure', 'reference (same run)', 'ratio'], [
      ['`signJws`, one after another', `${group(r.signPerS)} /s (${num(1e6 / r.signPerS)} µs)`, '', ''],
      ['`verifyJws`, one after another', `${group(r.verifyPerS)} /s (${num(1e6 / r.verifyPerS)} µs)`, '', ''],
      [`steady ${r.rate}/s: publish → queryable p50 / p95 / p99 / max`, `${ms(r.steady.p50Ms)} / ${ms(r.steady.p95Ms)} / ${ms(r.steady.p99Ms)} / ${ms(r.steady.maxMs)}`, '', ''],
      [`steady ${r.rate}/s: updates taken in`, `${num(r.steady.perS)} /s`, `${r.rate} /s offered`, ratio(r.steady.perS, r.rate)],
    ]),
  ];
  if (r.burst) {
    lines.push(row([`burst of ${group(r.burst.updates)}: hub throughput`, `${group(r.burst.perS)} /s (${num(r.burst.msEach)} ms each)`,
      `verifyJws ${num(verifyMs)} ms`, `${ratio(verifyMs, r.burst.msEach)} (verification's share)`]));
  }
  return lines;
}

function federationSection(r, audit, run) {
  const rows = r.queries.map((q) => [
    q.name, ms(q.hubP50), ms(q.hubP95), `${ms(q.slowestP50)} (${q.slowestCc})`, ratio(q.hubP50, q.slowestP50),
    ms(q.concurrentP50), ratio(q.hubP50, q.concurrentP50), ms(q.reportedP50), ms(q.hubP50 - q.reportedP50),
  ]);
  const s = r.sustained;
  const lines = [
    `### Federation (\`bench:federation\`, ${about(run)})`,
    '',
    `Hub + ${r.nodes} nodes in one process, ${group(r.rows)} synthetic particle counts per node; ${r.iterations} hub runs and ${r.nodeRuns} node runs per query.`,
    'Reference: the node\'s own summary executor (its SQL, decisions and suppression) on its database, one node at a time ("alone") and',
    'the three at once (as the fan-out makes them run on this machine). Ratio = hub p50 / reference p50; hub overhead = hub p50 − the slowest `nodeQueryMs` p50.',
    '',
    ...table(['query', 'hub p50', 'hub p95', 'slowest node alone p50', 'ratio', '3 nodes at once p50', 'ratio', 'nodeQueryMs p50', 'hub overhead'], rows),
    '',
    `Sustained (${s.query}): ${s.concurrency} concurrent analysts for ${s.durationS} s, ${group(s.queries)} queries, **${num(s.perS)} queries/s**, latency p50 ${ms(s.p50Ms)}, p95 ${ms(s.p95Ms)}`
      + ` (slowest node alone ${ms(s.slowestNodeAloneMs)}: ratio ${ratio(s.p50Ms, s.slowestNodeAloneMs)}).`,
  ];
  if (audit) {
    lines.push('', `Audit writes on the query path at this scale (${audit.query}, ${audit.runs} queries): p50 ${ms(audit.addedP50Ms)} of ${ms(audit.totalP50Ms)} end to end, ${pct(audit.shareP50)} (p95 ${pct(audit.shareP95)}).`);
  }
  return lines;
}

function auditSection(r, q, run) {
  const lines = [
    `### Audit log (\`bench:audit\`, ${about(run)})`,
    '',
    ...table(['measure', 'figure', 'reference (same run)', 'ratio'], [
      [`appends, 1 writer (${group(r.appends)})`, `${group(r.singlePerS)} /s (${num(r.singleMsEach)} ms each)`, '', ''],
      [`appends, ${r.writers} concurrent writers (${group(r.concurrentAppends)})`, `${group(r.concurrentPerS)} /s`, `1 writer ${group(r.singlePerS)} /s`, ratio(r.concurrentPerS, r.singlePerS)],
      [`chain verification, streamed from Postgres (${group(r.verified)} entries)`, `${group(r.verifyPerS)} entries/s`, `1-writer appends ${group(r.singlePerS)} /s`, ratio(r.verifyPerS, r.singlePerS)],
    ]),
  ];
  if (q) {
    lines.push(row([`added latency on a federated query (hub + 3 nodes, ${group(q.rows)} particle counts each; ${q.query}), p50`,
      ms(q.addedP50Ms), `end to end ${ms(q.totalP50Ms)}`, `${pct(q.shareP50)} (p95 ${pct(q.shareP95)})`]));
  }
  return lines;
}

function render(m, done, startedAt, totalS) {
  const lines = [
    BEGIN,
    '## Latest run (generated by `npm run bench`)',
    '',
    `_Generated by \`scripts/bench.js\`; do not edit between the markers: the next \`npm run bench\` replaces it. The sections below it are written by hand._`,
    '',
    `- date: ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${duration(totalS)} in all${QUICK ? ' — **quick run (small sizes): not representative**' : ''}`,
    `- machine: ${m.cores} × ${m.cpu}, ${m.memoryGiB.toFixed(1)} GiB, ${m.os}`,
    `- Node ${m.node}, PostgreSQL ${m.postgres}, NATS server ${m.nats}${m.jetstream === false ? ' (JetStream off)' : ''}`,
    ...(m.commit ? [`- commit ${m.commit}`] : []),
    `- the benchmarks ran one after another, each in its own process; anything else running on the machine shows in the figures (the load average beside each: above ${m.cores} the cores were shared with other work)`,
    '',
  ];
  const by = Object.fromEntries(done.map((d) => [d.name, d]));
  if (by.import) lines.push(...importSection(one(by.import.results, 'import', 'import'), by.import), '');
  if (by.catalogue) lines.push(...catalogueSection(one(by.catalogue.results, 'catalogue', 'catalogue'), by.catalogue), '');
  if (by.federation) {
    const fed = by.federation.results;
    lines.push(...federationSection(one(fed, 'federation', 'federation'), fed.find((r) => r.bench === 'federation-audit'), by.federation), '');
  }
  if (by.audit) {
    const a = by.audit.results;
    const q = a.filter((r) => r.bench === 'federation-audit');
    lines.push(...auditSection(one(a, 'audit', 'audit'), q.length ? one(a, 'federation-audit', 'audit') : undefined, by.audit), '');
  }
  lines.push(END);
  return lines.join('\n');
}

/** Replaces the text between the markers, or puts the section after the page's title when there are none yet. */
function writeSection(section) {
  const text = readFileSync(DOC, 'utf8');
  const b = text.indexOf(BEGIN);
  const e = text.indexOf(END);
  let next;
  if (b >= 0 && e > b) {
    next = text.slice(0, b) + section + text.slice(e + END.length);
  } else if (b >= 0 || e >= 0) {
    fail(`${path.relative(root, DOC)} has one bench marker without the other; fix it by hand (${BEGIN} … ${END}).`);
  } else {
    const title = text.match(/^# .*\n/m);
    const at = title ? title.index + title[0].length : 0;
    next = `${text.slice(0, at)}\n${section}\n${text.slice(at)}`;
  }
  writeFileSync(DOC, next);
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'apps', 'node', 'src', 'index.js'))) fail('dist/ is missing: run `npm run build` first.');
  const only = arg('only', undefined)?.split(',').map((s) => s.trim());
  const unknown = (only ?? []).filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`--only: unknown benchmark ${unknown.join(', ')}; one of ${BENCHES.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  if (!NO_WRITE && !existsSync(DOC)) fail(`${DOC} does not exist.`);
  const m = await machine();
  const startedAt = new Date();
  console.log(`npm run bench${QUICK ? ' (quick)' : ''}: ${m.cores} × ${m.cpu}, ${m.memoryGiB.toFixed(1)} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, NATS ${m.nats}`);
  const done = [];
  for (const b of BENCHES.filter((x) => !only || only.includes(x.name))) {
    const { results, seconds, load } = await runBench(b);
    if (results.length === 0) fail(`bench:${b.name} finished without a BENCH_RESULT line: nothing to report.`);
    done.push({ name: b.name, results, seconds, load });
  }
  const section = render(m, done, startedAt, (Date.now() - startedAt.getTime()) / 1000);
  console.log(`\n${section}\n`);
  if (NO_WRITE) {
    console.log(QUICK ? 'quick run: section printed, not written (give --out FILE to write it somewhere).' : 'section printed, not written (--no-write).');
    return;
  }
  writeSection(section);
  console.log(`wrote the generated section of ${path.relative(root, DOC)}`);
}

main().catch((e) => {
  console.error(e);
  fail(`stopped: ${e.message}`);
});
