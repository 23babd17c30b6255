/**
 * Authentication and GraphQL hardening shared by the node and the hub:
 * bearer JWTs of one configured issuer verified with jose (asymmetric
 * algorithms only, `typ` JWT or at+jwt, iss/aud/exp/nbf checked), the
 * network's roles, deny-by-default access declarations and their guard,
 * document limits checked before execution, and a local development issuer
 * for `littoral token`. Framework-light: Nest appears in types only, so the
 * CLI can use it without loading Nest. Every refusal is a LittoralError with a
 * stable code and a message that never repeats the token.
 */
export { ROLES, isRole } from './roles.js';
export type { Role, Requester } from './roles.js';
export { unauthenticated, forbidden } from './auth-errors.js';
export type { UnauthenticatedReason } from './auth-errors.js';
export { authSchema } from './auth-config.js';
export type { AuthConfig, AuthSchemaOptions, JwksSource } from './auth-config.js';
export { openKeySet } from './key-set.js';
export { TokenVerifier, bearerToken, toRequester, ALLOWED_ALGORITHMS, ACCEPTED_TOKEN_TYPES, CLOCK_TOLERANCE_S } from './token-verifier.js';
export type { TokenExpectations } from './token-verifier.js';
export { Authenticator, requesterOf } from './authenticator.js';
export type { AuthRefusal, RefusalListener } from './authenticator.js';
export { RequireRoles, PublicQuery, GraphqlAuthGuard, accessDeclaration, authorise, currentRequester, graphqlRequest } from './graphql-auth.guard.js';
export type { AccessDeclaration } from './graphql-auth.guard.js';
export { queryLimitsRule, DEFAULT_GRAPHQL_LIMITS } from './graphql-limits.js';
export type { GraphqlLimits, QueryLimitReason } from './graphql-limits.js';
export { hardenedGraphqlOptions, hardenedGraphqlFactory } from './graphql-hardening.js';
export type { GraphqlHardeningOptions } from './graphql-hardening.js';
export {
  DEVELOPMENT_ISSUER, MAX_DEVELOPMENT_TTL_S, createDevelopmentIssuerKey, writeDevelopmentIssuerKey, readDevelopmentIssuerKey, openDevelopmentIssuerKey,
  developmentIssuerJwks, parseTokenTtl, issueDevelopmentToken,
} from './development-issuer.js';
export type { DevelopmentIssuerKey, DevelopmentTokenClaims } from './development-issuer.js';
