import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { forbidden } from './auth.errors.js';
import { PUBLIC_QUERY, REQUIRED_ROLES } from './auth.decorators.js';
import { Authenticator } from './authenticator.js';
import type { Requester, Role } from './roles.js';

/** What a resolver declared: public, some roles, or nothing (refused). */
export type AccessDeclaration = { kind: 'public' } | { kind: 'roles'; roles: readonly Role[] } | { kind: 'none' };

/** Throws FORBIDDEN unless the requester holds one of the declared roles. */
export function authorise(operation: string, declaration: AccessDeclaration, requester: Requester): void {
  if (declaration.kind === 'public') return;
  const needed = declaration.kind === 'roles' ? declaration.roles : [];
  if (!needed.some((role) => requester.roles.includes(role))) throw forbidden(operation, needed, requester.roles);
}

/**
 * Global guard of the GraphQL API, deny by default: an operation must declare
 * @RequireRoles or @PublicQuery, the caller must present a valid token (unless
 * public) and hold one of the roles. REST controllers (/health,
 * /.well-known/jwks.json) are public and not its concern.
 */
@Injectable()
export class GraphqlAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(context);
    const req = gql.getContext<{ req: object }>().req;
    const declaration = this.declaration(context);
    // Unconfigured: even public operations are refused, so the node's API is off as a whole.
    if (declaration.kind === 'public' && this.auth.configured) return true;
    const requester = await this.auth.authenticate(req);
    const info = gql.getInfo<GraphQLResolveInfo>();
    authorise(info.fieldName, declaration, requester);
    return true;
  }

  /** The handler's own declaration wins over its class's; roles win over public on the same target. */
  private declaration(context: ExecutionContext): AccessDeclaration {
    for (const target of [context.getHandler(), context.getClass()]) {
      const roles = this.reflector.get<readonly Role[] | undefined>(REQUIRED_ROLES, target);
      if (roles) return { kind: 'roles', roles };
      if (this.reflector.get<boolean | undefined>(PUBLIC_QUERY, target)) return { kind: 'public' };
    }
    return { kind: 'none' };
  }
}
