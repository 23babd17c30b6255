import { decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import { ISO_ALPHA2, LittoralError } from '@littoral/contracts';
import { unauthenticated } from './auth-errors.js';
import { isRole, type Requester } from './roles.js';

/** Asymmetric algorithms only: never `none`, never HS* (a shared secret would let its holders mint tokens). */
export const ALLOWED_ALGORITHMS = ['EdDSA', 'ES256', 'RS256'] as const;
/** Allowed clock difference between the issuer and the verifier when checking exp/nbf. */
export const CLOCK_TOLERANCE_S = 30;
/**
 * The JWT `typ` header values accepted: a plain JWT or an RFC 9068 access
 * token (compared as media types: case-insensitive, `application/` optional).
 * Anything else — no `typ`, or the network's own JWS types such as
 * `littoral-catalogue+jws` — is refused, so a signed catalogue entry or query
 * answer can never pass as a token even if its signer's key were trusted.
 */
export const ACCEPTED_TOKEN_TYPES = ['JWT', 'at+jwt'] as const;
/** Longer bearer values are refused unread. */
const MAX_TOKEN_CHARS = 8192;

/** The token from an `Authorization: Bearer <JWT>` header; `service` ("node", "hub") names the verifier in the message. */
export function bearerToken(authorization: string | undefined, service = 'service'): string {
  if (authorization === undefined || authorization.trim() === '') {
    throw unauthenticated('TOKEN_MISSING', `GraphQL requests need a bearer token: send "Authorization: Bearer <JWT>" issued by this ${service}'s issuer`);
  }
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization);
  if (!match || match[1].length > MAX_TOKEN_CHARS) {
    throw unauthenticated('TOKEN_MALFORMED', 'The Authorization header must be "Bearer <JWT>"');
  }
  return match[1];
}

/** What a token must name: the configured issuer and this app's audience. */
export interface TokenExpectations {
  issuer: string;
  audience: string;
  /** How the verifier is named in messages: "node" or "hub". */
  service: string;
}

/** Verifies JWTs of one issuer and turns their claims into a Requester. Never logs or echoes the token. */
export class TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly expected: TokenExpectations,
    /** Told when the key set could not be used (unreachable, timed out); for logging. */
    private readonly onKeysUnavailable: (error: Error) => void = () => {},
  ) {}

  /** The requester of a valid token; UNAUTHENTICATED with a `reason` otherwise. */
  async verify(token: string, now?: Date): Promise<Requester> {
    checkHeader(token);
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
        if (claim === 'iss') return unauthenticated('ISSUER_NOT_ACCEPTED', `The token was not issued by this ${this.expected.service}'s issuer; expected "${this.expected.issuer}"`);
        if (claim === 'aud') return unauthenticated('AUDIENCE_NOT_ACCEPTED', `The token is not meant for this ${this.expected.service}; expected audience "${this.expected.audience}"`);
        if (claim === 'nbf' && (e as { reason?: unknown }).reason === 'check_failed') {
          return unauthenticated('TOKEN_NOT_YET_VALID', 'The token is not valid yet (nbf is in the future)');
        }
        return unauthenticated('CLAIMS_INVALID', `The token claim "${typeof claim === 'string' ? claim : 'unknown'}" is missing or not valid`);
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
      case 'ERR_JOSE_NOT_SUPPORTED':
        return algNotAllowed();
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

/**
 * Refuses, before any key is looked up, a token whose `alg` is not allowed or
 * whose `typ` header is not JWT or at+jwt.
 */
function checkHeader(token: string): void {
  let header: ProtectedHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw unauthenticated('TOKEN_MALFORMED', 'The bearer token is not a well-formed signed JWT');
  }
  if (!(ALLOWED_ALGORITHMS as readonly unknown[]).includes(header.alg)) throw algNotAllowed();
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : null;
  if (typ === null || !ACCEPTED_TOKEN_TYPES.some((t) => t.toLowerCase() === typ)) {
    throw unauthenticated('TOKEN_TYPE_NOT_ACCEPTED', `The token's typ header must be one of ${ACCEPTED_TOKEN_TYPES.join(', ')}; other signed documents are not tokens`);
  }
}

function algNotAllowed(): LittoralError {
  return unauthenticated('ALG_NOT_ALLOWED', `The token's algorithm is not accepted; expected one of ${ALLOWED_ALGORITHMS.join(', ')}`);
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
