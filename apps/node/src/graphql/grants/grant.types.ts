import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ACCESS_LEVELS } from '@littoral/policy';
import { GRANT_ACTIONS } from '../../grants/grant-version.js';

// GraphQL shapes of sharing grants. The grant itself mirrors the policy
// `Grant` contract field for field; validation is the grants service's
// (parseGrant), so these types only carry what the administrator typed.

const enumOf = <T extends string>(codes: readonly T[], name: string, description: string): { readonly [K in T]: K } => {
  const values = Object.fromEntries(codes.map((c) => [c, c])) as { readonly [K in T]: K };
  registerEnumType(values, { name, description });
  return values;
};

export const AccessLevelEnum = enumOf(ACCESS_LEVELS, 'AccessLevel', 'METADATA (catalogue entry) < AGGREGATE (statistics) < RECORDS (individual records); a level includes the lower ones');
export const AudienceKindEnum = enumOf(['NETWORK', 'COUNTRIES', 'ORGANISATIONS', 'ROLES'] as const, 'AudienceKind', 'Who a grant is for');
export const GrantActionEnum = enumOf(GRANT_ACTIONS, 'GrantAction', 'What a grant version did');
export const GrantStatusEnum = enumOf(['ACTIVE', 'SCHEDULED', 'EXPIRED', 'REVOKED'] as const, 'GrantStatus', 'Where a grant stands now');

@ObjectType('GrantAudience', { description: 'Who a grant is for; every condition present must hold' })
export class GrantAudienceObject {
  @Field(() => AudienceKindEnum) kind!: string;
  @Field(() => [String], { nullable: true, description: 'ISO 3166-1 alpha-2 codes' }) countries!: string[] | null;
  @Field(() => [String], { nullable: true }) organisations!: string[] | null;
  @Field(() => [String], { nullable: true }) roles!: string[] | null;
}

@ObjectType('GrantConstraints', { description: 'Constraints a grant carries; absent = none' })
export class GrantConstraintsObject {
  @Field(() => Int, { nullable: true, description: 'Minimum group size k: smaller aggregate groups are suppressed' }) minGroupSize!: number | null;
  @Field(() => Float, { nullable: true, description: 'Grid size in degrees positions are snapped to' }) spatialPrecisionDeg!: number | null;
  @Field(() => [String], { nullable: true }) redactedFields!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Purposes of use allowed; absent = any' }) allowedPurposes!: string[] | null;
  @Field(() => Int, { nullable: true, description: 'Records newer than this many days are withheld' }) embargoDays!: number | null;
  @Field(() => Float, { nullable: true, description: 'Grid for sensitive species (default 0.1°)' }) sensitiveSpeciesPrecisionDeg!: number | null;
}

@ObjectType('GrantRule', { description: 'One version of a grant exactly as the policy engine reads it (docs/policy.md)' })
export class GrantRuleObject {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) datasetId!: string;
  @Field(() => GrantAudienceObject) audience!: GrantAudienceObject;
  @Field(() => AccessLevelEnum) level!: string;
  @Field(() => GrantConstraintsObject) constraints!: GrantConstraintsObject;
  @Field(() => String, { nullable: true, description: 'ISO 8601 date or date-time with zone; inclusive' }) validFrom!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 8601 date or date-time with zone; exclusive' }) validUntil!: string | null;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
}

@ObjectType('GrantActor', { description: 'Who made a change: the verified token\'s claims, or cli:<os user>' })
export class GrantActorObject {
  @Field(() => String) subject!: string;
  @Field(() => String, { nullable: true }) country!: string | null;
  @Field(() => String, { nullable: true }) organisation!: string | null;
  @Field(() => [String]) roles!: string[];
}

@ObjectType('Grant', { description: 'The latest version of a sharing grant' })
export class GrantObject extends GrantRuleObject {
  @Field(() => GrantStatusEnum) status!: string;
  @Field(() => Int, { description: 'Node-wide sequence number of this version (the policy version it made)' }) seq!: number;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GrantActorObject) createdBy!: GrantActorObject;
  @Field(() => GraphQLISODateTime, { description: 'When the latest version was made' }) changedAt!: Date;
  @Field(() => GrantActorObject) changedBy!: GrantActorObject;
  @Field(() => String, { description: 'Why the latest version was made' }) reason!: string;
}

