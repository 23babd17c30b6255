import { compactVerify, type JWK } from 'jose';
import { LittoralError, type ErrorCode } from '@littoral/contracts';
import { importVerifyingKey } from './key-material.js';
import { SIGNING_ALG, type JwsType } from './jws-types.js';
import { isPlainObject, shown } from './safe-text.js';

/** A public key the receiver already trusts, with the period it is trusted for. */
export interface TrustedKey {
  kid: string;
  /** The public JWK (Ed25519); private members are never used. */
  jwk: JWK;
  /** Messages issued before this are refused (KEY_REVOKED, outside validity). */
  validFrom?: Date | null;
  /** Messages issued after this are refused (KEY_REVOKED, outside validity). */
  validUntil?: Date | null;
  /** Messages received at or after this are refused (KEY_REVOKED). */
  revokedAt?: Date | null;
  /** Messages issued or received at or after this are refused (KEY_COMPROMISED). */
  compromisedAt?: Date | null;
}

/** What {@link verifyJws} checks a message against. */
export interface VerifyOptions {
  /** The only `typ` accepted. */
  typ: JwsType;
  trusted: readonly TrustedKey[];
  /** The country that must be the message's `iss` (and `sub`, if present). */
  issuer: string;
  /** When the receiver got the message (its own clock). */
  receivedAt: Date;
  /** Largest accepted message in bytes; default 256 KiB. */
  maxBytes?: number;
}

/** A verified message. */
export interface Verified {
  payload: Record<string, unknown>;
  /** The key that signed it. */
  kid: string;
  /** The signer's `iat`. */
  issuedAt: Date;
}

/** Default {@link VerifyOptions.maxBytes}: 256 KiB. */
export const DEFAULT_MAX_JWS_BYTES = 256 * 1024;

// Empty is allowed here: an unsecured ('none') token has an empty signature and must be refused for its alg.
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Verifies a compact JWS against keys the receiver already trusts. Throws a
 * LittoralError whose code says why it was refused: PAYLOAD_TOO_LARGE,
 * MESSAGE_MALFORMED, ALG_NOT_ALLOWED, TYP_MISMATCH, KEY_UNKNOWN,
 * SIGNATURE_INVALID, ISSUER_MISMATCH, KEY_REVOKED or KEY_COMPROMISED. Messages
 * are safe to log: they never contain a key or the payload.
 */
export async function verifyJws(jws: string, opts: VerifyOptions): Promise<Verified> {
  const receivedAt = timeOf(opts.receivedAt, 'receivedAt');
  if (receivedAt === null) throw new LittoralError('INPUT_INVALID', 'receivedAt is required');
  const { header, payload } = parseCompact(jws, opts.maxBytes ?? DEFAULT_MAX_JWS_BYTES);

  // Decided from the header before any cryptography: 'none', HS256 (key confusion) and the rest never reach jose.
  if (header.alg === undefined) fail('ALG_NOT_ALLOWED', `the protected header names no algorithm; only ${SIGNING_ALG} is accepted`);
  if (header.alg !== SIGNING_ALG) fail('ALG_NOT_ALLOWED', `algorithm ${shown(header.alg)} is not allowed; only ${SIGNING_ALG} is accepted`);
  if (header.typ !== opts.typ) fail('TYP_MISMATCH', `typ ${shown(header.typ)} does not match the expected ${opts.typ}`);
  if (typeof header.kid !== 'string' || header.kid === '') fail('KEY_UNKNOWN', 'the protected header names no kid');
  const kid = header.kid;
  const trusted = opts.trusted.find((k) => k.kid === kid);
  if (!trusted) fail('KEY_UNKNOWN', `key ${shown(kid)} is not a trusted key of ${opts.issuer}`);

  let verifyingKey;
  try {
    verifyingKey = await importVerifyingKey(trusted.jwk);
  } catch {
    fail('KEY_UNKNOWN', `trusted key ${shown(kid)} is not a usable Ed25519 public key`);
  }
  try {
    await compactVerify(jws, verifyingKey, { algorithms: [SIGNING_ALG] });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_JOSE_ALG_NOT_ALLOWED') fail('ALG_NOT_ALLOWED', `only ${SIGNING_ALG} is accepted`);
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JOSE_NOT_SUPPORTED') fail('MESSAGE_MALFORMED', 'the JWS is not acceptable (unsupported or invalid protected header)');
    fail('SIGNATURE_INVALID', `the signature does not verify with key ${shown(kid)}`);
  }

  if (payload.iss !== opts.issuer) fail('ISSUER_MISMATCH', `issuer ${shown(payload.iss)} does not match the expected issuer ${shown(opts.issuer)}`);
  if (payload.sub !== undefined && payload.sub !== opts.issuer) fail('ISSUER_MISMATCH', `subject ${shown(payload.sub)} does not match the issuer ${shown(opts.issuer)}`);
  if (typeof payload.iat !== 'number' || !Number.isFinite(payload.iat)) fail('MESSAGE_MALFORMED', 'iat (issued-at, seconds) is missing or not a number');
  const iatSeconds = payload.iat;
  const issuedAt = new Date(iatSeconds * 1000);
  checkKeyPeriod(trusted, iatSeconds, receivedAt);
  return { payload, kid, issuedAt };
}

