import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ExportFormat } from '@littoral/audit';

// The node's signed audit export. The hub has the same shapes under Hub*
// names (apps/hub/src/audit/dto/hub-audit-export.types.ts).

/** GraphQL value → the export format of `littoral audit export`. */
export const AuditExportFormat = { JSONL: 'jsonl', CSV: 'csv' } as const satisfies Record<string, ExportFormat>;
export type AuditExportFormat = (typeof AuditExportFormat)[keyof typeof AuditExportFormat];
registerEnumType(AuditExportFormat, {
  name: 'AuditExportFormat',
  description: 'JSONL: one entry per line, exactly the verified form; CSV: one column per member, lists as JSON',
});

@ObjectType('AuditExport', { description: 'A signed export of the audit log: the same bytes and detached signature as `littoral audit export` writes' })
export class AuditExportObject {
  @Field(() => String, { description: 'A file name for the export; save the signature as <fileName>.jws' }) fileName!: string;
  @Field(() => String, { description: 'The export file\'s bytes (UTF-8 text): write them unchanged, the signature covers their SHA-256' }) content!: string;
  @Field(() => String, { description: 'The detached signature (compact JWS, typ littoral-audit-export+jws): the <file>.jws that `littoral audit verify --file` checks' }) signature!: string;
  @Field(() => String, { description: 'SHA-256 (hex) of content, as the signature states it' }) sha256!: string;
  @Field(() => Int) entries!: number;
  @Field(() => Int, { nullable: true }) firstSeq!: number | null;
  @Field(() => Int, { nullable: true }) lastSeq!: number | null;
  @Field(() => Int, { description: 'Signed checkpoints inside the exported range, carried by the signature' }) checkpoints!: number;
  @Field(() => String, { description: 'Key id that signed it' }) keyId!: string;
}
