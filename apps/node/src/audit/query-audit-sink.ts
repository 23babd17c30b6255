import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ANONYMOUS_ACTOR, auditActor, auditInput, type AuditDecision, type AuditLog } from '@littoral/audit';
import type { QueryAuditRecord, QueryAuditSink } from '../query-responder/query-audit.js';

/** The node-wide policy version: the newest grant version's sequence number (0 before any grant). */
const POLICY_VERSION_SQL = 'SELECT coalesce(max(seq), 0)::text AS v FROM grant_version';

const RECORD_KINDS = new Set(['occurrences', 'samples']);

/**
 * Writes one audit entry per federated query the node answers or refuses,
 * before the answer leaves (the responder awaits it; a failure stops the
 * answer). The entry carries the hub's correlation id, the verified analyst,
 * the purpose, the datasets used, the decision and the size of the answer —
 * never a value from it.
 */
export class NodeQueryAuditSink implements QueryAuditSink {
  constructor(
    private readonly log: AuditLog,
    private readonly db: DataSource,
  ) {}

  async record(r: QueryAuditRecord): Promise<void> {
    const [{ v }] = (await this.db.query(POLICY_VERSION_SQL)) as { v: string }[];
    // append() commits in its own transaction and retries chain conflicts; a failure reaches the responder, which then sends nothing.
    await this.log.append(
      auditInput({
        actor: r.requester ? auditActor(r.requester) : ANONYMOUS_ACTOR,
        action: r.kind !== null && RECORD_KINDS.has(r.kind) ? 'records.read' : 'query',
        decision: decisionOf(r),
        purpose: r.purpose,
        datasets: r.datasets,
        reason: r.code,
        resultSize: r.resultSize ?? null,
        policyVersion: v,
        correlationId: r.correlationId ?? randomUUID(),
        requestHash: r.requestHash ?? null,
      }),
    );
  }
}

/** OK with hidden small groups is `suppressed`; PARTIAL is `partial`; anything not answered with data is `denied`. */
export function decisionOf(r: Pick<QueryAuditRecord, 'outcome' | 'suppressedGroups'>): AuditDecision {
  switch (r.outcome) {
    case 'OK':
      return r.suppressedGroups > 0 ? 'suppressed' : 'allowed';
    case 'PARTIAL':
      return 'partial';
    default:
      return 'denied';
  }
}
