import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Authenticator, GraphqlAuthGuard, type AuthConfig } from '@littoral/auth';
import type { Logger } from '@littoral/logging';
import { HUB_LOGGER } from '../common/tokens.js';

/**
 * Authentication and role checks of the hub's GraphQL API (docs/hub.md,
 * docs/security.md): the same deny-by-default guard as the node's. Every
 * query and mutation declares @RequireRoles (or @PublicQuery); REST routes
 * (/health, /catalog.jsonld) are not guarded. Global, so the GraphQL module's
 * options can use the Authenticator.
 */
@Module({})
export class HubAuthModule {
  static forRoot(config: AuthConfig): DynamicModule {
    return {
      module: HubAuthModule,
      global: true,
      providers: [
        { provide: Authenticator, inject: [HUB_LOGGER], useFactory: (logger: Logger) => Authenticator.open(config, logger, 'hub') },
        { provide: APP_GUARD, inject: [Authenticator], useFactory: (auth: Authenticator) => new GraphqlAuthGuard(auth) },
      ],
      exports: [Authenticator],
    };
  }
}
