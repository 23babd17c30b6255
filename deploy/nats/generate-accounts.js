#!/usr/bin/env node
// Writes deploy/nats/accounts.conf (the NATS accounts, users, permissions,
// exports and imports of a Littoral network) from deploy/nats/network.json.
//
//   node deploy/nats/generate-accounts.js            # rewrite accounts.conf
//   node deploy/nats/generate-accounts.js --check    # exit 1 if accounts.conf is stale
//
// Design (docs/deployment.md, "NATS security"): one account per member country,
// one for the hub (which alone has JetStream and holds both streams), and the
// system account. A country account sees nothing of another country: it
// imports from HUB only the subjects its node publishes (its own catalogue,
// key and checkpoint subjects) and the read-only JetStream API calls the node
// code makes; it exports to HUB only its own query and audit-trace subjects. Replies to queries
// travel back through the service import, so no `_INBOX` is shared between
// accounts. User permissions repeat the same allow-lists inside each account,
// so a client that asks for anything else gets a permissions violation at once.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;

/** Every subject each party uses, derived exactly as libs/messaging derives them. */
function subjects(net, cc) {
  const p = net.prefix;
  return {
    // libs/messaging catalogue-stream.ts: catalogueSubject / keySubject
    catalogue: `${p}.catalog.${cc}.>`,
    keys: `${p}.keys.${cc}`,
    // audit-stream.ts: auditCheckpointSubject
    checkpoint: `${p}.audit.${cc}.checkpoint`,
    // query-subjects.ts: querySubject, auditTraceSubject
    query: `${p}.query.${cc}`,
    trace: `${p}.audit-trace.${cc}`,
  };
}

/**
 * JetStream API subjects a node's code calls (read-only; it never creates a
 * stream or a consumer): `jetstreamManager()` asks `$JS.API.INFO`;
 * `ensureCatalogueStream` / `ensureAuditStream` ask STREAM.INFO and, only if the
 * stream is missing, STREAM.CREATE — which is NOT granted (the operator creates
 * the streams, see init-streams.js); the catalogue publisher's outbox recovery
 * and the auditor reads ask STREAM.MSG.GET (last message of the node's own
 * subject). JetStream publishes are plain publishes on the stream subjects.
 */
function nodeJsApi(net) {
  return [
    '$JS.API.INFO',
    `$JS.API.STREAM.INFO.${net.catalogueStream}`,
    `$JS.API.STREAM.INFO.${net.auditStream}`,
    `$JS.API.STREAM.MSG.GET.${net.catalogueStream}`,
    `$JS.API.STREAM.MSG.GET.${net.auditStream}`,
  ];
}

/**
 * What the hub's code calls: account info, stream info (and create, which
 * also only happens when a stream is missing), its own two durable consumers
 * (apps/hub/src/catalogue/catalogue-consumer.ts: `<HUB_CONSUMER_NAME>` on the
 * catalogue stream; apps/hub/src/audit/witness-consumer.ts:
 * `<HUB_CONSUMER_NAME>-audit` on the audit stream with one filter subject),
 * their pull requests and acks, its own checkpoints and the stream's last
 * message of its own checkpoint subject.
 */
function hubPublish(net) {
  const p = net.prefix;
  const cat = net.catalogueStream;
  const aud = net.auditStream;
  const c1 = net.hubConsumer;
  const c2 = `${net.hubConsumer}-audit`;
  return [
    `${p}.query.*`,
    `${p}.audit-trace.*`,
    `${p}.audit.hub.checkpoint`,
    '$JS.API.INFO',
    `$JS.API.STREAM.INFO.${cat}`,
    `$JS.API.STREAM.INFO.${aud}`,
    `$JS.API.STREAM.MSG.GET.${aud}`,
    `$JS.API.CONSUMER.INFO.${cat}.${c1}`,
    `$JS.API.CONSUMER.CREATE.${cat}.${c1}`,
    `$JS.API.CONSUMER.CREATE.${cat}.${c1}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${cat}.${c1}`,
    `$JS.API.CONSUMER.MSG.NEXT.${cat}.${c1}`,
    `$JS.ACK.${cat}.${c1}.>`,
    `$JS.API.CONSUMER.INFO.${aud}.${c2}`,
    `$JS.API.CONSUMER.CREATE.${aud}.${c2}`,
    `$JS.API.CONSUMER.CREATE.${aud}.${c2}.>`,
    `$JS.API.CONSUMER.DURABLE.CREATE.${aud}.${c2}`,
    `$JS.API.CONSUMER.MSG.NEXT.${aud}.${c2}`,
    `$JS.ACK.${aud}.${c2}.>`,
  ];
}

/**
 * A process behind a leaf node server (deploy/nats/leaf.conf) sends its
 * JetStream API requests with the hub's JetStream domain in the subject
 * (`$JS.<domain>.API.…`): the leaf server maps `$JS.API.>` there, because a
 * leaf connection never carries the plain `$JS.API.>` (NATS adds a deny for it).
 */
const inDomain = (net, subject) => subject.replace(/^\$JS\.API\./, `$JS.${net.jsDomain}.API.`);

const q = (s) => JSON.stringify(s);
const list = (items, indent) => `[\n${items.map((i) => `${indent}  ${i}`).join('\n')}\n${indent}]`;

