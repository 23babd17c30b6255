import { LittoralError } from '@littoral/contracts';
import { GENESIS_HASH, sealEntry, validateEntryInput, type AuditEntry, type AuditEntryInput } from './audit-entry.js';
import { ENTRY_COLUMNS, entryParams, readHead } from './audit-store.js';
import { rowsOf, type AuditDatabase, type SqlRunner } from './sql.js';

/** Transaction-scoped advisory lock that serialises appends to one chain ("LIT" + 0xA0D1). */
export const AUDIT_CHAIN_LOCK = 0x4c4954_a0d1;

// Postgres errors after which the whole append can simply be tried again.
const RETRYABLE = new Set(['40001', '40P01', '23505']);
const INSERT_SQL = `INSERT INTO audit_entry (${ENTRY_COLUMNS.join(', ')}) VALUES (${ENTRY_COLUMNS.map((c, i) => `$${i + 1}${c === 'actor_roles' || c === 'datasets' ? '::jsonb' : ''}`).join(', ')})`;

export interface AuditLogOptions {
  /** Time of each entry (read after the chain is locked, so times never go backwards along the chain). */
  clock?: () => Date;
  /** Attempts of {@link AuditLog.append} on serialization or unique conflicts (default 8). */
  maxAttempts?: number;
  /** First back-off in ms, doubled on each retry, with jitter (default 5). */
  backoffMs?: number;
}

type Listener = (entry: AuditEntry) => void;

/**
 * Appends entries to the hash chain of one database (node or hub). One linear
 * chain whatever the number of writers: each append takes a transaction-scoped
 * advisory lock, reads the head, and inserts seq = head + 1 with prevHash =
 * head hash; the unique seq and prev_hash columns refuse a fork even from a
 * writer that skips the lock. Fails closed: when the entry cannot be written
 * the call throws, and a caller appending inside its own transaction has that
 * transaction rolled back with it.
 */
export class AuditLog {
  private readonly clock: () => Date;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly db: AuditDatabase,
    options: AuditLogOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 5;
  }

  /**
   * Appends one entry in a transaction of its own, retrying (bounded, with
   * back-off) on serialization failures, deadlocks and unique conflicts.
   * Throws INPUT_INVALID for a bad entry (never retried) and INTERNAL when it
   * cannot be written.
   */
  async append(input: AuditEntryInput): Promise<AuditEntry> {
    validateEntryInput(input);
    for (let attempt = 1; ; attempt++) {
      try {
        const entry = await this.db.transaction((tx) => this.insert(tx, input));
        this.emit(entry);
        return entry;
      } catch (err) {
        if (err instanceof LittoralError) throw err;
        if (!RETRYABLE.has(pgCode(err) ?? '') || attempt >= this.maxAttempts) throw writeFailed(err, attempt);
        await delay(this.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }

  /**
   * Appends one entry inside the caller's open transaction `tx`, so the entry
   * and the caller's work commit or roll back together ("no data leaves a node
   * without its entry"): run it before anything is sent, and send only after
   * the commit. No retry here (a conflict aborts the caller's transaction);
   * the caller retries its whole transaction if it wants to. Use READ
   * COMMITTED: under REPEATABLE READ a stale head shows as a unique conflict.
   */
  async appendIn(tx: SqlRunner, input: AuditEntryInput): Promise<AuditEntry> {
    validateEntryInput(input);
    try {
      const entry = await this.insert(tx, input);
      this.emit(entry);
      return entry;
    } catch (err) {
      if (err instanceof LittoralError) throw err;
      throw writeFailed(err, 1);
    }
  }

  /** The last entry's seq and hash (null for an empty log). */
  head(): Promise<{ seq: number; hash: string } | null> {
    return readHead(this.db.reader);
  }

  /** Called after each append (for appendIn: after the insert, before the caller's commit). Returns an unsubscribe function. */
  onAppended(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async insert(tx: SqlRunner, input: AuditEntryInput): Promise<AuditEntry> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    // Read after the lock: under READ COMMITTED this statement sees the previous holder's committed entry.
    const [head] = rowsOf<{ seq: string; hash: string }>(await tx.query('SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1'));
    const entry = sealEntry(input, head ? Number(head.seq) + 1 : 1, head ? head.hash : GENESIS_HASH, this.clock());
    await tx.query(INSERT_SQL, entryParams(entry));
    return entry;
  }

  private emit(entry: AuditEntry): void {
    for (const l of this.listeners) {
      try {
        l(entry);
      } catch {
        // A listener (the checkpointer) never undoes an append.
      }
    }
  }
}

function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function writeFailed(err: unknown, attempts: number): LittoralError {
  const code = pgCode(err);
  return new LittoralError(
    'INTERNAL',
    `The audit entry could not be written${code ? ` (database error ${code})` : ''} after ${attempts} attempt${attempts === 1 ? '' : 's'}; the request is refused because nothing may happen without its audit entry`,
    { audit: 'AUDIT_WRITE_FAILED' },
  );
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
