import { createHash } from 'node:crypto';
import { LittoralError } from '@littoral/contracts';
import type { StoredKey } from '@littoral/crypto';
import type { AuditActor } from './audit-entry.js';
import { exportHeader, exportLine, signExport, type ExportFormat, type ExportStatement } from './audit-export.js';
import type { AuditLog } from './audit-log.js';
import { auditInput } from './audit-query.js';
import { readCheckpointJws, readEntries } from './audit-store.js';
import { rowsOf, type SqlRunner } from './sql.js';

// The one way an audit export is made, whoever asks: `littoral audit export`
// streams it to a file, the auditor GraphQL APIs of the node and the hub
// collect it in memory. Same bytes, same statement, same audit.exported entry.

/** Most entries one export held in memory (GraphQL) may contain: about 60 MB of JSON Lines. */
export const MAX_EXPORT_ENTRIES = 100_000;

/** What to export. */
export interface SignedExportRequest {
  /** Whose log it is: a country code, or `hub`. */
  origin: string;
  format: ExportFormat;
  /** First instant included. */
  from: Date;
  /** First instant excluded. */
  to: Date;
  /** Who exports: the actor of the `audit.exported` entry. */
  actor: AuditActor;
  /** Refuse (AUDIT_EXPORT_TOO_LARGE) a period holding more entries than this; no limit when absent. */
  maxEntries?: number;
}

/** Where the export's bytes go, in order. `end` is awaited before the export is signed. */
export interface ExportSink {
  write(text: string): void | Promise<void>;
  end?(): Promise<void>;
}

/** A made export: what its detached signature states, and the signature. */
export interface SignedExportResult {
  statement: ExportStatement;
  /** The detached signature (compact JWS, typ littoral-audit-export+jws): the `<file>.jws` of the CLI. */
  signature: string;
  /** Key id that signed it. */
  kid: string;
}

/**
 * Writes the entries of `[from, to)` to `sink` (JSON Lines or CSV, exactly
 * {@link exportLine}), signs a statement of their SHA-256, count, seq range and
 * the signed checkpoints inside the range with `key`, then records the export
 * as one `audit.exported` entry (requestHash = the export's SHA-256) before
 * returning: if the entry cannot be written, the export fails.
 *
 * Refuses before reading anything: a period that does not end after it begins
 * (INPUT_INVALID), no signing key (AUDIT_EXPORT_NO_KEY), more entries than
 * `maxEntries` (AUDIT_EXPORT_TOO_LARGE, details `{ limit }`).
 */
export async function writeSignedExport(
  db: SqlRunner,
  log: AuditLog,
  key: StoredKey | null,
  req: SignedExportRequest,
  sink: ExportSink,
  now: () => Date = () => new Date(),
): Promise<SignedExportResult> {
  checkPeriod(req.from, req.to);
  if (!key) throw new LittoralError('AUDIT_EXPORT_NO_KEY', `No signing key is configured for the audit log of ${req.origin}, so no signed export can be made (${req.origin === 'hub' ? 'set LITTORAL_HUB_KEY_FILE' : 'set LITTORAL_KEY_FILE'})`);
  const limit = req.maxEntries;
  if (limit !== undefined && (await countUpTo(db, req.from, req.to, limit + 1)) > limit) throw tooLarge(limit);

  const hash = createHash('sha256');
  const write = async (text: string): Promise<void> => {
    hash.update(text);
    await sink.write(text);
  };
  let entries = 0;
  let firstSeq: number | null = null;
  let lastSeq: number | null = null;
  await write(exportHeader(req.format));
  for await (const e of readEntries(db, { fromTime: req.from, toTime: req.to })) {
    // Entries may still arrive when the period reaches into the future.
    if (limit !== undefined && entries === limit) throw tooLarge(limit);
    await write(exportLine(e, req.format));
    entries++;
    firstSeq ??= e.seq;
    lastSeq = e.seq;
  }
  await sink.end?.();

  const checkpoints = firstSeq === null || lastSeq === null ? [] : (await readCheckpointJws(db, req.origin)).filter((c) => c.seq >= firstSeq! && c.seq <= lastSeq!).map((c) => c.jws);
  const statement: ExportStatement = {
    origin: req.origin, format: req.format, sha256: hash.digest('hex'), entries, firstSeq, lastSeq, from: req.from.toISOString(), to: req.to.toISOString(), checkpoints,
  };
  const signature = await signExport(statement, key, now());
  // The export itself is an audited act.
  await log.append(auditInput({ actor: req.actor, action: 'audit.exported', decision: 'allowed', resultSize: entries, requestHash: statement.sha256 }));
  return { statement, signature, kid: key.kid };
}

/** The export in memory (for an API answer), with its signature. */
export async function signedExportText(
  db: SqlRunner,
  log: AuditLog,
  key: StoredKey | null,
  req: SignedExportRequest,
  now?: () => Date,
): Promise<SignedExportResult & { content: string }> {
  const parts: string[] = [];
  const made = await writeSignedExport(db, log, key, req, { write: (text) => void parts.push(text) }, now);
  return { ...made, content: parts.join('') };
}

/** A file name for an export: `littoral-audit-<origin>-<from>-<to>.<jsonl|csv>`, times in basic ISO 8601 (no colons). */
export function exportFileName(origin: string, format: ExportFormat, from: Date, to: Date): string {
  const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.000Z$/, 'Z');
  return `littoral-audit-${origin}-${stamp(from)}-${stamp(to)}.${format}`;
}

function checkPeriod(from: Date, to: Date): void {
  for (const [name, d] of [['from', from], ['to', to]] as const) {
    if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new LittoralError('INPUT_INVALID', `${name} must be an ISO 8601 date-time`, { argument: name });
  }
  if (to.getTime() <= from.getTime()) throw new LittoralError('INPUT_INVALID', 'to must be after from (the period is [from, to))', { argument: 'to' });
}

function tooLarge(limit: number): LittoralError {
  return new LittoralError('AUDIT_EXPORT_TOO_LARGE', `The period holds more than ${limit} audit entries, the most one export may hold; export shorter periods one after the other`, { limit });
}

/** Entries of the period, counted up to `cap` (the time index keeps this cheap). */
async function countUpTo(db: SqlRunner, from: Date, to: Date, cap: number): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await db.query('SELECT count(*) AS n FROM (SELECT 1 FROM audit_entry WHERE time >= $1 AND time < $2 LIMIT $3) AS capped', [from.toISOString(), to.toISOString(), cap]),
  );
  return Number(row?.n ?? 0);
}
