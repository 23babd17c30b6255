import { createParamDecorator, UseFilters } from '@nestjs/common';
import { Args, Context, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { AuditorReads, type AuditAction, type AuditDecision } from '@littoral/audit';
import { bearerToken, currentRequester, requesterOf, RequireRoles, type Requester } from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import { LittoralErrorFilter, PageArgs, selectsField, toConnection, toPageRequest } from '@littoral/graphql';
import { toAuditEntryObject, toAuditVerificationObject, toTraceNodeObject } from './dto/hub-audit.mapper.js';
import { AuditEntryConnection, AuditLogFilterInput, AuditTraceObject, AuditVerificationObject } from './dto/hub-audit.types.js';
import { HubTraceService } from './hub-trace.service.js';

const By = createParamDecorator(currentRequester);

interface GraphqlContext {
  req: { headers?: Record<string, string | string[] | undefined> };
}

/**
 * The auditors' view of the hub's own audit log (docs/audit.md). Role
 * `auditor` only. Every read is itself recorded (audit.read). The hub cannot
 * read node databases: its trace asks each node involved over NATS, under the
 * auditor's own token, and joins what each node lets that auditor see.
 */
@Resolver()
@UseFilters(LittoralErrorFilter)
@RequireRoles('auditor')
export class HubAuditResolver {
  constructor(
    private readonly reads: AuditorReads,
    private readonly traces: HubTraceService,
  ) {}

  @Query(() => AuditEntryConnection, { description: 'Entries of the hub\'s audit log matching the filter, newest first (keyset pages on seq)' })
  async auditLog(
    @Args('filter', { type: () => AuditLogFilterInput, nullable: true }) filter: AuditLogFilterInput | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
    @By() by: Requester | null,
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

  @Query(() => AuditVerificationObject, { description: 'Verifies the hub\'s whole chain against its signed checkpoints; names the first bad seq' })
  async verifyAuditLog(@By() by: Requester | null): Promise<AuditVerificationObject> {
    return toAuditVerificationObject(await this.reads.verify(by!));
  }

  @Query(() => AuditTraceObject, { description: 'One request across the network: the hub\'s entries of the correlation id, then each node\'s as that node lets this auditor see them' })
  async trace(
    @Args('correlationId', { type: () => String }) correlationId: string,
    @Context() ctx: GraphqlContext,
    @Args('countries', { type: () => [String], nullable: true, description: 'Also ask these members\' nodes (e.g. one that answered DENIED, which the hub entry does not name)' }) countries?: string[] | null,
  ): Promise<AuditTraceObject> {
    const by = requesterOf(ctx.req);
    if (!by) throw new LittoralError('INTERNAL', 'no verified requester for a guarded operation');
    const header = ctx.req.headers?.authorization;
    // The auditor's own token travels with the request: each node verifies it itself.
    const token = bearerToken(Array.isArray(header) ? header[0] : header, 'hub');
    const t = await this.traces.trace(by, token, correlationId, countries ?? []);
    return { correlationId: t.correlationId, traceId: t.traceId, origin: t.origin, entries: t.entries.map(toAuditEntryObject), nodes: t.nodes.map(toTraceNodeObject) };
  }
}
