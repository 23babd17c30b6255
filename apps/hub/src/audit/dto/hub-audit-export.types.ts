import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ExportFormat } from '@littoral/audit';

// The hub's signed audit export: the node's shapes (apps/node/src/graphql/audit/
// audit-export.types.ts) under Hub* names, as GraphQL type names are global
// when a hub and nodes run in one process.

/** GraphQL value → the export format of `littoral audit export`. */
export const HubAuditExportFormat = { JSONL: 'jsonl', CSV: 'csv' } as const satisfies Record<string, ExportFormat>;
export type HubAuditExportFormat = (typeof HubAuditExportFormat)[keyof typeof HubAuditExportFormat];
registerEnumType(HubAuditExportFormat, {
  name: 'HubAuditExportFormat',
  description: 'JSONL: one entry per line, exactly the verified form; CSV: one column per member, lists as JSON',
});

@ObjectType('HubAuditExport', { description: 'A signed export of the hub\'s audit log: the same bytes and detached signature as `littoral audit export --hub` writes' })
export class HubAuditExportObject {
  @Field(() => String, { description: 'A file name for the export; save the signature as <fileName>.jws' }) fileName!: string;
  @Field(() => String, { description: 'The export file\'s bytes (UTF-8 text): write them unchanged, the signature covers their SHA-256' }) content!: string;
  @Field(() => String, { description: 'The detached signature (compact JWS, typ littoral-audit-export+jws): the <file>.jws that `littoral audit verify --file --hub` checks' }) signature!: string;
  @Field(() => String, { description: 'SHA-256 (hex) of content, as the signature states it' }) sha256!: string;
  @Field(() => Int) entries!: number;
  @Field(() => Int, { nullable: true }) firstSeq!: number | null;
  @Field(() => Int, { nullable: true }) lastSeq!: number | null;
  @Field(() => Int, { description: 'Signed checkpoints inside the exported range, carried by the signature' }) checkpoints!: number;
  @Field(() => String, { description: 'Key id that signed it' }) keyId!: string;
}
