import type { ImportKind } from './vocabularies.js';

/** One reason a source row was refused: where, what, and what was expected. */
export interface RowError {
  /** 1-based physical line in the file (header is line 1). */
  line: number;
  /** Column name as the file spells it, or a canonical field name when no column applies. */
  column: string;
  /** The offending value as read (truncated to 200 characters). */
  value: string;
  reason: string;
  expected?: string;
  /** File inside an archive, when the source has several. */
  file?: string;
}

export type ImportStatus = 'SUCCEEDED' | 'REJECTED' | 'FAILED' | 'PARTIAL';

/** What an import did, as shown to the user and kept in the import history. */
export interface ImportSummary {
  id: string;
  datasetId: string;
  kind: ImportKind;
  format: string;
  fileName: string;
  fileSha256: string;
  status: ImportStatus;
  rowsRead: number;
  rowsStored: number;
  rowsRejected: number;
  /** Rows already present (from an earlier import or repeated in the file): not stored again. */
  rowsDuplicate: number;
  startedAt: Date;
  finishedAt: Date;
  /** The first errors (the full list goes to the report file). */
  errors: RowError[];
  message: string | null;
}
