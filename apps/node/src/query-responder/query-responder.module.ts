import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { openKeySet, TokenVerifier } from '@littoral/auth';
import type { NodeConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { NODE_LOGGER } from '../common/tokens.js';
import { GrantsService } from '../grants/index.js';
import { NodeKeys } from '../keys/node-keys.js';
import { loadAuthConfig } from '../auth/auth.config.js';
import { HubTrust } from './hub-trust.js';
import { QueryAnswerer } from './query-answerer.js';
import { NO_QUERY_AUDIT, QUERY_AUDIT_SINK, type QueryAuditSink } from './query-audit.js';
import { loadQueryResponderConfig, type QueryResponderConfig } from './query-responder.config.js';
import { QueryResponder } from './query-responder.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Opens what the answerer trusts: the hub's keys and the requester-token verifier. Logs what is missing (deny by default). */
async function openAnswerer(db: DataSource, keys: NodeKeys, node: NodeConfig, config: QueryResponderConfig, env: Env, logger: Logger, audit: QueryAuditSink | null): Promise<QueryAnswerer> {
  const hub = config.LITTORAL_HUB_JWKS === null ? null : await HubTrust.open(config.LITTORAL_HUB_JWKS);
  if (hub === null) logger.warn('LITTORAL_HUB_JWKS is not set: this node refuses every federated query (it trusts no hub key)');
  const auth = loadAuthConfig(env);
  let tokens: TokenVerifier | null = null;
  if (auth.LITTORAL_AUTH_ISSUER !== null && auth.LITTORAL_AUTH_JWKS !== null) {
    const source = auth.LITTORAL_AUTH_JWKS;
    tokens = new TokenVerifier(await openKeySet(source), { issuer: auth.LITTORAL_AUTH_ISSUER, audience: config.LITTORAL_FEDERATION_AUDIENCE, service: 'node' }, (e) =>
      logger.error({ err: { name: e.name, message: e.message } }, 'issuer key set unavailable for a federated query'),
    );
  } else if (hub !== null) {
    logger.warn('LITTORAL_AUTH_ISSUER is not set: this node denies every federated query (it cannot verify requesters)');
  }
  if (!keys.present && hub !== null) logger.warn('LITTORAL_KEY_FILE is not set: this node cannot sign answers and refuses every federated query');
  if (hub !== null && tokens !== null && keys.present) {
    logger.info({ audience: config.LITTORAL_FEDERATION_AUDIENCE, hubKeys: config.LITTORAL_HUB_JWKS?.kind }, 'federated queries configured');
  }
  return new QueryAnswerer({
    db,
    grants: new GrantsService(db, { country: node.LITTORAL_COUNTRY }),
    keys,
    country: node.LITTORAL_COUNTRY,
    hub,
    tokens,
    audit: audit ?? NO_QUERY_AUDIT,
    logger,
  });
}

/**
 * Federated queries on the node (docs/federated-queries.md): the NATS
 * responder on `<prefix>.query.<CC>`. The audit log plugs in by providing
 * QUERY_AUDIT_SINK globally.
 */
@Module({})
export class QueryResponderModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(QueryResponder) private readonly responder: QueryResponder) {}

  static forRoot(node: NodeConfig, env: Env = process.env): DynamicModule {
    const config = loadQueryResponderConfig(env);
    return {
      module: QueryResponderModule,
      providers: [
        {
          provide: QueryAnswerer,
          inject: [DataSource, NodeKeys, NODE_LOGGER, { token: QUERY_AUDIT_SINK, optional: true }],
          useFactory: (db: DataSource, keys: NodeKeys, logger: Logger, audit?: QueryAuditSink) => openAnswerer(db, keys, node, config, env, logger, audit ?? null),
        },
        {
          provide: QueryResponder,
          inject: [NatsLink, QueryAnswerer, NODE_LOGGER],
          useFactory: (link: NatsLink, answerer: QueryAnswerer, logger: Logger) =>
            new QueryResponder(link, answerer, config.LITTORAL_STREAM_PREFIX, node.LITTORAL_COUNTRY, config.LITTORAL_QUERY_CONCURRENCY, logger),
        },
      ],
      exports: [QueryResponder],
    };
  }

  onApplicationBootstrap(): void {
    this.responder.start();
  }

  // Before NATS and the database close (application-shutdown hooks).
  async onModuleDestroy(): Promise<void> {
    await this.responder.stop();
  }
}

