import type { Grant } from '@littoral/policy';
import type { ExplainResult } from '../../grants/grants.service.js';
import type { CurrentGrant, GrantActor, GrantVersion } from '../../grants/grant-version.js';
import type {
  AccessExplanationObject, ChangeGrantInput, CreateGrantInput, GrantActorObject, GrantConstraintsInput, GrantObject, GrantRuleObject, GrantVersionObject,
} from './grant.types.js';

// Contract ↔ GraphQL. Input mappers only drop what GraphQL left null, so the
// grants service (parseGrant) sees exactly what the administrator sent.

export function toGrantRuleObject(g: Grant): GrantRuleObject {
  const a = g.audience;
  const c = g.constraints;
  return {
    id: g.id,
    version: g.version,
    datasetId: g.datasetId,
    audience: {
      kind: a.kind,
      countries: 'countries' in a && a.countries ? [...a.countries] : null,
      organisations: 'organisations' in a && a.organisations ? [...a.organisations] : null,
      roles: 'roles' in a ? [...a.roles] : null,
    },
    level: g.level,
    constraints: {
      minGroupSize: c.minGroupSize ?? null,
      spatialPrecisionDeg: c.spatialPrecisionDeg ?? null,
      redactedFields: c.redactedFields ? [...c.redactedFields] : null,
      allowedPurposes: c.allowedPurposes ? [...c.allowedPurposes] : null,
      embargoDays: c.embargoDays ?? null,
      sensitiveSpeciesPrecisionDeg: c.sensitiveSpeciesPrecisionDeg ?? null,
    },
    validFrom: g.validFrom ?? null,
    validUntil: g.validUntil ?? null,
    revokedAt: g.revokedAt ?? null,
  };
}

export function toGrantActorObject(a: GrantActor): GrantActorObject {
  return { subject: a.subject, country: a.country, organisation: a.organisation, roles: [...a.roles] };
}

export function toGrantObject(g: CurrentGrant): GrantObject {
  return {
    ...toGrantRuleObject(g.grant),
    status: g.status,
    seq: g.seq,
    createdAt: g.createdAt,
    createdBy: toGrantActorObject(g.createdBy),
    changedAt: g.changedAt,
    changedBy: toGrantActorObject(g.changedBy),
    reason: g.reason,
  };
}

export function toGrantVersionObject(v: GrantVersion): GrantVersionObject {
  return {
    grantId: v.grantId,
    version: v.version,
    seq: v.seq,
    datasetId: v.datasetId,
    action: v.action,
    changedBy: toGrantActorObject(v.changedBy),
    changedAt: v.changedAt,
    reason: v.reason,
    before: v.before ? toGrantRuleObject(v.before) : null,
    after: toGrantRuleObject(v.grant),
  };
}

export function toAccessExplanationObject(e: ExplainResult): AccessExplanationObject {
  return {
    datasetId: e.datasetId,
    allowed: e.allowed,
    requestedLevel: e.requestedLevel,
    level: e.level,
    highestLevel: e.highestLevel,
    // A denial carries the engine's "strictest possible" placeholders, which mean nothing to an administrator.
    constraints: e.allowed ? { ...e.constraints, redactedFields: [...e.constraints.redactedFields] } : null,
    decidingGrants: e.decidingGrants.map((g) => ({ ...g })),
    reasons: [...e.reasons],
    policyVersion: e.policyVersion,
    evaluatedAt: e.evaluatedAt,
  };
}

function withoutNulls(o: object | null | undefined): Record<string, unknown> | undefined {
  if (o === null || o === undefined) return undefined;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/** The grant draft the service validates (no id, version or revokedAt: the node assigns them). */
export function toGrantDraft(input: ChangeGrantInput | CreateGrantInput): Record<string, unknown> {
  const constraints = withoutNulls(input.constraints as GrantConstraintsInput | null | undefined);
  return {
    ...('datasetId' in input ? { datasetId: input.datasetId } : {}),
    audience: withoutNulls(input.audience),
    level: input.level,
    ...(constraints ? { constraints } : {}),
    ...(input.validFrom != null ? { validFrom: input.validFrom } : {}),
    ...(input.validUntil != null ? { validUntil: input.validUntil } : {}),
  };
}
