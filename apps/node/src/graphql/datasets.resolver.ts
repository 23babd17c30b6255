import { Args, Field, ID, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Dataset } from '@littoral/contracts';
import { DatasetsService } from '../datasets/datasets.service.js';

@ObjectType('Dataset')
export class DatasetType {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() theme!: string;
  @Field(() => [String]) keywords!: string[];
  @Field() license!: string;
}

function toType(d: Dataset): DatasetType {
  return { id: d.id, title: d.title, description: d.description, theme: d.theme, keywords: d.keywords, license: d.license };
}

@Resolver(() => DatasetType)
export class DatasetsResolver {
  constructor(private readonly service: DatasetsService) {}

  @Query(() => [DatasetType], { description: 'Datasets held by this node' })
  async datasets(@Args('theme', { nullable: true }) theme?: string): Promise<DatasetType[]> {
    return (await this.service.list({ theme })).map(toType);
  }
}
