import { UseFilters } from '@nestjs/common';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles, bearerToken, requesterOf } from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import { LittoralErrorFilter } from '@littoral/graphql';
import {
  BeachLitterFilterInput, BeachLitterGroupByInput, MicroplasticFilterInput, MicroplasticGroupByInput, SpeciesFilterInput, SpeciesGroupByInput,
} from './dto/federation-inputs.types.js';
import {
  BeachLitterSummaryResultObject, MicroplasticSummaryResultObject, OccurrencesPageObject, SamplesPageObject, SpeciesSummaryResultObject,
} from './dto/federation-results.types.js';
import { toBeachLitterRow, toManifest, toMicroplasticRow, toOccurrenceRecord, toPlain, toSampleRecord, toSpeciesRow } from './dto/federation.mapper.js';
import { FederatedQueryService, type FederatedRequester } from './federated-query.service.js';
import { FederatedRecordsService } from './federated-records.service.js';

interface GraphqlContext {
  req: { headers?: Record<string, string | string[] | undefined> };
}

const FIRST = { type: () => Int, nullable: true, description: 'Page size, 1 to 500 (default 100)' } as const;
const AFTER = { type: () => String, nullable: true, description: 'endCursor of the previous page (same filter, same analyst)' } as const;

const pageInput = (filter: object | null | undefined, first: number | null | undefined, after: string | null | undefined) => ({
  filter: toPlain(filter ?? {}),
  ...(first === null || first === undefined ? {} : { first }),
  ...(after === null || after === undefined ? {} : { after }),
});

const PURPOSE = { description: 'Why you ask (e.g. "regional report 2025"); nodes check it against their grants and record it' };

/** Cross-border summaries and record pages for analysts: each node answers under its own rules, the hub merges and reports who answered. */
@RequireRoles('analyst')
@Resolver()
@UseFilters(LittoralErrorFilter)
export class FederatedQueryResolver {
  constructor(
    private readonly service: FederatedQueryService,
    private readonly records: FederatedRecordsService,
  ) {}

  @Query(() => MicroplasticSummaryResultObject, { description: 'Microplastic samples, particles and concentrations across the network, grouped' })
  async microplasticSummary(
    @Args('purpose', PURPOSE) purpose: string,
    @Args('groupBy', { type: () => MicroplasticGroupByInput }) groupBy: MicroplasticGroupByInput,
    @Context() ctx: GraphqlContext,
    @Args('filter', { type: () => MicroplasticFilterInput, nullable: true }) filter?: MicroplasticFilterInput | null,
  ): Promise<MicroplasticSummaryResultObject> {
    const r = await this.service.summary('microplasticSummary', { filter: toPlain(filter ?? {}), groupBy: toPlain(groupBy) }, purpose, requesterFrom(ctx));
    return { correlationId: r.correlationId, complete: r.complete, rows: r.rows.map(toMicroplasticRow), manifest: toManifest(r.manifest) };
  }

  @Query(() => BeachLitterSummaryResultObject, { description: 'Beach-litter surveys, items, weights and densities across the network, grouped' })
  async beachLitterSummary(
    @Args('purpose', PURPOSE) purpose: string,
    @Args('groupBy', { type: () => BeachLitterGroupByInput }) groupBy: BeachLitterGroupByInput,
    @Context() ctx: GraphqlContext,
    @Args('filter', { type: () => BeachLitterFilterInput, nullable: true }) filter?: BeachLitterFilterInput | null,
  ): Promise<BeachLitterSummaryResultObject> {
    const r = await this.service.summary('beachLitterSummary', { filter: toPlain(filter ?? {}), groupBy: toPlain(groupBy) }, purpose, requesterFrom(ctx));
    return { correlationId: r.correlationId, complete: r.complete, rows: r.rows.map(toBeachLitterRow), manifest: toManifest(r.manifest) };
  }

  @Query(() => SpeciesSummaryResultObject, { description: 'Occurrences, individuals, richness and IUCN categories across the network, grouped' })
  async speciesSummary(
    @Args('purpose', PURPOSE) purpose: string,
    @Args('groupBy', { type: () => SpeciesGroupByInput }) groupBy: SpeciesGroupByInput,
    @Context() ctx: GraphqlContext,
    @Args('filter', { type: () => SpeciesFilterInput, nullable: true }) filter?: SpeciesFilterInput | null,
  ): Promise<SpeciesSummaryResultObject> {
    const r = await this.service.summary('speciesSummary', { filter: toPlain(filter ?? {}), groupBy: toPlain(groupBy) }, purpose, requesterFrom(ctx));
    return { correlationId: r.correlationId, complete: r.complete, rows: r.rows.map(toSpeciesRow), manifest: toManifest(r.manifest) };
  }

  @Query(() => OccurrencesPageObject, { description: 'Occurrence records where a node\'s grant allows RECORDS, generalised and redacted by that node; paged with an opaque cursor' })
  async occurrences(
    @Args('purpose', PURPOSE) purpose: string,
    @Context() ctx: GraphqlContext,
    @Args('filter', { type: () => SpeciesFilterInput, nullable: true }) filter?: SpeciesFilterInput | null,
    @Args('first', FIRST) first?: number | null,
    @Args('after', AFTER) after?: string | null,
  ): Promise<OccurrencesPageObject> {
    const r = await this.records.page('occurrences', pageInput(filter, first, after), purpose, requesterFrom(ctx));
    return { correlationId: r.correlationId, complete: r.complete, records: r.records.map(toOccurrenceRecord), pageInfo: { hasNextPage: r.hasNextPage, endCursor: r.endCursor }, manifest: toManifest(r.manifest) };
  }

  @Query(() => SamplesPageObject, { description: 'Microplastic sample records where a node\'s grant allows RECORDS, generalised and redacted by that node; paged with an opaque cursor' })
  async samples(
    @Args('purpose', PURPOSE) purpose: string,
    @Context() ctx: GraphqlContext,
    @Args('filter', { type: () => MicroplasticFilterInput, nullable: true }) filter?: MicroplasticFilterInput | null,
    @Args('first', FIRST) first?: number | null,
    @Args('after', AFTER) after?: string | null,
  ): Promise<SamplesPageObject> {
    const r = await this.records.page('samples', pageInput(filter, first, after), purpose, requesterFrom(ctx));
    return { correlationId: r.correlationId, complete: r.complete, records: r.records.map(toSampleRecord), pageInfo: { hasNextPage: r.hasNextPage, endCursor: r.endCursor }, manifest: toManifest(r.manifest) };
  }
}

/** The verified caller and the token it came from; nodes verify the token themselves. */
function requesterFrom(ctx: GraphqlContext): FederatedRequester {
  const requester = requesterOf(ctx.req);
  if (!requester) throw new LittoralError('INTERNAL', 'no verified requester for a guarded operation');
  if (requester.country === null) {
    throw new LittoralError('FORBIDDEN', 'Federated queries need a token with a country claim: nodes decide access by the requester\'s country', { reason: 'COUNTRY_CLAIM_MISSING' });
  }
  const header = ctx.req.headers?.authorization;
  const token = bearerToken(Array.isArray(header) ? header[0] : header, 'hub');
  return {
    claims: { subject: requester.subject, country: requester.country, ...(requester.organisation ? { organisation: requester.organisation } : {}), roles: [...requester.roles] },
    token,
  };
}
