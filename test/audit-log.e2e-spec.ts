import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { activeKey, generateKeyFile, type KeyFile, type TrustedKey } from '@littoral/crypto';
import {
  AuditLog, entryHash, pgAuditDatabase, readEntries, readHead, signCheckpoint, storeCheckpoint, verifyChain, verifyDatabaseLog,
  type AuditEntry, type AuditEntryInput, type DatabaseVerification,
} from '@littoral/audit';
import { createTestDatabase, type TestDatabase } from './support/db';

// The audit log in a real node database: insider tampering done with direct
// SQL as a superuser (trigger disabled), each case found at its exact seq or
// checkpoint; the append-only triggers; 50 concurrent writers; fail closed.

const entry = (i: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput => ({
  actor: { subject: `analyst-${i % 5}`, country: 'JP', organisation: 'jamstec', roles: ['analyst'] },
  action: 'query',
  purpose: 'regional report',
  datasets: ['th-gulf-2024'],
  decision: 'allowed',
  reason: null,
  resultSize: i,
  policyVersion: 'v1',
  correlationId: randomUUID(),
  requestHash: null,
  ...extra,
});

describe('audit log (node database)', () => {
  let kf: KeyFile;
  let trusted: TrustedKey[];
  const open: { db: TestDatabase; pool: Pool }[] = [];

  beforeAll(async () => {
    kf = await generateKeyFile('TH', new Date());
    trusted = [{ kid: activeKey(kf).kid, jwk: activeKey(kf).publicJwk }];
  });
  afterAll(async () => {
    await Promise.all(open.map(async ({ db, pool }) => {
      await pool.end();
      await db.drop();
    }));
  }, 120_000);

  /** A fresh database with `n` entries and signed checkpoints at the given seqs. */
  async function logWith(n: number, checkpointsAt: number[] = []): Promise<{ pool: Pool; log: AuditLog; entries: AuditEntry[] }> {
    const db = await createTestDatabase('audit');
    const pool = new Pool({ connectionString: db.url, max: 20 });
    open.push({ db, pool });
    const log = new AuditLog(pgAuditDatabase(pool));
    const entries: AuditEntry[] = [];
    for (let i = 1; i <= n; i++) {
      entries.push(await log.append(entry(i)));
      if (checkpointsAt.includes(i)) await checkpoint(pool, entries[i - 1]);
    }
    return { pool, log, entries };
  }
  async function checkpoint(pool: Pool, e: AuditEntry): Promise<void> {
    const cp = { origin: 'TH', seq: e.seq, head: e.hash, time: new Date().toISOString() };
    await storeCheckpoint(pool, { ...cp, kid: activeKey(kf).kid, jws: await signCheckpoint(cp, activeKey(kf)) }, new Date());
  }
  /** What an insider can do: superuser, append-only trigger switched off. */
  async function asInsider(pool: Pool, ...statements: string[]): Promise<void> {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
      for (const s of statements) await c.query(s);
      await c.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
      await c.query('COMMIT');
    } finally {
      c.release();
    }
  }
  const verify = (pool: Pool): Promise<DatabaseVerification> => verifyDatabaseLog(pool, 'TH', trusted, new Date());

  it('writes a valid chain with signed checkpoints, read back in pages', async () => {
    const { pool, entries } = await logWith(25, [10, 20]);
    const r = await verify(pool);
    expect(r).toMatchObject({ ok: true, checked: 25, checkpoints: 2, refusedCheckpoints: [], head: { seq: 25, hash: entries[24].hash } });
    const read: AuditEntry[] = [];
    for await (const e of readEntries(pool, { pageSize: 7 })) read.push(e);
    expect(read).toEqual(entries);
    expect(entries[0].prevHash).toBe('0'.repeat(64));
  });

  it.each([
    ['UPDATE', `UPDATE audit_entry SET result_size = 0 WHERE seq = 2`],
    ['DELETE', `DELETE FROM audit_entry WHERE seq = 2`],
    ['TRUNCATE', `TRUNCATE audit_entry`],
    ['UPDATE', `UPDATE audit_checkpoint SET seq = 1`],
    ['DELETE', `DELETE FROM audit_checkpoint`],
  ])('refuses %s, even to a superuser (%s)', async (op, sql) => {
    const { pool } = await logWith(3, [3]);
    await expect(pool.query(sql)).rejects.toMatchObject({ code: 'LTA01', message: expect.stringMatching(new RegExp(`append-only: ${op} on audit_(entry|checkpoint) is refused`)) });
    expect((await verify(pool)).ok).toBe(true);
    const { rows } = await pool.query(`SELECT has_table_privilege('public', 'audit_entry', 'UPDATE') OR has_table_privilege('public', 'audit_entry', 'DELETE') OR has_table_privilege('public', 'audit_entry', 'TRUNCATE') AS any`);
    expect(rows[0].any).toBe(false);
  });

  it('finds an edited entry at its seq', async () => {
    const { pool } = await logWith(12, [12]);
    await asInsider(pool, `UPDATE audit_entry SET decision = 'denied', result_size = NULL WHERE seq = 7`);
    expect((await verify(pool)).firstBad).toMatchObject({ seq: 7, reason: 'hash-mismatch' });
  });

  it('finds an entry deleted in the middle at its seq', async () => {
    const { pool } = await logWith(12, [12]);
    await asInsider(pool, `DELETE FROM audit_entry WHERE seq = 5`);
    expect((await verify(pool)).firstBad).toMatchObject({ seq: 5, reason: 'missing', message: expect.stringContaining('entry 5 is missing') });
  });

  it('finds a deleted tail against the latest checkpoint', async () => {
    const { pool } = await logWith(12, [5, 10]);
    await asInsider(pool, `DELETE FROM audit_entry WHERE seq > 8`);
    const r = await verify(pool);
    expect(r.firstBad).toMatchObject({ seq: 9, reason: 'truncated', checkpoint: { origin: 'TH', seq: 10 } });
    expect(r.firstBad?.message).toContain('checkpoint of TH at seq 10');
  });

  it('finds reordered entries at the first displaced seq', async () => {
    const { pool } = await logWith(12, [12]);
    // Swap entries 4 and 6 (seq is the primary key: through a free number).
    await asInsider(pool, `UPDATE audit_entry SET seq = 1000 WHERE seq = 4`, `UPDATE audit_entry SET seq = 4 WHERE seq = 6`, `UPDATE audit_entry SET seq = 6 WHERE seq = 1000`);
    expect((await verify(pool)).firstBad).toMatchObject({ seq: 4, reason: 'hash-mismatch' });
  });

  it('finds a complete rewrite with recomputed hashes against the signed checkpoint', async () => {
    const { pool, entries } = await logWith(12, [6, 12]);
    // The insider rewrites every entry (here: hides a query's purpose and size), re-hashes and re-links the chain.
    const rewritten: AuditEntry[] = [];
    for (const e of entries) {
      const changed = { ...e, purpose: e.seq === 3 ? null : e.purpose, resultSize: e.seq === 3 ? null : e.resultSize, prevHash: rewritten.at(-1)?.hash ?? e.prevHash };
      rewritten.push({ ...changed, hash: entryHash(changed) });
    }
    await asInsider(pool, 'DELETE FROM audit_entry');
    const c = await pool.connect();
    try {
      for (const e of rewritten) {
        await c.query(
          `INSERT INTO audit_entry SELECT $1::bigint, time, actor_subject, actor_country, actor_organisation, actor_roles, action, $2, datasets, decision, reason, $3, policy_version, correlation_id, request_hash, $4, $5 FROM (SELECT $6::timestamptz AS time, $7::text AS actor_subject, $8::text AS actor_country, $9::text AS actor_organisation, $10::jsonb AS actor_roles, $11::text AS action, $12::jsonb AS datasets, $13::text AS decision, $14::text AS reason, $15::text AS policy_version, $16::uuid AS correlation_id, $17::text AS request_hash) s`,
          [e.seq, e.purpose, e.resultSize, e.prevHash, e.hash, e.time, e.actor.subject, e.actor.country, e.actor.organisation, JSON.stringify(e.actor.roles), e.action, JSON.stringify(e.datasets), e.decision, e.reason, e.policyVersion, e.correlationId, e.requestHash],
        );
      }
    } finally {
      c.release();
    }
    expect((await verifyChain(readEntries(pool))).ok).toBe(true); // consistent in itself...
    const r = await verify(pool);
    expect(r.firstBad).toMatchObject({ seq: 6, reason: 'checkpoint-mismatch', checkpoint: { origin: 'TH', seq: 6 } }); // ...but not what was signed
  });

  it('a forged checkpoint is refused and not used as a witness', async () => {
    const { pool } = await logWith(4, [4]);
    const other = await generateKeyFile('TH', new Date());
    const cp = { origin: 'TH', seq: 2, head: 'a'.repeat(64), time: new Date().toISOString() };
    await storeCheckpoint(pool, { ...cp, kid: activeKey(other).kid, jws: await signCheckpoint(cp, activeKey(other)) }, new Date());
    const r = await verify(pool);
    expect(r).toMatchObject({ ok: true, checkpoints: 1, refusedCheckpoints: [{ seq: 2, code: 'KEY_UNKNOWN' }] });
  });

  it('50 concurrent writers × 200 entries: one valid chain of 10,000 without gaps', async () => {
    const { pool, log } = await logWith(0);
    const writers = Array.from({ length: 50 }, (_, w) =>
      (async () => {
        const mine: number[] = [];
        for (let i = 0; i < 200; i++) mine.push((await log.append(entry(w * 1000 + i, { actor: { subject: `writer-${w}`, country: 'TH', organisation: null, roles: [] } }))).seq);
        return mine;
      })(),
    );
    const seqs = (await Promise.all(writers)).flat().sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(await readHead(pool)).toMatchObject({ seq: 10_000 });
    const r = await verifyChain(readEntries(pool, { pageSize: 2000 }));
    expect(r).toMatchObject({ ok: true, checked: 10_000 });
    const { rows } = await pool.query(`SELECT actor_subject, count(*)::int AS n FROM audit_entry GROUP BY 1`);
    expect(rows).toHaveLength(50);
    expect(rows.every((row: { n: number }) => row.n === 200)).toBe(true);
  }, 180_000);

  it('fails closed: an entry that cannot be written rolls back the caller\'s transaction', async () => {
    const { pool, log } = await logWith(2);
    await pool.query(`CREATE TABLE released_data (id int)`);
    // Another session holds the audit table: the caller's append cannot get in before its lock timeout.
    const blocker = await pool.connect();
    const c = await pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_entry IN ACCESS EXCLUSIVE MODE');
      await c.query('BEGIN');
      await c.query(`SET LOCAL lock_timeout = '200ms'`);
      await c.query(`INSERT INTO released_data VALUES (1)`);
      const failure = await log.appendIn(c, entry(3)).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'INTERNAL', details: { audit: 'AUDIT_WRITE_FAILED' }, message: expect.stringContaining('the request is refused') });
      // The caller's transaction is aborted: it cannot commit what it did without the entry.
      await expect(c.query('COMMIT').then(() => c.query(`SELECT count(*)::int AS n FROM released_data`))).resolves.toMatchObject({ rows: [{ n: 0 }] });
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await blocker.query('ROLLBACK');
      c.release();
      blocker.release();
    }
    expect((await pool.query(`SELECT count(*)::int AS n FROM released_data`)).rows[0].n).toBe(0);

    // Inside a caller's transaction that commits, the entry commits with the work.
    const d = await pool.connect();
    try {
      await d.query('BEGIN');
      await d.query(`INSERT INTO released_data VALUES (2)`);
      const e = await log.appendIn(d, entry(4));
      await d.query('COMMIT');
      expect(e.seq).toBe(3);
    } finally {
      d.release();
    }
    // An invalid entry is refused before anything is written.
    await expect(log.append({ ...entry(5), datasets: ['13.5,100.6'] })).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(await verify(pool)).toMatchObject({ ok: true, checked: 3 });
  });
});
