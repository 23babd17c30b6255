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

/** Receives COPY text (one or more lines) for a staging table. */
export type Emit = (table: string, text: string) => void;

export interface Stager<R> {
  stage(record: R, emit: Emit): void;
  /** Emits whatever is still held back at the end of the file. */
  finish(emit: Emit): void;
}

/** A stager that writes each record as one line of one table and holds nothing back. */
export function statelessStager<R>(toLine: (record: R) => { table: string; line: string }): () => Stager<R> {
  return () => ({
    stage(record, emit) {
      const { table, line } = toLine(record);
      emit(table, line);
    },
    finish() {},
  });
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
  /** A fresh stager for one import (it may keep state between records, e.g. the current sample). */
  stager(): Stager<R>;
  /** Column list of each staging table, in COPY order. */
  copyColumns: Readonly<Record<string, string>>;
  merge(client: PoolClient, datasetId: string, importId: string, skipInvalid: boolean): Promise<MergeOutcome>;
}
