import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { LittoralError } from '@littoral/contracts';
import type { JwksSource } from './auth-config.js';

/**
 * Opens the issuer's key set. A file is read once, now, and must hold public
 * asymmetric keys only (CONFIG_INVALID otherwise); a URL is fetched on demand
 * (5 s timeout), cached 10 minutes, refetched at most every 30 s for an
 * unknown `kid`.
 */
export async function openKeySet(source: JwksSource): Promise<JWTVerifyGetKey> {
  if (source.kind === 'url') {
    return createRemoteJWKSet(new URL(source.url), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 600_000 });
  }
  const bad = (why: string) => new LittoralError('CONFIG_INVALID', `LITTORAL_AUTH_JWKS file "${source.path}" ${why}`, { variable: 'LITTORAL_AUTH_JWKS' });
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch (e) {
    throw bad(`cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let jwks: JSONWebKeySet;
  try {
    jwks = JSON.parse(text) as JSONWebKeySet;
  } catch {
    throw bad('is not JSON; expected a JSON Web Key Set {"keys": [...]}');
  }
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) throw bad('is not a JSON Web Key Set with at least one key');
  for (const key of jwks.keys) {
    if (key.kty === 'oct') throw bad('holds a symmetric (oct) key; expected the issuer\'s public keys only');
    if ('d' in key) throw bad('holds a private key; expected the issuer\'s public keys only');
  }
  try {
    return createLocalJWKSet(jwks);
  } catch {
    throw bad('is not a valid JSON Web Key Set');
  }
}
