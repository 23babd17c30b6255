import { UseFilters } from '@nestjs/common';
import { Args, ID, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireRoles } from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import { CatalogueReader } from './catalogue.reader.js';
import { CatalogueDatasetConnection, CatalogueDatasetObject, DatasetFilterInput } from './dto/catalogue.types.js';
import { toCatalogueDatasetObject, toDatasetFilter } from './dto/catalogue.mapper.js';
import { LittoralErrorFilter, PageArgs, toConnection, toPageRequest, selectsField } from '@littoral/graphql';

/** The analysts' view of the regional catalogue (administrators see it too). */
@RequireRoles('analyst', 'admin')
@Resolver(() => CatalogueDatasetObject)
@UseFilters(LittoralErrorFilter)
export class CatalogueResolver {
  constructor(private readonly reader: CatalogueReader) {}

  @Query(() => CatalogueDatasetConnection, { description: 'Datasets of the regional catalogue, by identifier; withdrawn ones only with filter.includeWithdrawn' })
  async datasets(
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
    @Args('filter', { type: () => DatasetFilterInput, nullable: true }) filter?: DatasetFilterInput | null,
  ): Promise<CatalogueDatasetConnection> {
    const page = toPageRequest(pageArgs, 'text');
    const found = await this.reader.page(toDatasetFilter(filter), page, selectsField(info, 'totalCount'));
    return toConnection(found, (d) => d.identifier, toCatalogueDatasetObject);
  }

  @Query(() => CatalogueDatasetObject, { description: 'One dataset (withdrawn ones too, flagged); DATASET_NOT_FOUND if the hub holds no trusted entry for it' })
  async dataset(@Args('id', { type: () => ID, description: 'urn:littoral:dataset:<country>:<dataset id>' }) id: string): Promise<CatalogueDatasetObject> {
    const found = id.length <= 2048 ? await this.reader.get(id) : undefined;
    if (!found) throw new LittoralError('DATASET_NOT_FOUND', `No dataset ${id.slice(0, 200)} in the regional catalogue; identifiers look like urn:littoral:dataset:TH:th-gulf`, { id: id.slice(0, 200) });
    return toCatalogueDatasetObject(found);
  }
}
