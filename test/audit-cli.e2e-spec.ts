import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { activeKey, generateKeyFile, writeKeyFile, type KeyFile } from '@littoral/crypto';
import { AuditLog, pgAuditDatabase, signCheckpoint, storeCheckpoint, type AuditEntry } from '@littoral/audit';
import { createTestDatabase, type TestDatabase } from './support/db';
import { runLittoral, type CliRun } from './support/cli';

// `littoral audit verify | export` in-process, against a real node database.

async function littoral(args: string[], env: Record<string, string>): Promise<CliRun> {
  return runLittoral(args, env);
}

describe('littoral audit', () => {
  let db: TestDatabase;
  let pool: Pool;
  let work: string;
  let kf: KeyFile;
  let env: Record<string, string>;
  const entries: AuditEntry[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('audit_cli');
    pool = new Pool({ connectionString: db.url, max: 4 });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'littoral-audit-cli-'));
    kf = await generateKeyFile('TH', new Date());
    await writeKeyFile(path.join(work, 'keys.json'), kf);
    env = { DATABASE_URL: db.url, LITTORAL_KEY_FILE: path.join(work, 'keys.json') };
    const log = new AuditLog(pgAuditDatabase(pool));
    for (let i = 1; i <= 30; i++) {
      entries.push(
        await log.append({
          actor: { subject: `analyst-${i % 3}`, country: 'JP', organisation: null, roles: ['analyst'] },
          action: i % 4 ? 'query' : 'records.read', purpose: i % 5 ? 'regional, "quoted" report' : null, datasets: ['th-gulf-2024'],
          decision: 'allowed', reason: null, resultSize: i, policyVersion: 'v1', correlationId: randomUUID(), requestHash: null,
        }),
      );
      if (i % 10 === 0) {
        const cp = { origin: 'TH', seq: i, head: entries[i - 1].hash, time: new Date().toISOString() };
        await storeCheckpoint(pool, { ...cp, kid: activeKey(kf).kid, jws: await signCheckpoint(cp, activeKey(kf)) }, new Date());
      }
    }
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('verify: an intact database log is OK (exit 0), with its checkpoints', async () => {
    const r = await littoral(['audit', 'verify'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/Audit log of TH .*: OK/);
    expect(r.stdout).toMatch(/entries checked\s+30/);
    expect(r.stdout).toMatch(/checkpoints\s+3 verified \(latest: seq 30/);
  });

  it.each(['jsonl', 'csv'] as const)('export --format %s → verify --file: OK; one changed byte → signature refused (exit 1)', async (format) => {
    const out = path.join(work, `audit.${format}`);
    const ex = await littoral(['audit', 'export', '--from', '2000-01-01', '--to', '2100-01-01', '--format', format, '--out', out], env);
    expect(ex).toMatchObject({ code: 0 });
    // Each export appends its own audit.exported entry, so the count grows by one per export.
    expect(ex.stderr).toMatch(/Exported 3\d audit entries of TH \(entries 1–3\d, 3 checkpoints\)/);
    expect(fs.existsSync(`${out}.jws`)).toBe(true);
    const ok = await littoral(['audit', 'verify', '--file', out], env);
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(/: OK/);
    expect(ok.stdout).toMatch(/signature\s+valid/);

    const text = fs.readFileSync(out, 'utf8');
    fs.writeFileSync(out, text.replace('"resultSize":7,', '"resultSize":8,').replace(',7,v1,', ',8,v1,'));
    const bad = await littoral(['audit', 'verify', '--file', out], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/error \[SIGNATURE_INVALID\]: The export file does not match its signature/);
  });

  it('export of a period: a slice of the chain verifies from its first entry, with the checkpoints inside it', async () => {
    const out = path.join(work, 'slice.jsonl');
    const from = entries[4].time;
    const to = new Date(Date.parse(entries[14].time) + 1).toISOString();
    expect((await littoral(['audit', 'export', '--from', from, '--to', to, '--format', 'jsonl', '--out', out], env)).code).toBe(0);
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(11);
    const r = await littoral(['audit', 'verify', '--file', out, '--json'], env);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, checked: 11, checkpoints: 1 });
  });

  it('verify: an edited entry in the database → exit 1, naming the seq', async () => {
    await pool.query('ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only');
    await pool.query(`UPDATE audit_entry SET result_size = 0 WHERE seq = 7`);
    await pool.query('ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only');
    const r = await littoral(['audit', 'verify', '--database-url', db.url], { LITTORAL_KEY_FILE: env.LITTORAL_KEY_FILE });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NOT INTACT/);
    expect(r.stdout).toMatch(/first bad seq\s+7 \(hash-mismatch\)/);
  });

  it('usage: an unknown format is a usage error (exit 2)', async () => {
    const r = await littoral(['audit', 'export', '--from', '2025-01-01', '--to', '2025-02-01', '--format', 'xml'], env);
    expect(r.code).toBe(2);
  });
});
