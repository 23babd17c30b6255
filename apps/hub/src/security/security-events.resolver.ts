import { UseFilters, UseGuards } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { HubAdminGuard } from '../auth/hub-admin.guard.js';
import type { SecurityEventEntity } from '../database/entities/index.js';
import { LittoralErrorFilter } from '../graphql/common/littoral-error.filter.js';
import { PageArgs, toConnection, toPageRequest } from '../graphql/common/pagination.js';
import { selectsField } from '../graphql/common/selection.js';
import { SecurityEventsService } from './security-events.service.js';
import { SecurityEventConnection, SecurityEventFilterInput, type SecurityEventObject } from './dto/security-event.types.js';

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
  @UseGuards(HubAdminGuard)
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
