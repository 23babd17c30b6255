import { Field, GraphQLISODateTime, Int, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum MemberStatusEnum {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
}
registerEnumType(MemberStatusEnum, { name: 'MemberStatus', description: 'ACTIVE members publish; a REVOKED member\'s messages are refused and its datasets are not listed' });

export enum KeyStateEnum {
  ACTIVE = 'ACTIVE',
  NOT_YET_VALID = 'NOT_YET_VALID',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  COMPROMISED = 'COMPROMISED',
}
registerEnumType(KeyStateEnum, { name: 'KeyState', description: 'Where a trusted key stands now' });

export enum KeySourceEnum {
  ADMIN = 'ADMIN',
  ANNOUNCEMENT = 'ANNOUNCEMENT',
}
registerEnumType(KeySourceEnum, { name: 'KeySource', description: 'ADMIN: added by a hub administrator; ANNOUNCEMENT: announced by the member, signed with a key already trusted' });

@ObjectType('MemberKey', { description: 'A public key the hub trusts for one member' })
export class MemberKeyObject {
  @Field(() => String, { description: 'RFC 7638 JWK thumbprint' }) kid!: string;
  @Field(() => String) country!: string;
  @Field(() => KeyStateEnum) state!: KeyStateEnum;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Messages issued before this are refused' }) validFrom!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Messages issued after this are refused' }) validUntil!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Messages received from this time on are refused' }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Nothing signed or received from this time on is trusted' }) compromisedAt!: Date | null;
  @Field(() => KeySourceEnum) source!: KeySourceEnum;
  @Field(() => String, { nullable: true, description: 'For an announced key: the key that signed the announcement' }) announcedBy!: string | null;
  @Field(() => GraphQLISODateTime) addedAt!: Date;
  @Field(() => String, { description: 'The public JWK, as JSON text' }) jwk!: string;
}

@ObjectType('NetworkNode', { description: 'A member of the network: its node, status and trusted keys' })
export class NetworkNodeObject {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2' }) country!: string;
  @Field(() => String) nodeId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => MemberStatusEnum) status!: MemberStatusEnum;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) revokedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the hub last received a verified message from this node' }) lastSeenAt!: Date | null;
  @Field(() => Int, { description: 'Datasets of this member listed in the regional catalogue' }) entryCount!: number;
  @Field(() => [String], { description: 'Ids of every key trusted for this member, in the order they were added' }) keyIds!: string[];
  @Field(() => [MemberKeyObject]) keys!: MemberKeyObject[];
}

@InputType('AddMemberInput')
export class AddMemberInput {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2 code; must be in LITTORAL_MEMBERS' }) country!: string;
  @Field(() => String, { description: 'Node id, e.g. th-node' }) nodeId!: string;
  @Field(() => String, { description: 'Name shown to analysts, e.g. Thailand' }) displayName!: string;
  @Field(() => String, { description: 'The node\'s JWKS document as JSON text: {"keys":[...]}, as served at /.well-known/jwks.json' }) jwks!: string;
}

@InputType('AddMemberKeyInput')
export class AddMemberKeyInput {
  @Field(() => String) country!: string;
  @Field(() => String, { description: 'One public Ed25519 JWK as JSON text' }) jwk!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) validFrom?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) validUntil?: Date | null;
}
