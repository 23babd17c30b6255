import { createHash } from 'node:crypto';
import { DATASET_ID_PATTERN, LittoralError, MAX_PURPOSE_CHARS, purposeProblem } from '@littoral/contracts';
import { canonicalJson } from './canonical-json.js';

/** What happened. A closed vocabulary: a new kind of event is a new release, never free text. */
export const AUDIT_ACTIONS = [
  'query',
  'records.read',
  'catalogue.published',
  'catalogue.rejected',
  'catalogue.withdrawn',
  'grant.changed',
  'key.rotated',
  'key.compromised',
  'member.changed',
  'import',
  'login.refused',
  'audit.exported',
  // An auditor read the log itself (auditLog, verifyAuditLog, trace): the reading is audited too.
  'audit.read',
  // The hub refused a node's signed checkpoint (bad signature, unknown key, unknown member…).
  'checkpoint.rejected',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** How it was decided. `partial`: some datasets or rows withheld; `suppressed`: small groups hidden. */
export const AUDIT_DECISIONS = ['allowed', 'denied', 'partial', 'suppressed'] as const;
export type AuditDecision = (typeof AUDIT_DECISIONS)[number];

/** prevHash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who acted: identifiers only (never a name, an e-mail body or a token). */
export interface AuditActor {
  /** The authenticated subject (token `sub`, `cli`, a node id…). */
  subject: string;
  /** ISO 3166-1 alpha-2 country of the actor, if known. */
  country: string | null;
  /** Organisation identifier, if known. */
  organisation: string | null;
  roles: string[];
}

/**
 * What a caller asks to be recorded. It carries counts, ids and hashes, never
 * data: every member is checked against a narrow pattern, and unknown members
 * are refused, so a record value cannot be slipped in.
 */
export interface AuditEntryInput {
  actor: AuditActor;
  action: AuditAction;
  /** The purpose of use the requester declared, if any. */
  purpose: string | null;
  /** Dataset ids (or `urn:littoral:dataset:<CC>:<id>`) touched. */
  datasets: string[];
  decision: AuditDecision;
  /** Stable error code explaining a refusal (e.g. POLICY_DENIED), else null. */
  reason: string | null;
  /** How many rows / groups / items were returned or stored, if any. */
  resultSize: number | null;
  /** Version of the rules the decision was taken under, if any. */
  policyVersion: string | null;
  /** Shared by the hub's entry and each node's entry of one request (a UUID). */
  correlationId: string;
  /** SHA-256 (hex) of the request as received, if there was one. */
  requestHash: string | null;
}

/** One link of the chain as stored. */
export interface AuditEntry extends AuditEntryInput {
  /** 1, 2, 3… without gaps. */
  seq: number;
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  /** `hash` of entry seq-1, or {@link GENESIS_HASH} for seq 1. */
  prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other member. */
  hash: string;
}

const INPUT_KEYS = ['actor', 'action', 'purpose', 'datasets', 'decision', 'reason', 'resultSize', 'policyVersion', 'correlationId', 'requestHash'] as const;
const ENTRY_KEYS = [...INPUT_KEYS, 'seq', 'time', 'prevHash', 'hash'] as const;
const ACTOR_KEYS = ['subject', 'country', 'organisation', 'roles'] as const;

const SUBJECT = /^[\x21-\x7e]{1,256}$/; // printable ASCII, no spaces
const COUNTRY = /^[A-Z]{2}$/;
const ORGANISATION = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
const ROLE = /^[a-z][a-z0-9_-]{0,31}$/;
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;
const POLICY_VERSION = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const DATASET_URN = /^urn:littoral:dataset:[A-Z]{2}:(.+)$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const MAX_DATASETS = 1000;
const MAX_ROLES = 32;

/**
 * Checks a caller's input and returns a clean copy (lists copied, nothing
 * shared with the caller). Throws INPUT_INVALID naming the member and what was
 * expected; the offending value itself is never quoted (it might be data).
 */
export function validateEntryInput(value: unknown): AuditEntryInput {
  const v = object(value, 'the audit entry', INPUT_KEYS);
  return checkInput(v);
}

/** Checks a stored (or exported) entry, including seq, time and hashes, and returns a clean copy. */
export function validateEntry(value: unknown): AuditEntry {
  const v = object(value, 'the audit entry', ENTRY_KEYS);
  const input = checkInput(v);
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1) throw bad('seq', 'a positive integer');
  if (typeof v.time !== 'string' || !ISO_UTC.test(v.time) || Number.isNaN(Date.parse(v.time))) throw bad('time', 'an ISO 8601 UTC time with milliseconds');
  if (typeof v.prevHash !== 'string' || !HEX64.test(v.prevHash)) throw bad('prevHash', '64 lower-case hex digits');
  if (typeof v.hash !== 'string' || !HEX64.test(v.hash)) throw bad('hash', '64 lower-case hex digits');
  return { seq: v.seq as number, time: v.time, ...input, prevHash: v.prevHash, hash: v.hash };
}

