import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import * as messaging from '@littoral/messaging';
import { auditCheckpointFilter, auditCheckpointSubject, auditTraceQueueGroup, auditTraceSubject, catalogueSubject, ensureCatalogueStream, keySubject, querySubject, queryQueueGroup, resolveAuditStream, resolveCatalogueStream } from '@littoral/messaging';
import { REPO_ROOT } from './support/paths';
import { freePort, startServer, stopAll } from './support/nats-server';
import { waitFor } from './support/wait';

// The shipped NATS configuration (deploy/nats) checked two ways: every file
// passes `nats-server -t`, and a real server running the shipped accounts
// file (the same accounts.conf the cluster includes) and the shipped leaf
// node file enforces, for real clients, what each party may publish, receive
// and ask JetStream. Servers run on free ports with a temporary store; every
// process is killed after.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../deploy/nats/generate-accounts.js') as {
  render(net: Network): string;
  load(): Network;
  subjects(net: Network, cc: string): { catalogue: string; keys: string; checkpoint: string; query: string; trace: string };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { initStreams } = require('../deploy/nats/init-streams.js') as {
  initStreams(nc: NatsConnection, m: typeof messaging, jsm: typeof jetstreamManager, o: { prefix: string; replicas: number }): Promise<{ stream: string; subjects: string[]; replicas: number }[]>;
};

interface Network {
  prefix: string;
  catalogueStream: string;
  auditStream: string;
  jsDomain: string;
  hubConsumer: string;
  members: string[];
}

const NATS_DIR = path.join(REPO_ROOT, 'deploy', 'nats');
const net = generator.load();
const catalogue = resolveCatalogueStream(net.prefix, null);
const audit = resolveAuditStream(net.prefix, null);

/** Every password variable accounts.conf and cluster.conf name, with a test value. */
function passwords(): Record<string, string> {
  const env: Record<string, string> = { NATS_SYS_PASSWORD: 'sys-pw', NATS_HUB_PASSWORD: 'hub-pw', NATS_HUB_LEAF_PASSWORD: 'hub-leaf-pw', NATS_ADMIN_PASSWORD: 'admin-pw', NATS_ROUTE_PASSWORD: 'route-pw' };
  for (const cc of net.members) {
    env[`NATS_PASSWORD_${cc}`] = `${cc.toLowerCase()}-pw`;
    env[`NATS_LEAF_PASSWORD_${cc}`] = `${cc.toLowerCase()}-leaf-pw`;
  }
  return env;
}

/** The error a promise rejects with (fails when it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Resolves when the server has closed `sub` for a permissions violation. */
const closedByServer = (sub: Subscription) => waitFor('the subscription to be refused', async () => (sub.isClosed() ? true : undefined), 5_000);

