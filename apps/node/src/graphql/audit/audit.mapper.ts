import type { AuditEntry, AuditorVerification } from '@littoral/audit';
import type { AuditEntryObject, AuditVerificationObject } from './audit.types.js';

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