@ObjectType('GrantVersion', { description: 'One entry of a grant\'s history: what changed, who, when and why' })
export class GrantVersionObject {
  @Field(() => ID) grantId!: string;
  @Field(() => Int) version!: number;
  @Field(() => Int) seq!: number;
  @Field(() => String) datasetId!: string;
  @Field(() => GrantActionEnum) action!: string;
  @Field(() => GrantActorObject) changedBy!: GrantActorObject;
  @Field(() => GraphQLISODateTime) changedAt!: Date;
  @Field(() => String) reason!: string;
  @Field(() => GrantRuleObject, { nullable: true, description: 'The previous version; null on CREATE' }) before!: GrantRuleObject | null;
  @Field(() => GrantRuleObject) after!: GrantRuleObject;
}

@InputType('GrantAudienceInput', { description: 'NETWORK; COUNTRIES with countries; ORGANISATIONS with organisations (and optional countries); ROLES with roles (and optional countries, organisations)' })
export class GrantAudienceInput {
  @Field(() => AudienceKindEnum) kind!: string;
  @Field(() => [String], { nullable: true }) countries?: string[] | null;
  @Field(() => [String], { nullable: true }) organisations?: string[] | null;
  @Field(() => [String], { nullable: true }) roles?: string[] | null;
}

@InputType('GrantConstraintsInput')
export class GrantConstraintsInput {
  @Field(() => Int, { nullable: true }) minGroupSize?: number | null;
  @Field(() => Float, { nullable: true }) spatialPrecisionDeg?: number | null;
  @Field(() => [String], { nullable: true }) redactedFields?: string[] | null;
  @Field(() => [String], { nullable: true }) allowedPurposes?: string[] | null;
  @Field(() => Int, { nullable: true }) embargoDays?: number | null;
  @Field(() => Float, { nullable: true }) sensitiveSpeciesPrecisionDeg?: number | null;
}

@InputType('ChangeGrantInput', { description: 'The whole new grant (a change replaces audience, level, constraints and validity)' })
export class ChangeGrantInput {
  @Field(() => GrantAudienceInput) audience!: GrantAudienceInput;
  @Field(() => AccessLevelEnum) level!: string;
  @Field(() => GrantConstraintsInput, { nullable: true }) constraints?: GrantConstraintsInput | null;
  @Field(() => String, { nullable: true, description: 'ISO 8601 date (2025-01-31) or date-time with zone; inclusive' }) validFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 8601 date or date-time with zone; exclusive' }) validUntil?: string | null;
}

@InputType('CreateGrantInput')
export class CreateGrantInput extends ChangeGrantInput {
  @Field(() => String) datasetId!: string;
}

@InputType('ExplainRequesterInput', { description: 'The claims a requester\'s verified token would carry' })
export class ExplainRequesterInput {
  @Field(() => String, { description: 'ISO 3166-1 alpha-2, e.g. TH' }) country!: string;
  @Field(() => String, { nullable: true }) organisation?: string | null;
  @Field(() => [String]) roles!: string[];
}

@ObjectType('EffectiveConstraints', { description: 'What the node applies to an allowed answer' })
export class EffectiveConstraintsObject {
  @Field(() => Int) minGroupSize!: number;
  @Field(() => Float, { nullable: true, description: 'null: positions as collected' }) spatialPrecisionDeg!: number | null;
  @Field(() => Float) sensitiveSpeciesPrecisionDeg!: number;
  @Field(() => [String]) redactedFields!: string[];
  @Field(() => Int) embargoDays!: number;
}

@ObjectType('GrantRef')
export class GrantRefObject {
  @Field(() => ID) grantId!: string;
  @Field(() => Int) version!: number;
}

@ObjectType('AccessExplanation', { description: 'What the policy engine decides for one requester and purpose, and why' })
export class AccessExplanationObject {
  @Field(() => String) datasetId!: string;
  @Field(() => Boolean) allowed!: boolean;
  @Field(() => AccessLevelEnum) requestedLevel!: string;
  @Field(() => AccessLevelEnum, { nullable: true, description: 'The level allowed; null when denied' }) level!: string | null;
  @Field(() => AccessLevelEnum, { nullable: true, description: 'The highest level this requester would get for this purpose; null: none' }) highestLevel!: string | null;
  @Field(() => EffectiveConstraintsObject, { nullable: true, description: 'null when denied' }) constraints!: EffectiveConstraintsObject | null;
  @Field(() => [GrantRefObject], { description: 'The grant version(s) that decided' }) decidingGrants!: GrantRefObject[];
  @Field(() => [String]) reasons!: string[];
  @Field(() => Int, { description: 'The dataset\'s policy version (highest grant version seq) this was computed with' }) policyVersion!: number;
  @Field(() => GraphQLISODateTime) evaluatedAt!: Date;
}
