#!/usr/bin/env node
// Catalogue benchmark: publish → queryable-at-hub latency of signed catalogue
// entries, the hub's ingest throughput, and Ed25519 JWS signatures signed and
// verified per second.
//
// 0. signJws and verifyJws, N of each one after another (default 2,000), over
//    100 distinct realistic entries; no hub running.
// Then a hub of its own: a fresh hub database (hub migrations), a unique
// subject prefix, stream and durable consumer on the local NATS, member TH
// registered with a generated key (as `littoral members add`), and the hub
// started in this process (startHub, PORT 0, LOG_LEVEL silent). A simulated TH
// node publishes entries built with buildCatalogueEntry and signed with signJws
// straight to JetStream, with Nats-Msg-Id `TH.<dataset>.<version>`:
// 1. warm-up: version 1 of D datasets (default 100), not measured, so that every
//    measured update is a new version of a dataset the hub already lists;
// 2. steady: versions 2..V+1 (default V = 10: 1,000 updates), round-robin over
//    the datasets at a fixed rate (default 20/s). One poller asks the hub's
//    GraphQL `dataset(id)` for the datasets with an update in flight (one
//    request, one alias per dataset, at most 10, every 5 ms after the previous
//    answer). An update's latency runs from just before its publish call to the
//    answer showing that version or a newer one;
// 3. burst: the next V versions of every dataset (another 1,000 updates) sent
//    at once; hub throughput = updates / (first publish → the consumer has
//    handled the last one, per GET /health), then every dataset is checked to
//    show its last version.
// Entries are built and signed before each phase, so the simulated node's work
// does not share the hub's event loop while it is measured. Everything the run
// creates (stream, consumer, database, hub) is removed at the end, also on a
// failure, at the time limit (default 300 s) and on Ctrl-C.
// Usage: npm run bench:catalogue [-- --datasets 100 --versions 10 --rate 20
//        --poll-ms 5 --burst 1 --signatures 2000 --timeout 300]
//        (needs `npm run build`; BENCH_PG_URL and BENCH_NATS_URL override the
//        local Postgres and NATS)
'use strict';
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const { arg, dbUrl, admin, result } = require('./bench-common.js');

const root = path.resolve(__dirname, '..');
const DATASETS = Number(arg('datasets', '100'));
const VERSIONS = Number(arg('versions', '10'));
const RATE = Number(arg('rate', '20'));
const BURST = arg('burst', '1') !== '0';
const SIGNATURES = Number(arg('signatures', '2000'));
const TIMEOUT_S = Number(arg('timeout', '300'));
const POLL_MS = Number(arg('poll-ms', '5'));
const NATS_URL = process.env.BENCH_NATS_URL || 'nats://127.0.0.1:4222';
const COUNTRY = 'TH';
// Datasets asked per poll at most, so that a hub that falls behind is not slowed further by a growing query.
const POLL_BATCH = 10;
const T0 = new Date('2025-01-01T00:00:00Z');

