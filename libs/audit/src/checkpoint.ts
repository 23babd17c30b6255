import { LittoralError } from '@littoral/contracts';
import { JWS_TYPES, signJws, verifyJws, type StoredKey, type TrustedKey } from '@littoral/crypto';

/** Whose log a checkpoint witnesses: a member country's node, or the hub. */
export type AuditOrigin = string;
export const HUB_ORIGIN = 'hub';

/** A signed statement "the log of `origin` had `head` as the hash of entry `seq` at `time`". */
export interface AuditCheckpoint {
  origin: AuditOrigin;
  seq: number;
  /** Hash of entry `seq` (the chain head when it was signed). */
  head: string;
  /** ISO 8601 time of signing. */
  time: string;
}

/** A checkpoint together with the compact JWS it came from. */
export interface SignedCheckpoint extends AuditCheckpoint {
  jws: string;
  /** Key that signed it. */
  kid: string;
}

const ORIGIN = /^([A-Z]{2}|hub)$/;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Signs a checkpoint as a compact JWS of type `littoral-audit-checkpoint+jws`
 * with payload `{ origin, seq, head, time, iss, sub, iat }`; `iss` and `sub`
 * are the origin.
 */
export async function signCheckpoint(cp: AuditCheckpoint, key: StoredKey): Promise<string> {
  const clean = checkShape(cp);
  return signJws({ origin: clean.origin, seq: clean.seq, head: clean.head, time: clean.time }, JWS_TYPES.auditCheckpoint, key, { iss: clean.origin, sub: clean.origin }, new Date(clean.time));
}

/**
 * Verifies a checkpoint JWS against keys trusted for `origin` (any refusal of
 * verifyJws is passed on: SIGNATURE_INVALID, KEY_UNKNOWN…), then its payload.
 */
export async function verifyCheckpoint(jws: string, origin: AuditOrigin, trusted: readonly TrustedKey[], receivedAt: Date): Promise<SignedCheckpoint> {
  const v = await verifyJws(jws, { typ: JWS_TYPES.auditCheckpoint, trusted, issuer: origin, receivedAt });
  const cp = checkShape({ origin: v.payload.origin as string, seq: v.payload.seq as number, head: v.payload.head as string, time: v.payload.time as string });
  if (cp.origin !== origin) throw new LittoralError('MESSAGE_MALFORMED', `Checkpoint refused: it is for ${cp.origin}, not ${origin}`);
  return { ...cp, jws, kid: v.kid };
}

function checkShape(cp: AuditCheckpoint): AuditCheckpoint {
  const bad = (what: string): LittoralError => new LittoralError('MESSAGE_MALFORMED', `Checkpoint refused: ${what}`);
  if (typeof cp.origin !== 'string' || !ORIGIN.test(cp.origin)) throw bad('origin must be a country code such as TH, or hub');
  if (!Number.isSafeInteger(cp.seq) || cp.seq < 1) throw bad('seq must be a positive integer');
  if (typeof cp.head !== 'string' || !HEX64.test(cp.head)) throw bad('head must be 64 lower-case hex digits');
  if (typeof cp.time !== 'string' || Number.isNaN(Date.parse(cp.time))) throw bad('time must be an ISO 8601 time');
  return { origin: cp.origin, seq: cp.seq, head: cp.head, time: new Date(cp.time).toISOString() };
}
