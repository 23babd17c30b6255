import { InitialSchema1764460000000 } from './1764460000000-initial-schema.js';
import { SeedLitterCodes1764460000001 } from './1764460000001-seed-litter-codes.js';
import { Catalogue1764460000002 } from './1764460000002-catalogue.js';
import { Grants1764460000003 } from './1764460000003-grants.js';
import { AuditLog1764460000004 } from './1764460000004-audit-log.js';

/** Every migration of the node's schema, in order. Listed explicitly so the build needs no globbing. */
export const NODE_MIGRATIONS = [InitialSchema1764460000000, SeedLitterCodes1764460000001, Catalogue1764460000002, Grants1764460000003, AuditLog1764460000004];
