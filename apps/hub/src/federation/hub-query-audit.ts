// The audit seam of the hub's federated queries. The hub's audit module
// (apps/hub/src/audit) provides HUB_QUERY_AUDIT_SINK globally: every
// federated query is recorded — under the correlation id the nodes record
// too — before its result is returned to the analyst.
import type { FederatedQuery, Manifest, RequesterClaims } from '@littoral/federation';

export interface HubQueryAuditRecord {
  correlationId: string;
  requester: RequesterClaims;
  purpose: string;
  query: FederatedQuery;
  /** Countries the planner chose. */
  asked: string[];
  manifest: Manifest;
  startedAt: Date;
  finishedAt: Date;
  /** Rows or records returned to the analyst. */
  resultSize: number;
}

/** Called before the result leaves the hub; a failure fails the query (fail closed). */
export interface HubQueryAuditSink {
  record(entry: HubQueryAuditRecord): Promise<void>;
}

export const HUB_QUERY_AUDIT_SINK = Symbol('HUB_QUERY_AUDIT_SINK');

export const NO_HUB_QUERY_AUDIT: HubQueryAuditSink = { record: async () => undefined };
