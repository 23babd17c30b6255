import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { DEVELOPMENT_ISSUER } from '@littoral/auth';
import { startNode, type StartedNode } from '../../node/src/index.js';
import { QueryResponder } from '../../node/src/query-responder/query-responder.js';
import { startHub } from '../../hub/src/index.js';
import type { Cleanup } from './cleanup.js';
import { DemoError, type AbortFlag } from './demo-error.js';
import type { DemoKeys } from './demo-keys.js';
import type { NatsServer } from './nats-server.js';
import { freePort, pause, portFree } from './net-probe.js';
import { COUNTRIES, type DemoCountry } from './scenario.js';

const PREFERRED_HUB_PORT = 4000;
const CATALOGUE_TIMEOUT_MS = 45_000;
const RESPONDERS_TIMEOUT_MS = 15_000;
// Nest's enableShutdownHooks listens to these; the demo stops its apps itself, in order.
const NEST_SIGNALS: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGUSR2', 'SIGTERM'];

export interface FederationSetup {
  readonly runId: string;
  readonly streamPrefix: string;
  readonly nats: NatsServer;
  readonly hubDatabaseUrl: string;
  readonly nodeDatabaseUrls: ReadonlyMap<string, string>;
  readonly keys: DemoKeys;
  readonly logLevel: string;
}

/** The running hub and nodes, with URLs for people (localhost). */
export interface RunningFederation {
  readonly hubUrl: string;
  readonly nodes: readonly { country: DemoCountry; url: string }[];
}

/**
 * Runs `start` and removes the process signal listeners it added: each Nest
 * app's shutdown hooks would close it (and re-raise the signal) on Ctrl-C in
 * no particular order, while the demo stops nodes, hub, streams, databases and
 * servers in order and exits 0.
 */
async function withoutShutdownHooks<T>(start: () => Promise<T>): Promise<T> {
  const before = new Map(NEST_SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await start();
  } finally {
    for (const signal of NEST_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
      }
    }
  }
}

/**
 * Starts the hub and every node in this process (as `littoral hub start` and
 * `littoral node start` would, one configuration each), then waits until the
 * hub's regional catalogue holds every node's signed entries and every node
 * listens for queries. Registers their stop (and the run's streams) with `cleanup`.
 */
export async function startFederation(setup: FederationSetup, cleanup: Cleanup, abort: AbortFlag): Promise<RunningFederation> {
  const { runId, streamPrefix, nats, keys, logLevel } = setup;
  cleanup.add('deleted the demo\'s JetStream streams', () => deleteStreams(nats, `${streamPrefix.toUpperCase().replace(/-/g, '_')}_`));
  const apps: { name: string; close: () => Promise<void> }[] = [];
  cleanup.add('stopped the hub and the nodes', async () => {
    const names = apps.map((a) => a.name);
    for (const a of [...apps].reverse()) await a.close();
    return names.length ? `stopped ${names.reverse().join(', ')}` : 'no app was running';
  });
  const issuer = { LITTORAL_AUTH_ISSUER: DEVELOPMENT_ISSUER, LITTORAL_AUTH_JWKS: keys.issuerJwks };

  const hubPort = (await portFree(PREFERRED_HUB_PORT)) ? PREFERRED_HUB_PORT : await freePort();
  const hubUrl = `http://localhost:${hubPort}`;
  const hub = await withoutShutdownHooks(() =>
    startHub({
      ...issuer,
      DATABASE_URL: setup.hubDatabaseUrl, NATS_URL: nats.url, PORT: String(hubPort), LOG_LEVEL: logLevel, HUB_PUBLIC_URL: hubUrl,
      LITTORAL_STREAM_PREFIX: streamPrefix, HUB_CONSUMER_NAME: `hub-${runId}`, LITTORAL_HUB_KEY_FILE: keys.hubKeyFile, HUB_QUERY_TIMEOUT_MS: '5000',
    }),
  );
  apps.push({ name: 'the hub', close: () => hub.app.close() });

  const nodes: { country: DemoCountry; url: string; started: StartedNode }[] = [];
  for (const c of COUNTRIES) {
    abort.check();
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const started = await withoutShutdownHooks(() =>
      startNode({
        ...issuer,
        LITTORAL_AUTH_AUDIENCE: `littoral-node-${c.code.toLowerCase()}`,
        DATABASE_URL: setup.nodeDatabaseUrls.get(c.code)!, NATS_URL: nats.url, LITTORAL_COUNTRY: c.code, PORT: String(port), LOG_LEVEL: logLevel,
        LITTORAL_PUBLIC_URL: url, LITTORAL_KEY_FILE: keys.nodes.get(c.code)!.keyFile, LITTORAL_NODE_ID: c.nodeId,
        LITTORAL_STREAM_PREFIX: streamPrefix, LITTORAL_CATALOGUE_POLL_MS: '500', LITTORAL_HUB_JWKS: keys.hubJwks,
      }),
    );
    apps.push({ name: `the ${c.name} node`, close: () => started.app.close() });
    nodes.push({ country: c, url, started });
  }

  await waitForCatalogue(`${hubUrl}/graphql`, keys.token, abort);
  await waitUntil('every node to listen for queries', () => nodes.every((n) => n.started.app.get(QueryResponder).listening), abort, RESPONDERS_TIMEOUT_MS);
  return { hubUrl, nodes: nodes.map(({ country, url }) => ({ country, url })) };
}

/** Polls `check` every 100 ms until it holds; a DemoError after `timeoutMs`; stops on Ctrl-C. */
async function waitUntil(what: string, check: () => boolean | Promise<boolean>, abort: AbortFlag, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    abort.check();
    if (await check()) return;
    if (Date.now() > deadline) throw new DemoError(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await pause(100);
  }
}

/** Waits until the hub's regional catalogue lists every dataset of every node (asked through the hub's own GraphQL). */
async function waitForCatalogue(graphqlUrl: string, token: string, abort: AbortFlag): Promise<void> {
  const expected = new Map(COUNTRIES.map((c) => [c.code, c.datasets.length]));
  const synced = async (): Promise<boolean> => {
    try {
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ nodes { country entryCount } }' }),
      });
      const nodes = ((await res.json()) as { data?: { nodes: { country: string; entryCount: number }[] } }).data?.nodes ?? [];
      return [...expected].every(([cc, n]) => nodes.find((x) => x.country === cc)?.entryCount === n);
    } catch {
      return false;
    }
  };
  await waitUntil('the signed catalogues to reach the hub', synced, abort, CATALOGUE_TIMEOUT_MS);
}

/** Deletes the streams named after this run's prefix; a server the demo started goes away whole. */
async function deleteStreams(nats: NatsServer, namePrefix: string): Promise<string> {
  if (nats.kind === 'spawned') return 'the JetStream streams go with the demo\'s nats-server';
  const nc = await connect({ servers: nats.url, timeout: 3000, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    const deleted: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(namePrefix)) {
        await jsm.streams.delete(name);
        deleted.push(name);
      }
    }
    return deleted.length ? `deleted the JetStream streams ${deleted.join(', ')}` : 'no JetStream stream to delete';
  } finally {
    await nc.close();
  }
}
