import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ISO_ALPHA2, LittoralError } from '@littoral/contracts';
import type { JwksSource } from './auth.config.js';
import { unauthenticated } from './auth.errors.js';
import { isRole, type Requester } from './roles.js';

/** Asymmetric algorithms only: never `none`, never HS* (a shared secret would let the node mint tokens). */
export const ALLOWED_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;
/** Allowed clock difference between the issuer and the node when checking exp/nbf. */
export const CLOCK_TOLERANCE_S = 30;
/** Longer bearer values are refused unread. */
const MAX_TOKEN_CHARS = 8192;

/**
 * Opens the issuer's key set. A file is read once, now, and must hold public
 * asymmetric keys only; a URL is fetched on demand and cached by jose.
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

/** The token from an `Authorization: Bearer <JWT>` header. */
export function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw unauthenticated('TOKEN_MISSING', 'GraphQL requests need a bearer token: send "Authorization: Bearer <JWT>" issued by this node\'s issuer');
  }
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (!match || match[1].length > MAX_TOKEN_CHARS) {
    throw unauthenticated('TOKEN_MALFORMED', 'The Authorization header must be "Bearer <JWT>"');
  }
  return match[1];
}

export interface TokenExpectations {
  issuer: string;
  audience: string;
}

/** Verifies JWTs of one issuer and turns their claims into a Requester. Never logs or echoes the token. */
export class TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly expected: TokenExpectations,
    /** Told when the key set could not be used (unreachable, timed out); for logging. */
    private readonly onKeysUnavailable: (error: Error) => void = () => {},
  ) {}

  async verify(token: string, now?: Date): Promise<Requester> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.expected.issuer,
        audience: this.expected.audience,
        algorithms: [...ALLOWED_ALGORITHMS],
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
        ...(now ? { currentDate: now } : {}),
      }));
    } catch (e) {
      throw this.explain(e);
    }
    return toRequester(payload);
  }

  private explain(e: unknown): LittoralError {
    const code = (e as { code?: unknown })?.code;
    const claim = (e as { claim?: unknown })?.claim;
    switch (code) {
      case 'ERR_JWT_EXPIRED':
        return unauthenticated('TOKEN_EXPIRED', 'The token has expired; get a new one from the issuer');
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        if (claim === 'iss') return unauthenticated('ISSUER_NOT_ACCEPTED', `The token was not issued by this node's issuer; expected "${this.expected.issuer}"`);
        if (claim === 'aud') return unauthenticated('AUDIENCE_NOT_ACCEPTED', `The token is not meant for this node; expected audience "${this.expected.audience}"`);
        if (claim === 'nbf' && (e as { reason?: unknown }).reason === 'check_failed') {
          return unauthenticated('TOKEN_NOT_YET_VALID', 'The token is not valid yet (nbf is in the future)');
        }
        return unauthenticated('CLAIMS_INVALID', `The token claim "${typeof claim === 'string' ? claim : 'unknown'}" is missing or not valid`);
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
      case 'ERR_JOSE_NOT_SUPPORTED':
        return unauthenticated('ALG_NOT_ALLOWED', `The token's algorithm is not accepted; expected one of ${ALLOWED_ALGORITHMS.join(', ')}`);
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      case 'ERR_JWKS_NO_MATCHING_KEY':
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
        return unauthenticated('SIGNATURE_INVALID', 'The token signature does not verify against the issuer\'s published keys');
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
      case 'ERR_JWK_INVALID':
        return unauthenticated('TOKEN_MALFORMED', 'The bearer token is not a well-formed signed JWT');
      default:
        // Key set unreachable, timed out, or not a key set (jose's generic error, fetch's TypeError).
        this.onKeysUnavailable(e instanceof Error ? e : new Error(String(e)));
        return unauthenticated('KEYS_UNAVAILABLE', 'The issuer\'s keys could not be obtained to check the token; try again later');
    }
  }
}

/** Claims to Requester: `sub` required, `roles` an array of strings (only exact recognised roles kept). */
export function toRequester(payload: JWTPayload): Requester {
  const claims = (why: string) => unauthenticated('CLAIMS_INVALID', why);
  if (typeof payload.sub !== 'string' || payload.sub.trim() === '') throw claims('The token claim "sub" must be a non-empty string');
  const roles = payload.roles ?? [];
  if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) throw claims('The token claim "roles" must be an array of strings');
  const country = payload.country ?? null;
  if (country !== null && (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country) || !ISO_ALPHA2.has(country))) {
    throw claims('The token claim "country" must be an ISO 3166-1 alpha-2 code in capitals, e.g. TH');
  }
  const org = payload.org ?? null;
  if (org !== null && (typeof org !== 'string' || org.trim() === '' || org.length > 256)) {
    throw claims('The token claim "org" must be a non-empty string of at most 256 characters');
  }
  return Object.freeze({
    subject: payload.sub,
    roles: Object.freeze([...new Set(roles.filter(isRole))]),
    country,
    organisation: org,
  });
}
