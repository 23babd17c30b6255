// What the three summary executors share: the input and result shapes, the
// candidate datasets and their attribution, per-dataset decisions, constraint
// classes, and the suppression-then-combine rule (docs/node-summaries.md).
//
// The rule: every dataset is its own suppression unit. SQL runs once per
// constraint class (datasets whose decisions carry the same k, grids and
// embargo) with the dataset id among the GROUP BY columns; the rows of each
// dataset are suppressed with `applyToAggregateRows` under that dataset's own
// decision (primary + complementary); only then are the datasets' visible
// figures combined per group. A group whose every part is suppressed is
// output as suppressed; a group with some parts suppressed shows only the
// visible parts (its `datasets` lists exactly who contributed).
import type { DataSource } from 'typeorm';
import { LittoralError, type Theme } from '@littoral/contracts';
import { applyToAggregateRows, type AccessRequest, type Decision } from '@littoral/policy';
import { MAX_ROWS_PER_ANSWER } from '@littoral/federation';

/**
 * The decision for each candidate dataset, as `decide()` of @littoral/policy
 * returns it for `request` (the executor never reads grants itself). A dataset
 * missing from the map is treated as denied.
 */
export type DecisionsFor = (
  datasetIds: readonly string[],
  request: AccessRequest,
) => ReadonlyMap<string, Decision> | Promise<ReadonlyMap<string, Decision>>;

export interface SummaryInput<Q> {
  /** A query already validated with `parseFederatedQuery`. */
  readonly query: Q;
  readonly decisionsFor: DecisionsFor;
  readonly now: Date;
  /** ISO alpha-2 code of this node's country: the `country` group key and the `countries` filter. */
  readonly nodeCountry: string;
}

/** Attribution of a dataset that contributed to an answer. */
export interface DatasetInfo {
  readonly id: string;
  /** Catalogue version when the dataset has been through the catalogue, else its modification stamp. */
  readonly version: string;
  readonly licence: string;
  readonly title: string;
  readonly citation: string;
  /** When its data (or, failing that, its metadata) last changed, ISO 8601. */
  readonly freshness: string;
}

export interface SummaryResult<R> {
  /** OK: every candidate dataset answered; PARTIAL: some were denied; DENIED: none was allowed. */
  readonly status: 'OK' | 'PARTIAL' | 'DENIED';
  readonly level: 'AGGREGATE' | null;
  /** Safe reason for DENIED / PARTIAL (speaks only of the requester's own access). */
  readonly reason?: string;
  readonly rows: R[];
  /** Rows output as suppressed (every part suppressed, primary or complementary). */
  readonly suppressedGroups: number;
  /** Visible rows that leave out the suppressed part of some dataset. */
  readonly partialGroups: number;
  /** Datasets that were allowed and queried (their rows may all be suppressed). */
  readonly datasets: DatasetInfo[];
  /** Newest `freshness` among `datasets`, or null. */
  readonly freshness: string | null;
}

interface DatasetRow {
  id: string;
  title: string;
  license: string;
  publisher: string | null;
  modified_at: Date;
  data_modified_at: Date | null;
  version: string | null;
}

/** The node's datasets of a theme that are not withdrawn from the catalogue. */
export async function candidateDatasets(db: DataSource, theme: Theme): Promise<DatasetInfo[]> {
  const rows: DatasetRow[] = await db.query(
    `SELECT d.id, d.title, d.license, d.publisher, d.modified_at, d.data_modified_at, cs.version::text AS version
       FROM dataset d LEFT JOIN catalogue_state cs ON cs.dataset_id = d.id
      WHERE d.theme = $1 AND NOT coalesce(cs.withdrawn, false)
      ORDER BY d.id`,
    [theme],
  );
  return rows.map((d) => {
    const freshness = new Date(d.data_modified_at ?? d.modified_at).toISOString();
    const version = d.version !== null && d.version !== '0' ? d.version : new Date(d.modified_at).toISOString();
    const by = d.publisher ? `${d.publisher}. ` : '';
    return {
      id: d.id,
      version,
      licence: d.license,
      title: d.title,
      citation: `${by}${d.title}. Dataset ${d.id}, version ${version}. Licence ${d.license}.`,
      freshness,
    };
  });
}

const NO_GRANT = 'no grant gives you access to this dataset';

/** The allowed datasets with their decisions, and the answer status. */
export interface Admission {
  readonly allowed: { info: DatasetInfo; decision: Decision }[];
  readonly status: SummaryResult<unknown>['status'];
  readonly reason?: string;
}

/**
 * Asks for the decisions and keeps the datasets with an allowing decision at
 * the request's level (AGGREGATE or RECORDS; a RECORDS decision also serves
 * AGGREGATE). Reasons shown are the engine's own, which only ever speak
 * of the requester's access; with several denials the first distinct reason is
 * given, never per-dataset detail.
 */
