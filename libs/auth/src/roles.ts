/**
 * The roles of the network, exactly as they must be written in a token's
 * `roles` claim. Node and hub share them: the hub adds none of its own
 * (analysts query, admins manage members, auditors read security events).
 */
export const ROLES = ['admin', 'operator', 'auditor', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from a verified token. Roles are only the recognised ones, compared case-sensitively. */
export interface Requester {
  /** The token's `sub`. */
  readonly subject: string;
  readonly roles: readonly Role[];
  /** The token's `country` (ISO 3166-1 alpha-2), if any. */
  readonly country: string | null;
  /** The token's `org`, if any. */
  readonly organisation: string | null;
}

/** True for a recognised role written exactly as in {@link ROLES} ("Admin" is not "admin"). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
