import { JWS_TYPES, signJws, type StoredKey } from '@littoral/crypto';

/**
 * The signed hand-over from `previous` to `next`: a keyAnnouncement JWS signed
 * by the previous key, payload `{ newKey, previousKid }` — the same message
 * `littoral keys rotate` produces, so a hub that trusts the previous key can
 * trust the next one.
 */
export function signKeyAnnouncement(country: string, previous: StoredKey, next: StoredKey, now: Date): Promise<string> {
  return signJws({ newKey: next.publicJwk, previousKid: previous.kid }, JWS_TYPES.keyAnnouncement, previous, { iss: country, sub: country }, now);
}

/**
 * Nats-Msg-Id of a key's announcement: one message per announced key. Starts
 * with `key.` so it can never equal an entry's `<CC>.<dataset>.<version>`.
 */
export function keyAnnouncementMsgId(country: string, kid: string): string {
  return `key.${country}.${kid}`;
}
