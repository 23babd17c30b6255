import { randomUUID } from 'node:crypto';
import { LittoralError } from '@littoral/contracts';
import { AUDIT_ACTIONS, AUDIT_DECISIONS, sha256Hex, type AuditAction, type AuditActor, type AuditDecision, type AuditEntry, type AuditEntryInput } from './audit-entry.js';
import { ENTRY_COLUMNS, entryFromRow } from './audit-store.js';
import { canonicalJson } from './canonical-json.js';
import { rowsOf, type SqlRunner } from './sql.js';

// What auditors ask of a log: filtered, keyset-paged reads (newest first) and
// every entry of one correlation id. Plain SQL over any SqlRunner, shared by
// the node's and the hub's auditor APIs.

/** Which entries an auditor wants; every member is optional and they are ANDed. */
export interface AuditFilter {
  /** actor.subject, exactly. */
  actor?: string | null;
  /** actor.country (ISO alpha-2). */
  country?: string | null;
  /** A dataset id or URN the entry names. */
  dataset?: string | null;
  action?: AuditAction | null;
  decision?: AuditDecision | null;
  /** Entries at or after this instant. */
  from?: Date | null;
  /** Entries before this instant. */
  to?: Date | null;
  correlationId?: string | null;
}

export interface AuditPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
  /** Entries matching the filter over all pages (only when asked for). */
  totalCount?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const COUNTRY = /^[A-Z]{2}$/;

/** Checks a filter; INPUT_INVALID names the member and what was expected (never echoing long values). */
export function checkAuditFilter(f: AuditFilter): AuditFilter {
  const bad = (name: string, expected: string): LittoralError => new LittoralError('INPUT_INVALID', `filter.${name} must be ${expected}`, { argument: `filter.${name}` });
  if (f.actor != null && (typeof f.actor !== 'string' || f.actor.length === 0 || f.actor.length > 256)) throw bad('actor', 'a subject of 1 to 256 characters');
  if (f.country != null && !COUNTRY.test(f.country)) throw bad('country', 'an ISO 3166-1 alpha-2 code in capitals, such as TH');
  if (f.dataset != null && (typeof f.dataset !== 'string' || f.dataset.length === 0 || f.dataset.length > 300)) throw bad('dataset', 'a dataset id or URN');
  if (f.action != null && !(AUDIT_ACTIONS as readonly string[]).includes(f.action)) throw bad('action', `one of ${AUDIT_ACTIONS.join(', ')}`);
  if (f.decision != null && !(AUDIT_DECISIONS as readonly string[]).includes(f.decision)) throw bad('decision', `one of ${AUDIT_DECISIONS.join(', ')}`);
  if (f.correlationId != null && !UUID.test(f.correlationId)) throw bad('correlationId', 'a lower-case UUID');
  for (const k of ['from', 'to'] as const) {
    const d = f[k];
    if (d != null && (!(d instanceof Date) || Number.isNaN(d.getTime()))) throw bad(k, 'an ISO 8601 date-time');
  }
  if (f.from != null && f.to != null && f.to.getTime() <= f.from.getTime()) throw bad('to', 'after filter.from');
  return f;
}

function whereOf(f: AuditFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const cond: string[] = [];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.actor != null) cond.push(`actor_subject = ${p(f.actor)}`);
  if (f.country != null) cond.push(`actor_country = ${p(f.country)}`);
  if (f.dataset != null) cond.push(`datasets @> ${p(JSON.stringify([f.dataset]))}::jsonb`);
  if (f.action != null) cond.push(`action = ${p(f.action)}`);
  if (f.decision != null) cond.push(`decision = ${p(f.decision)}`);
  if (f.from != null) cond.push(`time >= ${p(f.from.toISOString())}`);
  if (f.to != null) cond.push(`time < ${p(f.to.toISOString())}`);
  if (f.correlationId != null) cond.push(`correlation_id = ${p(f.correlationId)}`);
  return { sql: cond.length ? cond.join(' AND ') : 'true', params };
}

/**
 * One page of entries matching `filter`, newest first, after the entry with
 * seq `afterSeq` (keyset on seq: pages never overlap or skip). Rows are read
 * as stored (unvalidated), exactly like verification reads them.
 */
