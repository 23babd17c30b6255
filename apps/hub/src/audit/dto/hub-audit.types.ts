import { Field, GraphQLISODateTime, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@littoral/graphql';

// The hub's auditor API types: the node's shapes (apps/node/src/graphql/audit)
// under Hub* names, because GraphQL type names are global when a hub and nodes
// run in one process. The trace adds which nodes to ask.

@ObjectType('HubAuditActor', { description: 'Who acted: identifiers only' })
export class AuditActorObject {
  @Field(() => String, { description: 'Token sub, cli:<user>, node:<CC>, anonymous, or sha256:<hex> of an identifier the log could not hold as written' }) subject!: string;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) organisation!: string | null;
  @Field(() => [String]) roles!: string[];
}

@ObjectType('HubAuditEntry', { description: 'One link of the hash-chained audit log (docs/audit.md): ids, counts and hashes, never data' })
export class AuditEntryObject {
  @Field(() => Int) seq!: number;
  @Field(() => GraphQLISODateTime) time!: Date;
  @Field(() => AuditActorObject) actor!: AuditActorObject;
  @Field(() => String, { description: 'query, records.read, catalogue.published, … (docs/audit.md)' }) action!: string;
  @Field(() => String, { nullable: true }) purpose!: string | null;
  @Field(() => [String]) datasets!: string[];
  @Field(() => String, { description: 'allowed, denied, partial or suppressed' }) decision!: string;
  @Field(() => String, { nullable: true, description: 'Error code of a refusal' }) reason!: string | null;
  @Field(() => Int, { nullable: true }) resultSize!: number | null;
  @Field(() => String, { nullable: true }) policyVersion!: string | null;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { nullable: true }) requestHash!: string | null;
  @Field(() => String) prevHash!: string;
  @Field(() => String) hash!: string;
}

@ObjectType('HubAuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntryObject, 'HubAuditEntry') {}

@InputType('HubAuditLogFilter', { description: 'Every member is optional; they are ANDed' })
export class AuditLogFilterInput {
  @Field(() => String, { nullable: true, description: 'actor.subject, exactly' }) actor?: string | null;
  @Field(() => String, { nullable: true, description: 'actor.country (ISO alpha-2)' }) country?: string | null;
  @Field(() => String, { nullable: true, description: 'A dataset id or URN named by the entry' }) dataset?: string | null;
  @Field(() => String, { nullable: true }) action?: string | null;
  @Field(() => String, { nullable: true }) decision?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'At or after' }) from?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Before' }) to?: Date | null;
  @Field(() => String, { nullable: true }) correlationId?: string | null;
}

@ObjectType('HubAuditFault', { description: 'Where the chain stops being trustworthy' })
export class AuditFaultObject {
  @Field(() => Int) seq!: number;
  @Field(() => String, { description: 'malformed, hash-mismatch, prev-hash-mismatch, missing, out-of-order, checkpoint-mismatch, truncated' }) reason!: string;
  @Field(() => String) message!: string;
}

@ObjectType('HubAuditCheckpointInfo', { description: 'A signed checkpoint of the log\'s head' })
export class AuditCheckpointInfoObject {
  @Field(() => Int) seq!: number;
  @Field(() => String) head!: string;
  @Field(() => GraphQLISODateTime) time!: Date;
  @Field(() => Boolean, { description: 'A copy of it (or of a later one) is held outside this database, on the JetStream audit stream the hub witnesses' }) witnessed!: boolean;
}

@ObjectType('HubRefusedCheckpoint')
export class RefusedCheckpointObject {
  @Field(() => Int) seq!: number;
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType('HubAuditVerification')
export class AuditVerificationObject {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int, { description: 'Entries read, the bad one included' }) checked!: number;
  @Field(() => AuditFaultObject, { nullable: true }) firstBad!: AuditFaultObject | null;
  @Field(() => AuditCheckpointInfoObject, { nullable: true }) latestCheckpoint!: AuditCheckpointInfoObject | null;
  @Field(() => Int, { description: 'Checkpoints whose signature verified' }) checkpoints!: number;
  @Field(() => [RefusedCheckpointObject]) refusedCheckpoints!: RefusedCheckpointObject[];
}

