import type { BoundingBox, ImportKind, RowError } from '@littoral/contracts';

/**
 * One record in the canonical vocabulary of its kind, produced by a format
 * reader from one physical line of a source file. A line of a wide layout can
 * yield several rows; they share `line` and are accepted or rejected together.
 */
export interface CanonicalRow {
  /** 'row' for microplastics and beach-litter; 'event' | 'occurrence' | 'measurement' for Darwin Core. */
  table: string;
  /** 1-based physical line of the source file (header = line 1). */
  line: number;
  /** Member file, for archives of several tables. */
  file?: string;
  /** Canonical field → text as read ('' or absent = empty). */
  values: Record<string, string>;
  /** Canonical field → how the source names the column, so errors point at the user's file. */
  columns: Record<string, string>;
}

/** What a reader yields: rows, errors of lines it could not turn into rows, and skipped blank lines. */
export type ReaderItem =
  | { type: 'rows'; line: number; file?: string; rows: CanonicalRow[]; raw: string[] }
  | { type: 'error'; line: number; file?: string; errors: RowError[]; raw: string[] }
  | { type: 'blank'; line: number; file?: string };

/** A source header for the rejected-rows file, per member file. */
export interface SourceHeader {
  file?: string;
  columns: string[];
}

export interface FormatReader {
  /** Streams the file; constant memory whatever its size. File-level problems throw LittoralError. */
  items(): AsyncIterable<ReaderItem>;
  /** Headers of the source files seen so far (for writing rejected rows back out). */
  headers(): SourceHeader[];
  /** Bytes consumed so far, for progress. */
  bytesRead(): number;
}

export interface FormatOptions {
  /** Path of the source file (or directory, for unpacked archives). */
  path: string;
  kind: ImportKind;
  /** Parsed mapping file, for the `mapping` format. */
  mapping?: unknown;
  /** Text encoding of the source (default utf-8). */
  encoding?: string;
}

export type FormatFactory = (options: FormatOptions) => FormatReader;

/** What validators need to know about the target dataset and the moment of import. */
export interface ValidationContext {
  now: Date;
  declaredArea: BoundingBox | null;
  /** Known litter codes as `${system}:${code}`. */
  litterCodes: ReadonlySet<string>;
  /** Canonical fields the source may leave empty although they are normally required. */
  allowEmpty: ReadonlySet<string>;
}
