// Signed messages of a network trace (docs/audit.md#tracing-across-the-network):
// the hub asks a node for its entries of one correlation id on behalf of an
// auditor; the node answers with what that auditor may see, signed. Both
// messages are compact JWS of typ `littoral-audit-trace+jws`, told apart by
// `use` and by their issuer (the hub signs requests, a node its answers), so
// neither can pass as the other, nor as a query envelope or answer.
import { randomBytes } from 'node:crypto';
import { LittoralError, type ErrorCode } from '@littoral/contracts';
import { JWS_TYPES, signJws, verifyJws, type StoredKey, type TrustedKey } from '@littoral/crypto';
import { AUDIT_ACTIONS, AUDIT_DECISIONS, entryHash, validateEntry, type AuditEntry } from './audit-entry.js';
import { verifyCheckpoint, type SignedCheckpoint } from './checkpoint.js';

/** The `iss` of a trace request. */
export const TRACE_HUB_ISSUER = 'hub';
/** Longest accepted lifetime of a trace request (exp − iat), seconds. */
export const MAX_TRACE_LIFETIME_S = 30;
/** Clock difference tolerated between hub and node, seconds. */
export const TRACE_CLOCK_SKEW_S = 5;
/** Most entries one node sends for one correlation id; more are cut and the answer says `truncated`. */
export const MAX_TRACE_ENTRIES = 200;
/** Largest request (the auditor's token included) and answer accepted, bytes. */
export const MAX_TRACE_REQUEST_BYTES = 64 * 1024;
export const MAX_TRACE_ANSWER_BYTES = 1024 * 1024;

/**
 * Who may see a node's entries through a network trace (LITTORAL_TRACE_AUDITORS):
 * `none` — nobody (trace on the node itself only); `own` — auditors whose token
 * names the node's country, in full; `network` — those in full, and every other
 * auditor of the network the SUMMARY view.
 */
export const TRACE_AUDITOR_SCOPES = ['none', 'own', 'network'] as const;
export type TraceAuditorScope = (typeof TRACE_AUDITOR_SCOPES)[number];

/** FULL: entries as stored. SUMMARY: seq, time, action, decision, sizes, policy version and hashes; no actor, purpose, datasets or reason. */
export type TraceView = 'FULL' | 'SUMMARY';

/** The verified auditor on whose behalf the hub asks. */
export interface TraceAuditor {
  subject: string;
  country?: string;
  organisation?: string;
  roles: string[];
}

/** The claims of a trace request (besides `iss` = 'hub' and `iat`). */
export interface TraceRequest {
  use: 'audit-trace';
  /** The node asked. */
  aud: string;
  /** The correlation id traced. */
  correlationId: string;
  /** Id of this trace: the hub's and every node's `audit.read` entry of it carry it. */
  traceId: string;
  auditor: TraceAuditor;
  /** The auditor's own bearer JWT: the node verifies it with its trusted issuer. Never echoed. */
  auditorToken: string;
  nonce: string;
  iat: number;
  exp: number;
}

/** An entry in the SUMMARY view: what happened and its hashes, not who or why. */
export interface TraceSummaryEntry {
  seq: number;
  time: string;
  action: string;
  decision: string;
  resultSize: number | null;
  policyVersion: string | null;
  correlationId: string;
  requestHash: string | null;
  prevHash: string;
  hash: string;
}

/** A node's signed answer to a trace request. */
export interface TraceAnswer {
  use: 'audit-trace-answer';
  correlationId: string;
  traceId: string;
  status: 'OK' | 'DENIED';
  /** How the entries are shown; null when DENIED. */
  view: TraceView | null;
  /** Why DENIED (safe text), else absent. */
  reason?: string;
  entries: (AuditEntry | TraceSummaryEntry)[];
  /** More entries carry the id than were sent. */
  truncated: boolean;
  /** The node's latest signed checkpoint (compact JWS), or null when it has none. */
  checkpoint: string | null;
}

/** Something every sender of nonces can do: NonceCache of @littoral/federation fits. */
export interface TraceNonceMemory {
  /** False when `nonce` is already held (a replay). */
  remember(nonce: string, expiresAtMs: number, nowMs: number): boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const COUNTRY = /^[A-Z]{2}$/;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const HEX64 = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_TOKEN_CHARS = 8192;
const REQUEST_KEYS = ['iss', 'iat', 'use', 'aud', 'correlationId', 'traceId', 'auditor', 'auditorToken', 'nonce', 'exp'];
const ANSWER_KEYS = ['iss', 'iat', 'use', 'correlationId', 'traceId', 'status', 'view', 'reason', 'entries', 'truncated', 'checkpoint'];
const SUMMARY_KEYS = ['seq', 'time', 'action', 'decision', 'resultSize', 'policyVersion', 'correlationId', 'requestHash', 'prevHash', 'hash'] as const;

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);
const refused = (code: ErrorCode, why: string): LittoralError => new LittoralError(code, `Message refused: ${why}`);

