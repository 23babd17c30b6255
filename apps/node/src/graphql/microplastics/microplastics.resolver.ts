import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireRoles } from '../../auth/auth.decorators.js';
import { MicroplasticsReader } from './microplastics.reader.js';
import { toSampleFilter, toSampleObject, toSiteFilter, toSiteObject } from './microplastics.mapper.js';
import { SampleConnection, SampleFilterInput, SiteConnection, SiteFilterInput } from './microplastics.types.js';
import { LittoralErrorFilter, PageArgs, toConnection, toPageRequest, selectsField } from '@littoral/graphql';

@Resolver()
@UseFilters(LittoralErrorFilter)
export class MicroplasticsResolver {
  constructor(private readonly reader: MicroplasticsReader) {}

  @RequireRoles('admin', 'operator', 'analyst')
  @Query(() => SiteConnection, { description: 'Microplastics monitoring sites, by id' })
  async sites(
    @Args('filter', { type: () => SiteFilterInput, nullable: true }) filter: SiteFilterInput | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SiteConnection> {
    const page = toPageRequest(pageArgs, 'bigint');
    const found = await this.reader.sites(toSiteFilter(filter), page, selectsField(info, 'totalCount'));
    return toConnection(found, (s) => s.id, toSiteObject);
  }

  @RequireRoles('admin', 'operator', 'analyst')
  @Query(() => SampleConnection, { description: 'Microplastics samples with their particle counts and concentrations, by id' })
  async samples(
    @Args('filter', { type: () => SampleFilterInput, nullable: true }) filter: SampleFilterInput | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SampleConnection> {
    const page = toPageRequest(pageArgs, 'bigint');
    const found = await this.reader.samples(toSampleFilter(filter), page, selectsField(info, 'totalCount'));
    return toConnection(found, (r) => r.sample.id, toSampleObject);
  }
}
