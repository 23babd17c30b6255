import { UseFilters } from '@nestjs/common';
import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { LittoralError, THEMES, isCode } from '@littoral/contracts';
import { DatasetsService } from '../../datasets/datasets.service.js';
import { RequireRoles } from '../../auth/auth.decorators.js';
import { CreateDatasetInput, DatasetObject, UpdateDatasetInput } from './dataset.types.js';
import { toDatasetCreate, toDatasetObject, toDatasetUpdate } from './dataset.mapper.js';
import { LittoralErrorFilter } from '@littoral/graphql';

@Resolver(() => DatasetObject)
@UseFilters(LittoralErrorFilter)
export class DatasetsResolver {
  constructor(private readonly service: DatasetsService) {}

  @RequireRoles('admin', 'operator', 'analyst', 'auditor')
  @Query(() => DatasetObject, { description: 'One dataset; DATASET_NOT_FOUND if this node does not hold it' })
  async dataset(@Args('id', { type: () => ID }) id: string): Promise<DatasetObject> {
    return toDatasetObject(await this.service.get(id));
  }

  @RequireRoles('admin', 'operator', 'analyst', 'auditor')
  @Query(() => [DatasetObject], { description: 'Datasets held by this node, by id' })
  async datasets(@Args('theme', { type: () => String, nullable: true, description: 'microplastics | beach-litter | biodiversity' }) theme?: string | null): Promise<DatasetObject[]> {
    if (theme != null && !isCode(THEMES, theme)) {
      throw new LittoralError('INPUT_INVALID', `theme "${theme}" must be one of ${THEMES.join(', ')}`, { argument: 'theme' });
    }
    return (await this.service.list({ theme: theme ?? undefined })).map(toDatasetObject);
  }

  @RequireRoles('admin', 'operator')
  @Mutation(() => DatasetObject, { description: 'Registers a dataset; DATASET_INVALID lists every problem, DATASET_ALREADY_EXISTS if the id is taken' })
  async createDataset(@Args('input', { type: () => CreateDatasetInput }) input: CreateDatasetInput): Promise<DatasetObject> {
    return toDatasetObject(await this.service.create(toDatasetCreate(input)));
  }

  @RequireRoles('admin', 'operator')
  @Mutation(() => DatasetObject, { description: 'Changes dataset metadata (id and theme are fixed)' })
  async updateDataset(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateDatasetInput }) input: UpdateDatasetInput,
  ): Promise<DatasetObject> {
    return toDatasetObject(await this.service.update(id, toDatasetUpdate(input)));
  }
}
