/** Sharing grants: the service, its CLI helpers and the shapes they return. */
export { GrantsService, type ExplainRequest, type ExplainResult, type GrantsServiceOptions } from './grants.service.js';
export { openGrantsForCli, cliActor } from './grants-cli.js';
export type { CurrentGrant, GrantAction, GrantActor, GrantStatus, GrantVersion } from './grant-version.js';
