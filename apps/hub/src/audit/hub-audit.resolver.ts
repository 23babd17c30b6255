import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DataSource } from 'typeorm';
import { AuditorReads, type AuditAction, type AuditDecision, type AuditEntry } from '@littoral/audit';
import { currentRequester, RequireRoles, type Requester } from '@littoral/auth';
import { createParamDecorator } from '@nestjs/common';
import { LittoralErrorFilter, PageArgs, selectsField, toConnection, toPageRequest } from '@littoral/graphql';
import { toAuditEntryObject, toAuditVerificationObject } from './dto/hub-audit.mapper.js';
import { AuditEntryConnection, AuditLogFilterInput, AuditTraceObject, AuditVerificationObject, type HubTraceNodeObject } from './dto/hub-audit.types.js';

const By = createParamDecorator(currentRequester);
const DATASET_URN = /^urn:littoral:dataset:([A-Z]{2}):/;

/**
 * The auditors' view of the hub's own audit log (docs/audit.md). Role
 * `auditor` only. Every read is itself recorded (audit.read). The hub cannot
 * read node databases: its trace lists its own entries and, from the
 * datasets they name, which nodes' auditors hold the rest.
 */
@Resolver()
@UseFilters(LittoralErrorFilter)
@RequireRoles('auditor')
export class HubAuditResolver {
  constructor(
    private readonly reads: AuditorReads,
    private readonly db: DataSource,
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

  @Query(() => AuditTraceObject, { description: 'The hub\'s entries of one correlation id, and which nodes to ask for theirs' })
  async trace(@Args('correlationId', { type: () => String }) correlationId: string, @By() by: Requester | null): Promise<AuditTraceObject> {
    const entries = await this.reads.trace(by!, correlationId);
    return { correlationId, origin: this.reads.origin, entries: entries.map(toAuditEntryObject), nodes: await this.nodesOf(entries) };
  }

  // Countries named by the entries' dataset URNs, with what the hub knows of their nodes: no node data.
  private async nodesOf(entries: AuditEntry[]): Promise<HubTraceNodeObject[]> {
    const countries = [...new Set(entries.flatMap((e) => e.datasets.map((d) => DATASET_URN.exec(d)?.[1]).filter((c): c is string => !!c)))].sort();
    if (countries.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT c.country, m.node_id, cp.seq::text AS seq, cp.received_at
         FROM unnest($1::text[]) AS c(country)
         LEFT JOIN member m ON m.country = c.country
         LEFT JOIN LATERAL (SELECT seq, received_at FROM audit_checkpoint WHERE origin = c.country ORDER BY seq DESC LIMIT 1) cp ON true
        ORDER BY c.country`,
      [countries],
    )) as { country: string; node_id: string | null; seq: string | null; received_at: Date | null }[];
    return rows.map((r) => ({ country: r.country, nodeId: r.node_id, witnessedSeq: r.seq === null ? null : Number(r.seq), witnessedAt: r.received_at }));
  }
}
