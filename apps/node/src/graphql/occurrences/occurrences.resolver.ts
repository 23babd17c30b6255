import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireRoles } from '../../auth/auth.decorators.js';
import { OccurrencesReader } from './occurrences.reader.js';
import { toOccurrenceFilter, toOccurrenceObject } from './occurrences.mapper.js';
import { OccurrenceConnection, OccurrenceFilterInput } from './occurrences.types.js';
import { LittoralErrorFilter, PageArgs, toConnection, toPageRequest, selectsField } from '@littoral/graphql';

@Resolver()
@UseFilters(LittoralErrorFilter)
export class OccurrencesResolver {
  constructor(private readonly reader: OccurrencesReader) {}

  @RequireRoles('admin', 'operator', 'analyst')
  @Query(() => OccurrenceConnection, { description: 'Biodiversity occurrences, by id' })
  async occurrences(
    @Args('filter', { type: () => OccurrenceFilterInput, nullable: true }) filter: OccurrenceFilterInput | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OccurrenceConnection> {
    const page = toPageRequest(pageArgs, 'bigint');
    const found = await this.reader.occurrences(toOccurrenceFilter(filter), page, selectsField(info, 'totalCount'));
    return toConnection(found, (o) => o.id, toOccurrenceObject);
  }
}
