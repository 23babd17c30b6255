import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { NodeConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NODE_CONFIG, NODE_LOGGER } from './common/tokens.js';
import { nodeDataSourceOptions } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { NatsLink, type NatsLogin } from '@littoral/messaging';
import { DatasetsService } from './datasets/datasets.service.js';
import { NodeGraphqlModule } from './graphql/node-graphql.module.js';
import { formatGraphqlError } from '@littoral/graphql';
import { KeysModule } from './keys/keys.module.js';
import { NodeKeys } from './keys/node-keys.js';
import { CatalogueModule } from './catalogue/catalogue.module.js';
import { loadCatalogueConfig } from './catalogue/catalogue.config.js';
import { AuthModule } from './auth/auth.module.js';
import { Authenticator } from './auth/authenticator.js';
import { loadAuthConfig } from './auth/auth.config.js';
import { AuditModule } from './audit/audit.module.js';
import { QueryResponderModule } from './query-responder/query-responder.module.js';
import { AuditResponderModule } from './audit-responder/audit-responder.module.js';
import { ConsoleModule } from './console/console.module.js';
import { hardenedGraphqlFactory } from '@littoral/auth';

/** The country node: its database, its NATS link, its staff GraphQL API and health. */
@Module({})
export class NodeAppModule implements OnApplicationShutdown {
  constructor(private readonly nats: NatsLink) {}

  async onApplicationShutdown(): Promise<void> {
    await this.nats.close();
  }

  /** `env` supplies the settings of modules with their own schema (the catalogue's stream names and poll interval, GraphQL authentication). */
  static forRoot(config: NodeConfig, logger: Logger, env: Readonly<Record<string, string | undefined>> = process.env, natsLogin: NatsLogin = {}): DynamicModule {
    const catalogue = loadCatalogueConfig(env);
    const auth = loadAuthConfig(env);
    return {
      module: NodeAppModule,
      imports: [
        TypeOrmModule.forRootAsync({ useFactory: () => nodeDataSourceOptions(config.DATABASE_URL) }),
        // Hardened (docs/security.md): limits before execution, no suggestions outside development, introspection with a token.
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [Authenticator],
          useFactory: hardenedGraphqlFactory({ development: env.NODE_ENV === 'development', formatError: formatGraphqlError }),
        }),
        AuthModule.forRoot(auth),
        NodeGraphqlModule,
        KeysModule.forRoot(config.LITTORAL_KEY_FILE, config.LITTORAL_COUNTRY),
        CatalogueModule.forRoot(config, catalogue),
        AuditModule.forRoot(config, catalogue.LITTORAL_STREAM_PREFIX),
        QueryResponderModule.forRoot(config, env),
        AuditResponderModule.forRoot(config, env),
        ConsoleModule.forRoot(config, env),
      ],
      controllers: [HealthController],
      providers: [
        { provide: NODE_CONFIG, useValue: config },
        { provide: NODE_LOGGER, useValue: logger },
        {
          provide: NatsLink,
          // After the key file and the issuer's key set file are read: a node that
          // cannot start (bad key file) must not leave a NATS connection retrying behind it.
          inject: [NodeKeys, Authenticator],
          useFactory: () => {
            const link = new NatsLink(config.NATS_URL, `littoral-node-${config.LITTORAL_COUNTRY}`, logger, natsLogin);
            link.open();
            return link;
          },
        },
        DatasetsService,
      ],
      exports: [NODE_CONFIG, NODE_LOGGER, DatasetsService, NatsLink],
      global: true,
    };
  }
}
