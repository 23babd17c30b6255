import type { AuditEntry } from './audit-entry.js';
import type { AuditCheckpoint, SignedCheckpoint } from './checkpoint.js';
import { rowsOf, type SqlRunner } from './sql.js';

// Rows of the audit_entry and audit_checkpoint tables (migrations of the node
// and the hub) and their mapping to the plain model.

export const ENTRY_COLUMNS = [
  'seq', 'time', 'actor_subject', 'actor_country', 'actor_organisation', 'actor_roles', 'action', 'purpose', 'datasets',
  'decision', 'reason', 'result_size', 'policy_version', 'correlation_id', 'request_hash', 'prev_hash', 'hash',
] as const;

interface EntryRow {
  seq: string | number;
  time: Date | string;
  actor_subject: string;
  actor_country: string | null;
  actor_organisation: string | null;
  actor_roles: unknown;
  action: string;
  purpose: string | null;
  datasets: unknown;
  decision: string;
  reason: string | null;
  result_size: string | number | null;
  policy_version: string | null;
  correlation_id: string;
  request_hash: string | null;
  prev_hash: string;
  hash: string;
}

/** The values of {@link ENTRY_COLUMNS} for an INSERT. */
export function entryParams(e: AuditEntry): unknown[] {
  return [
    e.seq, e.time, e.actor.subject, e.actor.country, e.actor.organisation, JSON.stringify(e.actor.roles), e.action, e.purpose,
    JSON.stringify(e.datasets), e.decision, e.reason, e.resultSize, e.policyVersion, e.correlationId, e.requestHash, e.prevHash, e.hash,
  ];
}

/**
 * A stored row as an entry. Deliberately unvalidated: verifyChain decides
 * whether it is a good entry, so a row an insider broke is reported, not thrown.
 */
export function entryFromRow(r: EntryRow): AuditEntry {
  const time = r.time instanceof Date ? r.time.toISOString() : r.time;
  return {
    seq: Number(r.seq),
    time,
    actor: { subject: r.actor_subject, country: r.actor_country, organisation: r.actor_organisation, roles: r.actor_roles as string[] },
    action: r.action as AuditEntry['action'],
    purpose: r.purpose,
    datasets: r.datasets as string[],
    decision: r.decision as AuditEntry['decision'],
    reason: r.reason,
    resultSize: r.result_size === null ? null : Number(r.result_size),
    policyVersion: r.policy_version,
    correlationId: r.correlation_id,
    requestHash: r.request_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Which entries to read. */
export interface EntryRange {
  /** First seq (default 1). */
  fromSeq?: number;
  /** Last seq (default: the head). */
  toSeq?: number;
  /** Only entries at or after this time. */
  fromTime?: Date;
  /** Only entries before this time. */
  toTime?: Date;
  /** Rows per page (default 1000). */
  pageSize?: number;
}

/**
 * Streams entries in seq order, one page at a time (keyset paging on seq:
 * memory stays flat whatever the size of the log).
 */
export async function* readEntries(db: SqlRunner, range: EntryRange = {}): AsyncGenerator<AuditEntry> {
  const pageSize = range.pageSize ?? 1000;
  let after = (range.fromSeq ?? 1) - 1;
  const conditions = ['seq > $1'];
  const params: unknown[] = [];
  if (range.toSeq !== undefined) conditions.push(`seq <= ${param(params, range.toSeq)}`);
  if (range.fromTime !== undefined) conditions.push(`time >= ${param(params, range.fromTime.toISOString())}`);
  if (range.toTime !== undefined) conditions.push(`time < ${param(params, range.toTime.toISOString())}`);
  const sql = `SELECT ${ENTRY_COLUMNS.join(', ')} FROM audit_entry WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT ${Math.max(1, Math.floor(pageSize))}`;
  for (;;) {
    const rows = rowsOf<EntryRow>(await db.query(sql, [after, ...params]));
    for (const r of rows) yield entryFromRow(r);
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

function param(params: unknown[], value: unknown): string {
  params.push(value);
  return `$${params.length + 1}`;
}

/** The last entry's seq and hash, or null for an empty log. */
export async function readHead(db: SqlRunner): Promise<{ seq: number; hash: string } | null> {
  const [row] = rowsOf<{ seq: string; hash: string }>(await db.query('SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1'));
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

/** Stores a verified or self-signed checkpoint (idempotent on origin and seq). Returns false when it was already there. */
export async function storeCheckpoint(db: SqlRunner, cp: SignedCheckpoint, receivedAt: Date): Promise<boolean> {
  const rows = rowsOf(
    await db.query(
      `INSERT INTO audit_checkpoint (origin, seq, head, time, kid, jws, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (origin, seq) DO NOTHING RETURNING seq`,
      [cp.origin, cp.seq, cp.head, cp.time, cp.kid, cp.jws, receivedAt.toISOString()],
    ),
  );
  return rows.length === 1;
}

/** Stored checkpoints of `origin` as compact JWS, by seq (their signatures are for the caller to verify). */
export async function readCheckpointJws(db: SqlRunner, origin: string): Promise<{ seq: number; jws: string }[]> {
  const rows = rowsOf<{ seq: string; jws: string }>(await db.query('SELECT seq, jws FROM audit_checkpoint WHERE origin = $1 ORDER BY seq', [origin]));
  return rows.map((r) => ({ seq: Number(r.seq), jws: r.jws }));
}

/** The latest stored checkpoint of `origin`, or null. */
export async function latestCheckpoint(db: SqlRunner, origin: string): Promise<(AuditCheckpoint & { jws: string }) | null> {
  const [r] = rowsOf<{ seq: string; head: string; time: Date; jws: string }>(
    await db.query('SELECT seq, head, time, jws FROM audit_checkpoint WHERE origin = $1 ORDER BY seq DESC LIMIT 1', [origin]),
  );
  return r ? { origin, seq: Number(r.seq), head: r.head, time: new Date(r.time).toISOString(), jws: r.jws } : null;
}
