import { UseFilters } from '@nestjs/common';
import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles, bearerToken, requesterOf } from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import { LittoralErrorFilter } from '@littoral/graphql';
import {
  BeachLitterFilterInput, BeachLitterGroupByInput, MicroplasticFilterInput, MicroplasticGroupByInput, SpeciesFilterInput, SpeciesGroupByInput,
} from './dto/federation-inputs.types.js';
import { BeachLitterSummaryResultObject, MicroplasticSummaryResultObject, SpeciesSummaryResultObject } from './dto/federation-results.types.js';
import { toBeachLitterRow, toManifest, toMicroplasticRow, toPlain, toSpeciesRow } from './dto/federation.mapper.js';
import { FederatedQueryService, type FederatedRequester } from './federated-query.service.js';

interface GraphqlContext {
  req: { headers?: Record<string, string | string[] | undefined> };
}

const PURPOSE = { description: 'Why you ask (e.g. "regional report 2025"); nodes check it against their grants and record it' };

/** Cross-border summaries for analysts: each node computes under its own rules, the hub merges and reports who answered. */
@RequireRoles('analyst')
@Resolver()
@UseFilters(LittoralErrorFilter)
export class FederatedQueryResolver {
  constructor(private readonly service: FederatedQueryService) {}

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
