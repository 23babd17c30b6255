/**
 * Tamper-evident audit logs for nodes and the hub (docs/audit.md): the entry
 * model with closed vocabularies (ids, counts and hashes, never data), RFC 8785
 * canonical JSON and SHA-256 entry hashes, a pure chain verifier that names
 * the exact seq of an edit, a deletion, a reordering, a removed tail or a
 * rewritten chain (against signed checkpoints), the Postgres writer (one
 * linear chain under concurrency, fail closed, appendable inside a caller's
 * transaction), a keyset-paged reader, checkpoints and signed exports.
 */
export { canonicalJson } from './canonical-json.js';
export { AUDIT_ACTIONS, AUDIT_DECISIONS, GENESIS_HASH, validateEntryInput, validateEntry, entryHash, sealEntry, sha256Hex } from './audit-entry.js';
export type { AuditAction, AuditDecision, AuditActor, AuditEntryInput, AuditEntry } from './audit-entry.js';
export { verifyChain } from './verify-chain.js';
export type { ChainFault, ChainFailure, ChainVerification, VerifyChainOptions } from './verify-chain.js';
export { HUB_ORIGIN, signCheckpoint, verifyCheckpoint } from './checkpoint.js';
export type { AuditOrigin, AuditCheckpoint, SignedCheckpoint } from './checkpoint.js';
export { AuditLog, AUDIT_CHAIN_LOCK } from './audit-log.js';
export type { AuditLogOptions } from './audit-log.js';
export { readEntries, readHead, storeCheckpoint, readCheckpointJws, latestCheckpoint } from './audit-store.js';
export type { EntryRange } from './audit-store.js';
export { pgAuditDatabase, typeOrmAuditDatabase, rowsOf } from './sql.js';
export type { SqlRunner, AuditDatabase, TypeOrmLike } from './sql.js';
export { EXPORT_FORMATS, CSV_COLUMNS, exportLine, exportHeader, parseExport, signExport, verifyExport } from './audit-export.js';
export type { ExportFormat, ExportStatement } from './audit-export.js';
export { MAX_EXPORT_ENTRIES, writeSignedExport, signedExportText, exportFileName } from './signed-export.js';
export type { SignedExportRequest, SignedExportResult, ExportSink } from './signed-export.js';
export { verifyDatabaseLog } from './verify-database.js';
export type { DatabaseVerification } from './verify-database.js';
export { AUDIT_SCHEMA_V1_UP, AUDIT_SCHEMA_V1_DOWN } from './schema-v1.js';
export { queryEntries, entriesByCorrelation, checkAuditFilter, auditActor, auditInput, requestHashOf, ANONYMOUS_ACTOR } from './audit-query.js';
export type { AuditFilter, AuditPage, ActorClaims } from './audit-query.js';
export { AuditCheckpointer, latestStreamCheckpointSeq } from './checkpointer.js';
export type { CheckpointerOptions, CheckpointResult } from './checkpointer.js';
export { AuditorReads } from './auditor-reads.js';
export type { AuditorReadsOptions, AuditorVerification } from './auditor-reads.js';
export { recordRefusals } from './refusal-audit.js';
export type { RefusalReport, RefusalSource } from './refusal-audit.js';
export {
  TRACE_HUB_ISSUER, MAX_TRACE_LIFETIME_S, TRACE_CLOCK_SKEW_S, MAX_TRACE_ENTRIES, MAX_TRACE_REQUEST_BYTES, MAX_TRACE_ANSWER_BYTES, TRACE_AUDITOR_SCOPES,
  traceViewFor, summaryEntry, signTraceRequest, verifyTraceRequest, signTraceAnswer, verifyTraceAnswer,
} from './audit-trace.js';
export type { TraceAuditorScope, TraceView, TraceAuditor, TraceRequest, TraceSummaryEntry, TraceAnswer, TraceNonceMemory, VerifiedTraceAnswer } from './audit-trace.js';
