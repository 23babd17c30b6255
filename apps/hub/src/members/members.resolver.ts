import { UseFilters } from '@nestjs/common';
import { Args, GraphQLISODateTime, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequireRoles } from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import { Clock } from '../common/clock.js';
import { parseJsonText } from './jwks.js';
import { MembersService } from './members.service.js';
import { AddMemberInput, AddMemberKeyInput, MemberKeyObject, NetworkNodeObject } from './dto/member.types.js';
import { toMemberKeyObject, toNetworkNodeObject } from './dto/member.mapper.js';
import { LittoralErrorFilter } from '@littoral/graphql';

function checkDate(value: Date | null | undefined, argument: string): Date | null {
  if (value == null) return null;
  if (Number.isNaN(value.getTime())) throw new LittoralError('INPUT_INVALID', `${argument} is not a date-time; expected ISO 8601 such as 2025-03-31T00:00:00Z`, { argument });
  return value;
}

@Resolver(() => NetworkNodeObject)
@UseFilters(LittoralErrorFilter)
export class MembersResolver {
  constructor(
    private readonly members: MembersService,
    private readonly clock: Clock,
  ) {}

  @RequireRoles('analyst', 'admin', 'auditor')
  @Query(() => [NetworkNodeObject], { description: 'Members of the network with status, key ids, last seen and catalogue size' })
  async nodes(): Promise<NetworkNodeObject[]> {
    const now = this.clock.now();
    return (await this.members.list()).map((m) => toNetworkNodeObject(m, now));
  }

  // Administrator operations: the member registry is the hub's trust root.

  @Mutation(() => NetworkNodeObject, { description: 'Registers a member and its keys (administrators). Takes effect for the next message; no restart.' })
  @RequireRoles('admin')
  async addMember(@Args('input', { type: () => AddMemberInput }) input: AddMemberInput): Promise<NetworkNodeObject> {
    const jwks = parseJsonText(input.jwks, 'jwks');
    const member = await this.members.add({ country: input.country, nodeId: input.nodeId, displayName: input.displayName, jwks }, 'graphql');
    return toNetworkNodeObject(member, this.clock.now());
  }

  @Mutation(() => MemberKeyObject, { description: 'Trusts one more key of a member, optionally for a period (administrators)' })
  @RequireRoles('admin')
  async addMemberKey(@Args('input', { type: () => AddMemberKeyInput }) input: AddMemberKeyInput): Promise<MemberKeyObject> {
    const key = await this.members.addKey(
      { country: input.country, jwk: parseJsonText(input.jwk, 'jwk'), validFrom: checkDate(input.validFrom, 'validFrom'), validUntil: checkDate(input.validUntil, 'validUntil') },
      'graphql',
    );
    return toMemberKeyObject(key, this.clock.now());
  }

  @Mutation(() => NetworkNodeObject, { description: 'Revokes a member: its messages are refused and its datasets leave the catalogue (administrators)' })
  @RequireRoles('admin')
  async revokeMember(@Args('country', { type: () => String }) country: string): Promise<NetworkNodeObject> {
    return toNetworkNodeObject(await this.members.revoke(country, 'graphql'), this.clock.now());
  }

  @Mutation(() => MemberKeyObject, { description: 'Retires a key: messages received from `at` (default now) signed with it are refused; what it signed before stays verified (administrators)' })
  @RequireRoles('admin')
  async revokeKey(
    @Args('kid', { type: () => String }) kid: string,
    @Args('at', { type: () => GraphQLISODateTime, nullable: true }) at?: Date | null,
  ): Promise<MemberKeyObject> {
    return toMemberKeyObject(await this.members.revokeKey(kid, checkDate(at, 'at'), 'graphql'), this.clock.now());
  }

  @Mutation(() => MemberKeyObject, { description: 'Marks a key compromised from `from`: nothing it signed or that was received since then is trusted (administrators)' })
  @RequireRoles('admin')
  async markKeyCompromised(
    @Args('kid', { type: () => String }) kid: string,
    @Args('from', { type: () => GraphQLISODateTime }) from: Date,
  ): Promise<MemberKeyObject> {
    return toMemberKeyObject(await this.members.markKeyCompromised(kid, checkDate(from, 'from')!, 'graphql'), this.clock.now());
  }
}
