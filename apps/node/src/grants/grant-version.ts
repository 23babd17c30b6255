// The node's contract for stored grant versions (entity → this → GraphQL / CLI
// output). The grant itself is the policy library's `Grant`; who/when/why and
// before/after are the storage layer's (docs/policy.md: metadata belongs to the
// entity, not to the grant).
import type { Grant } from '@littoral/policy';
import type { GrantVersionEntity } from '../database/entities/index.js';

export const GRANT_ACTIONS = ['CREATE', 'CHANGE', 'REVOKE'] as const;
export type GrantAction = (typeof GRANT_ACTIONS)[number];

/** Who made a change: the verified token's claims, or `cli:<os user>` for the command line. */
export interface GrantActor {
  readonly subject: string;
  readonly country: string | null;
  readonly organisation: string | null;
  readonly roles: readonly string[];
}

/** One stored version of a grant. */
export interface GrantVersion {
  readonly grantId: string;
  readonly version: number;
  /** Node-wide order of grant versions; the policy version of a dataset is the highest seq of its grants. */
  readonly seq: number;
  readonly datasetId: string;
  readonly action: GrantAction;
  /** This version's grant (the `after` of the change). */
  readonly grant: Grant;
  /** The previous version's grant; null on CREATE. */
  readonly before: Grant | null;
  readonly changedBy: GrantActor;
  readonly changedAt: Date;
  readonly reason: string;
}

/**
 * Where a grant stands at a given instant: ACTIVE (in force), SCHEDULED
 * (validFrom in the future), EXPIRED (validUntil passed) or REVOKED.
 */
export type GrantStatus = 'ACTIVE' | 'SCHEDULED' | 'EXPIRED' | 'REVOKED';

/** The latest version of a grant, with when it was first created and where it stands now. */
export interface CurrentGrant extends GrantVersion {
  readonly status: GrantStatus;
  readonly createdAt: Date;
  readonly createdBy: GrantActor;
}

export function toGrantVersion(e: GrantVersionEntity): GrantVersion {
  return {
    grantId: e.grantId,
    version: e.version,
    seq: Number(e.seq),
    datasetId: e.datasetId,
    action: e.action as GrantAction,
    // Stored only after parseGrant accepted it (and the table's checks), so it is a Grant.
    grant: e.after as unknown as Grant,
    before: e.before as unknown as Grant | null,
    changedBy: { subject: e.changedBySubject, country: e.changedByCountry, organisation: e.changedByOrganisation, roles: e.changedByRoles },
    changedAt: e.changedAt,
    reason: e.reason,
  };
}
