import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { DatasetsService } from '../../datasets/datasets.service.js';
import { RequireRoles } from '../../auth/auth.decorators.js';
import { ImportsReader } from './imports.reader.js';
import { toImportRunObject, toImportSummary } from './import-run.mapper.js';
import { ImportRunConnection } from './import-run.types.js';
import { LittoralErrorFilter, PageArgs, toConnection, toPageRequest, selectsField } from '@littoral/graphql';

@Resolver()
@UseFilters(LittoralErrorFilter)
export class ImportsResolver {
  constructor(
    private readonly reader: ImportsReader,
    private readonly datasets: DatasetsService,
  ) {}

  @RequireRoles('admin', 'operator', 'auditor')
  @Query(() => ImportRunConnection, { description: 'Import history, newest first; DATASET_NOT_FOUND for an unknown datasetId' })
  async imports(
    @Args('datasetId', { type: () => String, nullable: true, description: 'Only this dataset (all datasets when omitted)' }) datasetId: string | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImportRunConnection> {
    const page = toPageRequest(pageArgs, 'uuid');
    if (datasetId != null) await this.datasets.get(datasetId);
    const found = await this.reader.imports(datasetId ?? undefined, page, selectsField(info, 'totalCount'));
    return toConnection(found, (r) => r.id, (r) => toImportRunObject(toImportSummary(r)));
  }
}
