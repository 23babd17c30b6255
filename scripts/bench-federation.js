#!/usr/bin/env node
// Federation benchmark: a hub and three country nodes (JP, PH, TH) in this
// process, on the local Postgres and NATS, each node holding --rows synthetic
// particle counts (default 1,000,000: 10,000 samples × 5 size classes × 20
// polymers) loaded with COPY into the node's real schema (migrated tables,
// keys and foreign keys), plus one concentration result per sample. The data
// is SYNTHETIC, generated here. Each node grants AGGREGATE to the network.
//
// For each aggregate query (by COUNTRY, by YEAR × MATRIX, by GRID 1°, by
// POLYMER) it measures:
//   - the hub's end-to-end latency (GraphQL request → merged answer), p50/p95;
//   - each node's own time for the same query, running the node's summary
//     executor (its SQL and suppression) directly on that node's database,
//     one node at a time ("alone") and the three at once ("concurrent");
//   - ratio = hub p50 / slowest node's p50 (alone, and concurrent).
// Then sustained queries per second for a small aggregate at --concurrency,
// and the latency the audit log adds to a federated query: the time spent in
// the hub's and the nodes' audit writes that the answer waits for (the hub's
// entry, plus the slowest node's entry: nodes write theirs concurrently),
// as a share of the end-to-end latency. --audit-only measures just that
// (npm run bench:audit runs it at a small scale).
//
// Usage: npm run build && npm run bench:federation [-- --rows 1000000 --iterations 7
//        --concurrency 8 --duration 15 --timeout 900 --audit-runs 40 --audit-only]
// BENCH_PG_URL / BENCH_NATS_URL select other servers.
'use strict';
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const os = require('node:os');
const path = require('node:path');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const { arg, dbUrl, admin, result } = require('./bench-common.js');

const root = path.resolve(__dirname, '..');
const ROWS = Number(arg('rows', '1000000'));
const ITERATIONS = Number(arg('iterations', '7'));
// The node's own timings: fewer runs (they are steadier than the hub's end to end).
const NODE_RUNS = Math.max(3, Math.ceil(ITERATIONS / 2));
const CONCURRENCY = Number(arg('concurrency', '8'));
const DURATION_S = Number(arg('duration', '15'));
const TIMEOUT_S = Number(arg('timeout', '900'));
const AUDIT_RUNS = Number(arg('audit-runs', '40'));
const AUDIT_ONLY = process.argv.includes('--audit-only');
const NATS_URL = process.env.BENCH_NATS_URL || 'nats://127.0.0.1:4222';
const COUNTRIES = ['JP', 'PH', 'TH'];
const ORIGIN = { JP: [33.0, 135.0], PH: [9.0, 118.0], TH: [8.0, 99.5] };
const POLYMERS = ['PE', 'LDPE', 'HDPE', 'PP', 'PS', 'EPS', 'PET', 'PES', 'PVC', 'PA', 'PU', 'PMMA', 'PAN', 'PC', 'ABS', 'EVA', 'PTFE', 'PLA', 'ALK', 'RUB'];
const SIZES = ['SMP_LT_0_3', 'MP_0_3_1', 'MP_1_5', 'MESO_5_25', 'MACRO_GT_25'];
const MATRICES = ['SW_SURF', 'RW_SURF', 'SED_SEA'];
const SITES = 200;
const PURPOSE = 'federation benchmark';
const ISSUER = 'https://login.bench.littoral.example';

for (const [name, v, min, max] of [['rows', ROWS, 100, 1e8], ['iterations', ITERATIONS, 1, 1000], ['concurrency', CONCURRENCY, 1, 256], ['duration', DURATION_S, 1, 3600], ['timeout', TIMEOUT_S, 10, 86400], ['audit-runs', AUDIT_RUNS, 5, 100000]]) {
  if (!Number.isInteger(v) || v < min || v > max) {
    console.error(`--${name} must be an integer between ${min} and ${max}`);
    process.exit(2);
  }
}

