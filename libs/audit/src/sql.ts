import type { Pool } from 'pg';

/**
 * Anything that runs one SQL statement with `$1…` parameters: a pg client or
 * pool, a TypeORM EntityManager or QueryRunner. Results are normalised by
 * {@link rowsOf}, so both shapes (pg's `{ rows }` and TypeORM's array) work.
 */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. */
export interface AuditDatabase {
  transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** For reads outside a transaction (keyset paging). */
  readonly reader: SqlRunner;
}

/** The rows of a query result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown } | null)?.rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

/** An {@link AuditDatabase} over a pg Pool (one client per transaction). */
export function pgAuditDatabase(pool: Pool): AuditDatabase {
  return {
    reader: pool,
    async transaction<T>(fn: (tx: SqlRunner) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}

/** The part of a TypeORM DataSource the audit log uses. */
export interface TypeOrmLike {
  transaction<T>(fn: (manager: SqlRunner) => Promise<T>): Promise<T>;
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** An {@link AuditDatabase} over a TypeORM DataSource. */
export function typeOrmAuditDatabase(ds: TypeOrmLike): AuditDatabase {
  return { reader: ds, transaction: (fn) => ds.transaction((manager) => fn(manager)) };
}
