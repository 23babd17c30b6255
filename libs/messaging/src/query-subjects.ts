// Subjects of federated queries: plain NATS request/reply (core NATS, no
// JetStream). The hub sends each node's signed envelope to that node's own
// subject and waits for one reply on the request's unique inbox; a node's
// replicas subscribe in one queue group, so each query is answered once.

/** Subject a country's node answers queries on: `<prefix>.query.<CC>`. */
export function querySubject(prefix: string, country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`querySubject: expected an ISO 3166-1 alpha-2 code in capitals, got ${JSON.stringify(country.slice(0, 8))}`);
  return `${prefix}.query.${country}`;
}

/** Queue group of a node's query responders: replicas of one node share the load. */
export function queryQueueGroup(prefix: string, country: string): string {
  return `${prefix}-query-${country}`;
}

/**
 * Reply header naming why a node refused a message it could not answer with a
 * signed answer (the envelope did not verify, the node cannot sign…). Its value
 * is a stable code; the body is a short, safe text. Like nats.js services'
 * `Nats-Service-Error-Code`.
 */
export const QUERY_ERROR_HEADER = 'Littoral-Error-Code';

/**
 * Subject a country's node answers network audit traces on:
 * `<prefix>.audit-trace.<CC>` (core request/reply, like queries; outside the
 * `<prefix>.audit.>` subjects of the audit stream).
 */
export function auditTraceSubject(prefix: string, country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) throw new Error(`auditTraceSubject: expected an ISO 3166-1 alpha-2 code in capitals, got ${JSON.stringify(country.slice(0, 8))}`);
  return `${prefix}.audit-trace.${country}`;
}

/** Queue group of a node's trace responders. */
export function auditTraceQueueGroup(prefix: string, country: string): string {
  return `${prefix}-audit-trace-${country}`;
}
