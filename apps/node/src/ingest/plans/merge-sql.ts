import type { PoolClient } from 'pg';
import type { RowError } from '@littoral/contracts';

const LIMIT = 1000;

export interface ConflictSpec {
  staging: string;
  /** Column of the staging table holding the record's key. */
  key: string;
  /** Column in the user's terms, for the error. */
  keyField: string;
  /** Staging expressions that must agree for one key (a record's description). */
  attrs: readonly string[];
  /** Target table and its columns matching `attrs`, for the comparison with stored records. */
  target: string;
  targetAttrs: readonly string[];
  what: string;
  /** Restrict staged rows (e.g. rows that carry this record). */
  where?: string;
}

/**
 * Lines whose description of a record differs from its first description in
 * the file, or from the record as already stored: such a line would otherwise
 * be dropped silently (ON CONFLICT DO NOTHING) — it is reported instead.
 */
export async function findConflicts(client: PoolClient, datasetId: string, s: ConflictSpec): Promise<RowError[]> {
  const where = s.where ? `WHERE ${s.where}` : '';
  const attrs = `ROW(${s.attrs.join(', ')})`;
  const inFile = await client.query<{ line: number; k: string; first_line: number }>(
    `WITH s AS (SELECT ${s.key} AS k, line, ${attrs} AS a FROM ${s.staging} AS stg ${where}),
          f AS (SELECT DISTINCT ON (k) k, line, a FROM s ORDER BY k, line)
     SELECT s.line, s.k, f.line AS first_line FROM s JOIN f USING (k) WHERE s.a IS DISTINCT FROM f.a ORDER BY s.line LIMIT ${LIMIT}`,
  );
  // Against what is stored, an attribute the file leaves empty is "not stated", not a contradiction
  // (e.g. a shapes file adding counts to samples whose sediment mass came with another file).
  const target = (a: string) => (a.startsWith('(') ? a : `t.${a}`);
  const differs = s.attrs.map((a, i) => `CASE WHEN st.${a} IS NOT NULL AND st.${a} IS DISTINCT FROM ${target(s.targetAttrs[i])} THEN '${a}' END`);
  const stored = await client.query<{ line: number; k: string; diff: string }>(
    `SELECT line, k, diff FROM (
       SELECT st.line, st.${s.key} AS k, concat_ws(', ', ${differs.join(', ')}) AS diff FROM ${s.staging} st
         JOIN ${s.target} t ON t.dataset_id = $1 AND t.source_key = st.${s.key}
        ${where}) d
      WHERE diff <> '' ORDER BY line LIMIT ${LIMIT}`,
    [datasetId],
  );
  return [
    ...inFile.rows.map((r) => ({ line: r.line, column: s.keyField, value: r.k, reason: `${s.what} "${r.k}" is described differently than on line ${r.first_line}`, expected: `the same ${s.what} attributes on every row of ${s.what} "${r.k}"` })),
    ...stored.rows.map((r) => ({ line: r.line, column: s.keyField, value: r.k, reason: `${s.what} "${r.k}" is already stored with different ${r.diff}`, expected: `the stored ${s.what} attributes (change stored records through the API, not by re-import)` })),
  ];
}

/** Removes the staged rows of rejected lines. */
export async function dropLines(client: PoolClient, tables: readonly string[], lines: ReadonlySet<number | string>): Promise<void> {
  if (lines.size === 0) return;
  const arr = [...lines];
  for (const t of tables) await client.query(`DELETE FROM ${t} WHERE line = ANY($1::int[])`, [arr]);
}

/** Lines all of whose leaf rows were already stored before this transaction. */
export async function countDuplicateLines(client: PoolClient, sql: string, params: unknown[]): Promise<number> {
  const r = await client.query<{ n: number }>(sql, params);
  return r.rows[0]?.n ?? 0;
}