export async function queryEntries(db: SqlRunner, filter: AuditFilter, page: { limit: number; afterSeq: number | null }, withTotal = false): Promise<AuditPage> {
  const where = whereOf(checkAuditFilter(filter));
  const params = [...where.params];
  let sql = `SELECT ${ENTRY_COLUMNS.join(', ')} FROM audit_entry WHERE ${where.sql}`;
  if (page.afterSeq !== null) {
    params.push(page.afterSeq);
    sql += ` AND seq < $${params.length}`;
  }
  sql += ` ORDER BY seq DESC LIMIT ${Math.max(0, Math.floor(page.limit)) + 1}`;
  const [rows, total] = await Promise.all([
    db.query(sql, params).then((r) => rowsOf<Parameters<typeof entryFromRow>[0]>(r)),
    withTotal ? db.query(`SELECT count(*)::text AS n FROM audit_entry WHERE ${where.sql}`, where.params).then((r) => Number(rowsOf<{ n: string }>(r)[0].n)) : undefined,
  ]);
  return { entries: rows.slice(0, page.limit).map(entryFromRow), hasNextPage: rows.length > page.limit, ...(total === undefined ? {} : { totalCount: total }) };
}

/** Every entry carrying `correlationId`, in seq order (at most `max`, default 1000). */
export async function entriesByCorrelation(db: SqlRunner, correlationId: string, max = 1000): Promise<AuditEntry[]> {
  checkAuditFilter({ correlationId });
  const rows = rowsOf<Parameters<typeof entryFromRow>[0]>(
    await db.query(`SELECT ${ENTRY_COLUMNS.join(', ')} FROM audit_entry WHERE correlation_id = $1 ORDER BY seq LIMIT ${Math.max(1, Math.floor(max))}`, [correlationId]),
  );
  return rows.map(entryFromRow);
}

/** Who is acting, as a token or a process knows them. */
export interface ActorClaims {
  subject: string;
  country?: string | null;
  organisation?: string | null;
  roles?: readonly string[];
}

const SUBJECT = /^[\x21-\x7e]{1,256}$/;
const ORGANISATION = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;
const ROLE = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * The audit actor for verified claims. Identifiers the entry model would
 * refuse (a `sub` with spaces, an organisation with other characters) are
 * recorded as `sha256:<hex>` of the original: still one stable identifier per
 * person, never free text, and an audit write never fails because of a
 * token's spelling.
 */
export function auditActor(c: ActorClaims): AuditActor {
  const hashed = (v: string): string => `sha256:${sha256Hex(v)}`;
  const subject = SUBJECT.test(c.subject) ? c.subject : hashed(c.subject);
  const organisation = c.organisation == null ? null : ORGANISATION.test(c.organisation) ? c.organisation : hashed(c.organisation);
  const country = c.country != null && COUNTRY.test(c.country) ? c.country : null;
  return { subject, country, organisation, roles: [...new Set((c.roles ?? []).filter((r) => ROLE.test(r)))].slice(0, 32) };
}

/** The actor of a refused, unauthenticated request: nothing about it is trusted. */
export const ANONYMOUS_ACTOR: AuditActor = Object.freeze({ subject: 'anonymous', country: null, organisation: null, roles: [] as string[] }) as AuditActor;

/** SHA-256 (hex) of the canonical JSON of a request (its operation and arguments), for `requestHash`. */
export function requestHashOf(request: unknown): string {
  return sha256Hex(canonicalJson(request));
}

/** An entry input with the usual "nothing" defaults and a fresh correlation id unless one is given. */
export function auditInput(p: Pick<AuditEntryInput, 'actor' | 'action' | 'decision'> & Partial<AuditEntryInput>): AuditEntryInput {
  return {
    actor: p.actor,
    action: p.action,
    purpose: p.purpose ?? null,
    datasets: p.datasets ?? [],
    decision: p.decision,
    reason: p.reason ?? null,
    resultSize: p.resultSize ?? null,
    policyVersion: p.policyVersion ?? null,
    correlationId: p.correlationId ?? randomUUID(),
    requestHash: p.requestHash ?? null,
  };
}
