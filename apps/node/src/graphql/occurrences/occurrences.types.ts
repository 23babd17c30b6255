import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import type { BasisOfRecord } from '@littoral/contracts';
import { BasisOfRecordEnum } from '../common/enums.js';
import { BoundingBoxInput, Connection } from '@littoral/graphql';

@ObjectType('Occurrence', { description: 'A Darwin Core occurrence. This API is for the agency itself: positions of sensitive records are not generalised here' })
export class OccurrenceObject {
  @Field(() => ID) id!: string;
  @Field(() => String) datasetId!: string;
  @Field(() => ID, { nullable: true }) eventId!: string | null;
  @Field(() => String, { description: 'occurrenceID in the source' }) sourceKey!: string;
  @Field(() => String) scientificName!: string;
  @Field(() => String, { nullable: true }) scientificNameId!: string | null;
  @Field(() => String, { nullable: true }) taxonRank!: string | null;
  @Field(() => String, { nullable: true }) kingdom!: string | null;
  @Field(() => String, { nullable: true }) vernacularName!: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) eventStart!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) eventEnd!: Date | null;
  @Field(() => String, { nullable: true }) dateVerbatim!: string | null;
  @Field(() => Float, { nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
  @Field(() => Float, { nullable: true }) coordinateUncertaintyM!: number | null;
  @Field(() => Float, { nullable: true }) minDepthM!: number | null;
  @Field(() => Float, { nullable: true }) maxDepthM!: number | null;
  @Field(() => Int, { nullable: true }) individualCount!: number | null;
  @Field(() => Float, { nullable: true }) organismQuantity!: number | null;
  @Field(() => String, { nullable: true }) organismQuantityType!: string | null;
  @Field(() => BasisOfRecordEnum) basisOfRecord!: BasisOfRecord;
  @Field(() => String, { description: 'present | absent' }) occurrenceStatus!: string;
  @Field(() => String, { nullable: true, description: 'IUCN Red List category: EX, EW, CR, EN, VU, NT, LC, DD, NE or LR/cd' }) iucnCategory!: string | null;
  @Field(() => Boolean, { description: 'Flagged sensitive, or threatened (IUCN CR, EN, VU)' }) sensitive!: boolean;
  @Field(() => String, { nullable: true }) locality!: string | null;
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2' }) countryCode!: string | null;
  @Field(() => String, { nullable: true }) remarks!: string | null;
}

@ObjectType('OccurrenceConnection')
export class OccurrenceConnection extends Connection(OccurrenceObject, 'Occurrence') {}

@InputType('OccurrenceFilter')
export class OccurrenceFilterInput {
  @Field(() => String, { nullable: true }) datasetId?: string | null;
  @Field(() => String, { nullable: true, description: 'Prefix of the scientific name, case-insensitive (e.g. "chelonia")' }) scientificName?: string | null;
  @Field(() => BasisOfRecordEnum, { nullable: true }) basisOfRecord?: BasisOfRecord | null;
  @Field(() => String, { nullable: true, description: 'EX, EW, CR, EN, VU, NT, LC, DD, NE or LR/cd' }) iucnCategory?: string | null;
  @Field(() => Boolean, { nullable: true }) sensitive?: boolean | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'eventStart on or after this instant' }) from?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'eventStart on or before this instant' }) to?: Date | null;
  @Field(() => BoundingBoxInput, { nullable: true }) bbox?: BoundingBoxInput | null;
}
