import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Logger } from '@littoral/logging';
import { NODE_LOGGER } from '../common/tokens.js';
import type { AuthConfig } from './auth.config.js';
import { Authenticator } from './authenticator.js';
import { GraphqlAuthGuard } from './graphql-auth.guard.js';
import { RequesterResolver } from './requester.resolver.js';

/**
 * Authentication and role checks of the node's GraphQL API (docs/node-auth.md).
 * Registers GraphqlAuthGuard globally; needs NODE_LOGGER from the app module.
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      providers: [
        { provide: Authenticator, inject: [NODE_LOGGER], useFactory: (logger: Logger) => Authenticator.open(config, logger) },
        { provide: APP_GUARD, useClass: GraphqlAuthGuard },
        RequesterResolver,
      ],
      exports: [Authenticator],
    };
  }
}
