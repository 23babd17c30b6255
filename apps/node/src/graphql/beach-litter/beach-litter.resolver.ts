import { UseFilters } from '@nestjs/common';
import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequireRoles } from '../../auth/auth.decorators.js';
import { BeachLitterReader } from './beach-litter.reader.js';
import { toSurveyFilter, toSurveyObject } from './beach-litter.mapper.js';
import { SurveyConnection, SurveyFilterInput } from './beach-litter.types.js';
import { LittoralErrorFilter, PageArgs, toConnection, toPageRequest, selectsField } from '@littoral/graphql';

@Resolver()
@UseFilters(LittoralErrorFilter)
export class BeachLitterResolver {
  constructor(private readonly reader: BeachLitterReader) {}

  @RequireRoles('admin', 'operator', 'analyst')
  @Query(() => SurveyConnection, { description: 'Beach-litter surveys with beach area, team and item counts, by id' })
  async surveys(
    @Args('filter', { type: () => SurveyFilterInput, nullable: true }) filter: SurveyFilterInput | null,
    @Args() pageArgs: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SurveyConnection> {
    const page = toPageRequest(pageArgs, 'bigint');
    const found = await this.reader.surveys(toSurveyFilter(filter), page, selectsField(info, 'totalCount'));
    return toConnection(found, (r) => r.survey.id, toSurveyObject);
  }
}
