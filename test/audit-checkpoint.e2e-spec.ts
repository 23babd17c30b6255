import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { activeKey, generateKeyFile, type KeyFile } from '@littoral/crypto';
import { AuditLog, pgAuditDatabase, verifyCheckpoint, verifyDatabaseLog } from '@littoral/audit';
import { resolveAuditStream } from '@littoral/messaging';
import { AuditCheckpointer } from '../apps/node/src/audit/audit-checkpointer';
import { createTestDatabase, type TestDatabase } from './support/db';

// The node's checkpointer against real Postgres and NATS: every N entries it
// signs the head, stores it and publishes it on JetStream.

describe('audit checkpointer', () => {
  let db: TestDatabase;
  let pool: Pool;
  let nc: NatsConnection;
  let kf: KeyFile;
  const names = resolveAuditStream(`t${randomBytes(4).toString('hex')}`);

  beforeAll(async () => {
    db = await createTestDatabase('audit_cp');
    pool = new Pool({ connectionString: db.url, max: 4 });
    nc = await connect({ servers: 'nats://127.0.0.1:4222' });
    kf = await generateKeyFile('TH', new Date());
  });
  afterAll(async () => {
    await (await jetstreamManager(nc)).streams.delete(names.stream).catch(() => undefined);
    await nc.close();
    await pool.end();
    await db.drop();
  });

  it('signs every N entries, stores and publishes the checkpoint; verification uses it', async () => {
    const log = new AuditLog(pgAuditDatabase(pool));
    const cp = new AuditCheckpointer(log, pool, 'TH', () => activeKey(kf), { connection: () => nc }, names, { everyEntries: 5, everyMs: 3_600_000 });
    cp.start();
    try {
      for (let i = 0; i < 7; i++) {
        await log.append({
          actor: { subject: 'cli', country: 'TH', organisation: null, roles: [] }, action: 'import', purpose: null, datasets: ['th-gulf-2024'],
          decision: 'allowed', reason: null, resultSize: i, policyVersion: null, correlationId: randomUUID(), requestHash: null,
        });
      }
      const now = await cp.checkpoint(); // the one triggered at 5 has run or is shared; this one covers the head
      expect(now).toMatchObject({ seq: 7, published: true });
    } finally {
      await cp.stop();
    }
    const { rows } = await pool.query('SELECT seq FROM audit_checkpoint ORDER BY seq');
    expect(rows.map((r: { seq: string }) => Number(r.seq))).toEqual(expect.arrayContaining([7]));
    const jsm = await jetstreamManager(nc);
    const msg = await jsm.streams.getMessage(names.stream, { last_by_subj: `${names.prefix}.audit.TH.checkpoint` });
    const trusted = [{ kid: activeKey(kf).kid, jwk: activeKey(kf).publicJwk }];
    expect(await verifyCheckpoint(msg!.string(), 'TH', trusted, new Date())).toMatchObject({ origin: 'TH', seq: 7 });
    expect(msg!.header?.get('Nats-Msg-Id')).toBe('TH.audit.7');
    expect(await verifyDatabaseLog(pool, 'TH', trusted, new Date())).toMatchObject({ ok: true, checked: 7 });
  });
});
