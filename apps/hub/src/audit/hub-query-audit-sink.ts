import { auditActor, auditInput, requestHashOf, type AuditDecision, type AuditLog } from '@littoral/audit';
import type { Manifest } from '@littoral/federation';
import type { HubQueryAuditRecord, HubQueryAuditSink } from '../federation/hub-query-audit.js';

const RECORD_KINDS = new Set(['occurrences', 'samples']);

/**
 * Writes the hub's one audit entry per federated query, before the result is
 * returned (the service awaits it; a failure fails the query). The entry
 * shares the correlation id with every node's entry for the same query, names
 * the datasets the answer used (as regional URNs), and records how complete
 * the answer was — never a figure from it.
 */
export class AuditLogQuerySink implements HubQueryAuditSink {
  constructor(private readonly log: AuditLog) {}

  async record(r: HubQueryAuditRecord): Promise<void> {
    await this.log.append(
      auditInput({
        actor: auditActor(r.requester),
        action: RECORD_KINDS.has(r.query.kind) ? 'records.read' : 'query',
        decision: hubDecision(r.manifest),
        purpose: r.purpose,
        datasets: datasetUrns(r.manifest),
        reason: r.manifest.nodes.length === 0 ? 'NO_MATCHING_NODES' : null,
        resultSize: r.resultSize,
        correlationId: r.correlationId,
        requestHash: requestHashOf({ query: r.query, purpose: r.purpose }),
      }),
    );
  }
}

/**
 * allowed: every node asked answered OK and hid nothing; suppressed: all
 * answered OK but small groups were hidden; partial: some nodes did not answer
 * with data (denied, timed out, unreachable, failed); denied: none did.
 */
export function hubDecision(m: Manifest): AuditDecision {
  const withData = m.nodes.filter((n) => n.status === 'OK' || n.status === 'PARTIAL');
  if (withData.length === 0) return 'denied';
  if (withData.length < m.nodes.length || withData.some((n) => n.status === 'PARTIAL')) return 'partial';
  return m.nodes.some((n) => n.suppressedGroups > 0) ? 'suppressed' : 'allowed';
}

/** The datasets the answer used, as `urn:littoral:dataset:<CC>:<id>`, sorted and unique. */
function datasetUrns(m: Manifest): string[] {
  const urns = m.nodes.flatMap((n) => n.datasets.map((d) => `urn:littoral:dataset:${n.country}:${d.id}`));
  return [...new Set(urns)].sort();
}
