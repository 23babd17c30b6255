// The grant model: who may see a dataset, at which level, with which
// constraints and for how long. Plain data; see grant-parser.ts for the only
// way to obtain a `Grant` from untrusted JSON.
import type { AccessLevel } from './access-level.js';

/**
 * Who a grant is for. Every condition present must hold (they are ANDed):
 * `ORGANISATIONS` and `ROLES` audiences may be narrowed to some countries, and
 * `ROLES` also to some organisations — e.g. Viet Nam's own agencies are
 * `{ kind: 'ORGANISATIONS', organisations: ['vn-vasi', 'vn-imer'], countries: ['VN'] }`.
 */
export type Audience =
  | { readonly kind: 'NETWORK' }
  | { readonly kind: 'COUNTRIES'; readonly countries: readonly string[] }
  | { readonly kind: 'ORGANISATIONS'; readonly organisations: readonly string[]; readonly countries?: readonly string[] }
  | {
      readonly kind: 'ROLES';
      readonly roles: readonly string[];
      readonly countries?: readonly string[];
      readonly organisations?: readonly string[];
    };

/** Constraints a grant can carry. Every key is optional; an unknown key makes the grant unusable. */
export interface GrantConstraints {
  /** Minimum group size k: aggregate groups built from fewer than k records are suppressed. */
  readonly minGroupSize?: number;
  /** Grid size in degrees that positions are snapped to (1, 0.1, 0.01, 0.001 or any value in [1e-6, 180]). */
  readonly spatialPrecisionDeg?: number;
  /** Fields never returned and never usable to filter, group or sort (compared case-insensitively). */
  readonly redactedFields?: readonly string[];
  /** Purposes of use this grant allows (compared trimmed and case-insensitively); absent = any purpose. */
  readonly allowedPurposes?: readonly string[];
  /** Records whose date is less than this many days before `now` are withheld. */
  readonly embargoDays?: number;
  /** Explicit override of the default generalisation of sensitive species (0.1°, DOMAIN §3.5 category 2). */
  readonly sensitiveSpeciesPrecisionDeg?: number;
}

/** One version of a grant: an audience gets one access level on one dataset. */
export interface Grant {
  readonly id: string;
  /** Positive integer; when several versions of one id are given, the highest is used. */
  readonly version: number;
  readonly datasetId: string;
  readonly audience: Audience;
  readonly level: AccessLevel;
  readonly constraints: GrantConstraints;
  /** ISO 8601 instant (with zone) or date (UTC midnight); the grant applies from this instant, inclusive. */
  readonly validFrom?: string;
  /** The grant stops applying at this instant (exclusive). */
  readonly validUntil?: string;
  /** The grant stops applying at this instant (inclusive of the instant itself). */
  readonly revokedAt?: string;
}

/** One thing wrong with a grant: where (a JSON path such as `constraints.minGroupSize`) and what was expected. */
export interface GrantProblem {
  readonly path: string;
  readonly message: string;
}

/** Result of {@link parseGrant}. */
export type GrantParseResult =
  | { readonly ok: true; readonly grant: Grant }
  | { readonly ok: false; readonly problems: readonly GrantProblem[] };
