import { HubSchema1765000000000 } from './1765000000000-hub-schema.js';

/** Every migration of the hub's schema, in order. Listed explicitly so the build needs no globbing. */
export const HUB_MIGRATIONS = [HubSchema1765000000000];
