import { UseFilters } from '@nestjs/common';
import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CurrentRequester, RequireRoles } from './auth.decorators.js';
import { ROLES, type Requester } from './roles.js';
import { LittoralErrorFilter } from '@littoral/graphql';

@ObjectType('Requester', { description: 'The caller as this node sees it, from the verified token' })
export class RequesterObject {
  @Field(() => String, { description: 'The token\'s sub' })
  subject!: string;

  @Field(() => [String], { description: 'Recognised roles (admin, operator, auditor, analyst), exactly as written in the token' })
  roles!: string[];

  @Field(() => String, { nullable: true, description: 'The token\'s country (ISO 3166-1 alpha-2)' })
  country!: string | null;

  @Field(() => String, { nullable: true, description: 'The token\'s org' })
  organisation!: string | null;
}

@Resolver()
@UseFilters(LittoralErrorFilter)
export class RequesterResolver {
  @RequireRoles(...ROLES)
  @Query(() => RequesterObject, { description: 'Who the node takes the caller to be, and with which roles' })
  me(@CurrentRequester() requester: Requester | null): RequesterObject {
    // Never null here: @RequireRoles means the guard verified a token.
    const r = requester!;
    return { subject: r.subject, roles: [...r.roles], country: r.country, organisation: r.organisation };
  }
}
