import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { LitterCodeSystem, LitterSizeClass, SurveyProtocol, TeamType } from '@littoral/contracts';
import { LitterCodeSystemEnum, LitterSizeClassEnum, SurveyProtocolEnum, TeamTypeEnum } from '../common/enums.js';
import { Connection } from '@littoral/graphql';

@ObjectType('BeachArea', { description: 'A surveyed stretch of beach' })
export class BeachAreaObject {
  @Field(() => ID) id!: string;
  @Field(() => String) datasetId!: string;
  @Field(() => String) sourceKey!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) countryCode!: string | null;
  @Field(() => Float, { nullable: true }) startLatitude!: number | null;
  @Field(() => Float, { nullable: true }) startLongitude!: number | null;
  @Field(() => Float, { nullable: true }) endLatitude!: number | null;
  @Field(() => Float, { nullable: true }) endLongitude!: number | null;
  @Field(() => Float, { nullable: true }) lengthM!: number | null;
  @Field(() => Float, { nullable: true }) areaM2!: number | null;
  @Field(() => String, { nullable: true }) substrate!: string | null;
  @Field(() => String, { nullable: true }) locationType!: string | null;
}

@ObjectType('Team', { description: 'The team that carried out a survey' })
export class TeamObject {
  @Field(() => ID) id!: string;
  @Field(() => String) sourceKey!: string;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => TeamTypeEnum, { nullable: true }) teamType!: TeamType | null;
}

@ObjectType('LitterItemCount', { description: 'Items of one litter code found in a survey' })
export class LitterItemCountObject {
  @Field(() => ID) id!: string;
  @Field(() => LitterCodeSystemEnum) codeSystem!: LitterCodeSystem;
  @Field(() => String) code!: string;
  @Field(() => String, { description: 'Label of the code in its code system' }) label!: string;
  @Field(() => String) material!: string;
  @Field(() => LitterSizeClassEnum, { nullable: true }) sizeClass!: LitterSizeClass | null;
  @Field(() => Int) count!: number;
  @Field(() => Float, { nullable: true }) weightKg!: number | null;
}

@ObjectType('Survey', { description: 'A beach-litter survey (monitoring or clean-up) with its item counts' })
export class SurveyObject {
  @Field(() => ID) id!: string;
  @Field(() => String) datasetId!: string;
  @Field(() => String) sourceKey!: string;
  @Field(() => String, { description: 'Local calendar date, YYYY-MM-DD' }) surveyDate!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) startedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) endedAt!: Date | null;
  @Field(() => SurveyProtocolEnum, { nullable: true }) protocol!: SurveyProtocol | null;
  @Field(() => Boolean, { description: 'Monitoring survey (true) or clean-up event (false)' }) isMonitoring!: boolean;
  @Field(() => Float, { nullable: true }) surveyedLengthM!: number | null;
  @Field(() => Float, { nullable: true }) surveyedAreaM2!: number | null;
  @Field(() => Float, { nullable: true }) meanWidthM!: number | null;
  @Field(() => Int, { nullable: true }) volunteers!: number | null;
  @Field(() => Float, { nullable: true }) volunteerHours!: number | null;
  @Field(() => Int, { nullable: true }) bags!: number | null;
  @Field(() => Float, { nullable: true }) totalWeightKg!: number | null;
  @Field(() => String, { nullable: true }) eventTypeVerbatim!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => BeachAreaObject) beachArea!: BeachAreaObject;
  @Field(() => TeamObject, { nullable: true }) team!: TeamObject | null;
  @Field(() => [LitterItemCountObject]) itemCounts!: LitterItemCountObject[];
}

@ObjectType('SurveyConnection')
export class SurveyConnection extends Connection(SurveyObject, 'Survey') {}

@InputType('SurveyFilter')
export class SurveyFilterInput {
  @Field(() => String, { nullable: true }) datasetId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Id of a BeachArea' }) beachId?: string | null;
  @Field(() => String, { nullable: true, description: 'surveyDate on or after this date (YYYY-MM-DD)' }) from?: string | null;
  @Field(() => String, { nullable: true, description: 'surveyDate on or before this date (YYYY-MM-DD)' }) to?: string | null;
  @Field(() => Boolean, { nullable: true }) isMonitoring?: boolean | null;
  @Field(() => String, { nullable: true, description: "Country of the survey's beach area, ISO 3166-1 alpha-2" }) country?: string | null;
}
