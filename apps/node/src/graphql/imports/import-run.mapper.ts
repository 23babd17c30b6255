import type { ImportKind, ImportStatus, ImportSummary, RowError } from '@littoral/contracts';
import type { ImportRunEntity } from '../../database/entities/index.js';
import type { ImportRunObject, RowErrorObject } from './import-run.types.js';

/** Entity → contract (the import history as the ingest feature reports it). */
export function toImportSummary(e: ImportRunEntity): ImportSummary {
  return {
    id: e.id,
    datasetId: e.datasetId,
    kind: e.kind as ImportKind,
    format: e.format,
    fileName: e.fileName,
    fileSha256: e.fileSha256,
    status: e.status as ImportStatus,
    rowsRead: e.rowsRead,
    rowsStored: e.rowsStored,
    rowsRejected: e.rowsRejected,
    rowsDuplicate: e.rowsDuplicate,
    startedAt: e.startedAt,
    finishedAt: e.finishedAt,
    errors: e.errors,
    message: e.message,
  };
}

function toRowErrorObject(r: RowError): RowErrorObject {
  return { line: r.line, column: r.column, value: r.value, reason: r.reason, expected: r.expected ?? null, file: r.file ?? null };
}

/** Contract → GraphQL. */
export function toImportRunObject(s: ImportSummary): ImportRunObject {
  return {
    id: s.id,
    datasetId: s.datasetId,
    kind: s.kind,
    format: s.format,
    fileName: s.fileName,
    fileSha256: s.fileSha256,
    status: s.status,
    rowsRead: s.rowsRead,
    rowsStored: s.rowsStored,
    rowsRejected: s.rowsRejected,
    rowsDuplicate: s.rowsDuplicate,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    message: s.message,
    errors: s.errors.map(toRowErrorObject),
  };
}
