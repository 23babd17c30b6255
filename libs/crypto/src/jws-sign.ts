import { CompactSign } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { isoTime, type StoredKey } from './key-file.js';
import { importSigningKey } from './key-material.js';
import { JWS_TYPES, SIGNING_ALG, type JwsType } from './jws-types.js';
import { shown } from './safe-text.js';

const KNOWN_TYPES: readonly string[] = Object.values(JWS_TYPES);

/**
 * Signs `payload` as a compact JWS with protected header `{ alg: 'EdDSA', kid, typ }`.
 * The payload gets `iss`, `sub` (when given) and `iat` (seconds since the epoch,
 * from `now`) added; these override members of the same name in `payload`.
 * A compromised key never signs.
 */
export async function signJws(
  payload: Record<string, unknown>,
  typ: JwsType,
  key: StoredKey,
  claims: { iss: string; sub?: string },
  now: Date,
): Promise<string> {
  if (!KNOWN_TYPES.includes(typ)) throw new LittoralError('INPUT_INVALID', `typ ${shown(typ)} is not one of ${KNOWN_TYPES.join(', ')}`);
  if (key.status === 'compromised') throw new LittoralError('KEY_COMPROMISED', `Key ${key.kid} is marked compromised; it must not sign anything`);
  if (typeof claims.iss !== 'string' || claims.iss === '') throw new LittoralError('INPUT_INVALID', 'claims.iss must be the issuing country');
  const iat = Math.floor(Date.parse(isoTime(now, 'now')) / 1000);
  const body = { ...payload, iss: claims.iss, ...(claims.sub === undefined ? {} : { sub: claims.sub }), iat };
  let bytes: Uint8Array;
  try {
    bytes = new TextEncoder().encode(JSON.stringify(body));
  } catch {
    throw new LittoralError('INPUT_INVALID', 'The payload cannot be serialized as JSON (a cycle or a BigInt?)');
  }
  let signingKey;
  try {
    signingKey = await importSigningKey(key.privateJwk);
  } catch {
    throw new LittoralError('KEY_FILE_INVALID', `Key ${key.kid} has no usable Ed25519 private key`);
  }
  return new CompactSign(bytes).setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ }).sign(signingKey);
}
