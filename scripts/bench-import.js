#!/usr/bin/env node
// Import benchmark: generates N particle-count rows in the canonical
// microplastics CSV, imports them with `littoral import`'s engine into a fresh
// database, then loads the same file with `psql \copy` into an unindexed table
// of the same shape, and prints both rates and their ratio, plus peak memory.
// Usage: npm run bench:import [-- --rows 1000000]   (needs `npm run build`)
'use strict';
const { execFileSync } = require('node:child_process');
const { createWriteStream, mkdtempSync, rmSync, statSync } = require('node:fs');
const { once } = require('node:events');
const os = require('node:os');
const path = require('node:path');
const { arg, dbUrl, admin, result } = require('./bench-common.js');

const root = path.resolve(__dirname, '..');
const ROWS = Number(arg('rows', '1000000'));
const POLYMERS = ['PE', 'LDPE', 'HDPE', 'PP', 'PS', 'EPS', 'PET', 'PES', 'PVC', 'PA', 'PU', 'PMMA', 'PAN', 'PC', 'ABS', 'EVA', 'PTFE', 'PLA', 'ALK', 'RUB'];
const SIZES = ['SMP_LT_0_3', 'MP_0_3_1', 'MP_1_5', 'MESO_5_25', 'MACRO_GT_25'];
const HEADER = 'site_id,site_type,site_latitude,site_longitude,sample_id,sampled_at,matrix,device,mesh_size_mm,volume_m3,size_class,polymer,count';



async function generate(file) {
  const out = createWriteStream(file);
  const write = async (s) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(HEADER + '\n');
  const cells = SIZES.length * POLYMERS.length;
  let buf = '';
  for (let i = 0; i < ROWS; i++) {
    const sample = Math.floor(i / cells);
    const site = sample % 200;
    const cell = i % cells;
    const day = 1 + (sample % 28);
    const month = 1 + (Math.floor(sample / 28) % 12);
    buf += `S${site},COASTAL,${(5 + site * 0.04).toFixed(4)},${(100 + site * 0.02).toFixed(4)},SMP${sample},2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')},SW_SURF,MANTA,0.33,${(10 + (sample % 50) / 10).toFixed(1)},${SIZES[Math.floor(cell / POLYMERS.length)]},${POLYMERS[cell % POLYMERS.length]},${(i * 7919) % 97}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  out.end();
  await once(out, 'finish');
}

async function main() {
  require('reflect-metadata');
  const { DataSource } = require('typeorm');
  const node = require(path.join(root, 'dist', 'apps', 'node', 'src', 'index.js'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'littoral-bench-'));
  const file = path.join(dir, 'particles.csv');
  const name = `littoral_bench_${process.pid}`;
  console.log(`generating ${ROWS.toLocaleString('en')} particle-count rows …`);
  await generate(file);
  const mb = statSync(file).size / 1e6;
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  if (process.env.BENCH_LOG_SQL) await admin(`ALTER DATABASE ${name} SET log_min_duration_statement = 100`);
  try {
    await node.migrateNodeDatabase(dbUrl(name));
    const ds = new DataSource(node.nodeDataSourceOptions(dbUrl(name)));
    await ds.initialize();
    await new node.DatasetsService(ds).create({ id: 'bench', title: 'benchmark', theme: 'microplastics', license: 'CC0-1.0' });
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
    const t0 = process.hrtime.bigint();
    let readS = 0;
    const summary = await new node.ImportService(ds).run({ datasetId: 'bench', kind: 'microplastics', path: file, onProgress: (p) => { if (p.phase === 'storing' && !readS) readS = p.elapsedMs / 1000; } });
    const importS = Number(process.hrtime.bigint() - t0) / 1e9;
    clearInterval(sampler);
    await ds.destroy();
    if (summary.status !== 'SUCCEEDED') throw new Error(`import ${summary.status}: ${JSON.stringify(summary.errors.slice(0, 3))}`);

    // psql \copy of the same file into an unindexed table of the same shape.
    const ddl = `CREATE UNLOGGED TABLE IF NOT EXISTS bench_copy (site_id text, site_type text, site_latitude float8, site_longitude float8, sample_id text, sampled_at date, matrix text, device text, mesh_size_mm float8, volume_m3 float8, size_class text, polymer text, count int)`;
    execFileSync('psql', [dbUrl(name), '-q', '-c', ddl.replace('UNLOGGED ', '')]);
    const t1 = process.hrtime.bigint();
    execFileSync('psql', [dbUrl(name), '-q', '-c', `\\copy bench_copy FROM '${file}' WITH (FORMAT csv, HEADER true)`]);
    const copyS = Number(process.hrtime.bigint() - t1) / 1e9;

    const importRate = ROWS / importS;
    const copyRate = ROWS / copyS;
    console.log('');
    console.log(`file:            ${ROWS.toLocaleString('en')} rows, ${mb.toFixed(1)} MB`);
    console.log(`littoral import: ${importS.toFixed(2)} s  ${Math.round(importRate).toLocaleString('en')} rows/s  (validated, staged, merged with keys, FKs and dedup)`);
    console.log(`psql \\copy:      ${copyS.toFixed(2)} s  ${Math.round(copyRate).toLocaleString('en')} rows/s  (unindexed table, no validation)`);
    console.log(`  of which reading+validating+staging: ${readS.toFixed(2)} s, merging: ${(importS - readS).toFixed(2)} s`);
    console.log(`ratio import/copy: ${(importRate / copyRate).toFixed(2)}`);
    console.log(`peak RSS during import: ${(peakRss / 1e6).toFixed(0)} MB (file ${mb.toFixed(0)} MB)`);
    result('import', { rows: ROWS, fileMb: mb, importS, readS, mergeS: importS - readS, copyS, importRowsPerS: importRate, copyRowsPerS: copyRate, peakRssMb: peakRss / 1e6 });
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
