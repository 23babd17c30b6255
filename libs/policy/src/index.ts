/**
 * Littoral's data-sovereignty policy engine (docs/policy.md). Pure functions
 * over plain data — no framework, no database, no clock (`now` is passed in):
 * grants and their validation, the access decision, and the enforcement of a
 * decision on results (small-cell suppression, spatial snapping, redaction,
 * embargo), so that decision and enforcement cannot drift apart.
 *
 * Deny by default: a grant that cannot be evaluated, claims that are
 * incomplete or an exception during evaluation all deny.
 */
export { ACCESS_LEVELS, isAccessLevel, levelRank } from './access-level.js';
export type { AccessLevel } from './access-level.js';
export type { Audience, Grant, GrantConstraints, GrantParseResult, GrantProblem } from './grant.js';
export { parseGrant, MIN_PRECISION_DEG, MAX_PRECISION_DEG } from './grant-parser.js';
export { decide, audienceIncludes, DENIED_CONSTRAINTS, SENSITIVE_SPECIES_DEFAULT_PRECISION_DEG } from './policy-engine.js';
export type { AccessRequest, Decision, DecisionInput, EffectiveConstraints, Requester } from './policy-engine.js';
export { applyToAggregateRows } from './aggregate-suppression.js';
export type { AggregateColumns, AggregateRow } from './aggregate-suppression.js';
export { snapPosition, snapRecord, precisionFor, isSensitiveByDefault } from './spatial-snapping.js';
export type { Position, SnapOptions } from './spatial-snapping.js';
export { redact } from './redaction.js';
export { embargoCutoff, isEmbargoed } from './embargo.js';
export { applyToRecords } from './record-enforcement.js';
export type { RecordOptions } from './record-enforcement.js';