function render(net) {
  const members = [...net.members];
  for (const cc of members) if (!/^[A-Z]{2}$/.test(cc)) throw new Error(`network.json: member ${q(cc)} is not an ISO 3166-1 alpha-2 code in capitals`);
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(net.prefix)) throw new Error('network.json: prefix must be one token (letters, digits, _ and -)');
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(net.jsDomain)) throw new Error('network.json: jsDomain must be one token (letters, digits, _ and -)');
  const api = nodeJsApi(net);
  const hubPub = hubPublish(net);
  const out = [];
  const userBlock = (indent, name, password, publish, subscribe, responses) => {
    out.push(`${indent}{`);
    out.push(`${indent}  user: ${q(name)}`);
    out.push(`${indent}  password: ${password}`);
    out.push(`${indent}  permissions: {`);
    out.push(`${indent}    publish: { allow: ${list(publish.map(q), `${indent}      `)} }`);
    out.push(`${indent}    subscribe: { allow: [ ${subscribe.map(q).join(', ')} ] }`);
    if (responses) {
      out.push(`${indent}    # Answers to the hub's queries and audit traces: one reply to the reply subject of each request received.`);
      out.push(`${indent}    allow_responses: { max: 1, expires: "30s" }`);
    }
    out.push(`${indent}  }`);
    out.push(`${indent}}`);
  };
  out.push('# GENERATED by deploy/nats/generate-accounts.js from deploy/nats/network.json: do not edit by hand.');
  out.push('# Accounts, users and permissions of a Littoral network (docs/deployment.md, "NATS security").');
  out.push('# Passwords are never written here: each is a variable the server reads from its environment');
  out.push('# (deploy/secrets/nats.env, made by deploy/scripts/make-secrets.sh).');
  out.push('');
  out.push('accounts {');
  out.push('  # NATS itself (monitoring, cluster internals). Littoral processes never use it.');
  out.push('  SYS {');
  out.push('    users: [ { user: sys, password: $NATS_SYS_PASSWORD } ]');
  out.push('  }');
  out.push('');
  out.push('  # The regional hub: the only account with JetStream; it holds both streams.');
  out.push('  HUB {');
  out.push('    jetstream: enabled');
  out.push('    users: [');
  out.push('      # Hub processes connecting to the cluster themselves (every replica uses this user).');
  userBlock('      ', 'hub', '$NATS_HUB_PASSWORD', hubPub, ['_INBOX.>'], false);
  out.push(`      # The hub's leaf node server (deploy/nats/leaf.conf), for hub processes that cannot hold credentials:`);
  out.push(`      # the same rights, its JetStream API requests arriving in the "${net.jsDomain}" domain.`);
  userBlock('      ', 'hub-leaf', '$NATS_HUB_LEAF_PASSWORD', [...hubPub, ...hubPub.filter((x) => x.startsWith('$JS.API.')).map((x) => inDomain(net, x))], ['_INBOX.>'], false);
  out.push('      # The operator: creates the streams (deploy/nats/init-streams.js) and inspects them. Never an app.');
  out.push('      { user: admin, password: $NATS_ADMIN_PASSWORD }');
  out.push('    ]');
  out.push('    exports: [');
  for (const cc of members) {
    const s = subjects(net, cc);
    out.push(`      # ${cc}: what its node publishes into the streams, and nothing else`);
    for (const subj of [s.catalogue, s.keys, s.checkpoint]) out.push(`      { service: ${q(subj)}, accounts: [ ${cc} ] }`);
  }
  out.push('      # The read-only JetStream API calls of the node code (generate-accounts.js, nodeJsApi)');
  for (const subj of api) out.push(`      { service: ${q(subj)}, accounts: [ ${members.join(', ')} ] }`);
  out.push('    ]');
  out.push('    imports: [');
  for (const cc of members) {
    for (const subj of [subjects(net, cc).query, subjects(net, cc).trace]) out.push(`      { service: { account: ${cc}, subject: ${q(subj)} } }`);
  }
  out.push('    ]');
  out.push('  }');
  for (const cc of members) {
    const s = subjects(net, cc);
    const lc = cc.toLowerCase();
    out.push('');
    out.push(`  ${cc} {`);
    out.push('    users: [');
    out.push(`      # ${cc}'s node connecting to the cluster itself.`);
    userBlock('      ', lc, `$NATS_PASSWORD_${cc}`, [s.catalogue, s.keys, s.checkpoint, ...api], [s.query, s.trace, '_INBOX.>'], true);
    out.push(`      # ${cc}'s leaf node server (deploy/nats/leaf.conf): the account's imports and exports are its bounds.`);
    out.push(`      { user: ${q(`${lc}-leaf`)}, password: $NATS_LEAF_PASSWORD_${cc} }`);
    out.push('    ]');
    out.push(`    exports: [ { service: ${q(s.query)}, accounts: [ HUB ] }, { service: ${q(s.trace)}, accounts: [ HUB ] } ]`);
    out.push('    imports: [');
    for (const subj of [s.catalogue, s.keys, s.checkpoint, ...api]) out.push(`      { service: { account: HUB, subject: ${q(subj)} } }`);
    for (const subj of api) out.push(`      { service: { account: HUB, subject: ${q(subj)} }, to: ${q(inDomain(net, subj))} }`);
    out.push('    ]');
    out.push('  }');
  }
  out.push('}');
  out.push('system_account: SYS');
  out.push('');
  return out.join('\n');
}

function load(file = path.join(here, 'network.json')) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

module.exports = { render, load, subjects, nodeJsApi, hubPublish, inDomain };

if (require.main === module) {
  const target = path.join(here, 'accounts.conf');
  const text = render(load());
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('deploy/nats/accounts.conf is stale: run `node deploy/nats/generate-accounts.js`\n');
      process.exit(1);
    }
    process.stdout.write('deploy/nats/accounts.conf is up to date\n');
  } else {
    fs.writeFileSync(target, text);
    process.stdout.write(`wrote deploy/nats/accounts.conf (${load().members.length} members)\n`);
  }
}
