import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HubConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { TrustStore } from '../catalogue/trust-store.js';
import { Clock } from '../common/clock.js';
import { HUB_LOGGER } from '../common/tokens.js';
import { loadHubFederationConfig } from './federation.config.js';
import { FederatedQueryResolver } from './federated-query.resolver.js';
import { FederatedQueryService } from './federated-query.service.js';
import { FederatedRecordsService } from './federated-records.service.js';
import { HUB_QUERY_AUDIT_SINK, NO_HUB_QUERY_AUDIT, type HubQueryAuditSink } from './hub-query-audit.js';
import { HubJwksController } from './hub-jwks.controller.js';
import { HubKeys } from './hub-keys.js';
import { NodeFanOut } from './node-fan-out.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Federated queries at the hub (docs/federated-queries.md): the hub's signing
 * key and /.well-known/jwks.json, the planner, the concurrent fan-out to the
 * nodes over NATS request/reply, the exact merge and the analysts' GraphQL.
 * The hub audit log plugs in by providing HUB_QUERY_AUDIT_SINK globally.
 */
@Module({})
export class FederationModule {
  static forRoot(hub: HubConfig, env: Env = process.env): DynamicModule {
    const config = loadHubFederationConfig(env);
    return {
      module: FederationModule,
      controllers: [HubJwksController],
      providers: [
        {
          provide: HubKeys,
          inject: [HUB_LOGGER],
          useFactory: async (logger: Logger) => {
            const keys = await HubKeys.load(config.LITTORAL_HUB_KEY_FILE);
            if (!keys.present) logger.warn('LITTORAL_HUB_KEY_FILE is not set: the hub cannot sign query envelopes, so federated queries ask no node');
            else if (keys.madeForCountry) {
              logger.warn({ country: keys.madeForCountry }, 'LITTORAL_HUB_KEY_FILE holds a key file made for a country; it works, but create the hub\'s own with `littoral keys generate --hub`');
            }
            return keys;
          },
        },
        {
          provide: NodeFanOut,
          inject: [DataSource, HubKeys, HUB_LOGGER, Clock],
          useFactory: (db: DataSource, keys: HubKeys, logger: Logger, clock: Clock) =>
            new NodeFanOut(db, keys, new TrustStore(), { prefix: hub.LITTORAL_STREAM_PREFIX, timeoutMs: config.HUB_QUERY_TIMEOUT_MS }, logger, () => clock.now()),
        },
        {
          provide: FederatedQueryService,
          inject: [DataSource, NatsLink, NodeFanOut, Clock, { token: HUB_QUERY_AUDIT_SINK, optional: true }],
          useFactory: (db: DataSource, link: NatsLink, fanOut: NodeFanOut, clock: Clock, audit?: HubQueryAuditSink) =>
            new FederatedQueryService(db, link, fanOut, audit ?? NO_HUB_QUERY_AUDIT, () => clock.now()),
        },
        {
          provide: FederatedRecordsService,
          inject: [DataSource, NatsLink, NodeFanOut, HubKeys, Clock, { token: HUB_QUERY_AUDIT_SINK, optional: true }],
          useFactory: (db: DataSource, link: NatsLink, fanOut: NodeFanOut, keys: HubKeys, clock: Clock, audit?: HubQueryAuditSink) =>
            new FederatedRecordsService(db, link, fanOut, keys, audit ?? NO_HUB_QUERY_AUDIT, () => clock.now()),
        },
        FederatedQueryResolver,
      ],
      exports: [HubKeys, FederatedQueryService, FederatedRecordsService],
    };
  }
}
