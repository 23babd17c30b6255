import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditorReads } from '@littoral/audit';
import { openKeySet, TokenVerifier } from '@littoral/auth';
import type { NodeConfig } from '@littoral/config';
import { NonceCache } from '@littoral/federation';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { NODE_LOGGER } from '../common/tokens.js';
import { NodeKeys } from '../keys/node-keys.js';
import { loadAuthConfig } from '../auth/auth.config.js';
import { HubTrust } from '../query-responder/hub-trust.js';
import { loadQueryResponderConfig } from '../query-responder/query-responder.config.js';
import { loadAuditResponderConfig } from './audit-responder.config.js';
import { TraceAnswerer } from './trace-answerer.js';
import { TraceResponder } from './trace-responder.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Network audit traces on the node (docs/audit.md#tracing-across-the-network):
 * the NATS responder on `<prefix>.audit-trace.<CC>`. It trusts what federated
 * queries trust — the hub's keys (LITTORAL_HUB_JWKS) and the node's token
 * issuer with the hub's audience — and shows entries under
 * LITTORAL_TRACE_AUDITORS. Needs the global AuditorReads (AuditModule).
 */
@Module({})
export class AuditResponderModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(@Inject(TraceResponder) private readonly responder: TraceResponder) {}

  static forRoot(node: NodeConfig, env: Env = process.env): DynamicModule {
    const federation = loadQueryResponderConfig(env);
    const config = loadAuditResponderConfig(env);
    return {
      module: AuditResponderModule,
      providers: [
        {
          provide: TraceAnswerer,
          inject: [DataSource, AuditorReads, NodeKeys, NODE_LOGGER],
          useFactory: async (db: DataSource, reads: AuditorReads, keys: NodeKeys, logger: Logger) => {
            const hub = federation.LITTORAL_HUB_JWKS === null ? null : await HubTrust.open(federation.LITTORAL_HUB_JWKS);
            const auth = loadAuthConfig(env);
            const tokens = auth.LITTORAL_AUTH_ISSUER !== null && auth.LITTORAL_AUTH_JWKS !== null
              ? new TokenVerifier(await openKeySet(auth.LITTORAL_AUTH_JWKS), { issuer: auth.LITTORAL_AUTH_ISSUER, audience: federation.LITTORAL_FEDERATION_AUDIENCE, service: 'node' }, (e) =>
                logger.error({ err: { name: e.name, message: e.message } }, 'issuer key set unavailable for an audit trace'))
              : null;
            if (hub !== null) logger.info({ auditors: config.LITTORAL_TRACE_AUDITORS }, 'audit traces through the hub configured');
            return new TraceAnswerer({
              db, reads, keys, country: node.LITTORAL_COUNTRY, hub, tokens, scope: config.LITTORAL_TRACE_AUDITORS, nonces: new NonceCache(), logger,
            });
          },
        },
        {
          provide: TraceResponder,
          inject: [NatsLink, TraceAnswerer, NODE_LOGGER],
          useFactory: (link: NatsLink, answerer: TraceAnswerer, logger: Logger) => new TraceResponder(link, answerer, federation.LITTORAL_STREAM_PREFIX, node.LITTORAL_COUNTRY, logger),
        },
      ],
      exports: [TraceResponder],
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
