/** Authentication and authorisation of the node's GraphQL API. */
export { AuthModule } from './auth.module.js';
export { loadAuthConfig, authSchema, type AuthConfig, type JwksSource } from './auth.config.js';
export { RequireRoles, PublicQuery, CurrentRequester } from './auth.decorators.js';
export { ROLES, type Role, type Requester } from './roles.js';
