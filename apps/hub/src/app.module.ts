import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { HubConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { Clock } from './common/clock.js';
import { HUB_CONFIG, HUB_LOGGER } from './common/tokens.js';
import { hubDataSourceOptions } from './database/data-source.js';
import { formatGraphqlError } from './graphql/graphql-errors.js';
import { HealthController } from './health/health.controller.js';
import { MembersModule } from './members/members.module.js';
import { SecurityModule } from './security/security.module.js';

/**
 * The regional hub: its database (schema by migrations only), its NATS link,
 * the member registry, the catalogue consumer and the analysts' GraphQL.
 */
@Module({})
export class HubAppModule implements OnApplicationShutdown {
  constructor(private readonly nats: NatsLink) {}

  static forRoot(config: HubConfig, logger: Logger): DynamicModule {
    return {
      module: HubAppModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({ useFactory: () => hubDataSourceOptions(config.DATABASE_URL) }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          introspection: true,
          formatError: formatGraphqlError,
        }),
        SecurityModule,
        MembersModule,
        CatalogueModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: HUB_CONFIG, useValue: config },
        { provide: HUB_LOGGER, useValue: logger },
        Clock,
        {
          provide: NatsLink,
          useFactory: () => {
            const link = new NatsLink(config.NATS_URL, 'littoral-hub', logger);
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
