import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '@littoral/graphql';

@ObjectType('SecurityEvent', { description: 'A refused message or a change of trust, as recorded (append-only)' })
export class SecurityEventObject {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLISODateTime) at!: Date;
  @Field(() => String, { description: 'MESSAGE_REJECTED, KEY_ANNOUNCED, MEMBER_ADDED, MEMBER_REVOKED, KEY_ADDED, KEY_REVOKED or KEY_COMPROMISED' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Country concerned; for a refused message the one its subject claimed (unverified)' }) country!: string | null;
  @Field(() => String, { nullable: true, description: 'NATS subject of the message, or the node id acted on' }) subject!: string | null;
  @Field(() => String, { nullable: true, description: 'Why a message was refused: SIGNATURE_INVALID, KEY_UNKNOWN, VERSION_NOT_NEWER…' }) reasonCode!: string | null;
  @Field(() => String) detail!: string;
  @Field(() => String, { nullable: true, description: 'Key named by the message (claimed) or acted on' }) kid!: string | null;
  @Field(() => String, { nullable: true, description: 'Stream sequence of the message' }) msgSeq!: string | null;
  @Field(() => String, { nullable: true, description: 'Who changed the registry: graphql or cli (authenticated identities come with issue 4/6)' }) actor!: string | null;
}

@ObjectType('SecurityEventConnection')
export class SecurityEventConnection extends Connection(SecurityEventObject, 'SecurityEvent') {}

@InputType('SecurityEventFilter')
export class SecurityEventFilterInput {
  @Field(() => String, { nullable: true }) country?: string | null;
  @Field(() => String, { nullable: true }) reasonCode?: string | null;
  @Field(() => String, { nullable: true }) kind?: string | null;
}
