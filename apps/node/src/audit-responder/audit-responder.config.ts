import { loadConfig, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';
import { TRACE_AUDITOR_SCOPES, type TraceAuditorScope } from '@littoral/audit';

// Network audit traces on the node (one schema per module). The hub's keys,
// the audience of the auditor's token and the subject prefix are those of
// federated queries (query-responder.config.ts); this adds who may see what.

const traceAuditors: VarSpec<TraceAuditorScope> = {
  description: 'which auditors the hub may show this node\'s audit entries to: none, own (auditors of this node\'s country, in full; the default) or network (also every other auditor, as a summary without actors or purposes)',
  parse(raw) {
    if (!(TRACE_AUDITOR_SCOPES as readonly string[]).includes(raw)) throw new Error(`expected one of ${TRACE_AUDITOR_SCOPES.join(', ')}`);
    return raw as TraceAuditorScope;
  },
  fallback: () => 'own',
};

export const auditResponderSchema = {
  LITTORAL_TRACE_AUDITORS: traceAuditors,
} satisfies Schema;
export type AuditResponderConfig = ConfigOf<typeof auditResponderSchema>;

export function loadAuditResponderConfig(env: Readonly<Record<string, string | undefined>>): AuditResponderConfig {
  return loadConfig(auditResponderSchema, env);
}