for (const [name, v, max] of [['datasets', DATASETS, 500], ['versions', VERSIONS, 1e6], ['rate', RATE, 1e6], ['signatures', SIGNATURES, 1e7], ['timeout', TIMEOUT_S, 86400], ['poll-ms', POLL_MS, 10000]]) {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    console.error(`--${name} must be an integer between 1 and ${max}`);
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



// Ctrl-C and the time limit end the run through the same checks, so clean-up always runs.
const deadline = Date.now() + TIMEOUT_S * 1000;
let interrupted = false;
function onSignal(signal) {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error(`${signal}: cleaning up (Ctrl-C again to quit at once)`);
}
// Also after startHub: the hub's shutdown hooks would close it and exit on a
// signal, skipping the clean-up, so this script keeps the signals to itself.
function trapSignals() {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.removeAllListeners(signal);
    process.on(signal, onSignal);
  }
}
trapSignals();
function checkAlive(what) {
  if (interrupted) throw new Error(`interrupted during ${what}`);
  if (Date.now() > deadline) throw new Error(`time limit of ${TIMEOUT_S} s reached during ${what} (raise it with --timeout)`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
const ms = (v) => `${v.toFixed(1)} ms`;
const int = (v) => Math.round(v).toLocaleString('en');

// ---------------------------------------------------------------------------
// The simulated node's entries: realistic DCAT entries of the three themes.

const THEMES = ['microplastics', 'beach-litter', 'biodiversity'];
const VARIABLES = {
  microplastics: ['particleCount', 'polymer', 'shape', 'sizeClass', 'colour', 'polymer:PE', 'polymer:PP', 'polymer:PS', 'polymer:PET', 'concentration:VOLUME'],
  'beach-litter': ['itemCount', 'itemWeight', 'litterCodes:OSPAR', 'material:PLASTIC', 'material:GLASS', 'material:METAL'],
  biodiversity: ['occurrence', 'individualCount', 'organismQuantity', 'measurementOrFact', 'taxa:412'],
};

function datasetId(d) {
  return `th-bench-${String(d).padStart(3, '0')}`;
}

function entryFor(catalogue, d, version) {
  const theme = THEMES[d % THEMES.length];
  const west = 99.5 + (d % 20) * 0.05;
  const south = 6.2 + (d % 17) * 0.1;
  const modified = new Date(T0.getTime() + version * 3_600_000);
  return catalogue.buildCatalogueEntry({
    dataset: {
      id: datasetId(d),
      title: `Gulf of Thailand ${theme} monitoring, station group ${d}`,
      description: `Quarterly ${theme} surveys along the ${['Chonburi', 'Rayong', 'Chanthaburi', 'Trat', 'Songkhla'][d % 5]} coast, processed with the national protocol; version ${version}.`,
      theme,
      keywords: [theme, 'Gulf of Thailand', 'coastal monitoring', 'ASEAN', `station group ${d}`],
      license: 'CC-BY-4.0',
      publisher: 'Department of Marine and Coastal Resources',
      contactName: 'Marine debris data desk',
      contactEmail: 'data@dmcr.example',
      conformsTo: theme === 'microplastics' ? ['GESAMP 2019 guidelines', 'https://www.protocols.io/view/microplastic-sampling'] : [],
      declaredArea: null,
      createdAt: T0,
      modifiedAt: modified,
    },
    country: COUNTRY,
    nodeId: 'th-node',
    nodeBaseUrl: 'https://node.th.example',
    stats: {
      bbox: { west, south, east: west + 1.5, north: south + 2.25 },
      temporal: { start: '2019-01-15', end: `2024-${String(1 + (version % 12)).padStart(2, '0')}-28` },
      recordCount: 20_000 + d * 37 + version * 500,
      sampleCount: 400 + d + version * 10,
      measuredVariables: VARIABLES[theme],
      matrices: theme === 'microplastics' ? ['SW_SURF', 'SED_SEA', 'BEACH'] : [],
      surveyProtocols: theme === 'beach-litter' ? ['OSPAR_100M', 'ICC_CLEANUP'] : [],
    },
    access: [
      { level: 'METADATA', audience: 'NETWORK' },
      { level: 'AGGREGATE', audience: 'COUNTRIES' },
      { level: 'RECORDS', audience: 'ORGANISATIONS' },
    ],
    version,
    issued: T0,
    modified,
  });
}

// ---------------------------------------------------------------------------

async function main() {
  require('reflect-metadata');
  const hubApp = loadDist('apps/hub/src/index.js');
  const crypto = loadDist('libs/crypto/src/index.js');
  const catalogue = loadDist('libs/catalogue/src/index.js');
  const messaging = loadDist('libs/messaging/src/index.js');
  const { connect } = require('@nats-io/transport-node');
  const { jetstream, jetstreamManager } = require('@nats-io/jetstream');
  const { DataSource } = require('typeorm');

  const keyFile = await crypto.generateKeyFile(COUNTRY, new Date());
  const key = crypto.activeKey(keyFile);

  // 0. Signatures per second, one after another (as the node signs and the hub's
  // consumer verifies), over distinct realistic entries; no hub running yet.
  const sample = Array.from({ length: 100 }, (_, i) => entryFor(catalogue, i, 1 + (i % 7)));
  const trusted = [{ kid: key.kid, jwk: key.publicJwk }];
  const verifyOpts = { typ: crypto.JWS_TYPES.catalogue, trusted, issuer: COUNTRY, receivedAt: new Date() };
  for (let i = 0; i < 50; i++) {
    await crypto.verifyJws(await crypto.signJws(sample[i], crypto.JWS_TYPES.catalogue, key, { iss: COUNTRY }, new Date()), verifyOpts);
  }
  const signed = new Array(SIGNATURES);
  let t = performance.now();
  for (let i = 0; i < SIGNATURES; i++) signed[i] = await crypto.signJws(sample[i % sample.length], crypto.JWS_TYPES.catalogue, key, { iss: COUNTRY }, new Date());
  const signS = (performance.now() - t) / 1000;
  t = performance.now();
  for (let i = 0; i < SIGNATURES; i++) {
    const v = await crypto.verifyJws(signed[i], verifyOpts);
    if (v.kid !== key.kid) throw new Error('verifyJws returned the wrong kid');
  }
  const verifyS = (performance.now() - t) / 1000;
  const jwsBytes = signed.reduce((n, s) => n + Buffer.byteLength(s), 0) / SIGNATURES;
  checkAlive('the signature benchmark');

  // The hub and its private stream, consumer and database.
  const tag = randomBytes(4).toString('hex');
  const names = { prefix: `ltbench${tag}`, stream: `LTBENCH${tag.toUpperCase()}_CATALOG` };
  const consumerName = `hub-bench-${tag}`;
  const dbName = `littoral_bench_catalogue_${process.pid}_${tag}`;
  let nc;
  let hub;
  let dbCreated = false;
  const report = {};
  // The hub's GraphQL accepts only tokens of its configured issuer: one of our own, one analyst token.
  const { SignJWT, exportJWK, generateKeyPair } = require('jose');
  const authDir = mkdtempSync(path.join(os.tmpdir(), 'littoral-bench-catalogue-'));
  const issuer = 'https://login.bench.littoral.example';
  const issuerKeys = await generateKeyPair('Ed25519');
  const issuerJwks = path.join(authDir, 'issuer-jwks.json');
  writeFileSync(issuerJwks, JSON.stringify({ keys: [{ ...(await exportJWK(issuerKeys.publicKey)), kid: 'bench', alg: 'EdDSA', use: 'sig' }] }));
  const token = await new SignJWT({ roles: ['analyst'], country: 'TH', org: 'th-dmcr' })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bench', typ: 'JWT' }).setSubject('bench-analyst').setIssuer(issuer).setAudience('littoral-hub')
    .setIssuedAt().setExpirationTime('2h').sign(issuerKeys.privateKey);
  try {
    await admin(`CREATE DATABASE ${dbName}`);
    dbCreated = true;
    await hubApp.migrateHubDatabase(dbUrl(dbName));
    const ds = new DataSource(hubApp.hubDataSourceOptions(dbUrl(dbName)));
    await ds.initialize();
    try {
      // As `littoral members add` does: straight in the hub database.
      await new hubApp.MembersService(ds, [COUNTRY]).add(
        { country: COUNTRY, nodeId: 'th-node', displayName: 'Thailand', jwks: crypto.publicJwks(keyFile) },
        'cli',
      );
    } finally {
      await ds.destroy();
    }
    nc = await connect({ servers: NATS_URL, name: `littoral-bench-catalogue-${tag}` });
    const js = jetstream(nc);
    await messaging.ensureCatalogueStream(nc, names);
    hub = await hubApp.startHub({
      DATABASE_URL: dbUrl(dbName),
      NATS_URL,
      PORT: '0',
      LOG_LEVEL: 'silent',
      LITTORAL_STREAM_PREFIX: names.prefix,
      LITTORAL_CATALOGUE_STREAM: names.stream,
      HUB_CONSUMER_NAME: consumerName,
      HUB_PUBLIC_URL: 'https://hub.littoral.example',
      LITTORAL_AUTH_ISSUER: issuer, LITTORAL_AUTH_JWKS: issuerJwks, LITTORAL_AUTH_AUDIENCE: 'littoral-hub',
    });
    trapSignals();

    const gql = async (query, variables = {}) => {
      const res = await fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = await res.json();
      if (body.errors) throw new Error(`GraphQL: ${body.errors.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ')}`);
      return body.data;
    };
    const health = async () => (await (await fetch(`${hub.url}/health`)).json()).catalogueConsumer;
    const LIST = `query { datasets(filter: { countries: ["${COUNTRY}"] }, first: ${DATASETS}) { edges { node { datasetId version } } } }`;

    // Fails fast when the hub refuses a message, instead of waiting for the time limit.
    async function checkRefusals() {
      const c = await health();
      if (c.rejected > 0) {
        const ev = await gql(`{ securityEvents(filter: { kind: "MESSAGE_REJECTED" }, first: 3) { edges { node { reasonCode detail subject } } } }`);
        throw new Error(`the hub refused ${c.rejected} message(s): ${JSON.stringify(ev.securityEvents.edges.map((e) => e.node))}`);
      }
      return c;
    }

    /**
     * Steady phase: publishes `updates` ([{ d, version, jws }]) at RATE per
     * second. One poller, every POLL_MS after its previous answer, sends the hub
     * one GraphQL request asking `dataset(id)` of the (at most POLL_BATCH)
     * oldest datasets with an update in flight (one alias each), so observing
     * costs the hub one bounded request at a time however far it falls behind.
     * An update's latency runs from just before its publish call to the answer
     * that shows that version (or a newer one); the hub's receivedAt and
     * verifiedAt of that version split it up.
     */
    async function steadyPhase(updates) {
      const inFlight = new Map(); // identifier → [{ version, t0, t0Wall }] in publish order
      const latencies = [];
      const stages = { toReceived: [], toVerified: [], toVisible: [] };
      let polls = 0;
      let pollMs = 0;
      let lastSeen = 0;
      let publishing = true;
      let failure;
      const fail = (e) => {
        if (!failure) failure = e;
      };

      const poller = (async () => {
        let ticks = 0;
        while (!failure && (publishing || inFlight.size > 0)) {
          await sleep(POLL_MS);
          checkAlive(`the steady phase (${latencies.length} of ${updates.length} updates visible)`);
          if (++ticks % 50 === 0) await checkRefusals();
          if (inFlight.size === 0) continue;
          const ids = [...inFlight.keys()].slice(0, POLL_BATCH); // the oldest: the hub applies messages in stream order
          const query = `query (${ids.map((_, i) => `$i${i}: ID!`).join(', ')}) { ${ids.map((_, i) => `d${i}: dataset(id: $i${i}) { version receivedAt verifiedAt }`).join(' ')} }`;
          const sent = performance.now();
          const data = await gql(query, Object.fromEntries(ids.map((id, i) => [`i${i}`, id])));
          const now = performance.now();
          polls++;
          pollMs += now - sent;
          ids.forEach((id, i) => {
            const ds = data[`d${i}`];
            const list = inFlight.get(id);
            while (list.length > 0 && list[0].version <= ds.version) {
              const { version, t0, t0Wall } = list.shift();
              latencies.push(now - t0);
              lastSeen = now;
              if (ds.version === version) {
                const verified = Date.parse(ds.verifiedAt) - t0Wall;
                stages.toReceived.push(Date.parse(ds.receivedAt) - t0Wall);
                stages.toVerified.push(verified);
                stages.toVisible.push(now - t0 - verified);
              }
            }
            if (list.length === 0) inFlight.delete(id);
          });
        }
      })().catch(fail);

      const acks = [];
      const start = performance.now();
      for (let i = 0; i < updates.length && !failure; i++) {
        const wait = start + (i * 1000) / RATE - performance.now();
        if (wait > 1) await sleep(wait);
        try {
          checkAlive('publishing the steady phase');
        } catch (e) {
          fail(e);
          break;
        }
        const { d, version, jws } = updates[i];
        const id = datasetId(d);
        const identifier = catalogue.datasetIdentifier(COUNTRY, id);
        if (!inFlight.has(identifier)) inFlight.set(identifier, []);
        inFlight.get(identifier).push({ version, t0Wall: Date.now(), t0: performance.now() });
        const ack = js.publish(messaging.catalogueSubject(names, COUNTRY, id), jws, { msgID: messaging.catalogueMsgId(COUNTRY, id, version) });
        acks.push(ack.catch((e) => (fail(e), null)));
      }
      publishing = false;
      const pubAcks = await Promise.all(acks);
      await poller;
      if (failure) throw failure;
      if (pubAcks.some((a) => a.duplicate)) throw new Error('JetStream reported a duplicate: message ids are not unique');
      return { latencies, stages, start, lastSeen, polls, pollMs };
    }

    /**
     * Burst phase: publishes every update as fast as possible, then waits until
     * the hub's consumer has handled the last stream sequence (GET /health, every
     * 10 ms; it reports a message only after its commit), and checks that every
     * dataset shows its last version.
     */
    async function burstPhase(updates) {
      const before = await health();
      const start = performance.now();
      const acks = updates.map(({ d, version, jws }) => {
        const id = datasetId(d);
        return js.publish(messaging.catalogueSubject(names, COUNTRY, id), jws, { msgID: messaging.catalogueMsgId(COUNTRY, id, version) });
      });
      const pubAcks = await Promise.all(acks);
      const publishEnd = performance.now();
      if (pubAcks.some((a) => a.duplicate)) throw new Error('JetStream reported a duplicate: message ids are not unique');
      const lastSeq = Math.max(...pubAcks.map((a) => a.seq));
      let c;
      for (;;) {
        c = await health();
        if (c.lastSequence !== null && c.lastSequence >= lastSeq) break;
        if (c.rejected > 0) await checkRefusals();
        checkAlive(`the burst phase (${c.handled - before.handled} of ${updates.length} handled)`);
        await sleep(10);
      }
      const end = performance.now();
      const last = new Map(updates.map((u) => [datasetId(u.d), u.version]));
      const data = await gql(LIST);
      const behind = data.datasets.edges.filter(({ node }) => node.version !== last.get(node.datasetId));
      if (data.datasets.edges.length !== last.size || behind.length > 0) throw new Error(`after the burst, ${behind.length} datasets do not show their last version`);
      return { start, publishEnd, end, handled: c.handled - before.handled, published: updates.length };
    }

    const build = (fromVersion, count) => {
      const out = [];
      for (let v = fromVersion; v < fromVersion + count; v++) {
        for (let d = 0; d < DATASETS; d++) out.push({ d, version: v });
      }
      return out;
    };
    const sign = async (updates) => {
      for (const u of updates) u.jws = await crypto.signJws(entryFor(catalogue, u.d, u.version), crypto.JWS_TYPES.catalogue, key, { iss: COUNTRY }, new Date());
      return updates;
    };

    // 1. Every dataset's first version, so that each measured update is a new
    // version of a dataset the hub already lists. Not measured.
    await burstPhase(await sign(build(1, 1)));
    // 2. Steady rate.
    report.steady = await steadyPhase(await sign(build(2, VERSIONS)));
    await checkRefusals();

    // 3. Burst.
    if (BURST) report.burst = await burstPhase(await sign(build(2 + VERSIONS, VERSIONS)));
    report.consumer = await checkRefusals();
    const count = await gql(`{ datasets(filter: { countries: ["${COUNTRY}"] }, first: 0) { totalCount } }`);
    report.listed = count.datasets.totalCount;
  } finally {
    // Clean-up: every step is attempted, whatever failed before.
    const step = async (what, fn) => {
      try {
        await fn();
      } catch (e) {
        console.error(`clean-up: could not ${what}: ${e.message}`);
      }
    };
    if (hub) await step('stop the hub', () => hub.app.close());
    if (nc) {
      await step('delete the consumer and the stream', async () => {
        const jsm = await jetstreamManager(nc);
        await jsm.consumers.delete(names.stream, consumerName).catch(() => undefined);
        await jsm.streams.delete(names.stream);
      });
      await step('close NATS', () => nc.close());
    }
    if (dbCreated) await step(`drop database ${dbName}`, () => admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    rmSync(authDir, { recursive: true, force: true });
  }

  // Report.
  const { steady, burst } = report;
  const lat = [...steady.latencies].sort((a, b) => a - b);
  const steadyS = (steady.lastSeen - steady.start) / 1000;
  console.log('');
  console.log(`signed entries:  ${DATASETS} datasets × ${VERSIONS} versions = ${(DATASETS * VERSIONS).toLocaleString('en')} updates per phase, JWS ${int(jwsBytes)} bytes on average`);
  console.log(`signJws:         ${int(SIGNATURES / signS)} signatures/s  (${SIGNATURES.toLocaleString('en')} one after another, ${(signS * 1e6 / SIGNATURES).toFixed(0)} µs each)`);
  console.log(`verifyJws:       ${int(SIGNATURES / verifyS)} verifications/s  (${SIGNATURES.toLocaleString('en')} one after another, ${(verifyS * 1e6 / SIGNATURES).toFixed(0)} µs each)`);
  console.log('');
  const med = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);
  console.log(`steady, ${RATE} updates/s: publish → queryable at the hub (GraphQL dataset(id)), ${lat.length.toLocaleString('en')} updates`);
  console.log(`  p50 ${ms(quantile(lat, 0.5))}  p95 ${ms(quantile(lat, 0.95))}  p99 ${ms(quantile(lat, 0.99))}  max ${ms(lat[lat.length - 1])}  (min ${ms(lat[0])})`);
  console.log(`  throughput ${(lat.length / steadyS).toFixed(1)} updates/s (first publish → last visible ${steadyS.toFixed(2)} s)`);
  console.log(`  by the hub's clock (the ${steady.stages.toVerified.length} updates first seen at their own version), medians: received ${ms(med(steady.stages.toReceived))}, verified ${ms(med(steady.stages.toVerified))}, then committed and seen ${ms(med(steady.stages.toVisible))} later (ms resolution)`);
  console.log(`  poller: ${steady.polls.toLocaleString('en')} GraphQL requests (${(steady.polls / lat.length).toFixed(1)} per update), ${ms(steady.pollMs / steady.polls)} each + ${POLL_MS} ms pause: the resolution`);
  if (burst) {
    const drainS = (burst.end - burst.start) / 1000;
    console.log(`burst:           ${burst.published.toLocaleString('en')} updates published at once (all PubAcks after ${((burst.publishEnd - burst.start) / 1000).toFixed(2)} s)`);
    console.log(`  all handled by the hub after ${drainS.toFixed(2)} s: ${(burst.handled / drainS).toFixed(0)} updates/s, ${((drainS * 1000) / burst.handled).toFixed(2)} ms per message (verified, stored, acked)`);
  }
  const c = report.consumer;
  console.log(`hub consumer:    handled ${c.handled.toLocaleString('en')}, refused ${c.rejected}, retried ${c.retried}; ${report.listed} datasets listed`);
  result('catalogue', {
    datasets: DATASETS, versions: VERSIONS, rate: RATE, signatures: SIGNATURES, jwsBytes,
    signPerS: SIGNATURES / signS, verifyPerS: SIGNATURES / verifyS,
    steady: { updates: lat.length, p50Ms: quantile(lat, 0.5), p95Ms: quantile(lat, 0.95), p99Ms: quantile(lat, 0.99), maxMs: lat[lat.length - 1], perS: lat.length / steadyS },
    burst: burst ? { updates: burst.handled, perS: burst.handled / ((burst.end - burst.start) / 1000), msEach: (burst.end - burst.start) / burst.handled } : null,
    refused: c.rejected,
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
