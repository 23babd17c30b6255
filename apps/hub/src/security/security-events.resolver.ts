import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireRoles } from '@littoral/auth';
import type { SecurityEventEntity } from '../database/entities/index.js';
import { SecurityEventsService } from './security-events.service.js';
import { SecurityEventConnection, SecurityEventFilterInput, type SecurityEventObject } from './dto/security-event.types.js';
import { LittoralErrorFilter, PageArgs, toConnection, toPageRequest, selectsField } from '@littoral/graphql';

function toSecurityEventObject(e: SecurityEventEntity): SecurityEventObject {
  return {
    id: e.id,
    at: e.at,
    kind: e.kind,
    country: e.country,
    subject: e.subject,
    reasonCode: e.reasonCode,
    detail: e.detail,
    kid: e.kid,
    msgSeq: e.msgSeq,
    actor: e.actor,
  };
}

@Resolver()
@UseFilters(LittoralErrorFilter)
export class SecurityEventsResolver {
  constructor(private readonly events: SecurityEventsService) {}

  @Query(() => SecurityEventConnection, { description: 'Refused messages and trust changes, newest first (administrators and auditors)' })
  // Not the audit log (issue 6): administrators need these refusals and trust changes to run the registry.
  @RequireRoles('auditor', 'admin')
  async securityEvents(
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
    @Args('filter', { type: () => SecurityEventFilterInput, nullable: true }) filter?: SecurityEventFilterInput | null,
  ): Promise<SecurityEventConnection> {
    const page = toPageRequest(pageArgs, 'bigint');
    const found = await this.events.page(
      { country: filter?.country?.trim().toUpperCase() || undefined, reasonCode: filter?.reasonCode?.trim() || undefined, kind: filter?.kind?.trim() || undefined },
      page,
      selectsField(info, 'totalCount'),
    );
    return toConnection(found, (e) => e.id, toSecurityEventObject);
  }
}
