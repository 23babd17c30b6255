import { createParamDecorator, UseFilters } from '@nestjs/common';
import { Args, GraphQLISODateTime, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { AuditLog, auditActor, exportFileName, HUB_ORIGIN, MAX_EXPORT_ENTRIES, signedExportText } from '@littoral/audit';
import { currentRequester, RequireRoles, type Requester } from '@littoral/auth';
import { LittoralErrorFilter } from '@littoral/graphql';
import { Clock } from '../common/clock.js';
import { HubAuditExportFormat, HubAuditExportObject } from './dto/hub-audit-export.types.js';
import { HubAuditKeys } from './hub-audit.config.js';

const By = createParamDecorator(currentRequester);

/**
 * The auditors' signed export of the hub's own audit log (docs/audit.md),
 * signed with the hub's key (LITTORAL_HUB_KEY_FILE, as its checkpoints): byte
 * for byte what `littoral audit export --hub` writes. Role `auditor` only;
 * each export is recorded as one `audit.exported` entry.
 */
@Resolver()
@UseFilters(LittoralErrorFilter)
@RequireRoles('auditor')
export class HubAuditExportResolver {
  constructor(
    private readonly db: DataSource,
    private readonly log: AuditLog,
    private readonly keys: HubAuditKeys,
    private readonly clock: Clock,
  ) {}

  @Query(() => HubAuditExportObject, {
    description: `The hub's entries with time in [from, to) and their detached signature; at most ${MAX_EXPORT_ENTRIES} entries (AUDIT_EXPORT_TOO_LARGE), AUDIT_EXPORT_NO_KEY without LITTORAL_HUB_KEY_FILE`,
  })
  async exportAuditLog(
    @Args('from', { type: () => GraphQLISODateTime, description: 'First instant included' }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime, description: 'First instant excluded' }) to: Date,
    @Args('format', { type: () => HubAuditExportFormat, defaultValue: HubAuditExportFormat.JSONL }) format: HubAuditExportFormat,
    @By() by: Requester | null,
  ): Promise<HubAuditExportObject> {
    const made = await signedExportText(this.db, this.log, this.keys.active(), { origin: HUB_ORIGIN, format, from, to, actor: auditActor(by!), maxEntries: MAX_EXPORT_ENTRIES }, () => this.clock.now());
    const s = made.statement;
    return {
      fileName: exportFileName(HUB_ORIGIN, format, from, to), content: made.content, signature: made.signature, sha256: s.sha256,
      entries: s.entries, firstSeq: s.firstSeq, lastSeq: s.lastSeq, checkpoints: s.checkpoints.length, keyId: made.kid,
    };
  }
}
