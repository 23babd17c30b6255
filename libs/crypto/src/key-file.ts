import type { JWK } from 'jose';
import { LittoralError } from '@littoral/contracts';
import { isEd25519PrivateJwk, isEd25519PublicJwk, newEd25519Jwks, thumbprint, toPublicJwk } from './key-material.js';
import { isPlainObject, shown } from './safe-text.js';

/** One signing key of a node, with its history. */
export interface StoredKey {
  /** RFC 7638 thumbprint of the public key. */
  kid: string;
  publicJwk: JWK;
  privateJwk: JWK;
  /** ISO 8601. */
  createdAt: string;
  /** `active` signs; `retired` still verifies what it signed; `compromised` is no longer trusted. */
  status: 'active' | 'retired' | 'compromised';
  retiredAt?: string;
  /** From when the key must no longer be trusted (ISO 8601). */
  compromisedAt?: string;
}

/**
 * The `country` of the regional hub's key file: the hub signs query envelopes
 * and cursors as issuer `hub`, never as a country. Node key files are unchanged.
 */
export const HUB_KEY_FILE_COUNTRY = 'hub';

/** A node's (or the hub's) key file: every key it ever had, exactly one of them active in normal operation. */
export interface KeyFile {
  version: 1;
  /** ISO 3166-1 alpha-2 code of the node's country — the issuer of everything it signs — or `hub` (HUB_KEY_FILE_COUNTRY) for the hub's file. */
  country: string;
  keys: StoredKey[];
}