/** Revocation, compromise and validity of the signing key, for a message issued at `iat` and received at `receivedAt`. */
function checkKeyPeriod(key: TrustedKey, iat: number, receivedAt: number): void {
  const revokedAt = timeOf(key.revokedAt, 'revokedAt');
  const compromisedAt = timeOf(key.compromisedAt, 'compromisedAt');
  const validFrom = timeOf(key.validFrom, 'validFrom');
  const validUntil = timeOf(key.validUntil, 'validUntil');
  const iso = (ms: number): string => new Date(ms).toISOString();
  // iat has whole seconds: comparisons are made in seconds, and the second of the compromise itself counts as after it.
  const seconds = (ms: number): number => Math.floor(ms / 1000);

  if (revokedAt !== null && revokedAt <= receivedAt) fail('KEY_REVOKED', `key ${shown(key.kid)} was revoked at ${iso(revokedAt)}`);
  if (compromisedAt !== null && (iat >= seconds(compromisedAt) || receivedAt >= compromisedAt)) {
    fail('KEY_COMPROMISED', `key ${shown(key.kid)} is compromised from ${iso(compromisedAt)}; nothing signed or received since then is trusted`);
  }
  if ((validFrom !== null && iat < seconds(validFrom)) || (validUntil !== null && iat > seconds(validUntil))) {
    const period = `${validFrom === null ? 'the beginning' : iso(validFrom)} to ${validUntil === null ? 'now' : iso(validUntil)}`;
    fail('KEY_REVOKED', `the message was issued at ${iso(iat * 1000)}, outside the validity of key ${shown(key.kid)} (${period})`);
  }
}

/** Size, shape and canonical base64url of a compact JWS, with its header and payload decoded. */
function parseCompact(jws: unknown, maxBytes: number): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  if (typeof jws !== 'string') fail('MESSAGE_MALFORMED', 'the message is not a compact JWS string');
  if (jws.length > maxBytes || Buffer.byteLength(jws, 'utf8') > maxBytes) {
    fail('PAYLOAD_TOO_LARGE', `the message is ${Buffer.byteLength(jws, 'utf8')} bytes; at most ${maxBytes} are accepted`);
  }
  const parts = jws.split('.');
  if (parts.length !== 3) fail('MESSAGE_MALFORMED', `a compact JWS has 3 parts separated by dots; this message has ${parts.length}`);
  const [header, payload] = parts.map((part, i) => {
    const name = ['protected header', 'payload', 'signature'][i];
    // Only the canonical encoding is accepted, so no two strings carry the same signed bytes.
    const bytes = BASE64URL.test(part) ? Buffer.from(part, 'base64url') : undefined;
    if (!bytes || bytes.toString('base64url') !== part) fail('MESSAGE_MALFORMED', `the ${name} is not base64url`);
    return bytes;
  });
  return { header: jsonObject(header, 'protected header'), payload: jsonObject(payload, 'payload') };
}

function jsonObject(bytes: Buffer, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    fail('MESSAGE_MALFORMED', `the ${name} is not UTF-8 JSON`);
  }
  if (!isPlainObject(value)) fail('MESSAGE_MALFORMED', `the ${name} is not a JSON object`);
  return value;
}

function timeOf(d: Date | null | undefined, name: string): number | null {
  if (d === undefined || d === null) return null;
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new LittoralError('INPUT_INVALID', `${name} must be a valid Date`);
  return d.getTime();
}

function fail(code: ErrorCode, message: string): never {
  throw new LittoralError(code, `Message refused: ${message}`);
}
