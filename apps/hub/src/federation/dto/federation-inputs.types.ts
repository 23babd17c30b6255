import { Field, Float, InputType, registerEnumType } from '@nestjs/graphql';
import { BoundingBoxInput } from '@littoral/graphql';
import { BEACH_LITTER_GROUP_BY, MICROPLASTIC_GROUP_BY, SPECIES_GROUP_BY } from '@littoral/federation';

// Analysts' inputs of federated summaries. Codes (matrices, polymers…) are
// plain strings here: the federation library validates them and names every
// wrong value with what was expected (INPUT_INVALID, details.problems).

const enumOf = (values: readonly string[]) => Object.fromEntries(values.map((v) => [v, v]));
export const MicroplasticDimensionEnum = enumOf(MICROPLASTIC_GROUP_BY);
export const BeachLitterDimensionEnum = enumOf(BEACH_LITTER_GROUP_BY);
export const SpeciesDimensionEnum = enumOf(SPECIES_GROUP_BY);
registerEnumType(MicroplasticDimensionEnum, { name: 'MicroplasticDimension', description: 'Grouping of microplasticSummary (GRID needs gridSizeDeg)' });
registerEnumType(BeachLitterDimensionEnum, { name: 'BeachLitterDimension', description: 'Grouping of beachLitterSummary' });
registerEnumType(SpeciesDimensionEnum, { name: 'SpeciesDimension', description: 'Grouping of speciesSummary (GRID needs gridSizeDeg)' });

@InputType('FederatedTimeRangeInput', { description: 'Half-open [from, to): ISO dates (00:00 UTC) or date-times with a zone' })
export class TimeRangeInput {
  @Field(() => String, { nullable: true }) from?: string | null;
  @Field(() => String, { nullable: true }) to?: string | null;
}

@InputType('FederatedNumberRangeInput', { description: 'Inclusive range; at least one bound' })
export class NumberRangeInput {
  @Field(() => Float, { nullable: true }) min?: number | null;
  @Field(() => Float, { nullable: true }) max?: number | null;
}

@InputType('MicroplasticFilterInput', { description: 'Every part optional; lists are non-empty and distinct' })
export class MicroplasticFilterInput {
  @Field(() => [String], { nullable: true, description: 'ISO alpha-2 codes: which nodes are asked' }) countries?: string[] | null;
  @Field(() => BoundingBoxInput, { nullable: true, description: 'west ≤ east; ask a box across the antimeridian as two queries' }) bbox?: BoundingBoxInput | null;
  @Field(() => TimeRangeInput, { nullable: true }) timeRange?: TimeRangeInput | null;
  @Field(() => [String], { nullable: true }) siteTypes?: string[] | null;
  @Field(() => [String], { nullable: true }) matrices?: string[] | null;
  @Field(() => [String], { nullable: true }) devices?: string[] | null;
  @Field(() => NumberRangeInput, { nullable: true }) meshSizeMm?: NumberRangeInput | null;
  @Field(() => [String], { nullable: true }) sizeClasses?: string[] | null;
  @Field(() => [String], { nullable: true }) polymers?: string[] | null;
  @Field(() => [String], { nullable: true }) shapes?: string[] | null;
}

@InputType('MicroplasticGroupByInput')
export class MicroplasticGroupByInput {
  @Field(() => [MicroplasticDimensionEnum], { description: 'At most 4 dimensions; empty = one total row' }) by!: string[];
  @Field(() => Float, { nullable: true, description: 'Required with GRID: 1, 0.5, 0.1, 0.05 or 0.01' }) gridSizeDeg?: number | null;
}

@InputType('BeachLitterFilterInput')
export class BeachLitterFilterInput {
  @Field(() => [String], { nullable: true }) countries?: string[] | null;
  @Field(() => BoundingBoxInput, { nullable: true }) bbox?: BoundingBoxInput | null;
  @Field(() => TimeRangeInput, { nullable: true }) timeRange?: TimeRangeInput | null;
  @Field(() => [String], { nullable: true }) teamTypes?: string[] | null;
  @Field(() => [String], { nullable: true }) protocols?: string[] | null;
  @Field(() => [String], { nullable: true, description: '"<code system>:<code>", e.g. "JLIST:J8"' }) categories?: string[] | null;
  @Field(() => [String], { nullable: true }) litterSizeClasses?: string[] | null;
  @Field(() => Boolean, { nullable: true }) monitoringOnly?: boolean | null;
}

@InputType('BeachLitterGroupByInput')
export class BeachLitterGroupByInput {
  @Field(() => [BeachLitterDimensionEnum]) by!: string[];
}

@InputType('SpeciesFilterInput')
export class SpeciesFilterInput {
  @Field(() => [String], { nullable: true }) countries?: string[] | null;
  @Field(() => BoundingBoxInput, { nullable: true }) bbox?: BoundingBoxInput | null;
  @Field(() => TimeRangeInput, { nullable: true }) timeRange?: TimeRangeInput | null;
  @Field(() => [String], { nullable: true }) kingdoms?: string[] | null;
  @Field(() => [String], { nullable: true }) scientificNames?: string[] | null;
  @Field(() => [String], { nullable: 'itemsAndList', description: 'IUCN Red List categories; null selects occurrences without one' }) iucnCategories?: (string | null)[] | null;
  @Field(() => [String], { nullable: true }) basisOfRecord?: string[] | null;
  @Field(() => NumberRangeInput, { nullable: true }) depthM?: NumberRangeInput | null;
}

@InputType('SpeciesGroupByInput')
export class SpeciesGroupByInput {
  @Field(() => [SpeciesDimensionEnum]) by!: string[];
  @Field(() => Float, { nullable: true }) gridSizeDeg?: number | null;
}