/**
 * What `auditor` may see of node `nodeCountry`'s entries under `scope`: the
 * FULL view for an auditor of the node's own country (unless `none`), the
 * SUMMARY view for any other auditor when `network`, else nothing (null).
 * Deny by default: no auditor role, nothing.
 */
export function traceViewFor(auditor: { country?: string | null; roles: readonly string[] }, nodeCountry: string, scope: TraceAuditorScope): TraceView | null {
  if (!auditor.roles.includes('auditor') || scope === 'none') return null;
  if (auditor.country === nodeCountry) return 'FULL';
  return scope === 'network' ? 'SUMMARY' : null;
}

/** The SUMMARY form of an entry: a whitelist, so a member added to entries later is never shown by accident. */
export function summaryEntry(e: AuditEntry): TraceSummaryEntry {
  return {
    seq: e.seq, time: e.time, action: e.action, decision: e.decision, resultSize: e.resultSize, policyVersion: e.policyVersion,
    correlationId: e.correlationId, requestHash: e.requestHash, prevHash: e.prevHash, hash: e.hash,
  };
}

/** Signs a trace request for one node (`exp` = now + lifetimeSeconds, at most {@link MAX_TRACE_LIFETIME_S}). */
export async function signTraceRequest(
  input: { audience: string; correlationId: string; traceId: string; auditor: TraceAuditor; auditorToken: string; nonce?: string; lifetimeSeconds: number },
  hubKey: StoredKey,
  now: Date,
): Promise<string> {
  const lifetime = input.lifetimeSeconds;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TRACE_LIFETIME_S) {
    throw new LittoralError('INPUT_INVALID', `lifetimeSeconds must be an integer from 1 to ${MAX_TRACE_LIFETIME_S}`);
  }
  const claims = {
    use: 'audit-trace', aud: input.audience, correlationId: input.correlationId, traceId: input.traceId, auditor: input.auditor,
    auditorToken: input.auditorToken, nonce: input.nonce ?? randomBytes(16).toString('base64url'), exp: seconds(now) + lifetime,
  };
  const problem = requestProblem({ ...claims, iss: TRACE_HUB_ISSUER, iat: seconds(now) });
  if (problem) throw new LittoralError('ENVELOPE_INVALID', `The trace request is not valid: ${problem}`);
  return signJws(claims, JWS_TYPES.auditTrace, hubKey, { iss: TRACE_HUB_ISSUER }, now);
}

/**
 * Verifies a trace request at a node: typ, alg and kid against the hub's keys
 * (LittoralError codes of @littoral/crypto), then issuer, claims, audience =
 * this node, `iat`/`exp` with skew, and last the nonce (a replay is refused;
 * it is remembered only once everything else passed). Codes: ENVELOPE_INVALID,
 * AUDIENCE_MISMATCH, ENVELOPE_EXPIRED, ENVELOPE_REPLAYED.
 */
export async function verifyTraceRequest(
  jws: string,
  opts: { trusted: readonly TrustedKey[]; country: string; receivedAt: Date; nonces: TraceNonceMemory; skewSeconds?: number },
): Promise<TraceRequest & { kid: string }> {
  const skew = opts.skewSeconds ?? TRACE_CLOCK_SKEW_S;
  const v = await verifyJws(jws, { typ: JWS_TYPES.auditTrace, trusted: opts.trusted, issuer: TRACE_HUB_ISSUER, receivedAt: opts.receivedAt, maxBytes: MAX_TRACE_REQUEST_BYTES });
  const problem = requestProblem(v.payload);
  if (problem) throw refused('ENVELOPE_INVALID', problem);
  const r = v.payload as unknown as TraceRequest;
  if (r.aud !== opts.country) throw refused('AUDIENCE_MISMATCH', `the trace request is addressed to ${r.aud}, not to this node (${opts.country})`);
  const now = opts.receivedAt.getTime() / 1000;
  if (r.iat > now + skew) throw refused('ENVELOPE_EXPIRED', `the trace request was issued ${Math.round(r.iat - now)} s in the future`);
  if (now > r.exp + skew) throw refused('ENVELOPE_EXPIRED', `the trace request expired ${Math.round(now - r.exp)} s ago`);
  if (!opts.nonces.remember(r.nonce, (r.exp + skew) * 1000, opts.receivedAt.getTime())) throw refused('ENVELOPE_REPLAYED', 'this trace request was already received (replay)');
  return { ...r, kid: v.kid };
}

