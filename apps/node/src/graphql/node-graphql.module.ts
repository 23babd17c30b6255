import { Module } from '@nestjs/common';
import { DatasetsResolver } from './datasets.resolver.js';

/** Resolvers of the node's staff GraphQL API. */
@Module({ providers: [DatasetsResolver] })
export class NodeGraphqlModule {}