const STATUSES: readonly StoredKey['status'][] = ['active', 'retired', 'compromised'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** A new key file holding one active Ed25519 key created at `now`; `country` is the node's, or HUB_KEY_FILE_COUNTRY for the hub. */
export async function generateKeyFile(country: string, now: Date): Promise<KeyFile> {
  checkCountry(country);
  return { version: 1, country, keys: [await newStoredKey(now)] };
}

/** A new active Ed25519 key created at `now`. */
export async function newStoredKey(now: Date): Promise<StoredKey> {
  const { kid, publicJwk, privateJwk } = await newEd25519Jwks();
  return { kid, publicJwk, privateJwk, createdAt: isoTime(now, 'now'), status: 'active' };
}

/** The key that signs: throws KEY_FILE_INVALID unless exactly one key is active. */
export function activeKey(kf: KeyFile): StoredKey {
  const active = kf.keys.filter((k) => k.status === 'active');
  if (active.length === 1) return active[0];
  if (active.length === 0) {
    throw new LittoralError('KEY_FILE_INVALID', `The key file for ${kf.country} has no active key (all keys are retired or compromised); add one with \`littoral keys rotate\``);
  }
  throw new LittoralError('KEY_FILE_INVALID', `The key file for ${kf.country} has ${active.length} active keys (${active.map((k) => k.kid).join(', ')}); exactly one may be active`);
}

/**
 * Marks key `kid` compromised from `from`: nothing it signed at or after that
 * moment, and nothing received after it, is trusted any more. An earlier
 * compromise time already recorded is kept. Returns a new key file.
 */
export function markCompromised(kf: KeyFile, kid: string, from: Date): KeyFile {
  const target = kf.keys.find((k) => k.kid === kid);
  if (!target) throw new LittoralError('KEY_UNKNOWN', `The key file for ${kf.country} has no key ${shown(kid)} (its keys: ${kf.keys.map((k) => k.kid).join(', ')})`);
  const fromIso = isoTime(from, 'from');
  const earliest = target.compromisedAt && Date.parse(target.compromisedAt) <= from.getTime() ? target.compromisedAt : fromIso;
  return {
    ...kf,
    keys: kf.keys.map((k) => (k.kid === kid ? { ...k, status: 'compromised', compromisedAt: earliest } : k)),
  };
}

/**
 * The public key set a node serves at `/.well-known/jwks.json`: active and
 * retired keys (so old signatures still verify), never a compromised key and
 * never a private member.
 */
export function publicJwks(kf: KeyFile): { keys: JWK[] } {
  return { keys: kf.keys.filter((k) => k.status !== 'compromised').map((k) => toPublicJwk(k.publicJwk, k.kid)) };
}

/**
 * Checks that `value` is a well-formed key file: version, country, every key an
 * Ed25519 pair whose kid is its thumbprint, statuses and times. `where` names
 * the file in messages; key material is never part of a message.
 */
export async function validateKeyFile(value: unknown, where: string): Promise<KeyFile> {
  const bad = (what: string): LittoralError => new LittoralError('KEY_FILE_INVALID', `Key file ${where} is invalid: ${what}`);
  if (!isPlainObject(value)) throw bad('expected a JSON object with version, country and keys');
  if (value.version !== 1) throw bad(`version ${shown(value.version)} is not supported; expected 1`);
  if (typeof value.country !== 'string' || !(/^[A-Z]{2}$/.test(value.country) || value.country === HUB_KEY_FILE_COUNTRY)) {
    throw bad(`country ${shown(value.country)} must be an ISO 3166-1 alpha-2 code such as TH, or "${HUB_KEY_FILE_COUNTRY}" for the hub's key file`);
  }
  if (!Array.isArray(value.keys) || value.keys.length === 0) throw bad('keys must be a non-empty list');
  const seen = new Set<string>();
  const keys: StoredKey[] = [];
  for (const [i, raw] of (value.keys as unknown[]).entries()) {
    const at = `keys[${i}]`;
    if (!isPlainObject(raw)) throw bad(`${at} must be an object`);
    const { kid, publicJwk, privateJwk, createdAt, status, retiredAt, compromisedAt } = raw;
    if (typeof kid !== 'string' || kid === '') throw bad(`${at}.kid must be a string`);
    if (seen.has(kid)) throw bad(`${at}: key ${kid} appears twice`);
    seen.add(kid);
    if (!isEd25519PublicJwk(publicJwk)) throw bad(`${at} (${kid}): publicJwk must be an Ed25519 (OKP) public key without private members`);
    if (!isEd25519PrivateJwk(privateJwk, publicJwk.x)) throw bad(`${at} (${kid}): privateJwk must be the Ed25519 private key matching publicJwk`);
    if ((await thumbprint(publicJwk)) !== kid) throw bad(`${at}: kid ${kid} is not the RFC 7638 thumbprint of its public key`);
    if (!STATUSES.includes(status as StoredKey['status'])) throw bad(`${at} (${kid}): status ${shown(status)} must be one of ${STATUSES.join(', ')}`);
    for (const [name, t] of [['createdAt', createdAt], ['retiredAt', retiredAt], ['compromisedAt', compromisedAt]] as const) {
      if (name !== 'createdAt' && t === undefined) continue;
      if (typeof t !== 'string' || !ISO_TIME.test(t) || Number.isNaN(Date.parse(t))) throw bad(`${at} (${kid}): ${name} ${shown(t)} must be an ISO 8601 time with a time zone`);
    }
    if (status === 'compromised' && compromisedAt === undefined) throw bad(`${at} (${kid}): a compromised key needs compromisedAt`);
    keys.push({
      kid,
      publicJwk: toPublicJwk(publicJwk, kid),
      privateJwk: { ...toPublicJwk(publicJwk, kid), d: (privateJwk as JWK).d },
      createdAt: createdAt as string,
      status: status as StoredKey['status'],
      ...(retiredAt === undefined ? {} : { retiredAt: retiredAt as string }),
      ...(compromisedAt === undefined ? {} : { compromisedAt: compromisedAt as string }),
    });
  }
  if (keys.filter((k) => k.status === 'active').length > 1) throw bad('more than one key is active; exactly one may be');
  return { version: 1, country: value.country, keys };
}

function checkCountry(country: string): void {
  if (!/^[A-Z]{2}$/.test(country) && country !== HUB_KEY_FILE_COUNTRY) {
    throw new LittoralError('INPUT_INVALID', `country ${shown(country)} must be an ISO 3166-1 alpha-2 code in capitals, such as TH`);
  }
}

/** `now` as ISO 8601, refusing an invalid Date (which would otherwise throw a RangeError). */
export function isoTime(d: Date, name: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new LittoralError('INPUT_INVALID', `${name} must be a valid Date`);
  return d.toISOString();
}
