/**
 * Federated cross-border queries (issue 5), the pure part: query contracts and
 * their validation, the per-node answer rows, a mergeable quantile sketch, the
 * exact merge of node answers, signed query envelopes / answers / cursors with
 * a replay-refusing nonce cache, and the completeness manifest. No Nest, no
 * database, no NATS, no clock: `now` and `receivedAt` are always passed in.
 * See docs/federation.md.
 */
export * from './summary-contracts.js';
export {
  SKETCH_ALPHA,
  SKETCH_GAMMA,
  SKETCH_LN_GAMMA,
  SKETCH_LN_GAMMA_SQL,
  SKETCH_SQL_EXAMPLE,
  MAX_SKETCH_BINS,
  sketchIndexSql,
  sketchIndex,
  bucketValue,
  emptySketch,
  sketchOf,
  sketchCount,
  mergeSketches,
  sketchQuantile,
  rescaleSketch,
  parseSketch,
} from './sketch.js';
export {
  TOP_CATEGORIES,
  groupKeyText,
  toCanonicalBlock,
  topCategories,
  mergeMicroplasticRows,
  mergeBeachLitterRows,
  mergeSpeciesRows,
} from './merge.js';
export type {
  NodeRows,
  RowSource,
  MergedRowBase,
  MergedConcentration,
  MergedMicroplasticRow,
  MergedCategory,
  MergedBeachLitterRow,
  MergedSpeciesRow,
} from './merge.js';
export { parseNodeAnswer } from './answer-validation.js';
export { MANIFEST_STATUSES, entryFromAnswer, failedNodeEntry, buildManifest } from './manifest.js';
export type { ManifestStatus, ManifestEntry, Manifest } from './manifest.js';
export type { Problem, Parsed } from './check.js';
export {
  HUB_ISSUER,
  MAX_ENVELOPE_LIFETIME_S,
  DEFAULT_ENVELOPE_LIFETIME_S,
  CLOCK_SKEW_S,
  DEFAULT_MAX_ANSWER_BYTES,
  CURSOR_LIFETIME_S,
  FEDERATION_ERROR_CODES,
  FederationError,
  NonceCache,
  newCorrelationId,
  newNonce,
  signQueryEnvelope,
  verifyQueryEnvelope,
  signQueryAnswer,
  verifyQueryAnswer,
  refusalCode,
  queryFingerprint,
  signCursor,
  verifyCursor,
} from './envelope.js';
export type {
  FederationErrorCode,
  RequesterClaims,
  QueryEnvelope,
  VerifyEnvelopeOptions,
  VerifyAnswerOptions,
  CursorPositions,
} from './envelope.js';
export { countriesToAsk, mergeRecordPages } from './record-paging.js';
export type { NodePage, MergedPage } from './record-paging.js';
