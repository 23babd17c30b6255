// Helpers for the specs only (not exported from the index).
import { GENESIS_HASH, sealEntry, type AuditEntry, type AuditEntryInput } from './audit-entry.js';

export const T0 = new Date('2025-03-01T08:00:00.000Z');

/** A plausible entry input, varied by `i`. */
export function input(i: number, extra: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    actor: { subject: `analyst-${i % 7}`, country: i % 2 ? 'TH' : 'JP', organisation: i % 3 ? 'dmcr.go.th' : null, roles: ['analyst'] },
    action: i % 5 === 0 ? 'records.read' : 'query',
    purpose: i % 4 ? 'regional report' : null,
    datasets: [`th-gulf-${2020 + (i % 5)}`],
    decision: i % 6 === 0 ? 'denied' : 'allowed',
    reason: i % 6 === 0 ? 'POLICY_DENIED' : null,
    resultSize: i % 6 === 0 ? null : i * 3,
    policyVersion: 'v3',
    correlationId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    requestHash: null,
    ...extra,
  };
}

/** A valid chain of `n` entries, one second apart. */
export function chain(n: number, start = T0, vary = 0): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 1; i <= n; i++) out.push(sealEntry(input(i + vary), i, out.length ? out[out.length - 1].hash : GENESIS_HASH, new Date(start.getTime() + i * 1000)));
  return out;
}
