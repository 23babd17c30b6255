import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AuditorReads, type AuditAction, type AuditDecision } from '@littoral/audit';
import { LittoralErrorFilter, PageArgs, selectsField, toConnection, toPageRequest } from '@littoral/graphql';
import { CurrentRequester, RequireRoles } from '../../auth/auth.decorators.js';
import type { Requester } from '../../auth/roles.js';
import { toAuditEntryObject, toAuditVerificationObject } from './audit.mapper.js';
import { AuditEntryConnection, AuditLogFilterInput, AuditTraceObject, AuditVerificationObject } from './audit.types.js';

/**
 * The auditors' view of this node's audit log (docs/audit.md). Role
 * `auditor` only: administrators and analysts are refused, as auditors are
 * refused the data queries. Every read here is itself recorded (audit.read).
 */
@Resolver()
@UseFilters(LittoralErrorFilter)
@RequireRoles('auditor')
export class AuditResolver {
  constructor(private readonly reads: AuditorReads) {}

  @Query(() => AuditEntryConnection, { description: 'Audit entries matching the filter, newest first (keyset pages on seq)' })
  async auditLog(
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter: AuditLogFilterInput | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
    @CurrentRequester() by: Requester | null,
  ): Promise<AuditEntryConnection> {
    const page = toPageRequest(pageArgs, 'bigint');
    const f = filter ?? {};
    const found = await this.reads.list(
      by!,
      { ...f, action: (f.action ?? null) as AuditAction | null, decision: (f.decision ?? null) as AuditDecision | null },
      { limit: page.limit, afterSeq: page.afterKey === null ? null : Number(page.afterKey) },
      selectsField(info, 'totalCount'),
    );
    return toConnection({ rows: found.entries, hasNextPage: found.hasNextPage, totalCount: found.totalCount }, (e) => String(e.seq), toAuditEntryObject);
  }

  @Query(() => AuditVerificationObject, { description: 'Verifies the whole chain against the signed checkpoints; names the first bad seq' })
  async verifyAuditLog(@CurrentRequester() by: Requester | null): Promise<AuditVerificationObject> {
    return toAuditVerificationObject(await this.reads.verify(by!));
  }

  @Query(() => AuditTraceObject, { description: 'This node\'s entries of one correlation id (a federated query\'s hub entry is traced at the hub)' })
  async trace(@Args('correlationId', { type: () => String }) correlationId: string, @CurrentRequester() by: Requester | null): Promise<AuditTraceObject> {
    const entries = await this.reads.trace(by!, correlationId);
    return { correlationId, origin: this.reads.origin, entries: entries.map(toAuditEntryObject) };
  }
}
