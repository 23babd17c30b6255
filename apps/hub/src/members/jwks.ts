import { LittoralError } from '@littoral/contracts';
import { thumbprint } from '@littoral/crypto';

/** A checked public Ed25519 key: its RFC 7638 kid and the JWK as the hub stores it. */
export interface PublicKeyInput {
  kid: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
}

const X = /^[A-Za-z0-9_-]{43}$/;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'];

function invalid(argument: string, message: string): LittoralError {
  return new LittoralError('INPUT_INVALID', message, { argument });
}

/**
 * Checks one JWK: an Ed25519 (OKP) public key, no private member, and a `kid`
 * (when present) equal to its RFC 7638 thumbprint — the key id of the network.
 */
export async function checkPublicJwk(value: unknown, argument: string): Promise<PublicKeyInput> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(argument, `${argument} must be a JWK object`);
  const k = value as Record<string, unknown>;
  const privates = PRIVATE_MEMBERS.filter((m) => m in k);
  // Never echo a private member back; name it only.
  if (privates.length) throw invalid(argument, `${argument} holds private key material (${privates.join(', ')}); give the public key only, as served at /.well-known/jwks.json`);
  if (k.kty !== 'OKP' || k.crv !== 'Ed25519') throw invalid(argument, `${argument} must be an Ed25519 key (kty OKP, crv Ed25519)`);
  if (typeof k.x !== 'string' || !X.test(k.x)) throw invalid(argument, `${argument}.x must be the 32-byte public key in base64url (43 characters)`);
  if (k.alg !== undefined && k.alg !== 'EdDSA') throw invalid(argument, `${argument}.alg must be EdDSA`);
  if (k.use !== undefined && k.use !== 'sig') throw invalid(argument, `${argument}.use must be sig`);
  const kid = await thumbprint({ kty: 'OKP', crv: 'Ed25519', x: k.x });
  if (k.kid !== undefined && k.kid !== kid) throw invalid(argument, `${argument}.kid ${JSON.stringify(String(k.kid)).slice(0, 80)} is not the RFC 7638 thumbprint of the key (${kid})`);
  return { kid, jwk: { kty: 'OKP', crv: 'Ed25519', x: k.x, kid, alg: 'EdDSA', use: 'sig' } };
}

/** Checks a JWKS document `{ "keys": [ ... ] }` holding at least one key, without duplicates. */
export async function checkJwks(value: unknown, argument = 'jwks'): Promise<PublicKeyInput[]> {
  const keys = (value as { keys?: unknown } | null)?.keys;
  if (typeof value !== 'object' || value === null || !Array.isArray(keys)) throw invalid(argument, `${argument} must be a JWKS document: {"keys": [ ... ]}`);
  if (keys.length === 0) throw invalid(argument, `${argument} holds no key; a member needs at least one`);
  if (keys.length > 50) throw invalid(argument, `${argument} holds ${keys.length} keys; at most 50 are accepted`);
  const out: PublicKeyInput[] = [];
  for (const [i, key] of keys.entries()) {
    const checked = await checkPublicJwk(key, `${argument}.keys[${i}]`);
    if (out.some((k) => k.kid === checked.kid)) throw invalid(argument, `${argument}.keys[${i}] repeats key ${checked.kid}`);
    out.push(checked);
  }
  return out;
}

/** Parses JSON text given by an administrator (GraphQL argument, file, URL body). */
export function parseJsonText(text: string, argument: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(argument, `${argument} is not JSON`);
  }
}