function requestProblem(p: Record<string, unknown>): string | null {
  const extra = Object.keys(p).filter((k) => !REQUEST_KEYS.includes(k));
  if (extra.length > 0) return `unknown member(s) ${extra.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`;
  if (p.use !== 'audit-trace') return 'this is not a trace request (use)';
  if (typeof p.aud !== 'string' || !COUNTRY.test(p.aud)) return 'aud must be the country of the node asked';
  if (typeof p.correlationId !== 'string' || !UUID.test(p.correlationId)) return 'correlationId must be a lower-case UUID';
  if (typeof p.traceId !== 'string' || !UUID.test(p.traceId)) return 'traceId must be a lower-case UUID';
  if (typeof p.nonce !== 'string' || !NONCE.test(p.nonce)) return 'nonce must be 16 to 128 base64url characters';
  // Never quoted: it is a credential.
  if (typeof p.auditorToken !== 'string' || p.auditorToken.length > MAX_TOKEN_CHARS || !JWT_SHAPE.test(p.auditorToken)) return `auditorToken must be a compact JWT of at most ${MAX_TOKEN_CHARS} characters`;
  const a = p.auditor as Record<string, unknown> | null;
  if (typeof a !== 'object' || a === null || Array.isArray(a)) return 'auditor must be an object';
  if (Object.keys(a).some((k) => !['subject', 'country', 'organisation', 'roles'].includes(k))) return 'auditor has unknown members';
  if (typeof a.subject !== 'string' || a.subject.length === 0 || a.subject.length > 256) return 'auditor.subject must be 1 to 256 characters';
  if (a.country !== undefined && (typeof a.country !== 'string' || !COUNTRY.test(a.country))) return 'auditor.country must be an ISO 3166-1 alpha-2 code';
  if (a.organisation !== undefined && (typeof a.organisation !== 'string' || a.organisation.length > 256)) return 'auditor.organisation must be at most 256 characters';
  if (!Array.isArray(a.roles) || a.roles.length > 100 || a.roles.some((r) => typeof r !== 'string' || r.length > 100)) return 'auditor.roles must be a list of role names';
  if (!Number.isInteger(p.iat) || !Number.isInteger(p.exp)) return 'iat and exp must be whole seconds';
  const life = (p.exp as number) - (p.iat as number);
  if (life < 1 || life > MAX_TRACE_LIFETIME_S) return `exp is ${life} s after iat; expected 1 to ${MAX_TRACE_LIFETIME_S} s`;
  return null;
}

/** Signs a node's answer: `iss` = the node's country, `use` = 'audit-trace-answer'. */
export async function signTraceAnswer(answer: Omit<TraceAnswer, 'use'>, nodeKey: StoredKey, country: string, now: Date): Promise<string> {
  return signJws({ ...answer, use: 'audit-trace-answer' }, JWS_TYPES.auditTrace, nodeKey, { iss: country }, now);
}

/** A verified answer: entries re-checked, FULL entries' hashes recomputed, the checkpoint verified against the same member's keys. */
export interface VerifiedTraceAnswer extends Omit<TraceAnswer, 'checkpoint'> {
  kid: string;
  checkpoint: SignedCheckpoint | null;
}

/**
 * Verifies a node's trace answer at the hub: typ, alg, kid among THIS node's
 * keys, issuer = the node, `use`, the trace's correlation and trace ids
 * (CORRELATION_MISMATCH), every entry (ANSWER_INVALID: FULL entries must
 * match their own hash, SUMMARY entries carry nothing else), and the checkpoint
 * signature (refusal codes of verifyCheckpoint).
 */