function loadDist(rel) {
  const file = path.join(root, 'dist', rel);
  if (!existsSync(file)) {
    console.error(`${path.relative(root, file)} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
  return require(file);
}

const deadline = Date.now() + TIMEOUT_S * 1000;
let interrupted = false;
function trapSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      console.error(`${signal}: cleaning up (again to quit at once)`);
    });
  }
}
trapSignals();
function checkAlive(what) {
  if (interrupted) throw new Error(`interrupted during ${what}`);
  if (Date.now() > deadline) throw new Error(`time limit of ${TIMEOUT_S} s reached during ${what} (raise it with --timeout)`);
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
function quantile(xs, q) {
  const s = sorted(xs);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

// ---------------------------------------------------------------------------
// Synthetic data, COPY'd into the node's migrated tables (ids given explicitly).

async function copyRows(client, table, columns, rows) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(rows()), stream);
}

async function loadNode(url, cc, datasetId) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const [lat0, lon0] = ORIGIN[cc];
    const cells = SIZES.length * POLYMERS.length;
    const samples = Math.ceil(ROWS / cells);
    await copyRows(c, 'mp_site', ['id', 'dataset_id', 'source_key', 'name', 'site_type', 'country_code', 'latitude', 'longitude'], function* () {
      for (let s = 0; s < SITES; s++) {
        // Sites spread over about 4° × 4°: several 1° grid cells per node.
        yield `${s + 1}\t${datasetId}\tS${s}\tsynthetic site ${s}\tCOASTAL\t${cc}\t${(lat0 + (s % 20) * 0.2).toFixed(4)}\t${(lon0 + Math.floor(s / 20) * 0.4).toFixed(4)}\n`;
      }
    });
    await copyRows(c, 'mp_sample', ['id', 'dataset_id', 'site_id', 'source_key', 'sampled_at', 'matrix', 'device', 'mesh_size_mm', 'volume_m3'], function* () {
      for (let s = 0; s < samples; s++) {
        const year = 2019 + (s % 6);
        const month = 1 + (Math.floor(s / 6) % 12);
        const day = 1 + (s % 28);
        yield `${s + 1}\t${datasetId}\t${(s % SITES) + 1}\tSMP${s}\t${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T03:00:00Z\t${MATRICES[s % MATRICES.length]}\tMANTA\t0.33\t${(10 + (s % 50) / 10).toFixed(1)}\n`;
      }
    });
    await copyRows(c, 'mp_particle_count', ['dataset_id', 'sample_id', 'size_class', 'polymer', 'count'], function* () {
      let buf = '';
      for (let i = 0; i < ROWS; i++) {
        const cell = i % cells;
        buf += `${datasetId}\t${Math.floor(i / cells) + 1}\t${SIZES[Math.floor(cell / POLYMERS.length)]}\t${POLYMERS[cell % POLYMERS.length]}\t${(i * 7919) % 97}\n`;
        if (buf.length > 1 << 16) {
          yield buf;
          buf = '';
        }
      }
      yield buf;
    });
    await copyRows(c, 'mp_concentration', ['dataset_id', 'sample_id', 'unit_family', 'value', 'unit', 'original_value', 'original_unit'], function* () {
      for (let s = 0; s < samples; s++) {
        const v = 100 + ((s * 37) % 4000);
        yield `${datasetId}\t${s + 1}\tVOLUME\t${v}\tpieces/m3\t${v / 1000}\tpieces/L\n`;
      }
    });
    await c.query(`UPDATE dataset SET data_modified_at = now() WHERE id = $1`, [datasetId]);
    await c.query('ANALYZE');
    return samples;
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------

const QUERIES = [
  { name: 'by COUNTRY', filter: {}, groupBy: { by: ['COUNTRY'] } },
  { name: 'by YEAR × MATRIX', filter: {}, groupBy: { by: ['YEAR', 'MATRIX'] } },
  { name: 'by GRID 1°', filter: {}, groupBy: { by: ['GRID'], gridSizeDeg: 1 } },
  { name: 'by POLYMER (particle mode)', filter: {}, groupBy: { by: ['POLYMER'] } },
];
const SMALL = { name: 'small: one month, by MATRIX', filter: { timeRange: { from: '2020-03-01', to: '2020-04-01' } }, groupBy: { by: ['MATRIX'] } };

const GQL = `query ($purpose: String!, $filter: MicroplasticFilterInput, $groupBy: MicroplasticGroupByInput!) {
  microplasticSummary(purpose: $purpose, filter: $filter, groupBy: $groupBy) {
    correlationId complete rows { samples particles concentrations { n mean median } }
    manifest { nodes { country status nodeQueryMs latencyMs reason } } } }`;

async function main() {
  require('reflect-metadata');
  const hubApp = loadDist('apps/hub/src/index.js');
  const nodeApp = loadDist('apps/node/src/index.js');
  const crypto = loadDist('libs/crypto/src/index.js');
  const policy = loadDist('libs/policy/src/index.js');
  const { MicroplasticSummaryExecutor } = loadDist('apps/node/src/federation/microplastic-summary.executor.js');
  const { DataSource } = require('typeorm');
  const { SignJWT, exportJWK, generateKeyPair } = require('jose');
  const { connect } = require('@nats-io/transport-node');
  const { jetstreamManager } = require('@nats-io/jetstream');

  const tag = randomBytes(4).toString('hex');
  const prefix = `ltbenchfed${tag}`;
  const stream = `LTBENCHFED${tag.toUpperCase()}_CATALOG`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'littoral-bench-federation-'));
  const hubDb = `littoral_bench_fed_hub_${process.pid}_${tag}`;
  const nodeDb = (cc) => `littoral_bench_fed_${cc.toLowerCase()}_${process.pid}_${tag}`;
  const created = [];
  const started = [];
  const sources = new Map();
  let hub;
  try {
    // Identities: the hub's key file (country "hub"), one per node, one token issuer for analysts.
    const hubKeyFile = path.join(dir, 'hub-keys.json');
    await crypto.writeKeyFile(hubKeyFile, await crypto.generateKeyFile(crypto.HUB_KEY_FILE_COUNTRY, new Date()));
    const hubJwks = path.join(dir, 'hub-jwks.json');
    writeFileSync(hubJwks, JSON.stringify(crypto.publicJwks(await crypto.readKeyFile(hubKeyFile))));
    const { privateKey, publicKey } = await generateKeyPair('Ed25519');
    const issuerJwks = path.join(dir, 'issuer-jwks.json');
    writeFileSync(issuerJwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' }] }));
    const token = await new SignJWT({ roles: ['analyst'], country: 'TH', org: 'th-dmcr' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'bench', typ: 'JWT' }).setSubject('bench-analyst').setIssuer(ISSUER).setAudience('littoral-hub')
      .setIssuedAt().setExpirationTime('2h').sign(privateKey);

    console.log(`setting up: hub + ${COUNTRIES.length} nodes, ${ROWS.toLocaleString('en')} synthetic particle counts each …`);
    await admin(`CREATE DATABASE ${hubDb}`);
    created.push(hubDb);
    await hubApp.migrateHubDatabase(dbUrl(hubDb));
    const hubDs = new DataSource(hubApp.hubDataSourceOptions(dbUrl(hubDb)));
    await hubDs.initialize();
    const nodeEnv = {};
    let loadS = 0;
    let samplesPerNode = 0;
    for (const cc of COUNTRIES) {
      checkAlive('set-up');
      const name = nodeDb(cc);
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      await nodeApp.migrateNodeDatabase(dbUrl(name));
      const ds = new DataSource(nodeApp.nodeDataSourceOptions(dbUrl(name)));
      await ds.initialize();
      sources.set(cc, ds);
      const datasetId = `${cc.toLowerCase()}-bench`;
      await new nodeApp.DatasetsService(ds).create({ id: datasetId, title: `${cc} synthetic benchmark microplastics`, theme: 'microplastics', license: 'CC0-1.0' });
      const t = performance.now();
      samplesPerNode = await loadNode(dbUrl(name), cc, datasetId);
      loadS += (performance.now() - t) / 1000;
      await new nodeApp.GrantsService(ds, { country: cc }).create({ datasetId, audience: { kind: 'NETWORK' }, level: 'AGGREGATE', constraints: {} }, 'benchmark', { subject: 'bench-admin', country: cc, organisation: null, roles: ['admin'] });
      const keyFile = path.join(dir, `${cc}-keys.json`);
      const keys = await crypto.generateKeyFile(cc, new Date());
      await crypto.writeKeyFile(keyFile, keys);
      await new hubApp.MembersService(hubDs, COUNTRIES).add({ country: cc, nodeId: `${cc.toLowerCase()}-node`, displayName: cc, jwks: crypto.publicJwks(keys) }, 'cli');
      nodeEnv[cc] = {
        DATABASE_URL: dbUrl(name), NATS_URL, LITTORAL_COUNTRY: cc, PORT: '0', LOG_LEVEL: 'silent', LITTORAL_KEY_FILE: keyFile, LITTORAL_NODE_ID: `${cc.toLowerCase()}-node`,
        LITTORAL_STREAM_PREFIX: prefix, LITTORAL_CATALOGUE_STREAM: stream, LITTORAL_CATALOGUE_POLL_MS: '200', LITTORAL_HUB_JWKS: hubJwks,
        LITTORAL_AUTH_ISSUER: ISSUER, LITTORAL_AUTH_JWKS: issuerJwks, LITTORAL_AUTH_AUDIENCE: `littoral-node-${cc.toLowerCase()}`,
      };
    }
    console.log(`  loaded ${(ROWS * COUNTRIES.length).toLocaleString('en')} particle counts (${samplesPerNode.toLocaleString('en')} samples per node) with COPY in ${loadS.toFixed(1)} s`);

    hub = await hubApp.startHub({
      DATABASE_URL: dbUrl(hubDb), NATS_URL, PORT: '0', LOG_LEVEL: 'silent', LITTORAL_STREAM_PREFIX: prefix, LITTORAL_CATALOGUE_STREAM: stream,
      HUB_CONSUMER_NAME: `hub-bench-fed-${tag}`, LITTORAL_HUB_KEY_FILE: hubKeyFile, HUB_QUERY_TIMEOUT_MS: '25000',
      LITTORAL_AUTH_ISSUER: ISSUER, LITTORAL_AUTH_JWKS: issuerJwks, LITTORAL_AUTH_AUDIENCE: 'littoral-hub',
    });
    for (const cc of COUNTRIES) started.push(await nodeApp.startNode(nodeEnv[cc]));
    trapSignals();
    // The hub plans from its regional catalogue: wait until it lists every node's dataset.
    for (;;) {
      checkAlive('catalogue sync');
      const [{ n }] = await hubDs.query(`SELECT count(DISTINCT country)::int AS n FROM catalogue_entry WHERE entry IS NOT NULL AND NOT withdrawn`);
      if (n === COUNTRIES.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await hubDs.destroy();

    // Time every audit write the answer waits for: the sinks the responders and the hub await (wrapped, not replaced).
    const { QUERY_AUDIT_SINK } = loadDist('apps/node/src/query-responder/query-audit.js');
    const { HUB_QUERY_AUDIT_SINK } = loadDist('apps/hub/src/federation/hub-query-audit.js');
    const auditMs = new Map(); // correlationId → { hub, nodes: [] }
    const timed = (sink, side) => {
      const record = sink.record.bind(sink);
      sink.record = async (entry) => {
        const t = performance.now();
        try {
          return await record(entry);
        } finally {
          const slot = auditMs.get(entry.correlationId) ?? { hub: 0, nodes: [] };
          if (side === 'hub') slot.hub += performance.now() - t;
          else slot.nodes.push(performance.now() - t);
          auditMs.set(entry.correlationId, slot);
        }
      };
    };
    timed(hub.app.get(HUB_QUERY_AUDIT_SINK, { strict: false }), 'hub');
    for (const n of started) timed(n.app.get(QUERY_AUDIT_SINK, { strict: false }), 'node');

    const ask = async (q) => {
      const t = performance.now();
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: GQL, variables: { purpose: PURPOSE, filter: q.filter, groupBy: q.groupBy } }),
      });
      const body = await res.json();
      const ms = performance.now() - t;
      if (body.errors) throw new Error(`GraphQL: ${JSON.stringify(body.errors)}`);
      const r = body.data.microplasticSummary;
      const bad = r.manifest.nodes.filter((n) => n.status !== 'OK');
      if (bad.length > 0) throw new Error(`${q.name}: ${bad.map((n) => `${n.country} ${n.status} ${n.reason}`).join('; ')}`);
      return { ms, result: r };
    };
    // The node's own time: its summary executor (SQL + suppression) on its database, as its responder runs it.
    const nodeRun = async (cc, q) => {
      const ds = sources.get(cc);
      const grants = new nodeApp.GrantsService(ds, { country: cc });
      const requester = { country: 'TH', organisation: 'th-dmcr', roles: ['analyst'] };
      const now = new Date();
      const decisionsFor = async (ids, request) => {
        const out = new Map();
        for (const id of ids) {
          const list = (await grants.list(id, { includeRevoked: true })).map((g) => g.grant);
          out.set(id, policy.decide({ datasetId: id, datasetOwnerCountry: cc, requester, purpose: PURPOSE, grants: list, request, now }));
        }
        return out;
      };
      const t = performance.now();
      await new MicroplasticSummaryExecutor(ds).execute({ query: { kind: 'microplasticSummary', filter: q.filter, groupBy: q.groupBy }, decisionsFor, now, nodeCountry: cc });
      return performance.now() - t;
    };

    if (!AUDIT_ONLY) {
      console.log('');
      console.log(`Federated aggregates: hub + ${COUNTRIES.length} nodes, ${ROWS.toLocaleString('en')} particle counts per node (synthetic); ms`);
      console.log(`(${ITERATIONS} hub runs per query, ${NODE_RUNS} node runs per node and per query)`);
      const header = ['query', 'hub p50', 'hub p95', 'slowest node alone p50', 'ratio', '3 nodes at once p50', 'ratio', 'nodeQueryMs p50'];
      const widths = [26, 8, 8, 22, 5, 19, 5, 15];
      const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
      console.log(line(header));
      const results = [];
      for (const q of QUERIES) {
        checkAlive(q.name);
        await ask(q); // warm-up
        const hubMs = [];
        const nodeReported = [];
        for (let i = 0; i < ITERATIONS; i++) {
          const { ms, result } = await ask(q);
          hubMs.push(ms);
          nodeReported.push(Math.max(...result.manifest.nodes.map((n) => n.nodeQueryMs)));
        }
        const alone = {};
        for (const cc of COUNTRIES) {
          await nodeRun(cc, q);
          alone[cc] = [];
          for (let i = 0; i < NODE_RUNS; i++) alone[cc].push(await nodeRun(cc, q));
        }
        const concurrent = [];
        for (let i = 0; i < NODE_RUNS; i++) concurrent.push(Math.max(...(await Promise.all(COUNTRIES.map((cc) => nodeRun(cc, q))))));
        const slowest = COUNTRIES.map((cc) => [cc, quantile(alone[cc], 0.5)]).sort((a, b) => b[1] - a[1])[0];
        const r = {
          name: q.name, hubP50: quantile(hubMs, 0.5), hubP95: quantile(hubMs, 0.95), slowestCc: slowest[0], slowestP50: slowest[1],
          concurrentP50: quantile(concurrent, 0.5), reportedP50: quantile(nodeReported, 0.5),
        };
        results.push(r);
        console.log(line([
          r.name, fmt(r.hubP50), fmt(r.hubP95), `${fmt(r.slowestP50)} (${r.slowestCc})`, (r.hubP50 / r.slowestP50).toFixed(2),
          fmt(r.concurrentP50), (r.hubP50 / r.concurrentP50).toFixed(2), fmt(r.reportedP50),
        ]));
      }

      // Sustained rate: CONCURRENCY analysts asking a small aggregate back to back for DURATION_S.
      checkAlive('the sustained phase');
      for (let i = 0; i < 3; i++) await ask(SMALL);
      let smallAlone = 0;
      for (const cc of COUNTRIES) {
        const runs = [];
        for (let i = 0; i < 5; i++) runs.push(await nodeRun(cc, SMALL));
        smallAlone = Math.max(smallAlone, quantile(runs, 0.5));
      }
      const lat = [];
      const stopAt = performance.now() + DURATION_S * 1000;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < stopAt && !interrupted) lat.push((await ask(SMALL)).ms);
      }));
      const qps = lat.length / ((performance.now() - t0) / 1000);

      console.log('ratio = hub p50 / node p50: "alone" runs one node\'s executor at a time; "at once" runs the three together on this machine,');
      console.log('as the fan-out does (the nodes share its cores), so its ratio is the hub\'s own overhead.');
      console.log('');
      console.log(`Sustained: ${SMALL.name}, ${CONCURRENCY} concurrent analysts for ${DURATION_S} s: ${lat.length} queries, ${qps.toFixed(1)} queries/s,`);
      console.log(`  latency p50 ${fmt(quantile(lat, 0.5))} ms, p95 ${fmt(quantile(lat, 0.95))} ms (slowest node alone: ${fmt(smallAlone)} ms)`);
      result('federation', {
        rows: ROWS, nodes: COUNTRIES.length, iterations: ITERATIONS, nodeRuns: NODE_RUNS, queries: results,
        sustained: { query: SMALL.name, concurrency: CONCURRENCY, durationS: DURATION_S, queries: lat.length, perS: qps, p50Ms: quantile(lat, 0.5), p95Ms: quantile(lat, 0.95), slowestNodeAloneMs: smallAlone },
      });
    }

    // The audit log on the query path: SMALL asked one at a time, each answer's audit writes summed along its critical path.
    checkAlive('the audit phase');
    for (let i = 0; i < 3; i++) await ask(SMALL);
    const shares = [];
    const added = [];
    const total = [];
    for (let i = 0; i < AUDIT_RUNS && !interrupted; i++) {
      const { ms, result } = await ask(SMALL);
      const slot = auditMs.get(result.correlationId);
      if (!slot || slot.nodes.length !== COUNTRIES.length) throw new Error(`query ${result.correlationId}: expected one hub entry and ${COUNTRIES.length} node entries`);
      const critical = slot.hub + Math.max(...slot.nodes);
      added.push(critical);
      total.push(ms);
      shares.push(critical / ms);
    }
    console.log('');
    console.log(`Audit on the query path (${SMALL.name}, ${added.length} queries one at a time; hub entry + slowest node entry, which the answer waits for):`);
    console.log(`  added latency p50 ${fmt(quantile(added, 0.5))} ms of ${fmt(quantile(total, 0.5))} ms end to end: ${(100 * quantile(shares, 0.5)).toFixed(1)} % (p95 ${(100 * quantile(shares, 0.95)).toFixed(1)} %)`);
    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`);
    result('federation-audit', { rows: ROWS, runs: added.length, query: SMALL.name, addedP50Ms: quantile(added, 0.5), totalP50Ms: quantile(total, 0.5), shareP50: quantile(shares, 0.5), shareP95: quantile(shares, 0.95) });
  } finally {
    for (const n of started) await n.app.close().catch(() => undefined);
    await hub?.app.close().catch(() => undefined);
    for (const ds of sources.values()) await ds.destroy().catch(() => undefined);
    try {
      const nc = await connect({ servers: NATS_URL });
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => undefined);
      await nc.close();
    } catch {
      // NATS gone: nothing to delete.
    }
    for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
