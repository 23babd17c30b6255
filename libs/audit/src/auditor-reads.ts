import type { TrustedKey } from '@littoral/crypto';
import type { AuditDecision, AuditEntry } from './audit-entry.js';
import type { AuditLog } from './audit-log.js';
import { ANONYMOUS_ACTOR, auditActor, auditInput, entriesByCorrelation, queryEntries, requestHashOf, type ActorClaims, type AuditFilter, type AuditPage } from './audit-query.js';
import type { ChainFault } from './verify-chain.js';
import { verifyDatabaseLog } from './verify-database.js';
import type { SqlRunner } from './sql.js';

export interface AuditorReadsOptions {
  /** Where the log is read (a pool or a DataSource). */
  db: SqlRunner;
  /** The same log: every read is recorded in it (audit.read). */
  log: AuditLog;
  /** Whose log it is: a country code, or `hub`. */
  origin: string;
  /** Keys trusted for the origin's checkpoints (its own public keys). */
  trusted: () => TrustedKey[] | Promise<TrustedKey[]>;
  /** Seq of the latest checkpoint held outside the database (the JetStream stream), or null. */
  witnessedSeq?: () => Promise<number | null>;
  clock?: () => Date;
}

/** What verifyAuditLog answers. */
export interface AuditorVerification {
  ok: boolean;
  checked: number;
  firstBad: { seq: number; reason: ChainFault; message: string } | null;
  /** The latest verified checkpoint, and whether a copy of it (or a later one) is held outside this database. */
  latestCheckpoint: { seq: number; head: string; time: string; witnessed: boolean } | null;
  /** Checkpoints whose signature verified. */
  checkpoints: number;
  /** Stored checkpoints refused (bad signature, unknown key…). */
  refusedCheckpoints: { seq: number; code: string; message: string }[];
}

/**
 * The auditors' reads of one audit log — filtered pages, verification,
 * entries of one correlation id — each recorded in the same log as exactly
 * one `audit.read` entry before the answer is returned (fail closed: if the
 * entry cannot be written the read fails). Shared by the node's and the hub's
 * auditor APIs; their resolvers only map to GraphQL.
 */
export class AuditorReads {
  private readonly clock: () => Date;

  constructor(private readonly o: AuditorReadsOptions) {
    this.clock = o.clock ?? (() => new Date());
  }

  /** Whose log this is (a country code, or `hub`). */
  get origin(): string {
    return this.o.origin;
  }

  /** One page of entries matching `filter`, newest first. */
  async list(by: ActorClaims, filter: AuditFilter, page: { limit: number; afterSeq: number | null }, withTotal: boolean): Promise<AuditPage> {
    const result = await queryEntries(this.o.db, filter, page, withTotal);
    await this.record(by, { operation: 'auditLog', filter: plainFilter(filter), first: page.limit, after: page.afterSeq }, result.entries.length);
    return result;
  }

  /** Streams the whole chain through the verifier, against the verified checkpoints. */
  async verify(by: ActorClaims): Promise<AuditorVerification> {
    const r = await verifyDatabaseLog(this.o.db, this.o.origin, await this.o.trusted(), this.clock());
    const witnessedSeq = r.latestCheckpoint ? ((await this.o.witnessedSeq?.()) ?? null) : null;
    const out: AuditorVerification = {
      ok: r.ok,
      checked: r.checked,
      firstBad: r.firstBad && { seq: r.firstBad.seq, reason: r.firstBad.reason, message: r.firstBad.message },
      latestCheckpoint: r.latestCheckpoint && { ...pick(r.latestCheckpoint), witnessed: witnessedSeq !== null && witnessedSeq >= r.latestCheckpoint.seq },
      checkpoints: r.checkpoints,
      refusedCheckpoints: r.refusedCheckpoints,
    };
    await this.record(by, { operation: 'verifyAuditLog' }, r.checked);
    return out;
  }

  /** Every entry of this log carrying `correlationId`, in seq order. */
  async trace(by: ActorClaims, correlationId: string): Promise<AuditEntry[]> {
    const entries = await entriesByCorrelation(this.o.db, correlationId);
    await this.record(by, { operation: 'trace', correlationId }, entries.length);
    return entries;
  }

  /**
   * Records one `audit.read` for a read made outside the methods above (a
   * trace joined across the network, or answered for the hub): `by` null is an
   * actor that could not be verified (`anonymous`); `correlationId` ties the
   * entry to the same read on the other side; `requestHash` defaults to the
   * hash of `request`.
   */
  async recordRead(
    by: ActorClaims | null,
    request: Record<string, unknown>,
    resultSize: number | null,
    o: { correlationId?: string; decision?: AuditDecision; reason?: string | null; requestHash?: string } = {},
  ): Promise<void> {
    await this.o.log.append(auditInput({
      actor: by ? auditActor(by) : ANONYMOUS_ACTOR,
      action: 'audit.read',
      decision: o.decision ?? 'allowed',
      reason: o.reason ?? null,
      resultSize,
      requestHash: o.requestHash ?? requestHashOf(request),
      ...(o.correlationId === undefined ? {} : { correlationId: o.correlationId }),
    }));
  }

  private async record(by: ActorClaims, request: Record<string, unknown>, resultSize: number): Promise<void> {
    await this.o.log.append(auditInput({ actor: auditActor(by), action: 'audit.read', decision: 'allowed', resultSize, requestHash: requestHashOf(request) }));
  }
}

function pick(cp: { seq: number; head: string; time: string }): { seq: number; head: string; time: string } {
  return { seq: cp.seq, head: cp.head, time: cp.time };
}

function plainFilter(f: AuditFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (v != null) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}
