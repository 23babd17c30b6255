// Signed messages of a federated query: the hub's query envelope, the node's
// answer, and the hub's opaque paging cursor. All are compact JWS (EdDSA, kid
// in the protected header) made and checked with @littoral/crypto; this file
// adds the claims and the checks particular to queries: audience, short
// expiry with clock-skew tolerance, correlation id, and refused replays.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ISO_ALPHA2, isLittoralError, MAX_PURPOSE_CHARS, purposeProblem, type ErrorCode } from '@littoral/contracts';
import { JWS_TYPES, signJws, verifyJws, type StoredKey, type TrustedKey } from '@littoral/crypto';
import { Checker, join, show, type Problem } from './check.js';
import { parseNodeAnswer } from './answer-validation.js';
import { parseFederatedQuery, type FederatedQuery, type NodeAnswerBody } from './summary-contracts.js';

/** The `iss` of everything the hub signs. */
export const HUB_ISSUER = 'hub';
/** Longest accepted lifetime of an envelope (exp − iat), seconds. */
export const MAX_ENVELOPE_LIFETIME_S = 30;
/** Default lifetime of an envelope, seconds. */
export const DEFAULT_ENVELOPE_LIFETIME_S = 20;
/** Clock difference tolerated between hub and node, seconds. */
export const CLOCK_SKEW_S = 5;
/** Largest accepted answer, bytes: NATS's default max_payload (1 MiB). */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
/** Lifetime of a paging cursor, seconds. */
export const CURSOR_LIFETIME_S = 3600;

/** Refusal codes of this library (LittoralError codes from @littoral/crypto pass through unchanged). */
export const FEDERATION_ERROR_CODES = [
  'ENVELOPE_INVALID',
  'ENVELOPE_EXPIRED',
  'ENVELOPE_REPLAYED',
  'AUDIENCE_MISMATCH',
  'ANSWER_INVALID',
  'CORRELATION_MISMATCH',
  'CURSOR_INVALID',
  'NONCE_CACHE_FULL',
] as const;
export type FederationErrorCode = (typeof FEDERATION_ERROR_CODES)[number];
// Every refusal code of this library is a shared error code (GraphQL, NATS header, manifest).
const _CODES_ARE_SHARED: readonly ErrorCode[] = FEDERATION_ERROR_CODES;
void _CODES_ARE_SHARED;

/** A refused envelope, answer or cursor. Messages are safe to log and show: no payload, no key. */
export class FederationError extends Error {
  constructor(
    readonly code: FederationErrorCode,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
    this.name = 'FederationError';
  }
}

/** Verified claims of the analyst on whose behalf the hub asks. */
export interface RequesterClaims {
  subject: string;
  country: string;
  organisation?: string;
  roles: string[];
}

/** The claims of a query envelope (besides `iss` = 'hub' and `iat`). */
export interface QueryEnvelope {
  use: 'query';
  /** Country of the node asked. */
  aud: string;
  requester: RequesterClaims;
  purpose: string;
  query: FederatedQuery;
  /** UUID shared by the hub's and the node's audit entries and the answer. */
  correlationId: string;
  nonce: string;
  /**
   * The analyst's original bearer JWT, so the node can check the requester's
   * claims against its trusted issuer itself instead of trusting the hub's word.
   */
  requesterToken?: string;
  /** Seconds since the epoch. */
  iat: number;
  exp: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const ENVELOPE_KEYS = ['iss', 'iat', 'use', 'aud', 'requester', 'purpose', 'query', 'correlationId', 'nonce', 'exp'];
const OPTIONAL_ENVELOPE_KEYS = ['requesterToken'];
/** Longest requester token carried (the same limit as a bearer header). */
const MAX_REQUESTER_TOKEN_CHARS = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Fresh correlation id (UUID v4). */
export const newCorrelationId = (): string => randomUUID();
/** Fresh nonce: 128 random bits, base64url. */
export const newNonce = (): string => randomBytes(16).toString('base64url');

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

/**
 * Signs a query envelope for one node. `iat` is `now`, `exp` is `now +
 * lifetimeSeconds` (at most MAX_ENVELOPE_LIFETIME_S). The query is validated
 * first: the hub never signs what a node would refuse.
 */
export async function signQueryEnvelope(
  input: {
    audience: string;
    requester: RequesterClaims;
    purpose: string;
    query: FederatedQuery;
    correlationId: string;
    nonce?: string;
    lifetimeSeconds?: number;
    /** The analyst's bearer JWT, verified again by the node (see QueryEnvelope.requesterToken). */
    requesterToken?: string;
  },
  hubKey: StoredKey,
  now: Date,
): Promise<string> {
  const lifetime = input.lifetimeSeconds ?? DEFAULT_ENVELOPE_LIFETIME_S;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_ENVELOPE_LIFETIME_S) {
    throw new FederationError('ENVELOPE_INVALID', `lifetimeSeconds ${show(lifetime)} must be an integer from 1 to ${MAX_ENVELOPE_LIFETIME_S}`);
  }
  const claims = {
    use: 'query',
    aud: input.audience,
    requester: input.requester,
    purpose: input.purpose,
    query: input.query,
    correlationId: input.correlationId,
    nonce: input.nonce ?? newNonce(),
    ...(input.requesterToken === undefined ? {} : { requesterToken: input.requesterToken }),
    exp: seconds(now) + lifetime,
  };
  const problems = readEnvelopeClaims({ ...claims, iss: HUB_ISSUER, iat: seconds(now) }).problems;
  if (problems.length > 0) throw new FederationError('ENVELOPE_INVALID', `The envelope is not valid: ${summary(problems)}`, problems);
  return signJws(claims, JWS_TYPES.queryEnvelope, hubKey, { iss: HUB_ISSUER }, now);
}

