/** Public surface of the hub app, used by the CLI and the end-to-end tests. */
export { startHub, type StartedHub } from './main.js';
export { migrateHubDatabase, hubDataSourceOptions } from './database/data-source.js';
export { MembersService } from './members/members.service.js';
export { checkJwks, parseJsonText } from './members/jwks.js';
export type { Member, MemberKey, KeyState } from './members/member.model.js';
export { keyState } from './members/member.model.js';
