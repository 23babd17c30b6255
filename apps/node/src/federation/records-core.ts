// What the two record executors (occurrences, samples) share: admission at
// level RECORDS, the node's own keyset position, the page walk over datasets,
// and the last line of defence (`applyToRecords` of @littoral/policy) on every
// record before it is mapped to the contract shape (docs/node-summaries.md,
// "Records").
//
// Order on a node: datasets by id (code-unit order), then records by their
// internal id inside a dataset. One statement per dataset visited, each on the
// (dataset_id, id) key, so a page costs at most a few index range scans.
import { DATASET_ID_PATTERN, LittoralError } from '@littoral/contracts';
import { applyToRecords, type Decision, type RecordOptions } from '@littoral/policy';
import type { RecordItem } from '@littoral/federation';
import type { Admission, DatasetInfo, DecisionsFor } from './summary-core.js';

export interface RecordsInput<Q> {
  /** A query already validated with `parseFederatedQuery`; `after` is this node's own position. */
  readonly query: Q;
  readonly decisionsFor: DecisionsFor;
  readonly now: Date;
  readonly nodeCountry: string;
}

export interface RecordsResult<R> {
  readonly status: 'OK' | 'PARTIAL' | 'DENIED';
  readonly level: 'RECORDS' | null;
  readonly reason?: string;
  readonly records: RecordItem<R>[];
  /** True when nothing follows the last record. */
  readonly exhausted: boolean;
  readonly datasets: DatasetInfo[];
  readonly freshness: string | null;
}

/** Where a node's listing resumes: after record `id` of dataset `datasetId`. */
export interface NodePosition {
  readonly datasetId: string;
  /** The record's internal id (bigint, as decimal text). */
  readonly id: string;
}

const ID = /^[1-9]\d{0,18}$/;

/** The node's opaque position after a record: base64url of `["<dataset id>", "<id>"]`. */
export function encodePosition(p: NodePosition): string {
  return Buffer.from(JSON.stringify([p.datasetId, p.id])).toString('base64url');
}

/**
 * Reads a position this node issued. Anything else (it travels inside hub-signed
 * messages only, but is never trusted) is INPUT_INVALID with a safe message.
 */
export function decodePosition(text: string): NodePosition {
  const bad = () => new LittoralError('INPUT_INVALID', 'the paging position is not one this node issued; start again from the first page');
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(text)) throw bad();
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || !DATASET_ID_PATTERN.test(v[0]) || !ID.test(v[1])) throw bad();
  if (BigInt(v[1]) > 9_223_372_036_854_775_807n) throw bad();
  return { datasetId: v[0], id: v[1] };
}

/** One record as SQL returned it: its internal id and its fields under the grant field names. */
export interface RawRecord {
  readonly id: string;
  readonly view: Record<string, unknown>;
}

/** Reads up to `limit` records of one dataset after internal id `afterId` (null = from its start), in id order. */
export type FetchRecords = (dataset: { info: DatasetInfo; decision: Decision }, afterId: string | null, limit: number) => Promise<RawRecord[]>;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Walks the allowed datasets in order from `after` and returns at most `first`
 * records and whether any record follows. Each record passes `applyToRecords`
 * under its dataset's decision (embargo, snapping, redaction) and is then
 * mapped to the contract by `toRecord`. The SQL applies the same rules first;
 * a record the policy would still drop means the two disagree, which fails the
 * answer (closed) instead of leaving a hole in the paging.
 */
export async function pageRecords<R>(
  admission: Admission,
  after: NodePosition | undefined,
  first: number,
  now: Date,
  fetch: FetchRecords,
  policyOptions: RecordOptions,
  toRecord: (view: Record<string, unknown>, info: DatasetInfo) => R,
): Promise<{ records: RecordItem<R>[]; exhausted: boolean }> {
  const datasets = [...admission.allowed].sort((a, b) => byCodeUnits(a.info.id, b.info.id));
  const records: RecordItem<R>[] = [];
  for (const ds of datasets) {
    if (after && byCodeUnits(ds.info.id, after.datasetId) < 0) continue;
    const afterId = after && ds.info.id === after.datasetId ? after.id : null;
    const room = first - records.length;
    const raw = await fetch(ds, afterId, room + 1);
    const taken = raw.slice(0, room);
    const allowed = applyToRecords(taken.map((r) => r.view), ds.decision, now, policyOptions);
    if (allowed.length !== taken.length) {
      throw new Error(`records of dataset ${ds.info.id}: the SQL kept ${taken.length}, the policy ${allowed.length}`);
    }
    taken.forEach((r, i) => records.push({ position: encodePosition({ datasetId: ds.info.id, id: r.id }), record: toRecord(allowed[i], ds.info) }));
    if (raw.length > room) return { records, exhausted: false };
  }
  return { records, exhausted: true };
}

/** Result skeleton shared by the record executors. */
export function recordsResultOf<R>(admission: Admission, page: { records: RecordItem<R>[]; exhausted: boolean }): RecordsResult<R> {
  const datasets = admission.allowed.map((a) => a.info);
  return {
    status: admission.status,
    level: admission.status === 'DENIED' ? null : 'RECORDS',
    ...(admission.reason === undefined ? {} : { reason: admission.reason }),
    records: admission.status === 'DENIED' ? [] : page.records,
    exhausted: admission.status === 'DENIED' ? true : page.exhausted,
    datasets,
    freshness: datasets.map((d) => d.freshness).sort().at(-1) ?? null,
  };
}

/** Whether `field` is among the decision's redacted fields (trimmed, case-insensitive, as `redact` compares). */
export function isRedacted(decision: Decision, ...fields: string[]): boolean {
  const gone = new Set(decision.constraints.redactedFields.map((f) => f.trim().toLowerCase()));
  return fields.some((f) => gone.has(f.toLowerCase()));
}

/** ISO text of a timestamptz value from pg (a Date), or null. */
export function isoOf(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const d = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