export async function admit(candidates: DatasetInfo[], request: AccessRequest, decisionsFor: DecisionsFor): Promise<Admission> {
  const level = request.level === 'RECORDS' ? 'RECORDS' : 'AGGREGATE';
  if (candidates.length === 0) return { allowed: [], status: 'OK' };
  const decisions = await decisionsFor(candidates.map((c) => c.id), request);
  const allowed: Admission['allowed'] = [];
  const reasons: string[] = [];
  for (const info of candidates) {
    const d = decisions.get(info.id);
    if (d && d.allowed && (d.level === level || d.level === 'RECORDS')) allowed.push({ info, decision: d });
    else reasons.push(d?.reasons[0] ?? NO_GRANT);
  }
  if (reasons.length === 0) return { allowed, status: 'OK' };
  // The most useful reasons first: what the requester could change (a redacted field, a purpose)
  // before "no grant"; each is the engine's own, safe text.
  const distinct = [...new Set(reasons)].sort((a, b) => Number(a === NO_GRANT) - Number(b === NO_GRANT));
  const reason = allowed.length === 0
    ? distinct.join('; ')
    : `some datasets of this node are not available to you at ${level} level (${distinct.join('; ')}); the ${level === 'RECORDS' ? 'records' : 'rows'} cover the others only`;
  return { allowed, status: allowed.length === 0 ? 'DENIED' : 'PARTIAL', reason };
}

/** Datasets that share every constraint the SQL applies (k is applied per dataset anyway). */
export interface ConstraintClass {
  readonly spatialPrecisionDeg: number | null;
  readonly sensitiveSpeciesPrecisionDeg: number;
  readonly embargoDays: number;
  readonly datasetIds: string[];
}

/** Groups allowed datasets by the constraints their SQL needs (grids, embargo). */
export function constraintClasses(allowed: Admission['allowed']): ConstraintClass[] {
  const classes = new Map<string, ConstraintClass>();
  for (const { info, decision } of allowed) {
    const c = decision.constraints;
    const key = JSON.stringify([c.spatialPrecisionDeg, c.sensitiveSpeciesPrecisionDeg, c.embargoDays]);
    const found = classes.get(key);
    if (found) found.datasetIds.push(info.id);
    else classes.set(key, { spatialPrecisionDeg: c.spatialPrecisionDeg, sensitiveSpeciesPrecisionDeg: c.sensitiveSpeciesPrecisionDeg, embargoDays: c.embargoDays, datasetIds: [info.id] });
  }
  return [...classes.values()];
}

/** Group key of a row, as primitives, JSON-encoded for maps (same encoding for every dataset). */
export const keyOf = (values: readonly unknown[]): string => JSON.stringify(values.map((v) => (v === undefined ? null : v)));

/**
 * Suppresses one dataset's table under its own decision and returns, per
 * group key, whether it was suppressed. Internal column names are prefixed
 * (`k_`, `f_`) so they can never collide with a redacted grant field.
 */
export function suppressionOf(
  rows: readonly Record<string, unknown>[],
  decision: Decision,
  groupFields: readonly string[],
  countField: string,
): Map<string, boolean> {
  const out = new Map<string, boolean>();
  // Only the count decides (values are carried by the caller), so pass no value fields.
  for (const r of applyToAggregateRows(rows, decision, { countField, valueFields: [], groupFields })) {
    out.set(keyOf(groupFields.map((f) => r[f])), r.suppressed);
  }
  return out;
}

/** One dataset's figures for one group, after its own suppression. */
export interface Part<F> {
  readonly key: string;
  readonly datasetId: string;
  readonly suppressed: boolean;
  readonly figures: F;
}

/** A combined group: visible figures of its parts, who contributed, and whether any part was suppressed. */
export interface Combined<F> {
  readonly key: string;
  readonly figures: F | null;
  readonly datasets: string[];
  readonly anySuppressed: boolean;
}

/** Combines the visible parts of each group; groups with no visible part have `figures: null`. */
export function combine<F>(parts: readonly Part<F>[], merge: (a: F, b: F) => F): Combined<F>[] {
  const byKey = new Map<string, { figures: F | null; datasets: string[]; anySuppressed: boolean }>();
  for (const p of parts) {
    const g = byKey.get(p.key) ?? { figures: null, datasets: [], anySuppressed: false };
    if (p.suppressed) g.anySuppressed = true;
    else {
      g.figures = g.figures === null ? p.figures : merge(g.figures, p.figures);
      g.datasets.push(p.datasetId);
    }
    byKey.set(p.key, g);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({ key, figures: g.figures, datasets: [...new Set(g.datasets)].sort(), anySuppressed: g.anySuppressed }));
}

/** Fails an answer that would exceed the contract's row limit (never a silent cut). */
export function checkRowLimit(n: number): void {
  if (n > MAX_ROWS_PER_ANSWER) {
    throw new LittoralError('INPUT_INVALID', `the answer would have more than ${MAX_ROWS_PER_ANSWER} rows; group more coarsely or narrow the filter`);
  }
}

/** Result skeleton shared by the executors. */
export function resultOf<R>(admission: Admission, rows: R[], suppressedGroups: number, partialGroups: number): SummaryResult<R> {
  const datasets = admission.allowed.map((a) => a.info);
  const freshness = datasets.map((d) => d.freshness).sort().at(-1) ?? null;
  return {
    status: admission.status,
    level: admission.status === 'DENIED' ? null : 'AGGREGATE',
    ...(admission.reason === undefined ? {} : { reason: admission.reason }),
    rows,
    suppressedGroups,
    partialGroups,
    datasets,
    freshness,
  };
}

/** Numbers as Postgres returns them (bigint and numeric as text) → JS numbers. */
export function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'number' ? v : Number(v);
}

/** Adds two nullable numbers (null + x = x). */
export function addNullable(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : a + b;
}
