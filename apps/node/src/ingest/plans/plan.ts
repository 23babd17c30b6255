import type { PoolClient } from 'pg';
import type { RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext, Validated } from '@littoral/ingest';

/** What merging the staged rows into the dataset did. */
export interface MergeOutcome {
  /** Problems found only once all rows are known (conflicting descriptions, unresolved references). */
  errors: RowError[];
  /** Lines those problems reject (their staged rows were removed, nothing of them stored). */
  rejectedLines: Set<number | string>;
  /** Valid lines whose every record was already stored, identically. */
  duplicateLines: number;
}

/**
 * How one import kind is staged and merged: rows are validated in the stream,
 * COPYed into temporary staging tables, then merged with set-based SQL inside
 * the import's transaction.
 */
export interface KindPlan<R> {
  validate(row: CanonicalRow, ctx: ValidationContext): Validated<R>;
  /** Temporary staging tables (dropped at commit). */
  stagingDdl: readonly string[];
  /** Staging table of a record and its COPY line. */
  stage(record: R): { table: string; line: string };
  /** Column list of each staging table, in COPY order. */
  copyColumns: Readonly<Record<string, string>>;
  merge(client: PoolClient, datasetId: string, importId: string, skipInvalid: boolean): Promise<MergeOutcome>;
}
