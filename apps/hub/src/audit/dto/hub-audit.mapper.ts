import type { AuditEntry, AuditorVerification, TraceSummaryEntry } from '@littoral/audit';
import type { HubNodeTrace } from '../hub-trace.service.js';
import type { AuditEntryObject, AuditVerificationObject, HubTraceNodeEntryObject, HubTraceNodeObject } from './hub-audit.types.js';

/** A stored entry as GraphQL shows it (every member: an auditor sees the whole entry, which holds no data). */
export function toAuditEntryObject(e: AuditEntry): AuditEntryObject {
  return {
    seq: e.seq, time: new Date(e.time), actor: { subject: e.actor.subject, country: e.actor.country, organisation: e.actor.organisation, roles: [...(e.actor.roles ?? [])] },
    action: e.action, purpose: e.purpose, datasets: [...(e.datasets ?? [])], decision: e.decision, reason: e.reason, resultSize: e.resultSize,
    policyVersion: e.policyVersion, correlationId: e.correlationId, requestHash: e.requestHash, prevHash: e.prevHash, hash: e.hash,
  };
}

export function toAuditVerificationObject(v: AuditorVerification): AuditVerificationObject {
  return {
    ok: v.ok, checked: v.checked, firstBad: v.firstBad,
    latestCheckpoint: v.latestCheckpoint && { ...v.latestCheckpoint, time: new Date(v.latestCheckpoint.time) },
    checkpoints: v.checkpoints, refusedCheckpoints: v.refusedCheckpoints,
  };
}

/** A node's part of a trace as GraphQL shows it: members the node withheld (SUMMARY view) stay null. */
export function toTraceNodeObject(n: HubNodeTrace): HubTraceNodeObject {
  return {
    country: n.country, nodeId: n.nodeId, status: n.status, reason: n.reason, view: n.view, latencyMs: n.latencyMs, truncated: n.truncated,
    witnessedSeq: n.witnessedSeq, witnessedAt: n.witnessedAt,
    checkpoint: n.checkpoint && { seq: n.checkpoint.seq, head: n.checkpoint.head, time: new Date(n.checkpoint.time), kid: n.checkpoint.kid, covers: n.checkpoint.covers, witnessed: n.checkpointWitnessed === true },
    entries: n.entries.map((e) => toTraceNodeEntryObject(e, n.view === 'FULL')),
  };
}

function toTraceNodeEntryObject(e: AuditEntry | TraceSummaryEntry, full: boolean): HubTraceNodeEntryObject {
  const f = full ? (e as AuditEntry) : null;
  return {
    seq: e.seq, time: new Date(e.time), action: e.action, decision: e.decision, resultSize: e.resultSize, policyVersion: e.policyVersion,
    correlationId: e.correlationId, requestHash: e.requestHash, prevHash: e.prevHash, hash: e.hash,
    actor: f && { subject: f.actor.subject, country: f.actor.country, organisation: f.actor.organisation, roles: [...f.actor.roles] },
    purpose: f ? f.purpose : null, datasets: f ? [...f.datasets] : null, reason: f ? f.reason : null,
    // verifyTraceAnswer refuses a FULL answer with any entry that does not match its hash.
    hashVerified: full,
  };
}