describe('deploy/nats configuration files', () => {
  it('accounts.conf is what generate-accounts.js makes of network.json', () => {
    expect(readFileSync(path.join(NATS_DIR, 'accounts.conf'), 'utf8')).toBe(generator.render(net));
  });

  it('names the subjects, streams and consumer the code uses', () => {
    const th = generator.subjects(net, 'TH');
    expect(net.catalogueStream).toBe(catalogue.stream);
    expect(net.auditStream).toBe(audit.stream);
    expect(th.query).toBe(querySubject(net.prefix, 'TH'));
    expect(th.trace).toBe(auditTraceSubject(net.prefix, 'TH'));
    expect(th.keys).toBe(keySubject(catalogue, 'TH'));
    expect(th.checkpoint).toBe(auditCheckpointSubject(audit, 'TH'));
    expect(catalogueSubject(catalogue, 'TH', 'any-dataset').startsWith(th.catalogue.slice(0, -1))).toBe(true);
    // The members are the default network (LITTORAL_MEMBERS in docs/configuration.md).
    expect(readFileSync(path.join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8')).toContain(`\`${net.members.join(',')}\``);
    // The domain the leaf maps to is the cluster's.
    expect(readFileSync(path.join(NATS_DIR, 'cluster.conf'), 'utf8')).toMatch(new RegExp(`domain: ${net.jsDomain}\\b`));
    expect(readFileSync(path.join(NATS_DIR, 'leaf.conf'), 'utf8')).toContain(`"$JS.API.>": "$JS.${net.jsDomain}.API.>"`);
  });

  const shipped = readdirSync(NATS_DIR).filter((f) => /^(nats-\d|leaf)\.conf$/.test(f));
  it.each(shipped)('nats-server -t accepts %s', (file) => {
    expect(shipped).toEqual(expect.arrayContaining(['nats-1.conf', 'nats-2.conf', 'nats-3.conf', 'leaf.conf']));
    const env = { ...process.env, ...passwords(), NATS_ROUTE_1: 'nats-route://route:route-pw@nats-1:6222', NATS_ROUTE_2: 'nats-route://route:route-pw@nats-2:6222', NATS_ROUTE_3: 'nats-route://route:route-pw@nats-3:6222', LITTORAL_LEAF_NAME: 'nats-th', LITTORAL_LEAF_LISTEN: '127.0.0.1:4222', LITTORAL_LEAF_REMOTE: 'nats-leaf://th-leaf:th-leaf-pw@nats-1:7422' };
    const r = spawnSync('nats-server', ['-t', '-c', file], { cwd: NATS_DIR, env, encoding: 'utf8' });
    expect(`${r.stdout}${r.stderr}`).toContain('is valid');
    expect(r.status).toBe(0);
  });

  it('nats-server -t refuses the cluster configuration when a password is missing', () => {
    const env = { ...process.env, ...passwords() };
    delete (env as Record<string, string | undefined>).NATS_PASSWORD_TH;
    const r = spawnSync('nats-server', ['-t', '-c', 'nats-1.conf'], { cwd: NATS_DIR, env: { ...env, NATS_ROUTE_1: 'nats-route://a@b:1', NATS_ROUTE_2: 'nats-route://a@b:1', NATS_ROUTE_3: 'nats-route://a@b:1' }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('NATS_PASSWORD_TH');
  });
});

describe('permissions on a running server (shipped accounts.conf and leaf.conf)', () => {
  let dir: string;
  let clientPort: number;
  let leafPort: number;
  const env = passwords();
  const conns: NatsConnection[] = [];
  let admin: NatsConnection;
  let hub: NatsConnection; // direct, user hub
  let th: NatsConnection; // direct, user th
  let jp: NatsConnection; // direct, user jp
  let thLeaf: NatsConnection; // through TH's leaf node server, no credentials
  let hubLeaf: NatsConnection; // through the hub's leaf node server, no credentials

  const open = async (port: number, auth: { user: string; pass: string } | null, name: string) => {
    const nc = await connect({ servers: `nats://127.0.0.1:${port}`, name, ...(auth ?? {}), reconnect: false });
    conns.push(nc);
    return nc;
  };

  /** Starts the shipped leaf.conf for `user`, ready once its leaf connection is up. */
  const startLeaf = async (user: string, password: string): Promise<number> => {
    const port = await freePort();
    await startServer(path.join(dir, 'leaf.conf'), { LITTORAL_LEAF_NAME: `test-${user}`, LITTORAL_LEAF_LISTEN: `127.0.0.1:${port}`, LITTORAL_LEAF_REMOTE: `nats-leaf://${user}:${password}@127.0.0.1:${leafPort}` }, /Leafnode connection created/);
    return port;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'littoral-deploy-nats-'));
    copyFileSync(path.join(NATS_DIR, 'accounts.conf'), path.join(dir, 'accounts.conf'));
    copyFileSync(path.join(NATS_DIR, 'leaf.conf'), path.join(dir, 'leaf.conf'));
    [clientPort, leafPort] = [await freePort(), await freePort()];
    // The cluster's settings (cluster.conf) on one server, on free ports and a temporary store.
    writeFileSync(
      path.join(dir, 'server.conf'),
      [
        'server_name: test-hub',
        `listen: 127.0.0.1:${clientPort}`,
        'max_payload: 8MB',
        `jetstream { store_dir: ${JSON.stringify(path.join(dir, 'js'))}, domain: ${net.jsDomain} }`,
        `leafnodes { listen: 127.0.0.1:${leafPort} }`,
        'include ./accounts.conf',
        '',
      ].join('\n'),
    );
    await startServer(path.join(dir, 'server.conf'), env);
    admin = await open(clientPort, { user: 'admin', pass: env.NATS_ADMIN_PASSWORD }, 'admin');
    await initStreams(admin, messaging, jetstreamManager, { prefix: net.prefix, replicas: 1 });
    hub = await open(clientPort, { user: 'hub', pass: env.NATS_HUB_PASSWORD }, 'hub');
    th = await open(clientPort, { user: 'th', pass: env.NATS_PASSWORD_TH }, 'th');
    jp = await open(clientPort, { user: 'jp', pass: env.NATS_PASSWORD_JP }, 'jp');
    thLeaf = await open(await startLeaf('th-leaf', env.NATS_LEAF_PASSWORD_TH), null, 'th via leaf');
    hubLeaf = await open(await startLeaf('hub-leaf', env.NATS_HUB_LEAF_PASSWORD), null, 'hub via leaf');
  }, 60_000);

  afterAll(async () => {
    await Promise.all(conns.map((c) => c.close().catch(() => undefined)));
    await stopAll();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('nobody gets in without a password, and the streams exist as the apps would make them', async () => {
    await expect(connect({ servers: `nats://127.0.0.1:${clientPort}`, reconnect: false })).rejects.toThrow(/Authorization Violation/);
    await expect(connect({ servers: `nats://127.0.0.1:${clientPort}`, user: 'th', pass: 'wrong', reconnect: false })).rejects.toThrow(/Authorization Violation/);
    const info = await (await jetstreamManager(admin)).streams.info(catalogue.stream);
    expect(info.config.subjects).toEqual([`${net.prefix}.catalog.>`, `${net.prefix}.keys.>`]);
  });

  describe.each([
    ['directly (user th)', () => th],
    ['through its leaf node (user th-leaf)', () => thLeaf],
  ])('TH %s', (_how, thConn) => {
    it('publishes its catalogue, key and checkpoint subjects as the node does (stream info, then JetStream publish)', async () => {
      const nc = thConn();
      await ensureCatalogueStream(nc, catalogue); // stream info only: the stream exists
      const js = jetstream(nc);
      const id = `ds-${nc.info!.client_id}-${Date.now()}`;
      const ack = await js.publish(catalogueSubject(catalogue, 'TH', id), 'entry', { msgID: `TH.${id}.1` });
      expect(ack.stream).toBe(catalogue.stream);
      expect((await js.publish(keySubject(catalogue, 'TH'), 'key')).stream).toBe(catalogue.stream);
      expect((await js.publish(auditCheckpointSubject(audit, 'TH'), 'checkpoint')).stream).toBe(audit.stream);
      // The outbox recovery reads the last message of its own subject back.
      const last = await (await jetstreamManager(nc)).streams.getMessage(catalogue.stream, { last_by_subj: catalogueSubject(catalogue, 'TH', id) });
      expect(last?.header?.get('Nats-Msg-Id')).toBe(`TH.${id}.1`);
    });

    it("cannot publish JP's catalogue, key or checkpoint subjects", async () => {
      const js = jetstream(thConn());
      for (const subject of [catalogueSubject(catalogue, 'JP', 'forged'), keySubject(catalogue, 'JP'), auditCheckpointSubject(audit, 'JP')]) {
        const err = await rejection(js.publish(subject, 'forged', { timeout: 2000 }));
        expect(err.message).toMatch(thConn() === th ? new RegExp(`Permissions Violation for Publish to "${subject.replace(/\./g, '\\.')}"`) : /jetstream is not enabled|no responders|timeout/i);
      }
      const info = await (await jetstreamManager(admin)).streams.info(catalogue.stream, { subjects_filter: `${net.prefix}.*.JP.>` });
      expect(info.state.subjects ?? {}).toEqual({});
    });

    it('cannot create, list or read consumers or streams through $JS.API', async () => {
      const nc = thConn();
      const jsm = await jetstreamManager(nc, { timeout: 1000 });
      const attempts: [string, () => Promise<unknown>][] = [
        ['CONSUMER.CREATE', () => jsm.consumers.add(catalogue.stream, { durable_name: 'th-spy', ack_policy: AckPolicy.Explicit })],
        ['CONSUMER.INFO of the hub', () => jsm.consumers.info(catalogue.stream, net.hubConsumer)],
        ['CONSUMER.MSG.NEXT of the hub', () => nc.request(`$JS.API.CONSUMER.MSG.NEXT.${catalogue.stream}.${net.hubConsumer}`, '{"batch":1}', { timeout: 1000 })],
        ['STREAM.NAMES', () => jsm.streams.names().next()],
        ['STREAM.CREATE', () => jsm.streams.add({ name: 'TH_SPY', subjects: [`${net.prefix}.query.>`] })],
        ['STREAM.DELETE', () => jsm.streams.delete(catalogue.stream)],
        ['STREAM.PURGE', () => jsm.streams.purge(audit.stream)],
        ['DIRECT.GET', () => jsm.direct.getMessage(catalogue.stream, { last_by_subj: catalogueSubject(catalogue, 'JP', 'x') })],
      ];
      for (const [what, attempt] of attempts) {
        const err = await rejection(attempt());
        expect([what, err.message]).toEqual([what, expect.stringMatching(/Permissions Violation|timeout|TIMEOUT|not enabled|no responders/i)]);
      }
      expect((await (await jetstreamManager(admin)).streams.info(catalogue.stream)).state.consumer_count).toBeLessThanOrEqual(1);
    });
  });

  it("TH cannot subscribe to JP's queries (directly: refused; through its leaf: never delivered)", async () => {
    const refused = th.subscribe(querySubject(net.prefix, 'JP'));
    await closedByServer(refused);

    // JP answers its queries; TH's leaf listens on JP's subject and on every inbox, and hears nothing.
    const heard: string[] = [];
    const spies = [thLeaf.subscribe(querySubject(net.prefix, 'JP')), thLeaf.subscribe('_INBOX.>'), thLeaf.subscribe('>')];
    for (const s of spies) void (async () => { for await (const m of s) heard.push(m.subject); })();
    const responder = jp.subscribe(querySubject(net.prefix, 'JP'), { queue: queryQueueGroup(net.prefix, 'JP'), callback: (_e, m) => { m.respond('answer of JP'); } });
    await jp.flush();
    await thLeaf.flush();
    const reply = await hub.request(querySubject(net.prefix, 'JP'), 'signed envelope for JP', { timeout: 3000 });
    expect(reply.string()).toBe('answer of JP');
    await thLeaf.flush();
    expect(heard).toEqual([]);
    responder.unsubscribe();
    spies.forEach((s) => s.unsubscribe());
  });

  it('a node may answer only requests it received (allow_responses), not publish on inboxes', async () => {
    const err = await rejection(th.request('_INBOX.someone-else', 'x', { timeout: 1000 }));
    expect(err.message).toMatch(/Permissions Violation for Publish to "_INBOX\.someone-else"/);
  });

  it.each([
    ['directly (user hub)', () => hub],
    ['through its leaf node (user hub-leaf)', () => hubLeaf],
  ])('the hub %s asks nodes and consumes both streams with its own durable consumers', async (_how, hubConn) => {
    const nc = hubConn();
    // A query to TH (whose node sits behind its leaf) is answered through TH's account.
    const responder = thLeaf.subscribe(querySubject(net.prefix, 'TH'), { queue: queryQueueGroup(net.prefix, 'TH'), callback: (_e, m) => { m.respond(`TH answers ${m.string()}`); } });
    await thLeaf.flush();
    await waitFor('TH to be reachable', async () => ((await nc.request(querySubject(net.prefix, 'TH'), 'ping', { timeout: 1000 }).catch(() => null)) ? true : undefined), 10_000);
    expect((await nc.request(querySubject(net.prefix, 'TH'), 'q1', { timeout: 3000 })).string()).toBe('TH answers q1');
    responder.unsubscribe();
    // An auditor's trace reaches TH's node the same way.
    const tracer = thLeaf.subscribe(auditTraceSubject(net.prefix, 'TH'), { queue: auditTraceQueueGroup(net.prefix, 'TH'), callback: (_e, m) => { m.respond(`TH traces ${m.string()}`); } });
    await thLeaf.flush();
    await waitFor('TH trace to be reachable', async () => ((await nc.request(auditTraceSubject(net.prefix, 'TH'), 'ping', { timeout: 1000 }).catch(() => null)) ? true : undefined), 10_000);
    expect((await nc.request(auditTraceSubject(net.prefix, 'TH'), 't1', { timeout: 3000 })).string()).toBe('TH traces t1');
    tracer.unsubscribe();

    // The catalogue consumer, exactly as apps/hub/src/catalogue/catalogue-consumer.ts creates it.
    const jsm = await jetstreamManager(nc);
    await ensureCatalogueStream(nc, catalogue);
    await jsm.consumers.add(catalogue.stream, { durable_name: net.hubConsumer, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, ack_wait: 30_000_000_000, max_ack_pending: 1 }).catch((e: Error) => {
      if (!/already/.test(e.message)) throw e;
    });
    const id = `hub-${Date.now()}`;
    await jetstream(th).publish(catalogueSubject(catalogue, 'TH', id), 'entry');
    const consumer = await jetstream(nc).consumers.get(catalogue.stream, net.hubConsumer);
    let seen = '';
    while (seen !== catalogueSubject(catalogue, 'TH', id)) {
      const m = await consumer.next({ expires: 3000 });
      expect(m).not.toBeNull();
      seen = m!.subject;
      m!.ack();
    }
    // The audit witness consumer (apps/hub/src/audit/witness-consumer.ts): one filter subject.
    await jsm.consumers.add(audit.stream, { durable_name: `${net.hubConsumer}-audit`, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: auditCheckpointFilter(audit), ack_wait: 30_000_000_000, max_ack_pending: 1 }).catch((e: Error) => {
      if (!/already/.test(e.message)) throw e;
    });
    await jetstream(th).publish(auditCheckpointSubject(audit, 'TH'), 'checkpoint');
    const witness = await jetstream(nc).consumers.get(audit.stream, `${net.hubConsumer}-audit`);
    const m = await witness.next({ expires: 3000 });
    expect(m?.subject).toBe(auditCheckpointSubject(audit, 'TH'));
    m!.ack();

    // …and nothing else: no other consumer, no stream changes, no forged catalogue entries.
    const limited = await jetstreamManager(nc, { timeout: 1500 });
    for (const attempt of [() => limited.consumers.add(catalogue.stream, { durable_name: 'other', ack_policy: AckPolicy.Explicit }), () => limited.streams.delete(catalogue.stream), () => jetstream(nc).publish(catalogueSubject(catalogue, 'TH', 'forged'), 'x', { timeout: 1500 })]) {
      expect((await rejection(attempt())).message).toMatch(/Permissions Violation|timeout|not enabled/i);
    }
  });

  it('KNOWN GAP: a node can read any single message of the two streams with STREAM.MSG.GET', async () => {
    // The node's outbox recovery (apps/node/src/catalogue/catalogue-publisher.ts) and its auditor
    // reads (latestStreamCheckpointSeq) ask STREAM.MSG.GET by last_by_subj, whose subject is in the
    // request body, so NATS cannot restrict it to the node's own subjects. Catalogue entries are
    // public and checkpoints are signed hash heads, but the fix is docs/deployment.md's
    // "direct get by subject" change; flip this test when it lands.
    await jetstream(jp).publish(catalogueSubject(catalogue, 'JP', 'jp-dataset'), 'JP entry');
    const msg = await (await jetstreamManager(th)).streams.getMessage(catalogue.stream, { last_by_subj: catalogueSubject(catalogue, 'JP', 'jp-dataset') });
    expect(msg?.string()).toBe('JP entry');
  });
});

describe('a three-server cluster with replicated streams', () => {
  afterAll(stopAll);

  it('forms, and init-streams.js gives both streams three replicas', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'littoral-deploy-cluster-'));
    try {
      copyFileSync(path.join(NATS_DIR, 'accounts.conf'), path.join(dir, 'accounts.conf'));
      const ports = await Promise.all([1, 2, 3].map(async () => ({ client: await freePort(), route: await freePort() })));
      const env = { ...passwords() };
      ports.forEach((p, i) => (env[`NATS_ROUTE_${i + 1}`] = `nats-route://route:${env.NATS_ROUTE_PASSWORD}@127.0.0.1:${p.route}`));
      // cluster.conf with the test's ports and store: everything else as shipped.
      const shipped = readFileSync(path.join(NATS_DIR, 'cluster.conf'), 'utf8');
      await Promise.all(
        ports.map((p, i) => {
          const conf = shipped
            .replace('listen: 0.0.0.0:4222', `listen: 127.0.0.1:${p.client}`)
            .replace(/^http: .*$/m, '')
            .replace('store_dir: /data/jetstream', `store_dir: ${JSON.stringify(path.join(dir, `js-${i + 1}`))}`)
            .replace('listen: 0.0.0.0:6222', `listen: 127.0.0.1:${p.route}`)
            .replace(/leafnodes \{[^}]*\}/, '');
          expect(conf).not.toContain('0.0.0.0');
          writeFileSync(path.join(dir, `nats-${i + 1}.conf`), `server_name: test-nats-${i + 1}\n${conf}`);
          return startServer(path.join(dir, `nats-${i + 1}.conf`), env);
        }),
      );
      const admin = await connect({ servers: ports.map((p) => `nats://127.0.0.1:${p.client}`), user: 'admin', pass: env.NATS_ADMIN_PASSWORD });
      try {
        const result = await waitFor('JetStream to elect a leader and create the streams', () => initStreams(admin, messaging, jetstreamManager, { prefix: net.prefix, replicas: 3 }).catch(() => undefined), 45_000);
        expect(result.map((s) => [s.stream, s.replicas])).toEqual([
          [catalogue.stream, 3],
          [audit.stream, 3],
        ]);
        const info = await (await jetstreamManager(admin)).streams.info(catalogue.stream);
        expect(info.config.num_replicas).toBe(3);
        expect(info.cluster?.replicas?.length).toBeGreaterThanOrEqual(2);
      } finally {
        await admin.close();
      }
    } finally {
      await stopAll();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('deploy/compose.yaml (structure only: docker compose is not run here)', () => {
  // js-yaml is present through jest's own dependencies; no YAML dependency is added for this.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as { safeLoad(s: string): any };
  const DEPLOY = path.join(REPO_ROOT, 'deploy');
  const compose = yaml.safeLoad(readFileSync(path.join(DEPLOY, 'compose.yaml'), 'utf8'));
  const services = compose.services as Record<string, any>;
  const documented = ['configuration.md', 'deployment.md'].map((f) => (existsSync(path.join(REPO_ROOT, 'docs', f)) ? readFileSync(path.join(REPO_ROOT, 'docs', f), 'utf8') : '')).join('\n');
  const envFile = (f: string) => Object.fromEntries(readFileSync(path.join(DEPLOY, f), 'utf8').split('\n').filter((l) => /^[A-Z_0-9]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  it('has the three clustered NATS servers on the shipped configuration files', () => {
    for (const n of [1, 2, 3]) {
      expect(services[`nats-${n}`].command).toEqual(['-c', `/etc/nats/nats-${n}.conf`]);
      expect(services[`nats-${n}`].volumes).toContain('./nats:/etc/nats:ro');
      expect(existsSync(path.join(NATS_DIR, `nats-${n}.conf`))).toBe(true);
    }
    expect(services['nats-init'].environment.LITTORAL_STREAM_REPLICAS).toBe('3');
  });

  it.each(['th', 'jp', 'ph'])('node %s has its own Postgres, its own leaf NATS and its own network', (cc) => {
    const node = services[cc];
    expect(node.command).toEqual(['node', 'start']);
    const env = { ...envFile(`env/${cc}.env`) };
    expect(env.LITTORAL_COUNTRY).toBe(cc.toUpperCase());
    expect(env.NATS_URL).toBe(`nats://${cc}-nats:4222`);
    expect(node.networks).toEqual([cc]);
    expect(services[`${cc}-db`].networks).toEqual([cc]);
    expect(services[`${cc}-nats`].command).toEqual(['-c', '/etc/nats/leaf.conf']);
    expect(services[`${cc}-nats`].networks).toEqual([cc, 'core']);
    expect(services[`${cc}-nats`].env_file).toEqual([`env/${cc}-nats.env`, `secrets/${cc}-leaf.env`]);
    expect(node.env_file).toEqual([`env/${cc}.env`, `secrets/${cc}.env`]);
    expect(services[`${cc}-migrate`].command).toEqual(['migrate']);
  });

  it('runs two hub replicas on one database with one consumer name', () => {
    expect(services.hub.deploy.replicas).toBe(2);
    expect(envFile('env/hub.env').HUB_CONSUMER_NAME).toBe(net.hubConsumer);
    expect(services['hub-migrate'].command).toEqual(['migrate', '--hub']);
  });

  it('uses only documented variables, and keeps secrets out of the compose file and env/', () => {
    for (const f of readdirSync(path.join(DEPLOY, 'env'))) {
      for (const name of Object.keys(envFile(`env/${f}`))) expect([f, name, documented.includes(`\`${name}\``)]).toEqual([f, name, true]);
      expect(readFileSync(path.join(DEPLOY, 'env', f), 'utf8')).not.toMatch(/PASSWORD|DATABASE_URL=|nats-leaf:\/\/[^@\s]*:[^@\s]*@/);
    }
    for (const [name, svc] of Object.entries(services)) {
      for (const [k, v] of Object.entries((svc.environment ?? {}) as Record<string, string>)) expect([name, k, /PASSWORD$|DATABASE_URL/.test(k) || /:\/\/[^/@\s]+:[^/@\s]+@/.test(String(v))]).toEqual([name, k, false]);
      for (const f of (svc.env_file ?? []) as string[]) expect([name, f, f.startsWith('secrets/') || existsSync(path.join(DEPLOY, f))]).toEqual([name, f, true]);
    }
    // Every secret file the compose file names is one make-secrets.sh writes.
    const script = readFileSync(path.join(DEPLOY, 'scripts', 'make-secrets.sh'), 'utf8');
    for (const s of Object.values(compose.secrets as Record<string, { file: string }>)) {
      expect([s.file, script.includes(path.basename(s.file).replace(/^(th|jp|ph|hub)(?=-)/, ''))]).toEqual([s.file, true]);
    }
  });
});

describe('deploy/k8s (structure only)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('js-yaml') as { safeLoad(s: string): any };
  const K8S = path.join(REPO_ROOT, 'deploy', 'k8s');
  const docs = readdirSync(K8S).filter((f) => f.endsWith('.yaml')).map((f) => yaml.safeLoad(readFileSync(path.join(K8S, f), 'utf8')));
  const kind = (k: string) => docs.filter((d) => d.kind === k);

  it('has a Deployment with probes on /health and resource requests, a Service, ConfigMaps and a migrate Job', () => {
    expect(docs.map((d) => d.kind).sort()).toEqual(['ConfigMap', 'ConfigMap', 'Deployment', 'Job', 'Service']);
    const [node, leaf] = kind('Deployment')[0].spec.template.spec.containers;
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect(node[probe].httpGet.path).toBe('/health');
    for (const c of [node, leaf]) expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(kind('Job')[0].spec.template.spec.containers[0].args).toEqual(['migrate']);
    const config = kind('ConfigMap').find((d) => d.metadata.name === 'littoral-node').data;
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    const documented = readFileSync(path.join(REPO_ROOT, 'docs', 'configuration.md'), 'utf8') + readFileSync(path.join(REPO_ROOT, 'docs', 'deployment.md'), 'utf8');
    for (const name of Object.keys(config)) expect([name, documented.includes(`\`${name}\``)]).toEqual([name, true]);
  });

  it("carries the shipped leaf.conf for the node's NATS sidecar", () => {
    const strip = (t: string) => t.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter(Boolean).join('\n');
    const shipped = readFileSync(path.join(NATS_DIR, 'leaf.conf'), 'utf8');
    expect(strip(kind('ConfigMap').find((d) => d.metadata.name === 'littoral-nats-leaf').data['leaf.conf'])).toBe(strip(shipped));
  });
});

it('ships no machine paths in deploy/', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(d, e.name));
      else files.push(path.join(d, e.name));
    }
  };
  walk(path.join(REPO_ROOT, 'deploy'));
  for (const f of files) expect([f, readFileSync(f, 'utf8').includes('/work/') || readFileSync(f, 'utf8').includes('/tmp/')]).toEqual([f, false]);
  expect(existsSync(path.join(NATS_DIR, 'accounts.conf'))).toBe(true);
});
