import { Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { BoundingBoxInput, BoundingBoxObject } from '@littoral/graphql';

// Theme stays a String holding the contract code ('microplastics',
// 'beach-litter', 'biodiversity'): the same spelling as the CLI and the
// catalogue, checked by the datasets service (DATASET_INVALID names it).

@ObjectType('Dataset', { description: 'DCAT-style metadata of one dataset held by this node' })
export class DatasetObject {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => String, { description: 'microplastics | beach-litter | biodiversity' }) theme!: string;
  @Field(() => [String]) keywords!: string[];
  @Field(() => String, { description: 'SPDX licence id, e.g. CC-BY-4.0' }) license!: string;
  @Field(() => String, { nullable: true }) publisher!: string | null;
  @Field(() => String, { nullable: true }) contactName!: string | null;
  @Field(() => String, { nullable: true }) contactEmail!: string | null;
  @Field(() => [String], { description: 'Standards the data conforms to (URIs or names)' }) conformsTo!: string[];
  @Field(() => BoundingBoxObject, { nullable: true, description: 'Area the data is declared to cover; rows outside it are rejected on import' })
  declaredArea!: BoundingBoxObject | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) modifiedAt!: Date;
}

@InputType('CreateDatasetInput')
export class CreateDatasetInput {
  @Field(() => String, { description: 'Slug of 1–64 lowercase letters, digits and hyphens, e.g. th-gulf-surface-2024' }) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String, { description: 'microplastics | beach-litter | biodiversity' }) theme!: string;
  @Field(() => String, { description: 'SPDX licence id, e.g. CC-BY-4.0 (or LicenseRef-<name>)' }) license!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) keywords?: string[] | null;
  @Field(() => String, { nullable: true }) publisher?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) contactEmail?: string | null;
  @Field(() => [String], { nullable: true }) conformsTo?: string[] | null;
  @Field(() => BoundingBoxInput, { nullable: true }) declaredArea?: BoundingBoxInput | null;
}

@InputType('UpdateDatasetInput', { description: 'Omitted fields stay as they are; null clears an optional field (keywords/conformsTo: to an empty list)' })
export class UpdateDatasetInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) license?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) keywords?: string[] | null;
  @Field(() => String, { nullable: true }) publisher?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) contactEmail?: string | null;
  @Field(() => [String], { nullable: true }) conformsTo?: string[] | null;
  @Field(() => BoundingBoxInput, { nullable: true }) declaredArea?: BoundingBoxInput | null;
}
