import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Authenticator, GraphqlAuthGuard } from '@littoral/auth';
import type { Logger } from '@littoral/logging';
import { NODE_LOGGER } from '../common/tokens.js';
import type { AuthConfig } from './auth.config.js';
import { RequesterResolver } from './requester.resolver.js';

/**
 * Authentication and role checks of the node's GraphQL API (docs/node-auth.md).
 * Registers GraphqlAuthGuard globally; needs NODE_LOGGER from the app module.
 * Global, so the GraphQL module's options can use the Authenticator
 * (introspection needs a token outside development).
 */
@Module({})
export class AuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        { provide: Authenticator, inject: [NODE_LOGGER], useFactory: (logger: Logger) => Authenticator.open(config, logger, 'node') },
        { provide: APP_GUARD, inject: [Authenticator], useFactory: (auth: Authenticator) => new GraphqlAuthGuard(auth) },
        RequesterResolver,
      ],
      exports: [Authenticator],
    };
  }
}
