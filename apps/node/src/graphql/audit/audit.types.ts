import { Field, GraphQLISODateTime, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@littoral/graphql';

// The node's auditor API types. The hub has the same shapes under Hub* names
// (apps/hub/src/audit/dto): GraphQL type names are global when a hub and nodes
// run in one process.

@ObjectType('AuditActor', { description: 'Who acted: identifiers only' })
export class AuditActorObject {
  @Field(() => String, { description: 'Token sub, cli:<user>, node:<CC>, anonymous, or sha256:<hex> of an identifier the log could not hold as written' }) subject!: string;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) organisation!: string | null;
  @Field(() => [String]) roles!: string[];
}

@ObjectType('AuditEntry', { description: 'One link of the hash-chained audit log (docs/audit.md): ids, counts and hashes, never data' })
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

@ObjectType('AuditEntryConnection')
export class AuditEntryConnection extends Connection(AuditEntryObject, 'AuditEntry') {}

@InputType('AuditLogFilter', { description: 'Every member is optional; they are ANDed' })
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

@ObjectType('AuditFault', { description: 'Where the chain stops being trustworthy' })
export class AuditFaultObject {
  @Field(() => Int) seq!: number;
  @Field(() => String, { description: 'malformed, hash-mismatch, prev-hash-mismatch, missing, out-of-order, checkpoint-mismatch, truncated' }) reason!: string;
  @Field(() => String) message!: string;
}

@ObjectType('AuditCheckpointInfo', { description: 'A signed checkpoint of the log\'s head' })
export class AuditCheckpointInfoObject {
  @Field(() => Int) seq!: number;
  @Field(() => String) head!: string;
  @Field(() => GraphQLISODateTime) time!: Date;
  @Field(() => Boolean, { description: 'A copy of it (or of a later one) is held outside this database, on the JetStream audit stream the hub witnesses' }) witnessed!: boolean;
}

@ObjectType('RefusedCheckpoint')
export class RefusedCheckpointObject {
  @Field(() => Int) seq!: number;
  @Field(() => String) code!: string;
  @Field(() => String) message!: string;
}

@ObjectType('AuditVerification')
export class AuditVerificationObject {
  @Field(() => Boolean) ok!: boolean;
  @Field(() => Int, { description: 'Entries read, the bad one included' }) checked!: number;
  @Field(() => AuditFaultObject, { nullable: true }) firstBad!: AuditFaultObject | null;
  @Field(() => AuditCheckpointInfoObject, { nullable: true }) latestCheckpoint!: AuditCheckpointInfoObject | null;
  @Field(() => Int, { description: 'Checkpoints whose signature verified' }) checkpoints!: number;
  @Field(() => [RefusedCheckpointObject]) refusedCheckpoints!: RefusedCheckpointObject[];
}

@ObjectType('AuditTrace', { description: 'This node\'s entries of one correlation id (the hub\'s own are traced at the hub)' })
export class AuditTraceObject {
  @Field(() => String) correlationId!: string;
  @Field(() => String, { description: 'Whose log: this node\'s country' }) origin!: string;
  @Field(() => [AuditEntryObject]) entries!: AuditEntryObject[];
}
