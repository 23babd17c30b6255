import 'reflect-metadata';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { forbidden } from './auth-errors.js';
import { requesterOf, type Authenticator } from './authenticator.js';
import type { Requester, Role } from './roles.js';

// The access rules of node and hub GraphQL, in one copy. Nothing here loads
// Nest at run time (types only): the decorators write the metadata with
// reflect-metadata, and each app registers the guard as its APP_GUARD.

const REQUIRED_ROLES = 'littoral:auth:required-roles';
const PUBLIC_QUERY = 'littoral:auth:public-query';

type Decorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void;

function metadata(key: string, value: unknown): Decorator {
  return (target, _key, descriptor) => {
    // On a method the metadata goes on the function (what ExecutionContext.getHandler() returns), else on the class.
    Reflect.defineMetadata(key, value, descriptor ? (descriptor.value as object) : target);
  };
}

/**
 * The operation needs a verified token holding at least one of `roles`
 * (compared exactly: "Admin" is not "admin"). On a resolver class it applies
 * to every operation without its own declaration.
 */
export const RequireRoles = (...roles: [Role, ...Role[]]): Decorator => metadata(REQUIRED_ROLES, Object.freeze([...roles]));

/** The operation needs no token (still refused while authentication is not configured). */
export const PublicQuery = (): Decorator => metadata(PUBLIC_QUERY, true);

/** What a resolver declared: public, some roles, or nothing (refused). */
export type AccessDeclaration = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'none' };

/** The handler's own declaration wins over its class's; roles win over public on the same target. */
export function accessDeclaration(handler: object, cls: object): AccessDeclaration {
  for (const target of [handler, cls]) {
    const roles = Reflect.getMetadata(REQUIRED_ROLES, target) as readonly Role[] | undefined;
    if (roles) return { kind: 'roles', roles };
    if (Reflect.getMetadata(PUBLIC_QUERY, target) === true) return { kind: 'public' };
  }
  return { kind: 'none' };
}

/** Throws FORBIDDEN unless the requester holds one of the declared roles. */
export function authorise(operation: string, declaration: AccessDeclaration, requester: Requester): void {
  if (declaration.kind === 'public') return;
  const needed = declaration.kind === 'roles' ? declaration.roles : [];
  if (!needed.some((role) => requester.roles.includes(role))) throw forbidden(operation, needed, requester.roles);
}

/** The HTTP request of a GraphQL resolver call (its context is `{ req }`). */
export function graphqlRequest(context: ExecutionContext): object {
  return (context.getArgByIndex<{ req: object }>(2)).req;
}

/** The verified caller of a GraphQL operation, for a `createParamDecorator` in each app; null on a public one. */
export function currentRequester(_data: unknown, context: ExecutionContext): Requester | null {
  return requesterOf(graphqlRequest(context));
}

/**
 * Global guard of a GraphQL API, deny by default: an operation must declare
 * @RequireRoles or @PublicQuery, the caller must present a valid token (unless
 * public) and hold one of the roles. REST controllers (/health, JWKS,
 * /catalog.jsonld) are public and not its concern. Each app provides it as
 * APP_GUARD with its Authenticator.
 */
export class GraphqlAuthGuard implements CanActivate {
  constructor(private readonly auth: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const declaration = accessDeclaration(context.getHandler(), context.getClass());
    // Unconfigured: even public operations are refused, so the API is off as a whole.
    if (declaration.kind === 'public' && this.auth.configured) return true;
    const req = graphqlRequest(context);
    const info = context.getArgByIndex<{ fieldName: string }>(3);
    let requester: Requester | null = null;
    try {
      requester = await this.auth.authenticate(req);
      authorise(info.fieldName, declaration, requester);
    } catch (e) {
      // Told once per request (the apps record it as login.refused), then refused as before.
      const code = (e as { code?: unknown }).code;
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
        const reason = code === 'FORBIDDEN' ? 'FORBIDDEN' : String((e as { details?: { reason?: unknown } }).details?.reason ?? 'UNAUTHENTICATED');
        await this.auth.reportRefusal(req, { code, reason, operation: info.fieldName, requester: code === 'FORBIDDEN' ? requester : null });
      }
      throw e;
    }
    return true;
  }
}
