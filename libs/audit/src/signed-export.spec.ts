import { createHash } from 'node:crypto';
import { activeKey, generateKeyFile, type KeyFile } from '@littoral/crypto';
import type { AuditEntryInput } from './audit-entry.js';
import { exportHeader, exportLine, verifyExport } from './audit-export.js';
import type { AuditLog } from './audit-log.js';
import { ENTRY_COLUMNS, entryParams } from './audit-store.js';
import { exportFileName, signedExportText } from './signed-export.js';
import { chain, T0 } from './spec-helpers.js';
import type { SqlRunner } from './sql.js';

// The one export path (CLI and GraphQL) over a scripted database: bytes,
// statement, the audit.exported entry, and the refusals before anything is read.

const entries = chain(6);
// Rows as pg returns them: jsonb columns already parsed.
const rows = entries.map((e) => ({ ...Object.fromEntries(ENTRY_COLUMNS.map((c, i) => [c, entryParams(e)[i]])), actor_roles: e.actor.roles, datasets: e.datasets }));
const actor = { subject: 'malee@oag.go.th', country: 'TH', organisation: 'oag', roles: ['auditor'] };
const period = { origin: 'TH', format: 'jsonl' as const, from: T0, to: new Date(T0.getTime() + 3_600_000), actor };

function fakeDb(o: { count?: number; rows?: unknown[]; checkpoints?: { seq: number; jws: string }[] } = {}): SqlRunner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async query(sql: string) {
      calls.push(sql.split(' ').slice(0, 3).join(' '));
      if (sql.startsWith('SELECT count(*)')) return [{ n: String(o.count ?? 0) }];
      if (sql.includes('FROM audit_checkpoint')) return (o.checkpoints ?? []).map((c) => ({ seq: String(c.seq), jws: c.jws }));
      return o.rows ?? rows;
    },
  };
}
function fakeLog(): AuditLog & { appended: AuditEntryInput[] } {
  const appended: AuditEntryInput[] = [];
  return { appended, append: async (i: AuditEntryInput) => void appended.push(i) } as unknown as AuditLog & { appended: AuditEntryInput[] };
}

describe('signed export (one path for the CLI and GraphQL)', () => {
  let kf: KeyFile;
  beforeAll(async () => {
    kf = await generateKeyFile('TH', T0);
  });

  it('writes exactly the export lines, signs their SHA-256 and the checkpoints inside the range, then records one audit.exported', async () => {
    const db = fakeDb({ checkpoints: [{ seq: 3, jws: 'cp-3' }, { seq: 9, jws: 'cp-9' }] });
    const log = fakeLog();
    const made = await signedExportText(db, log, activeKey(kf), { ...period, format: 'csv', maxEntries: 10 }, () => T0);
    const expected = exportHeader('csv') + entries.map((e) => exportLine(e, 'csv')).join('');
    expect(made.content).toBe(expected);
    expect(made.statement).toEqual({
      origin: 'TH', format: 'csv', sha256: createHash('sha256').update(expected).digest('hex'), entries: 6, firstSeq: 1, lastSeq: 6,
      from: period.from.toISOString(), to: period.to.toISOString(), checkpoints: ['cp-3'],
    });
    const trusted = kf.keys.map((k) => ({ kid: k.kid, jwk: k.publicJwk }));
    await expect(verifyExport(made.signature, Buffer.from(made.content), 'TH', trusted, T0)).resolves.toEqual({ ...made.statement, iss: 'TH', sub: 'TH', iat: T0.getTime() / 1000 });
    expect(log.appended).toEqual([expect.objectContaining({ actor, action: 'audit.exported', decision: 'allowed', resultSize: 6, requestHash: made.statement.sha256 })]);
  });

  it('an empty period is a signed empty export (no seq range, no checkpoints)', async () => {
    const made = await signedExportText(fakeDb({ rows: [] }), fakeLog(), activeKey(kf), period, () => T0);
    expect(made).toMatchObject({ content: '', statement: { entries: 0, firstSeq: null, lastSeq: null, checkpoints: [] } });
  });

  it.each([
    ['no signing key', null, period, 'AUDIT_EXPORT_NO_KEY', /^No signing key is configured for the audit log of TH, so no signed export can be made \(set LITTORAL_KEY_FILE\)$/],
    ['no signing key at the hub', null, { ...period, origin: 'hub' }, 'AUDIT_EXPORT_NO_KEY', /set LITTORAL_HUB_KEY_FILE/],
    ['to before from', 'key', { ...period, from: period.to, to: period.from }, 'INPUT_INVALID', /^to must be after from/],
    ['an empty period', 'key', { ...period, to: period.from }, 'INPUT_INVALID', /^to must be after from/],
    ['an invalid date', 'key', { ...period, from: new Date(NaN) }, 'INPUT_INVALID', /^from must be an ISO 8601 date-time/],
    ['more entries than the limit', 'key', { ...period, maxEntries: 5 }, 'AUDIT_EXPORT_TOO_LARGE', /more than 5 audit entries, the most one export may hold/],
  ] as const)('refuses %s before streaming or recording anything', async (_name, key, req, code, message) => {
    const db = fakeDb({ count: 6 });
    const log = fakeLog();
    const err = await signedExportText(db, log, key ? activeKey(kf) : null, req, () => T0).catch((e: unknown) => e);
    expect(err).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(db.calls.filter((c) => !c.startsWith('SELECT count(*)'))).toEqual([]);
    expect(log.appended).toEqual([]);
  });

  it('refuses when entries arrive past the limit while streaming (the count said it fitted)', async () => {
    const log = fakeLog();
    const err = await signedExportText(fakeDb({ count: 5 }), log, activeKey(kf), { ...period, maxEntries: 5 }, () => T0).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUDIT_EXPORT_TOO_LARGE', details: { limit: 5 } });
    expect(log.appended).toEqual([]);
  });

  it('names files by origin and period, without colons', () => {
    expect(exportFileName('TH', 'jsonl', new Date('2025-03-01T00:00:00Z'), new Date('2025-04-01T08:30:00.250Z'))).toBe('littoral-audit-TH-20250301T000000Z-20250401T083000.250Z.jsonl');
    expect(exportFileName('hub', 'csv', T0, T0)).toBe('littoral-audit-hub-20250301T080000Z-20250301T080000Z.csv');
  });
});