function summary(problems: readonly Problem[]): string {
  const shown = problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`);
  return shown.join('; ') + (problems.length > 5 ? `; and ${problems.length - 5} more` : '');
}

function readEnvelopeClaims(payload: Record<string, unknown>): { envelope?: QueryEnvelope; problems: Problem[] } {
  const c = new Checker();
  const o = c.object(payload, '', [...ENVELOPE_KEYS, ...OPTIONAL_ENVELOPE_KEYS], ENVELOPE_KEYS);
  if (!o) return { problems: c.problems };
  // Never echoed in a message: it is a credential.
  const token = o.requesterToken;
  if (token !== undefined && (typeof token !== 'string' || token.length > MAX_REQUESTER_TOKEN_CHARS || !JWT_SHAPE.test(token))) {
    c.fail('requesterToken', `expected a compact JWT of at most ${MAX_REQUESTER_TOKEN_CHARS} characters`);
  }
  if (o.use !== 'query') c.fail('use', `got ${show(o.use)}; expected "query"`);
  c.string(o.aud, 'aud', { pattern: /^[A-Z]{2}$/, expected: 'the country of the node asked' });
  const r = c.object(o.requester, 'requester', ['subject', 'country', 'organisation', 'roles'], ['subject', 'country', 'roles']);
  if (r) {
    c.string(r.subject, 'requester.subject', { max: 200 });
    const country = c.string(r.country, 'requester.country', { pattern: /^[A-Z]{2}$/, expected: 'an ISO 3166-1 alpha-2 code' });
    if (country !== undefined && !ISO_ALPHA2.has(country)) c.fail('requester.country', `got ${show(country)}; expected an assigned ISO 3166-1 alpha-2 code`);
    if (r.organisation !== undefined) c.string(r.organisation, 'requester.organisation', { max: 200 });
    c.list(r.roles, 'requester.roles', (x, p) => c.string(x, p, { max: 100 }), { allowEmpty: true, max: 100 });
  }
  const purpose = c.string(o.purpose, 'purpose', { max: MAX_PURPOSE_CHARS, expected: 'the stated purpose of use, a non-empty text' });
  if (purpose !== undefined && purposeProblem(purpose) !== null) c.fail('purpose', purposeProblem(purpose)!);
  c.string(o.correlationId, 'correlationId', { pattern: UUID, expected: 'a lower-case UUID' });
  c.string(o.nonce, 'nonce', { pattern: NONCE, expected: '16 to 128 base64url characters' });
  const iat = c.number(o.iat, 'iat', { integer: true, min: 0 });
  const exp = c.number(o.exp, 'exp', { integer: true, min: 0 });
  if (iat !== undefined && exp !== undefined && (exp <= iat || exp - iat > MAX_ENVELOPE_LIFETIME_S)) {
    c.fail('exp', `is ${exp - iat} s after iat; expected 1 to ${MAX_ENVELOPE_LIFETIME_S} s`);
  }
  const q = parseFederatedQuery(o.query, 'query');
  if (!q.ok) c.problems.push(...q.problems);
  if (c.problems.length > 0) return { problems: c.problems };
  return { envelope: { ...(o as unknown as QueryEnvelope), query: q.ok ? q.value : (o.query as FederatedQuery) }, problems: [] };
}

/**
 * Remembers the nonces of accepted envelopes until they expire, so a replayed
 * envelope is refused. Memory is bounded: expired entries are dropped as new
 * ones come, and when `maxEntries` unexpired nonces are held, new envelopes
 * are refused (NONCE_CACHE_FULL) — failing closed rather than forgetting a
 * nonce that could still be replayed.
 */
export class NonceCache {
  private readonly entries = new Map<string, number>();

  constructor(readonly maxEntries = 100_000) {}

  /** Number of nonces held. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Records `nonce`, valid until `expiresAtMs`; false if it is already held
   * (a replay). Throws NONCE_CACHE_FULL when full of unexpired nonces.
   */
  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean {
    const held = this.entries.get(nonce);
    if (held !== undefined && held > nowMs) return false;
    if (this.entries.size >= this.maxEntries) this.evict(nowMs);
    if (this.entries.size >= this.maxEntries) {
      throw new FederationError('NONCE_CACHE_FULL', 'Too many envelopes are in flight; the query is refused until some expire');
    }
    this.entries.delete(nonce);
    this.entries.set(nonce, expiresAtMs);
    return true;
  }

  /** Drops expired nonces. */
  evict(nowMs: number): void {
    for (const [nonce, until] of this.entries) if (until <= nowMs) this.entries.delete(nonce);
  }
}

/** What a node checks an envelope against. */
export interface VerifyEnvelopeOptions {
  /** The hub's keys the node trusts. */
  trusted: readonly TrustedKey[];
  /** The node's own country: the envelope's audience. */
  country: string;
  receivedAt: Date;
  nonces: NonceCache;
  skewSeconds?: number;
}

/**
 * Verifies a query envelope at the node: typ, alg and kid against the hub's
 * trusted keys (LittoralError from @littoral/crypto), then issuer 'hub',
 * audience = this node, claims and query, `iat` not in the future and `exp`
 * not passed (both with `skewSeconds` tolerance), and finally the nonce
 * (a replay is refused). The nonce is recorded only once everything else passed.
 */
export async function verifyQueryEnvelope(jws: string, opts: VerifyEnvelopeOptions): Promise<QueryEnvelope & { kid: string }> {
  const skew = opts.skewSeconds ?? CLOCK_SKEW_S;
  const verified = await verifyJws(jws, { typ: JWS_TYPES.queryEnvelope, trusted: opts.trusted, issuer: HUB_ISSUER, receivedAt: opts.receivedAt });
  const { envelope, problems } = readEnvelopeClaims(verified.payload);
  if (!envelope) {
    if (problems.some((p) => p.path === 'use')) throw new FederationError('ENVELOPE_INVALID', 'Message refused: this is not a query envelope', problems);
    throw new FederationError('ENVELOPE_INVALID', `Message refused: ${summary(problems)}`, problems);
  }
  if (envelope.aud !== opts.country) {
    throw new FederationError('AUDIENCE_MISMATCH', `Message refused: the envelope is addressed to ${envelope.aud}, not to this node (${opts.country})`);
  }
  const now = opts.receivedAt.getTime() / 1000;
  if (envelope.iat > now + skew) throw new FederationError('ENVELOPE_EXPIRED', `Message refused: the envelope was issued ${Math.round(envelope.iat - now)} s in the future`);
  if (now > envelope.exp + skew) throw new FederationError('ENVELOPE_EXPIRED', `Message refused: the envelope expired ${Math.round(now - envelope.exp)} s ago`);
  if (!opts.nonces.remember(envelope.nonce, (envelope.exp + skew) * 1000, opts.receivedAt.getTime())) {
    throw new FederationError('ENVELOPE_REPLAYED', 'Message refused: this envelope was already received (replay)');
  }
  return { ...envelope, kid: verified.kid };
}

/** Signs a node's answer: `iss` = the node's country, `use` = 'answer'. */
export async function signQueryAnswer(body: NodeAnswerBody, nodeKey: StoredKey, country: string, now: Date): Promise<string> {
  return signJws({ ...body, use: 'answer' }, JWS_TYPES.queryAnswer, nodeKey, { iss: country }, now);
}

/** What the hub checks an answer against. */
export interface VerifyAnswerOptions {
  /** The node that was asked: the answer's issuer. */
  country: string;
  /** That node's trusted keys (never another node's). */
  trusted: readonly TrustedKey[];
  /** The envelope's correlation id. */
  correlationId: string;
  /** The query asked (its kind and grouping are checked). */
  query: FederatedQuery;
  receivedAt: Date;
  maxBytes?: number;
}

/**
 * Verifies a node's answer at the hub: typ, alg, kid among THIS node's keys,
 * issuer = this node (LittoralError from @littoral/crypto), `use` 'answer', the
 * correlation id of this query (CORRELATION_MISMATCH), then the body against
 * the query (ANSWER_INVALID with problems). The caller turns any refusal into
 * a manifest ERROR entry (see failedNodeEntry).
 */
export async function verifyQueryAnswer(jws: string, opts: VerifyAnswerOptions): Promise<NodeAnswerBody & { kid: string }> {
  const verified = await verifyJws(jws, {
    typ: JWS_TYPES.queryAnswer,
    trusted: opts.trusted,
    issuer: opts.country,
    receivedAt: opts.receivedAt,
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_ANSWER_BYTES,
  });
  const { iss: _iss, iat: _iat, use, ...body } = verified.payload;
  if (use !== 'answer') throw new FederationError('ANSWER_INVALID', 'Message refused: this is not a query answer');
  if (body.correlationId !== opts.correlationId) {
    throw new FederationError('CORRELATION_MISMATCH', `Message refused: the answer is for another query (correlation id ${show(body.correlationId)})`);
  }
  const parsed = parseNodeAnswer(opts.query, body);
  if (!parsed.ok) throw new FederationError('ANSWER_INVALID', `Message refused: the answer of ${opts.country} is not valid: ${summary(parsed.problems)}`, parsed.problems);
  return { ...parsed.value, kid: verified.kid };
}

/** Short code of any refusal, for the manifest's reason and the audit log. */
export function refusalCode(err: unknown): string {
  if (err instanceof FederationError) return err.code;
  if (isLittoralError(err)) return err.code;
  return 'INTERNAL';
}

// ---------------------------------------------------------------------------
// Cursors
// ---------------------------------------------------------------------------

/** Where each node's records resume: its opaque position, or `null` when it has no more. Absent = from the start. */
export type CursorPositions = Record<string, string | null>;

/**
 * Fingerprint binding a cursor to one query: SHA-256 of the query's kind and
 * filter in a canonical JSON (keys sorted), without `first` and `after`.
 */
export function queryFingerprint(query: FederatedQuery): string {
  return createHash('sha256').update(canonicalJson({ kind: query.kind, filter: query.filter })).digest('base64url');
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Signs an opaque paging cursor: a JWS of typ queryEnvelope with `use`
 * 'cursor' and `aud` 'hub' (so it can never pass as an envelope at a node, nor
 * an envelope as a cursor), bound to the analyst and the query's fingerprint,
 * valid CURSOR_LIFETIME_S.
 */
export async function signCursor(input: { subject: string; query: FederatedQuery; positions: CursorPositions }, hubKey: StoredKey, now: Date): Promise<string> {
  const claims = { use: 'cursor', aud: HUB_ISSUER, subject: input.subject, fingerprint: queryFingerprint(input.query), positions: input.positions, exp: seconds(now) + CURSOR_LIFETIME_S };
  return signJws(claims, JWS_TYPES.queryEnvelope, hubKey, { iss: HUB_ISSUER }, now);
}

/**
 * Verifies a cursor presented by an analyst: the hub's signature, `use`
 * 'cursor', not expired, same analyst, same query. Every refusal is
 * CURSOR_INVALID (the analyst starts again from the first page).
 */
export async function verifyCursor(cursor: string, opts: { trusted: readonly TrustedKey[]; subject: string; query: FederatedQuery; receivedAt: Date }): Promise<CursorPositions> {
  let payload: Record<string, unknown>;
  try {
    payload = (await verifyJws(cursor, { typ: JWS_TYPES.queryEnvelope, trusted: opts.trusted, issuer: HUB_ISSUER, receivedAt: opts.receivedAt, maxBytes: 16 * 1024 })).payload;
  } catch (err) {
    throw new FederationError('CURSOR_INVALID', `The cursor is not valid (${refusalCode(err)}); start again from the first page`);
  }
  const c = new Checker();
  const o = c.object(payload, '', ['iss', 'iat', 'use', 'aud', 'subject', 'fingerprint', 'positions', 'exp'], ['use', 'aud', 'subject', 'fingerprint', 'positions', 'exp']);
  if (!o || o.use !== 'cursor' || o.aud !== HUB_ISSUER) throw new FederationError('CURSOR_INVALID', 'The cursor is not valid (not a cursor); start again from the first page');
  if (typeof o.exp !== 'number' || opts.receivedAt.getTime() / 1000 > o.exp) throw new FederationError('CURSOR_INVALID', 'The cursor has expired; start again from the first page');
  if (o.subject !== opts.subject) throw new FederationError('CURSOR_INVALID', 'The cursor was issued to another user; start again from the first page');
  if (o.fingerprint !== queryFingerprint(opts.query)) throw new FederationError('CURSOR_INVALID', 'The cursor belongs to another query (different filter); start again from the first page');
  const positions = c.object(o.positions, 'positions', Object.keys((o.positions as object) ?? {}));
  if (!positions) throw new FederationError('CURSOR_INVALID', 'The cursor is not valid (positions); start again from the first page');
  for (const [k, v] of Object.entries(positions)) {
    if (!/^[A-Z]{2}$/.test(k) || !(v === null || typeof v === 'string')) throw new FederationError('CURSOR_INVALID', `The cursor is not valid (${join('positions', k)}); start again from the first page`);
  }
  return positions as CursorPositions;
}
