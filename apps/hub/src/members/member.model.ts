import type { KeySource, MemberStatus } from '../database/entities/index.js';

// Plain shapes of the member registry, between the entities and the GraphQL
// types / CLI output. No framework types here.

export type { KeySource, MemberStatus };

/** Where a key stands at a given moment (derived, never stored). */
export type KeyState = 'ACTIVE' | 'NOT_YET_VALID' | 'EXPIRED' | 'REVOKED' | 'COMPROMISED';

export interface MemberKey {
  kid: string;
  country: string;
  /** The public JWK (never a private member: the database refuses `d`). */
  jwk: Record<string, unknown>;
  validFrom: Date | null;
  validUntil: Date | null;
  revokedAt: Date | null;
  compromisedAt: Date | null;
  source: KeySource;
  /** For an announced key: the key that signed the announcement. */
  announcedBy: string | null;
  addedAt: Date;
}

export interface Member {
  country: string;
  nodeId: string;
  displayName: string;
  status: MemberStatus;
  createdAt: Date;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  entryCount: number;
  keys: MemberKey[];
}

export interface MemberCreate {
  country: string;
  nodeId: string;
  displayName: string;
  /** A JWKS document `{ "keys": [...] }` (parsed JSON), as a node serves at /.well-known/jwks.json. */
  jwks: unknown;
}

export interface MemberKeyCreate {
  country: string;
  /** One public JWK (parsed JSON). */
  jwk: unknown;
  validFrom?: Date | null;
  validUntil?: Date | null;
}

/** Who changed the registry, recorded in the security events (authentication comes with issue 4/6). */
export type RegistryActor = 'graphql' | 'cli';

/** The state of `key` at `now`: compromise wins over revocation, which wins over validity. */
export function keyState(key: Pick<MemberKey, 'validFrom' | 'validUntil' | 'revokedAt' | 'compromisedAt'>, now: Date): KeyState {
  const t = now.getTime();
  if (key.compromisedAt && key.compromisedAt.getTime() <= t) return 'COMPROMISED';
  if (key.revokedAt && key.revokedAt.getTime() <= t) return 'REVOKED';
  if (key.validFrom && key.validFrom.getTime() > t) return 'NOT_YET_VALID';
  if (key.validUntil && key.validUntil.getTime() < t) return 'EXPIRED';
  return 'ACTIVE';
}