@ObjectType('HubTraceNodeEntry', { description: 'A node\'s entry as that node lets this auditor see it: in the SUMMARY view actor, purpose, datasets and reason are null' })
export class HubTraceNodeEntryObject {
  @Field(() => Int) seq!: number;
  @Field(() => GraphQLISODateTime) time!: Date;
  @Field(() => AuditActorObject, { nullable: true, description: 'Null in the SUMMARY view' }) actor!: AuditActorObject | null;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true, description: 'Null in the SUMMARY view' }) purpose!: string | null;
  @Field(() => [String], { nullable: true, description: 'Null in the SUMMARY view' }) datasets!: string[] | null;
  @Field(() => String) decision!: string;
  @Field(() => String, { nullable: true, description: 'Null in the SUMMARY view' }) reason!: string | null;
  @Field(() => Int, { nullable: true }) resultSize!: number | null;
  @Field(() => String, { nullable: true }) policyVersion!: string | null;
  @Field(() => String) correlationId!: string;
  @Field(() => String, { nullable: true }) requestHash!: string | null;
  @Field(() => String) prevHash!: string;
  @Field(() => String) hash!: string;
  @Field(() => Boolean, { description: 'The hub recomputed the hash from the members shown (FULL view); false when members are withheld' }) hashVerified!: boolean;
}

@ObjectType('HubTraceCheckpoint', { description: 'The node\'s latest signed checkpoint, verified against the keys the hub trusts for it' })
export class HubTraceCheckpointObject {
  @Field(() => Int) seq!: number;
  @Field(() => String) head!: string;
  @Field(() => GraphQLISODateTime) time!: Date;
  @Field(() => String, { description: 'The node key that signed it' }) kid!: string;
  @Field(() => Boolean, { description: 'Its seq is at or past every entry shown: those entries are covered by a signed head' }) covers!: boolean;
  @Field(() => Boolean, { description: 'The hub witnessed this very checkpoint (same seq and head) on the audit stream' }) witnessed!: boolean;
}

@ObjectType('HubTraceNode', { description: 'A node the traced request concerned, asked over NATS for its entries of the correlation id' })
export class HubTraceNodeObject {
  @Field(() => String) country!: string;
  @Field(() => String, { nullable: true, description: 'The registered node id, if the country is a member' }) nodeId!: string | null;
  @Field(() => String, { description: 'OK, DENIED (the node\'s rules: see reason), ERROR, TIMEOUT or UNREACHABLE' }) status!: string;
  @Field(() => String, { nullable: true, description: 'Why the node is not OK (safe text)' }) reason!: string | null;
  @Field(() => String, { nullable: true, description: 'FULL or SUMMARY, as the node decided for this auditor' }) view!: string | null;
  @Field(() => Int, { nullable: true }) latencyMs!: number | null;
  @Field(() => [HubTraceNodeEntryObject]) entries!: HubTraceNodeEntryObject[];
  @Field(() => Boolean, { description: 'The node holds more entries of this id than it sent' }) truncated!: boolean;
  @Field(() => HubTraceCheckpointObject, { nullable: true }) checkpoint!: HubTraceCheckpointObject | null;
  @Field(() => Int, { nullable: true, description: 'Seq of the latest checkpoint of that node\'s log the hub witnessed' }) witnessedSeq!: number | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) witnessedAt!: Date | null;
}

@ObjectType('HubAuditTrace', { description: 'One request across the network: the hub\'s entries of the correlation id, then each node\'s, as each node lets this auditor see them' })
export class AuditTraceObject {
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Id of this trace: the audit.read entries it wrote at the hub and on each node carry it' }) traceId!: string;
  @Field(() => String, { description: 'Whose log: hub' }) origin!: string;
  @Field(() => [AuditEntryObject]) entries!: AuditEntryObject[];
  @Field(() => [HubTraceNodeObject], { description: 'The nodes asked: those named by the hub entries\' datasets, plus any given in countries' }) nodes!: HubTraceNodeObject[];
}
