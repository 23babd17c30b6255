import { HubSchema1765000000000 } from './1765000000000-hub-schema.js';
import { AuditLog1765000000001 } from './1765000000001-audit-log.js';

/** Every migration of the hub's schema, in order. Listed explicitly so the build needs no globbing. */
export const HUB_MIGRATIONS = [HubSchema1765000000000, AuditLog1765000000001];
