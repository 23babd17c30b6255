// Pure rules over stored grants: which version is current, where a grant
// stands at an instant, the catalogue's access summary and explainAccess.
// The decision itself is always the policy engine's `decide`.
import type { AccessSummaryItem } from '@littoral/catalogue';
import { ACCESS_LEVELS, decide, type AccessLevel, type EffectiveConstraints, type Grant, type Requester } from '@littoral/policy';
import type { CurrentGrant, GrantStatus, GrantVersion } from './grant-version.js';

/** Latest version of each grant (with its first version's when/who), in order of creation. */
export function currentGrants(versions: readonly GrantVersion[], now: Date): CurrentGrant[] {
  const first = new Map<string, GrantVersion>();
  const latest = new Map<string, GrantVersion>();
  for (const v of [...versions].sort((a, b) => a.seq - b.seq)) {
    if (!first.has(v.grantId)) first.set(v.grantId, v);
    const seen = latest.get(v.grantId);
    if (!seen || v.version > seen.version) latest.set(v.grantId, v);
  }
  return [...latest.values()]
    .map((v) => {
      const created = first.get(v.grantId)!;
      return { ...v, status: grantStatus(v.grant, now), createdAt: created.changedAt, createdBy: created.changedBy };
    })
    .sort((a, b) => first.get(a.grantId)!.seq - first.get(b.grantId)!.seq);
}

// Stored grants passed parseGrant, so their instants are ISO 8601 dates
// (UTC midnight) or date-times with a zone, both of which Date.parse reads the
// same way the engine does.
const at = (iso: string | undefined): number | undefined => (iso === undefined ? undefined : Date.parse(iso));

/** Where a grant stands at `now`; the same window rule as the engine (validFrom ≤ now < validUntil, revokedAt ≤ now revokes). */
export function grantStatus(grant: Grant, now: Date): GrantStatus {
  const t = now.getTime();
  const revoked = at(grant.revokedAt);
  if (revoked !== undefined && t >= revoked) return 'REVOKED';
  const from = at(grant.validFrom);
  if (from !== undefined && t < from) return 'SCHEDULED';
  const until = at(grant.validUntil);
  if (until !== undefined && t >= until) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * The catalogue's access summary: which levels the grants in force at `now`
 * give to which audience classes. Only that — never who the grantees are, nor
 * constraints or purposes (the catalogue goes to the whole network).
 */
export function summarizeAccess(grants: readonly Grant[], now: Date): AccessSummaryItem[] {
  const latest = new Map<string, Grant>();
  for (const g of grants) {
    const seen = latest.get(g.id);
    if (!seen || g.version > seen.version) latest.set(g.id, g);
  }
  const cells = new Map<string, AccessSummaryItem>();
  for (const g of latest.values()) {
    if (grantStatus(g, now) !== 'ACTIVE') continue;
    cells.set(`${g.level}/${g.audience.kind}`, { level: g.level, audience: g.audience.kind });
  }
  const levelRank = (l: AccessLevel): number => ACCESS_LEVELS.indexOf(l);
  const audienceRank = (a: string): number => ['NETWORK', 'COUNTRIES', 'ORGANISATIONS', 'ROLES'].indexOf(a);
  return [...cells.values()].sort((a, b) => levelRank(a.level) - levelRank(b.level) || audienceRank(a.audience) - audienceRank(b.audience));
}

export interface ExplainInput {
  readonly datasetId: string;
  /** The node's country: it owns every dataset of this node. */
  readonly ownerCountry: string;
  readonly requester: Requester;
  readonly purpose: string;
  /** The level asked about; default the highest level the requester would get (METADATA if none). */
  readonly level?: AccessLevel;
  /** Fields the request would read (checked against redactions). */
  readonly fields?: readonly string[];
  /** Current versions of the dataset's grants. */
  readonly grants: readonly Grant[];
  readonly now: Date;
}

/** What `decide` says for one requester, with the grant versions behind it. */
export interface AccessExplanation {
  readonly allowed: boolean;
  /** The level asked about. */
  readonly requestedLevel: AccessLevel;
  /** The level allowed, or null when denied. */
  readonly level: AccessLevel | null;
  readonly constraints: EffectiveConstraints;
  /** The grant(s) that decided, with the version the engine used. Empty when denied. */
  readonly decidingGrants: readonly { readonly grantId: string; readonly version: number }[];
  readonly reasons: readonly string[];
  /** The highest level this requester would get for this purpose (ignoring `fields`), or null: no access at all. */
  readonly highestLevel: AccessLevel | null;
}

/** Runs the real engine for `level` (or the highest available) and for each level, highest first. */
export function explainAccess(input: ExplainInput): AccessExplanation {
  const run = (level: AccessLevel, fields: readonly string[]) =>
    decide({
      datasetId: input.datasetId,
      datasetOwnerCountry: input.ownerCountry,
      requester: input.requester,
      purpose: input.purpose,
      grants: input.grants,
      request: { level, fields, filters: [], groupBy: [] },
      now: input.now,
    });
  const highestLevel = [...ACCESS_LEVELS].reverse().find((l) => run(l, []).allowed) ?? null;
  const requestedLevel = input.level ?? highestLevel ?? 'METADATA';
  const decision = run(requestedLevel, input.fields ?? []);
  const versionOf = new Map<string, number>();
  for (const g of input.grants) versionOf.set(g.id, Math.max(g.version, versionOf.get(g.id) ?? 0));
  return {
    allowed: decision.allowed,
    requestedLevel,
    level: decision.level,
    constraints: decision.constraints,
    decidingGrants: decision.grantIds.map((grantId) => ({ grantId, version: versionOf.get(grantId) ?? 0 })),
    reasons: decision.reasons,
    highestLevel,
  };
}
