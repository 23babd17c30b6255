import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { activeKey, generateKeyFile, publicJwks, writeKeyFile, type KeyFile } from '@littoral/crypto';
import { AuditCheckpointer, AuditLog, pgAuditDatabase, signCheckpoint, type AuditEntryInput } from '@littoral/audit';
import { auditCheckpointSubject, ensureAuditStream, resolveAuditStream } from '@littoral/messaging';
import { hubDataSourceOptions, MembersService, startHub, type StartedHub } from '../apps/hub/src';
import { createTestDatabase, type TestDatabase } from './support/db';
import { createHubTestDatabase } from './support/hub-db';
import { createHubTestIssuer, type TestIssuer } from './support/auth';
import { runLittoral } from './support/cli';
import { waitFor } from './support/wait';

// The hub as witness: it verifies each node checkpoint against the member's
// registered keys and stores it; a forged one is refused (security event and
// audit entry); the hub signs and publishes its own. A node insider who
// rewrites the whole chain and its checkpoint table (even re-signing with the
// node's key) is caught against the checkpoints the hub witnessed.

const NATS_URL = process.env.TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const tag = randomBytes(4).toString('hex');
const PREFIX = `wt${tag}`;
const names = resolveAuditStream(PREFIX);

const entry = (i: number, decision: AuditEntryInput['decision'] = 'allowed'): AuditEntryInput => ({
  actor: { subject: 'hub', country: null, organisation: null, roles: [] }, action: 'query', purpose: 'research', datasets: ['th-gulf'],
  decision, reason: null, resultSize: i, policyVersion: null, correlationId: randomUUID(), requestHash: null,
});

