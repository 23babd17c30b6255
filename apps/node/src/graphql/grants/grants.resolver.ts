import { UseFilters } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { LittoralError } from '@littoral/contracts';
import type { AccessLevel } from '@littoral/policy';
import { CurrentRequester, RequireRoles } from '../../auth/auth.decorators.js';
import type { Requester } from '../../auth/roles.js';
import { GrantsService } from '../../grants/grants.service.js';
import type { GrantActor } from '../../grants/grant-version.js';
import { toAccessExplanationObject, toGrantDraft, toGrantObject, toGrantVersionObject } from './grant.mapper.js';
import {
  AccessExplanationObject, AccessLevelEnum, ChangeGrantInput, CreateGrantInput, ExplainRequesterInput, GrantObject, GrantVersionObject,
} from './grant.types.js';
import { LittoralErrorFilter } from '@littoral/graphql';

const REASON = { type: () => String, description: 'Why (required, kept in the grant\'s history)' };

/** Who the history records: the verified token's claims. */
function actorOf(requester: Requester | null): GrantActor {
  // Every operation here requires a role, so the guard has verified a token.
  if (!requester) throw new LittoralError('UNAUTHENTICATED', 'A verified token is needed to change grants');
  return { subject: requester.subject, country: requester.country, organisation: requester.organisation, roles: [...requester.roles] };
}

/** Sharing grants: administrators only, every operation (docs/grants.md). */
@Resolver(() => GrantObject)
@UseFilters(LittoralErrorFilter)
export class GrantsResolver {
  constructor(private readonly service: GrantsService) {}

  @RequireRoles('admin')
  @Mutation(() => GrantObject, { description: 'Creates a grant (version 1). GRANT_INVALID lists every problem; DATASET_NOT_FOUND for an unknown dataset' })
  async createGrant(
    @Args('input', { type: () => CreateGrantInput }) input: CreateGrantInput,
    @Args('reason', REASON) reason: string,
    @CurrentRequester() requester: Requester | null,
  ): Promise<GrantObject> {
    const created = await this.service.create(toGrantDraft(input), reason, actorOf(requester));
    return toGrantObject(await this.service.get(created.grantId));
  }

  @RequireRoles('admin')
  @Mutation(() => GrantObject, { description: 'Replaces a grant with a new version. GRANT_VERSION_CONFLICT if expectedVersion is not the latest' })
  async changeGrant(
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int, description: 'The version you read; the change fails if someone changed the grant meanwhile' }) expectedVersion: number,
    @Args('input', { type: () => ChangeGrantInput }) input: ChangeGrantInput,
    @Args('reason', REASON) reason: string,
    @CurrentRequester() requester: Requester | null,
  ): Promise<GrantObject> {
    await this.service.change(id, expectedVersion, toGrantDraft(input), reason, actorOf(requester));
    return toGrantObject(await this.service.get(id));
  }

  @RequireRoles('admin')
  @Mutation(() => GrantObject, { description: 'Revokes a grant from now on (a new version with revokedAt); its history is kept' })
  async revokeGrant(
    @Args('id', { type: () => ID }) id: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
    @Args('reason', REASON) reason: string,
    @CurrentRequester() requester: Requester | null,
  ): Promise<GrantObject> {
    await this.service.revoke(id, expectedVersion, reason, actorOf(requester));
    return toGrantObject(await this.service.get(id));
  }

  @RequireRoles('admin')
  @Query(() => [GrantObject], { description: 'The latest version of each grant on a dataset, in order of creation' })
  async grants(
    @Args('datasetId', { type: () => String }) datasetId: string,
    @Args('includeRevoked', { type: () => Boolean, defaultValue: false }) includeRevoked: boolean,
  ): Promise<GrantObject[]> {
    return (await this.service.list(datasetId, { includeRevoked })).map(toGrantObject);
  }

  @RequireRoles('admin')
  @Query(() => GrantObject, { description: 'The latest version of one grant; GRANT_NOT_FOUND if unknown' })
  async grant(@Args('id', { type: () => ID }) id: string): Promise<GrantObject> {
    return toGrantObject(await this.service.get(id));
  }

  @RequireRoles('admin')
  @Query(() => [GrantVersionObject], { description: 'Every version of one grant, oldest first' })
  async grantHistory(@Args('grantId', { type: () => ID }) grantId: string): Promise<GrantVersionObject[]> {
    return (await this.service.history(grantId)).map(toGrantVersionObject);
  }

  @RequireRoles('admin')
  @Query(() => [GrantVersionObject], { description: 'Every version of every grant on a dataset, in the order they were made' })
  async datasetGrantHistory(@Args('datasetId', { type: () => String }) datasetId: string): Promise<GrantVersionObject[]> {
    return (await this.service.datasetHistory(datasetId)).map(toGrantVersionObject);
  }

  @RequireRoles('admin')
  @Query(() => Int, { description: 'The dataset\'s policy version: the highest sequence number of its grant versions, 0 when it has none' })
  async policyVersion(@Args('datasetId', { type: () => String }) datasetId: string): Promise<number> {
    return this.service.policyVersion(datasetId);
  }

  @RequireRoles('admin')
  @Query(() => AccessExplanationObject, { description: 'Runs the policy engine on the dataset\'s grants for this requester and purpose, now' })
  async explainAccess(
    @Args('datasetId', { type: () => String }) datasetId: string,
    @Args('requester', { type: () => ExplainRequesterInput }) requester: ExplainRequesterInput,
    @Args('purpose', { type: () => String }) purpose: string,
    @Args('level', { type: () => AccessLevelEnum, nullable: true, description: 'Default: the highest level available' }) level?: string | null,
    @Args('fields', { type: () => [String], nullable: true, description: 'Fields the request would read (checked against redactions)' }) fields?: string[] | null,
  ): Promise<AccessExplanationObject> {
    const result = await this.service.explain(datasetId, {
      country: requester.country,
      organisation: requester.organisation,
      roles: requester.roles,
      purpose,
      level: (level ?? null) as AccessLevel | null,
      fields: fields ?? [],
    });
    return toAccessExplanationObject(result);
  }
}
