import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { SIGNING_ALG } from './jws-types.js';

// Ed25519 keys as JWKs: generation, RFC 7638 key ids, public projections and
// imports. Imported keys are cached per JWK object, so a node that signs or a
// hub that verifies thousands of messages imports each key once.

/** Base64url of 32 bytes, no padding: the `x` or `d` of an Ed25519 JWK. */
const ED25519_COORDINATE = /^[A-Za-z0-9_-]{43}$/;

/** Members that only a private JWK carries (RFC 7518 §6, RFC 8037 §2). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const;

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url): the key id of every key in the
 * network. Depends only on the key's required public members.
 */
export async function thumbprint(jwk: JWK): Promise<string> {
  return calculateJwkThumbprint(jwk, 'sha256');
}

/** The public Ed25519 JWK as published: kty, crv, x, kid, alg and use, nothing else. */
export function toPublicJwk(jwk: JWK, kid: string): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: SIGNING_ALG, use: 'sig' };
}

/** True for an Ed25519 OKP public key carrying no private member. */
export function isEd25519PublicJwk(jwk: unknown): jwk is JWK {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return false;
  const k = jwk as Record<string, unknown>;
  if (k.kty !== 'OKP' || k.crv !== 'Ed25519' || typeof k.x !== 'string' || !ED25519_COORDINATE.test(k.x)) return false;
  if (k.alg !== undefined && k.alg !== SIGNING_ALG) return false;
  if (k.use !== undefined && k.use !== 'sig') return false;
  return PRIVATE_MEMBERS.every((m) => !(m in k));
}

/** True for an Ed25519 private JWK (`d`) whose public part is `x`. */
export function isEd25519PrivateJwk(jwk: unknown, x: unknown): jwk is JWK {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return false;
  const k = jwk as Record<string, unknown>;
  return k.kty === 'OKP' && k.crv === 'Ed25519' && k.x === x && typeof k.d === 'string' && ED25519_COORDINATE.test(k.d);
}

/** A fresh Ed25519 key pair as JWKs, with its thumbprint as kid. */
export async function newEd25519Jwks(): Promise<{ kid: string; publicJwk: JWK; privateJwk: JWK }> {
  const { privateKey } = await generateKeyPair('Ed25519', { extractable: true });
  const exported = await exportJWK(privateKey);
  const kid = await thumbprint({ kty: 'OKP', crv: 'Ed25519', x: exported.x });
  const publicJwk = toPublicJwk(exported, kid);
  return { kid, publicJwk, privateJwk: { ...publicJwk, d: exported.d } };
}

const privateKeys = new WeakMap<JWK, Promise<CryptoKey>>();
const publicKeys = new WeakMap<JWK, Promise<CryptoKey>>();

/** Imports a private Ed25519 JWK for signing (cached per JWK object). */
export function importSigningKey(jwk: JWK): Promise<CryptoKey> {
  return cachedImport(privateKeys, { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, jwk);
}

/** Imports a public Ed25519 JWK for verification (cached per JWK object); never uses a private member. */
export function importVerifyingKey(jwk: JWK): Promise<CryptoKey> {
  return cachedImport(publicKeys, { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, jwk);
}

function cachedImport(cache: WeakMap<JWK, Promise<CryptoKey>>, material: JWK, owner: JWK): Promise<CryptoKey> {
  let imported = cache.get(owner);
  if (!imported) {
    imported = importJWK(material, SIGNING_ALG) as Promise<CryptoKey>;
    cache.set(owner, imported);
    // A failed import is not cached: the caller reports it, and a corrected key may follow.
    imported.catch(() => cache.delete(owner));
  }
  return imported;
}