function checkInput(v: Record<string, unknown>): AuditEntryInput {
  const a = object(v.actor, 'actor', ACTOR_KEYS);
  if (typeof a.subject !== 'string' || !SUBJECT.test(a.subject)) throw bad('actor.subject', 'an identifier of 1 to 256 printable characters without spaces');
  const country = nullable(a.country, 'actor.country', COUNTRY, 'an ISO 3166-1 alpha-2 code such as TH');
  const organisation = nullable(a.organisation, 'actor.organisation', ORGANISATION, 'an organisation identifier (letters, digits, . _ : @ / -)');
  const roles = list(a.roles, 'actor.roles', MAX_ROLES, (r) => typeof r === 'string' && ROLE.test(r), 'role names such as analyst');
  if (typeof v.action !== 'string' || !(AUDIT_ACTIONS as readonly string[]).includes(v.action)) throw bad('action', `one of ${AUDIT_ACTIONS.join(', ')}`);
  if (typeof v.decision !== 'string' || !(AUDIT_DECISIONS as readonly string[]).includes(v.decision)) throw bad('decision', `one of ${AUDIT_DECISIONS.join(', ')}`);
  let purpose: string | null = null;
  if (v.purpose !== null) {
    // A declared purpose is short text (the same rule the hub and the nodes apply); anything else would be something else.
    if (purposeProblem(v.purpose) !== null) throw bad('purpose', `null or a declared purpose of use (1 to ${MAX_PURPOSE_CHARS} characters, one line)`);
    purpose = v.purpose as string;
  }
  const datasets = list(v.datasets, 'datasets', MAX_DATASETS, isDatasetRef, 'dataset ids such as th-gulf-2024 or urn:littoral:dataset:TH:th-gulf-2024');
  const reason = nullable(v.reason, 'reason', REASON, 'null or an error code such as POLICY_DENIED');
  let resultSize: number | null = null;
  if (v.resultSize !== null) {
    if (!Number.isSafeInteger(v.resultSize) || (v.resultSize as number) < 0) throw bad('resultSize', 'null or a count (a non-negative integer)');
    resultSize = v.resultSize as number;
  }
  const policyVersion = nullable(v.policyVersion, 'policyVersion', POLICY_VERSION, 'null or a version identifier');
  if (typeof v.correlationId !== 'string' || !UUID.test(v.correlationId)) throw bad('correlationId', 'a lower-case UUID');
  const requestHash = nullable(v.requestHash, 'requestHash', HEX64, 'null or a SHA-256 in 64 lower-case hex digits');
  return {
    actor: { subject: a.subject, country, organisation, roles },
    action: v.action as AuditAction,
    purpose,
    datasets,
    decision: v.decision as AuditDecision,
    reason,
    resultSize,
    policyVersion,
    correlationId: v.correlationId,
    requestHash,
  };
}

function isDatasetRef(x: unknown): boolean {
  if (typeof x !== 'string') return false;
  const urn = DATASET_URN.exec(x);
  return DATASET_ID_PATTERN.test(urn ? urn[1] : x);
}

function object(value: unknown, name: string, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new LittoralError('INPUT_INVALID', `Audit entry refused: ${name} must be an object`);
  const extra = Object.keys(value).filter((k) => !keys.includes(k));
  // Unknown members are refused by name: an audit entry never carries anything the model does not know.
  if (extra.length > 0) throw new LittoralError('INPUT_INVALID', `Audit entry refused: ${name} has unknown member(s) ${extra.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}; an entry carries only ${keys.join(', ')}`);
  const missing = keys.filter((k) => !(k in value) || (value as Record<string, unknown>)[k] === undefined);
  if (missing.length > 0) throw new LittoralError('INPUT_INVALID', `Audit entry refused: ${name} lacks ${missing.join(', ')} (use null for "none")`);
  return value as Record<string, unknown>;
}

function nullable(value: unknown, name: string, pattern: RegExp, expected: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !pattern.test(value)) throw bad(name, expected);
  return value;
}

function list(value: unknown, name: string, max: number, ok: (x: unknown) => boolean, expected: string): string[] {
  if (!Array.isArray(value) || value.length > max) throw bad(name, `a list of at most ${max} ${expected}`);
  value.forEach((x, i) => {
    if (!ok(x)) throw bad(`${name}[${i}]`, expected);
  });
  return [...(value as string[])];
}

function bad(name: string, expected: string): LittoralError {
  return new LittoralError('INPUT_INVALID', `Audit entry refused: ${name} must be ${expected}`);
}

/** The members an entry's hash covers: every member but `hash` itself (including seq, time and prevHash). */
export function hashedForm(e: Omit<AuditEntry, 'hash'>): Record<string, unknown> {
  return {
    seq: e.seq,
    time: e.time,
    actor: { subject: e.actor.subject, country: e.actor.country, organisation: e.actor.organisation, roles: e.actor.roles },
    action: e.action,
    purpose: e.purpose,
    datasets: e.datasets,
    decision: e.decision,
    reason: e.reason,
    resultSize: e.resultSize,
    policyVersion: e.policyVersion,
    correlationId: e.correlationId,
    requestHash: e.requestHash,
    prevHash: e.prevHash,
  };
}

/** SHA-256 (hex) over the RFC 8785 canonical JSON of every member except `hash`. */
export function entryHash(e: Omit<AuditEntry, 'hash'>): string {
  return sha256Hex(canonicalJson(hashedForm(e)));
}

/** Builds the next link: `input` validated, at `seq` after `prevHash`, at `time`. */
export function sealEntry(input: AuditEntryInput, seq: number, prevHash: string, time: Date): AuditEntry {
  const clean = validateEntryInput(input);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new LittoralError('INPUT_INVALID', 'seq must be a positive integer');
  if (!HEX64.test(prevHash)) throw new LittoralError('INPUT_INVALID', 'prevHash must be 64 lower-case hex digits');
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) throw new LittoralError('INPUT_INVALID', 'time must be a valid Date');
  const unsealed = { seq, time: time.toISOString(), ...clean, prevHash };
  return { ...unsealed, hash: entryHash(unsealed) };
}

/** SHA-256 as 64 lower-case hex digits (of UTF-8 text or bytes). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
