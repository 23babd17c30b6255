// The guard and its decision are shared with the hub (@littoral/auth); auth.module.ts registers it.
export { GraphqlAuthGuard, authorise, type AccessDeclaration } from '@littoral/auth';
