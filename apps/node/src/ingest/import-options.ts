import type { ImportFormat, ImportKind, ImportSummary } from '@littoral/contracts';
import type { AuditActor } from '@littoral/audit';


export interface ImportProgress {
  rowsRead: number;
  rowsRejected: number;
  bytesRead: number;
  elapsedMs: number;
  phase: 'reading' | 'storing' | 'done';
}

export interface ImportRequest {
  datasetId: string;
  kind: ImportKind;
  /** Default: `dwca` for .zip files and directories with kind occurrences, else `canonical`. */
  format?: ImportFormat;
  /** Source file (or unpacked archive directory). */
  path: string;
  /** Mapping file path, required with format `mapping`. */
  mappingPath?: string;
  encoding?: string;
  /** Store the valid rows and write rejected rows to `rejectedPath` (default: all-or-nothing). */
  skipInvalid?: boolean;
  /** Where to write every error (CSV: line,file,column,value,reason,expected). */
  reportPath?: string;
  /** Where to write rejected rows with their reasons (with skipInvalid). */
  rejectedPath?: string;
  /** Called about every 250 ms while the import runs. */
  onProgress?: (p: ImportProgress) => void;
  /** Injected clock (tests); default new Date(). */
  now?: Date;
  /** Who runs the import, for the audit log (default `cli:<os user>`). */
  actor?: AuditActor;
}

export type ImportResult = ImportSummary;
