/** NATS link and health checks shared by the node and the hub. */
export { NatsLink, type NatsLinkLogger } from './nats-link.js';
export { readNatsLogin, type NatsLogin, type NatsLoginConfig } from './nats-login.js';
export { checkHealth, type HealthReport } from './health.js';
export { DEFAULT_CATALOGUE_STREAM, resolveCatalogueStream, catalogueSubject, keySubject, catalogueMsgId, ensureCatalogueStream, type CatalogueStreamNames } from './catalogue-stream.js';
export { DEFAULT_AUDIT_STREAM, resolveAuditStream, auditCheckpointSubject, auditCheckpointFilter, auditCheckpointMsgId, ensureAuditStream, type AuditStreamNames } from './audit-stream.js';
export { querySubject, queryQueueGroup, QUERY_ERROR_HEADER, auditTraceSubject, auditTraceQueueGroup } from './query-subjects.js';