export async function verifyTraceAnswer(
  jws: string,
  opts: { country: string; trusted: readonly TrustedKey[]; correlationId: string; traceId: string; receivedAt: Date },
): Promise<VerifiedTraceAnswer> {
  const v = await verifyJws(jws, { typ: JWS_TYPES.auditTrace, trusted: opts.trusted, issuer: opts.country, receivedAt: opts.receivedAt, maxBytes: MAX_TRACE_ANSWER_BYTES });
  const p = v.payload;
  const invalid = (why: string): LittoralError => new LittoralError('ANSWER_INVALID', `Message refused: the trace answer of ${opts.country} is not valid: ${why}`);
  if (Object.keys(p).some((k) => !ANSWER_KEYS.includes(k))) throw invalid('it has unknown members');
  if (p.use !== 'audit-trace-answer') throw invalid('this is not a trace answer (use)');
  if (p.correlationId !== opts.correlationId || p.traceId !== opts.traceId) throw new LittoralError('CORRELATION_MISMATCH', 'Message refused: the trace answer is for another trace');
  if (p.status !== 'OK' && p.status !== 'DENIED') throw invalid('status must be OK or DENIED');
  if (p.status === 'OK' ? p.view !== 'FULL' && p.view !== 'SUMMARY' : p.view !== null) throw invalid('view does not fit the status');
  if (p.reason !== undefined && (typeof p.reason !== 'string' || p.reason.length > 300)) throw invalid('reason must be a short text');
  if (typeof p.truncated !== 'boolean') throw invalid('truncated must be a boolean');
  if (!Array.isArray(p.entries) || p.entries.length > MAX_TRACE_ENTRIES || (p.status === 'DENIED' && p.entries.length > 0)) throw invalid(`entries must be a list of at most ${MAX_TRACE_ENTRIES} (none when DENIED)`);
  const entries = p.entries.map((e, i) => (p.view === 'FULL' ? fullEntry(e, opts.correlationId, (w) => invalid(`entries[${i}] ${w}`)) : summaryOf(e, opts.correlationId, (w) => invalid(`entries[${i}] ${w}`))));
  for (let i = 1; i < entries.length; i++) if (entries[i].seq <= entries[i - 1].seq) throw invalid('entries must be in increasing seq order');
  if (p.checkpoint !== null && typeof p.checkpoint !== 'string') throw invalid('checkpoint must be a compact JWS or null');
  const checkpoint = p.checkpoint === null ? null : await verifyCheckpoint(p.checkpoint as string, opts.country, opts.trusted, opts.receivedAt);
  return {
    use: 'audit-trace-answer', correlationId: opts.correlationId, traceId: opts.traceId, status: p.status, view: p.view as TraceView | null,
    ...(p.reason === undefined ? {} : { reason: p.reason as string }), entries, truncated: p.truncated, checkpoint, kid: v.kid,
  };
}

function fullEntry(e: unknown, correlationId: string, invalid: (why: string) => LittoralError): AuditEntry {
  let entry: AuditEntry;
  try {
    entry = validateEntry(e);
  } catch (err) {
    throw invalid((err as Error).message.replace(/^Audit entry refused: /, ''));
  }
  if (entry.correlationId !== correlationId) throw invalid('carries another correlation id');
  const { hash, ...rest } = entry;
  if (entryHash(rest) !== hash) throw invalid('does not match its hash');
  return entry;
}

function summaryOf(e: unknown, correlationId: string, invalid: (why: string) => LittoralError): TraceSummaryEntry {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) throw invalid('must be an object');
  const o = e as Record<string, unknown>;
  if (Object.keys(o).some((k) => !(SUMMARY_KEYS as readonly string[]).includes(k)) || SUMMARY_KEYS.some((k) => o[k] === undefined)) throw invalid(`must carry exactly ${SUMMARY_KEYS.join(', ')}`);
  if (!Number.isSafeInteger(o.seq) || (o.seq as number) < 1) throw invalid('seq must be a positive integer');
  if (typeof o.time !== 'string' || !ISO_UTC.test(o.time)) throw invalid('time must be an ISO 8601 UTC time');
  if (!(AUDIT_ACTIONS as readonly unknown[]).includes(o.action)) throw invalid('action is not an audit action');
  if (!(AUDIT_DECISIONS as readonly unknown[]).includes(o.decision)) throw invalid('decision is not an audit decision');
  if (o.resultSize !== null && (!Number.isSafeInteger(o.resultSize) || (o.resultSize as number) < 0)) throw invalid('resultSize must be null or a count');
  if (o.policyVersion !== null && (typeof o.policyVersion !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(o.policyVersion))) throw invalid('policyVersion must be null or a version');
  if (o.correlationId !== correlationId) throw invalid('carries another correlation id');
  if (o.requestHash !== null && (typeof o.requestHash !== 'string' || !HEX64.test(o.requestHash))) throw invalid('requestHash must be null or 64 hex digits');
  if (typeof o.prevHash !== 'string' || !HEX64.test(o.prevHash) || typeof o.hash !== 'string' || !HEX64.test(o.hash)) throw invalid('prevHash and hash must be 64 hex digits');
  return summaryEntry(o as unknown as AuditEntry);
}
