import { LittoralError } from '@littoral/contracts';
import { activeKey, isoTime, newStoredKey, type KeyFile } from './key-file.js';
import { isEd25519PublicJwk, thumbprint, toPublicJwk } from './key-material.js';
import { JWS_TYPES } from './jws-types.js';
import { signJws } from './jws-sign.js';
import { verifyJws, type TrustedKey } from './jws-verify.js';
import { isPlainObject, shown } from './safe-text.js';

/**
 * Rotates without downtime: adds a new active key and retires the old one
 * (`retiredAt = now`; it stays in the file and in the public key set, so what
 * it signed still verifies). The announcement is a compact JWS of type
 * keyAnnouncement signed by the OLD key, so a receiver that trusts the old key
 * can trust the new one; its payload is `{ iss, sub, iat, newKey, previousKid }`.
 */
export async function rotateKeyFile(kf: KeyFile, now: Date): Promise<{ keyFile: KeyFile; announcement: string }> {
  const previous = activeKey(kf);
  const retiredAt = isoTime(now, 'now');
  const next = await newStoredKey(now);
  const announcement = await signJws(
    { newKey: toPublicJwk(next.publicJwk, next.kid), previousKid: previous.kid },
    JWS_TYPES.keyAnnouncement,
    previous,
    { iss: kf.country, sub: kf.country },
    now,
  );
  const keys = kf.keys.map((k) => (k.kid === previous.kid ? { ...k, status: 'retired' as const, retiredAt } : k));
  return { keyFile: { ...kf, keys: [...keys, next] }, announcement };
}

/**
 * Verifies a key announcement against the keys already trusted for `issuer`
 * (see {@link verifyJws} for the refusal codes) and returns the announced key,
 * trusted from the announcement's issued-at. The new key must be an Ed25519
 * public key without private members whose kid is its RFC 7638 thumbprint, and
 * `previousKid` must be the key that signed; otherwise MESSAGE_MALFORMED.
 */
export async function verifyKeyAnnouncement(
  jws: string,
  trusted: readonly TrustedKey[],
  issuer: string,
  receivedAt: Date,
): Promise<{ newKey: TrustedKey; previousKid: string }> {
  const verified = await verifyJws(jws, { typ: JWS_TYPES.keyAnnouncement, trusted, issuer, receivedAt });
  const { newKey, previousKid } = verified.payload;
  const malformed = (what: string): LittoralError => new LittoralError('MESSAGE_MALFORMED', `Key announcement refused: ${what}`);
  if (previousKid !== verified.kid) throw malformed(`previousKid ${shown(previousKid)} is not the key that signed the announcement (${verified.kid})`);
  if (!isPlainObject(newKey) || !isEd25519PublicJwk(newKey)) throw malformed('newKey must be an Ed25519 (OKP) public JWK without private members');
  if (typeof newKey.kid !== 'string' || newKey.kid !== (await thumbprint(newKey))) throw malformed(`newKey kid ${shown(newKey.kid)} is not the RFC 7638 thumbprint of the key`);
  if (newKey.kid === verified.kid) throw malformed('newKey is the key that signed the announcement');
  return {
    newKey: { kid: newKey.kid, jwk: toPublicJwk(newKey, newKey.kid), validFrom: verified.issuedAt, validUntil: null, revokedAt: null, compromisedAt: null },
    previousKid: verified.kid,
  };
}
