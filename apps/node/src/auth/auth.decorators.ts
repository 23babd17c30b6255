import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { requesterOf } from './authenticator.js';
import type { Requester, Role } from './roles.js';

export const REQUIRED_ROLES = 'littoral:auth:required-roles';
export const PUBLIC_QUERY = 'littoral:auth:public-query';

/**
 * The operation needs a verified token holding at least one of `roles`
 * (compared exactly: "Admin" is not "admin"). On a resolver class it applies
 * to every operation without its own declaration.
 */
export const RequireRoles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, Object.freeze([...roles]));

/** The operation needs no token (still refused while authentication is not configured). */
export const PublicQuery = () => SetMetadata(PUBLIC_QUERY, true);

/** The verified caller of this GraphQL operation; null on a @PublicQuery. */
export const CurrentRequester = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Requester | null => requesterOf(GqlExecutionContext.create(ctx).getContext<{ req: object }>().req),
);
