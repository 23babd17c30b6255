// The audit seam of the node's query responder. The node's AuditModule
// (apps/node/src/audit) provides QUERY_AUDIT_SINK globally: every federated
// query, answered or refused, is recorded — with the hub's correlation id —
// before its answer leaves the node. Without that provider (a responder used
// alone) nothing is recorded.

/** What the node records about one federated query, answered or refused. */
export interface QueryAuditRecord {
  /** The envelope's correlation id (shared with the hub's entry); null when the envelope did not verify. */
  correlationId: string | null;
  receivedAt: Date;
  /** Verified requester claims; null when the envelope did not verify. */
  requester: { subject: string; country: string; organisation?: string; roles: string[] } | null;
  purpose: string | null;
  kind: string | null;
  /** The answer's status, or REFUSED when no signed answer was sent. */
  outcome: 'OK' | 'PARTIAL' | 'DENIED' | 'ERROR' | 'REFUSED';
  /** Refusal or denial code, e.g. ENVELOPE_REPLAYED, REQUESTER_MISMATCH. */
  code: string | null;
  level: string | null;
  /** Datasets whose data the answer used. */
  datasets: string[];
  suppressedGroups: number;
  /** The hub key that signed the envelope, if it verified. */
  hubKid: string | null;
  /** Rows or records in the answer (null when none was sent). */
  resultSize?: number | null;
  /** SHA-256 (hex) of the envelope as received. */
  requestHash?: string | null;
}

/** Where query audit records go. Called before the reply is sent; a failure stops the answer (fail closed). */
export interface QueryAuditSink {
  record(entry: QueryAuditRecord): Promise<void>;
}

/** Injection token of the sink; optional: without a provider nothing is recorded. */
export const QUERY_AUDIT_SINK = Symbol('QUERY_AUDIT_SINK');

/** The sink used while no audit log is wired in. */
export const NO_QUERY_AUDIT: QueryAuditSink = { record: async () => undefined };
