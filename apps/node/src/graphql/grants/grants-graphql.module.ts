import { Module } from '@nestjs/common';
import { GrantsModule } from '../../grants/grants.module.js';
import { GrantsResolver } from './grants.resolver.js';

/** The administrators' grants API (all operations need the role admin). */
@Module({ imports: [GrantsModule], providers: [GrantsResolver] })
export class GrantsGraphqlModule {}
