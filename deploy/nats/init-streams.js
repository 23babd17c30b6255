#!/usr/bin/env node
// Creates the two JetStream streams of a Littoral network, replicated, before
// any app starts: the apps' own users may not create streams (a node that
// could would choose the subjects a stream captures). Runs as the operator
// user `admin` of the HUB account (accounts.conf). Idempotent.
//
//   NATS_URL=nats://nats-1:4222,nats://nats-2:4222 NATS_ADMIN_PASSWORD=… \
//   LITTORAL_STREAM_REPLICAS=3 node deploy/nats/init-streams.js
//
// The streams get exactly the configuration the apps would give them
// (ensureCatalogueStream / ensureAuditStream of @littoral/messaging, from the
// built dist/), then their replica count is raised to LITTORAL_STREAM_REPLICAS.
'use strict';

const path = require('node:path');

/**
 * Ensures both streams exist (configuration from the apps' own functions) and
 * have `replicas` replicas. Returns what each stream looks like afterwards.
 */
async function initStreams(nc, messaging, jetstreamManager, { prefix, replicas }) {
  const catalogue = messaging.resolveCatalogueStream(prefix, null);
  const audit = messaging.resolveAuditStream(prefix, null);
  await messaging.ensureCatalogueStream(nc, catalogue);
  await messaging.ensureAuditStream(nc, audit);
  const jsm = await jetstreamManager(nc);
  const result = [];
  for (const name of [catalogue.stream, audit.stream]) {
    let info = await jsm.streams.info(name);
    if (info.config.num_replicas !== replicas) info = await jsm.streams.update(name, { ...info.config, num_replicas: replicas });
    result.push({ stream: name, subjects: info.config.subjects, replicas: info.config.num_replicas });
  }
  return result;
}

module.exports = { initStreams };

if (require.main === module) {
  (async () => {
    const root = path.resolve(__dirname, '..', '..');
    const { connect } = require(path.join(root, 'node_modules', '@nats-io', 'transport-node'));
    const { jetstreamManager } = require(path.join(root, 'node_modules', '@nats-io', 'jetstream'));
    const messaging = require(path.join(root, 'dist', 'libs', 'messaging', 'src', 'index.js'));
    const servers = (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',').map((s) => s.trim()).filter(Boolean);
    const replicas = Number(process.env.LITTORAL_STREAM_REPLICAS ?? '3');
    const prefix = process.env.LITTORAL_STREAM_PREFIX ?? 'littoral';
    if (![1, 3, 5].includes(replicas)) throw new Error('LITTORAL_STREAM_REPLICAS must be 1, 3 or 5');
    if (!process.env.NATS_ADMIN_PASSWORD) throw new Error('NATS_ADMIN_PASSWORD is required (the HUB account\'s admin user)');
    // The cluster elects its JetStream leader a few seconds after start: retry for a minute.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const nc = await connect({ servers, user: 'admin', pass: process.env.NATS_ADMIN_PASSWORD, name: 'littoral-init-streams' });
        try {
          for (const s of await initStreams(nc, messaging, jetstreamManager, { prefix, replicas })) {
            process.stdout.write(`stream ${s.stream}: subjects ${s.subjects.join(', ')}, ${s.replicas} replica(s)\n`);
          }
        } finally {
          await nc.close();
        }
        return;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        process.stderr.write(`init-streams: ${e.message}; retrying\n`);
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  })().catch((e) => {
    process.stderr.write(`init-streams failed: ${e.message}\n`);
    process.exit(1);
  });
}
