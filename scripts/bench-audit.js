#!/usr/bin/env node
// Audit-log benchmark: appends per second to the hash chain in a real node
// database, with one writer and with concurrent writers, and how fast the
// chain is verified.
//
// A fresh database of its own (`littoral_bench_audit_<pid>`, node migrations),
// then:
// 1. one writer: N appends one after another (default 2,000), each its own
//    transaction (advisory lock, head read, insert, commit), as AuditLog.append;
// 2. W concurrent writers (default 8) sharing one pool of W connections, N
//    appends in all; the chain is then checked to be one linear chain of 2N;
// 3. verification: the whole chain streamed back (keyset pages) through
//    verifyChain, entries per second.
// The database is dropped at the end, also on a failure.
// 4. the latency auditing adds to a federated query: bench-federation.js
//    --audit-only with a hub and three nodes at a small scale (--query-rows,
//    default 100,000 particle counts per node), as a share of the end-to-end
//    latency (skip with --no-query).
// Usage: npm run bench:audit [-- --appends 2000 --writers 8 --query-rows 100000 --no-query]
//        (needs `npm run build`; BENCH_PG_URL overrides the local Postgres;
//        BENCH_DIST another build directory than dist/)
'use strict';
const { existsSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const { arg, dbUrl, admin, result } = require('./bench-common.js');

const root = path.resolve(__dirname, '..');
const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(root, 'dist');
const APPENDS = Number(arg('appends', '2000'));
const WRITERS = Number(arg('writers', '8'));
const QUERY_ROWS = arg('query-rows', '100000');

for (const [name, v, max] of [['appends', APPENDS, 1e7], ['writers', WRITERS, 100]]) {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    console.error(`--${name} must be an integer between 1 and ${max}`);
    process.exit(2);
  }
}

function loadDist(rel) {
  const file = path.join(dist, rel);
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  return require(file);
}

const entry = (i) => ({
  actor: { subject: `analyst-${i % 17}`, country: 'JP', organisation: 'jamstec', roles: ['analyst'] },
  action: i % 5 ? 'query' : 'records.read',
  purpose: 'regional report',
  datasets: ['th-gulf-2024', 'th-andaman-2024'],
  decision: 'allowed',
  reason: null,
  resultSize: i,
  policyVersion: 'v1',
  correlationId: randomUUID(),
  requestHash: null,
});

async function main() {
  require('reflect-metadata');
  const { Pool } = require('pg');
  const node = loadDist('apps/node/src/index.js');
  const audit = loadDist('libs/audit/src/index.js');
  const migrate = node.migrateNodeDatabase ?? loadDist('apps/node/src/database/data-source.js').migrateNodeDatabase;
  const name = `littoral_bench_audit_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const pools = [];
  try {
    await migrate(dbUrl(name));
    const rate = (n, ms) => Math.round(n / (ms / 1000)).toLocaleString('en');

    const single = new Pool({ connectionString: dbUrl(name), max: 1 });
    pools.push(single);
    const one = new audit.AuditLog(audit.pgAuditDatabase(single));
    for (let i = 0; i < 20; i++) await one.append(entry(i)); // warm-up (connection, plans)
    let t0 = performance.now();
    for (let i = 0; i < APPENDS; i++) await one.append(entry(i));
    const singleMs = performance.now() - t0;

    const shared = new Pool({ connectionString: dbUrl(name), max: WRITERS });
    pools.push(shared);
    const many = new audit.AuditLog(audit.pgAuditDatabase(shared));
    const per = Math.ceil(APPENDS / WRITERS);
    t0 = performance.now();
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => (async () => {
      for (let i = 0; i < per; i++) await many.append(entry(w * per + i));
    })()));
    const concurrentMs = performance.now() - t0;

    t0 = performance.now();
    const v = await audit.verifyChain(audit.readEntries(single, { pageSize: 2000 }));
    const verifyMs = performance.now() - t0;
    if (!v.ok || v.checked !== 20 + APPENDS + per * WRITERS) throw new Error(`the chain is not one valid chain: ${JSON.stringify(v.firstBad)} after ${v.checked}`);

    console.log(`audit appends, 1 writer:            ${rate(APPENDS, singleMs)} /s (${APPENDS.toLocaleString('en')} in ${(singleMs / 1000).toFixed(2)} s, ${(singleMs / APPENDS).toFixed(2)} ms each)`);
    console.log(`audit appends, ${WRITERS} concurrent writers: ${rate(per * WRITERS, concurrentMs)} /s (${(per * WRITERS).toLocaleString('en')} in ${(concurrentMs / 1000).toFixed(2)} s)`);
    console.log(`chain verification (from Postgres): ${rate(v.checked, verifyMs)} entries/s (${v.checked.toLocaleString('en')} entries, one valid chain)`);
    result('audit', {
      appends: APPENDS, writers: WRITERS, singlePerS: APPENDS / (singleMs / 1000), singleMsEach: singleMs / APPENDS,
      concurrentAppends: per * WRITERS, concurrentPerS: (per * WRITERS) / (concurrentMs / 1000), verifyPerS: v.checked / (verifyMs / 1000), verified: v.checked,
    });
  } finally {
    for (const p of pools) await p.end().catch(() => undefined);
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** Phase 4, in its own process: the federation benchmark's audit phase. */
function queryOverhead() {
  const { spawnSync } = require('node:child_process');
  console.log('');
  console.log(`audit on a federated query (hub + 3 nodes, ${Number(QUERY_ROWS).toLocaleString('en')} particle counts each):`);
  const r = spawnSync(process.execPath, [path.join(__dirname, 'bench-federation.js'), '--rows', QUERY_ROWS, '--audit-only'], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) throw new Error(`bench-federation --audit-only failed (${r.status ?? r.signal})`);
}

main()
  .then(() => {
    if (!process.argv.includes('--no-query')) queryOverhead();
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
