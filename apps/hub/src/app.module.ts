import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Authenticator, hardenedGraphqlFactory } from '@littoral/auth';
import type { HubConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NatsLink, type NatsLogin } from '@littoral/messaging';
import { HubAuthModule } from './auth/hub-auth.module.js';
import { loadHubAuthConfig } from './auth/hub-auth.config.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { Clock } from './common/clock.js';
import { HUB_CONFIG, HUB_LOGGER } from './common/tokens.js';
import { hubDataSourceOptions } from './database/data-source.js';
import { formatGraphqlError } from '@littoral/graphql';
import { HealthController } from './health/health.controller.js';
import { MembersModule } from './members/members.module.js';
import { SecurityModule } from './security/security.module.js';
import { HubAuditModule } from './audit/audit.module.js';
import { FederationModule } from './federation/federation.module.js';
import { ConsoleModule } from './console/console.module.js';

/**
 * The regional hub: its database (schema by migrations only), its NATS link,
 * the member registry, the catalogue consumer and the GraphQL API for
 * analysts, administrators and auditors (authenticated, deny by default).
 */
@Module({})
export class HubAppModule implements OnApplicationShutdown {
  constructor(private readonly nats: NatsLink) {}

  /** `env` supplies the settings of modules with their own schema (GraphQL authentication) and NODE_ENV. */
  static forRoot(config: HubConfig, logger: Logger, env: Readonly<Record<string, string | undefined>> = process.env, natsLogin: NatsLogin = {}): DynamicModule {
    return {
      module: HubAppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({ useFactory: () => hubDataSourceOptions(config.DATABASE_URL) }),
        HubAuthModule.forRoot(loadHubAuthConfig(env)),
        // Hardened (docs/security.md): limits before execution, no suggestions outside development, introspection with a token.
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [Authenticator],
          useFactory: hardenedGraphqlFactory({ development: env.NODE_ENV === 'development', formatError: formatGraphqlError }),
        }),
        SecurityModule,
        MembersModule,
        CatalogueModule,
        HubAuditModule.forRoot(config, env),
        FederationModule.forRoot(config, env),
        ConsoleModule.forRoot(env),
      ],
      controllers: [HealthController],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        { provide: HUB_LOGGER, useValue: logger },
        Clock,
        {
          provide: NatsLink,
          useFactory: () => {
            const link = new NatsLink(config.NATS_URL, 'littoral-hub', logger, natsLogin);
            link.open();
            return link;
          },
        },
      ],
      exports: [HUB_CONFIG, HUB_LOGGER, Clock, NatsLink],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.nats.close();
  }
}
