import { UseFilters } from '@nestjs/common';
import { Args, GraphQLISODateTime, Query, Resolver } from '@nestjs/graphql';
import { DataSource } from 'typeorm';
import { AuditLog, AuditorReads, auditActor, exportFileName, MAX_EXPORT_ENTRIES, signedExportText } from '@littoral/audit';
import { LittoralErrorFilter } from '@littoral/graphql';
import { CurrentRequester, RequireRoles } from '../../auth/auth.decorators.js';
import type { Requester } from '../../auth/roles.js';
import { NodeKeys } from '../../keys/node-keys.js';
import { AuditExportFormat, AuditExportObject } from './audit-export.types.js';

/**
 * The auditors' signed export of this node's audit log (docs/audit.md):
 * the entries of a period and a detached signature made with the node's key,
 * byte for byte what `littoral audit export` writes. Role `auditor` only; each
 * export is recorded as one `audit.exported` entry.
 */
@Resolver()
@UseFilters(LittoralErrorFilter)
@RequireRoles('auditor')
export class AuditExportResolver {
  constructor(
    private readonly db: DataSource,
    private readonly log: AuditLog,
    private readonly keys: NodeKeys,
    private readonly reads: AuditorReads,
  ) {}

  @Query(() => AuditExportObject, {
    description: `The entries with time in [from, to) and their detached signature; at most ${MAX_EXPORT_ENTRIES} entries (AUDIT_EXPORT_TOO_LARGE), AUDIT_EXPORT_NO_KEY without a key file`,
  })
  async exportAuditLog(
    @Args('from', { type: () => GraphQLISODateTime, description: 'First instant included' }) from: Date,
    @Args('to', { type: () => GraphQLISODateTime, description: 'First instant excluded' }) to: Date,
    @Args('format', { type: () => AuditExportFormat, defaultValue: AuditExportFormat.JSONL }) format: AuditExportFormat,
    @CurrentRequester() by: Requester | null,
  ): Promise<AuditExportObject> {
    const origin = this.reads.origin;
    const made = await signedExportText(this.db, this.log, this.keys.present ? this.keys.active() : null, { origin, format, from, to, actor: auditActor(by!), maxEntries: MAX_EXPORT_ENTRIES });
    const s = made.statement;
    return {
      fileName: exportFileName(origin, format, from, to), content: made.content, signature: made.signature, sha256: s.sha256,
      entries: s.entries, firstSeq: s.firstSeq, lastSeq: s.lastSeq, checkpoints: s.checkpoints.length, keyId: made.kid,
    };
  }
}