describe('the hub as witness of the nodes\' audit logs', () => {
  let nodeDb: TestDatabase;
  let hubDb: TestDatabase;
  let pool: Pool;
  let hubDs: DataSource;
  let issuer: TestIssuer;
  let hub: StartedHub;
  let nc: NatsConnection;
  let work: string;
  let th: KeyFile;
  let keyPath: string;

  const hubCheckpoints = async (origin: string): Promise<number[]> =>
    (await hubDs.query(`SELECT seq::text FROM audit_checkpoint WHERE origin = $1 ORDER BY seq`, [origin])).map((r: { seq: string }) => Number(r.seq));

  beforeAll(async () => {
    [nodeDb, hubDb, issuer] = await Promise.all([createTestDatabase('witness_node'), createHubTestDatabase('witness'), createHubTestIssuer()]);
    pool = new Pool({ connectionString: nodeDb.url, max: 4 });
    hubDs = new DataSource(hubDataSourceOptions(hubDb.url));
    await hubDs.initialize();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-witness-'));
    th = await generateKeyFile('TH', new Date());
    keyPath = path.join(work, 'th-keys.json');
    await writeKeyFile(keyPath, th);
    const hubKeyPath = path.join(work, 'hub-keys.json');
    await writeKeyFile(hubKeyPath, await generateKeyFile('SG', new Date()));
    await new MembersService(hubDs, ['TH', 'JP']).add({ country: 'TH', nodeId: 'th-node', displayName: 'Thailand', jwks: publicJwks(th) }, 'cli');
    nc = await connect({ servers: NATS_URL });
    hub = await startHub({
      DATABASE_URL: hubDb.url, NATS_URL, PORT: '0', LOG_LEVEL: 'silent', LITTORAL_STREAM_PREFIX: PREFIX, HUB_CONSUMER_NAME: `hub-wt-${tag}`,
      LITTORAL_HUB_KEY_FILE: hubKeyPath, LITTORAL_AUDIT_CHECKPOINT_ENTRIES: '1', ...issuer.env,
    });
  }, 60_000);

  afterAll(async () => {
    await hub?.app.close();
    await (nc && (await jetstreamManager(nc)))?.streams.delete(names.stream).catch(() => undefined);
    if (nc) await (await jetstreamManager(nc)).streams.delete(`${PREFIX.toUpperCase()}_CATALOG`).catch(() => undefined);
    await nc?.close();
    await pool?.end();
    await hubDs?.destroy();
    await Promise.all([nodeDb?.drop(), hubDb?.drop(), issuer?.cleanup()]);
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }, 60_000);

  it('verifies and stores a node\'s checkpoints, keyed by origin', async () => {
    const log = new AuditLog(pgAuditDatabase(pool));
    const cp = new AuditCheckpointer(log, pool, 'TH', () => activeKey(th), { connection: () => nc }, names, { everyEntries: 1_000, everyMs: 3_600_000 });
    for (let i = 0; i < 4; i++) await log.append(entry(i));
    expect(await cp.checkpoint()).toMatchObject({ seq: 4, published: true });
    for (let i = 4; i < 6; i++) await log.append(entry(i));
    expect(await cp.checkpoint()).toMatchObject({ seq: 6, published: true });
    await waitFor('the hub to store TH checkpoint 6', async () => ((await hubCheckpoints('TH')).includes(6) ? true : undefined));
    expect(await hubCheckpoints('TH')).toEqual([4, 6]);
  });

  it('refuses a forged checkpoint: a security event and one checkpoint.rejected entry; the hub signs its own head', async () => {
    const forger = await generateKeyFile('TH', new Date());
    const forged = await signCheckpoint({ origin: 'TH', seq: 99, head: 'a'.repeat(64), time: new Date().toISOString() }, activeKey(forger));
    await ensureAuditStream(nc, names);
    await jetstream(nc).publish(auditCheckpointSubject(names, 'TH'), forged, { msgID: `TH.audit.forged.${tag}` });
    const event = await waitFor('the refusal', async () => {
      const rows = await hubDs.query(`SELECT reason_code FROM security_event WHERE kind = 'MESSAGE_REJECTED' AND subject = $1`, [auditCheckpointSubject(names, 'TH')]);
      return rows.length ? rows : undefined;
    });
    expect(event).toEqual([{ reason_code: 'KEY_UNKNOWN' }]);
    const entries = await hubDs.query(`SELECT actor_subject, decision, reason FROM audit_entry WHERE action = 'checkpoint.rejected'`);
    expect(entries).toEqual([{ actor_subject: 'member:TH', decision: 'denied', reason: 'KEY_UNKNOWN' }]);
    expect(await hubCheckpoints('TH')).not.toContain(99);
    // Every entry triggers a hub checkpoint here (LITTORAL_AUDIT_CHECKPOINT_ENTRIES=1): signed, stored and on the stream.
    await waitFor('the hub\'s own checkpoint', async () => ((await hubCheckpoints('hub')).length > 0 ? true : undefined));
    const msg = await waitFor('the hub checkpoint on the stream', async () =>
      (await jetstreamManager(nc)).streams.getMessage(names.stream, { last_by_subj: auditCheckpointSubject(names, 'hub') }).then((m) => m ?? undefined).catch(() => undefined));
    expect(msg.header?.get('Nats-Msg-Id')).toMatch(/^hub\.audit\.\d+$/);
  });

  it('detects a complete rewrite of the node\'s chain and checkpoint table against what the hub witnessed', async () => {
    const env = { LITTORAL_KEY_FILE: keyPath };
    const before = await runLittoral(['audit', 'verify', '--database-url', nodeDb.url, '--witness-url', hubDb.url, '--json'], env);
    expect(before.code).toBe(0);

    // The insider owns the node database and its key: empties both tables, writes a new chain and re-signs its head.
    await pool.query(`ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only`);
    await pool.query(`ALTER TABLE audit_checkpoint DISABLE TRIGGER audit_checkpoint_append_only`);
    await pool.query(`DELETE FROM audit_entry`);
    await pool.query(`DELETE FROM audit_checkpoint`);
    await pool.query(`ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only`);
    await pool.query(`ALTER TABLE audit_checkpoint ENABLE TRIGGER audit_checkpoint_append_only`);
    const log = new AuditLog(pgAuditDatabase(pool));
    for (let i = 0; i < 6; i++) await log.append(entry(i, i === 2 ? 'denied' : 'allowed'));
    const cp = new AuditCheckpointer(log, pool, 'TH', () => activeKey(th), { connection: () => undefined }, names, { everyEntries: 1_000, everyMs: 3_600_000 });
    await cp.checkpoint();

    const alone = await runLittoral(['audit', 'verify', '--database-url', nodeDb.url, '--json'], env);
    expect(alone.code).toBe(0); // on its own, the rewritten log looks intact

    const witnessed = await runLittoral(['audit', 'verify', '--database-url', nodeDb.url, '--witness-url', hubDb.url, '--json'], env);
    expect(witnessed.code).toBe(1);
    const report = JSON.parse(witnessed.stdout) as { ok: boolean; firstBad: { seq: number; reason: string; checkpoint: { seq: number } } };
    expect(report.ok).toBe(false);
    expect(report.firstBad).toMatchObject({ seq: 4, reason: 'checkpoint-mismatch', checkpoint: { seq: 4 } });
  });
});
