import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NodeConfig } from '@littoral/config';
import { AuditLog, AuditorReads, latestStreamCheckpointSeq, recordRefusals, typeOrmAuditDatabase } from '@littoral/audit';
import { Authenticator } from '@littoral/auth';
import { NatsLink, resolveAuditStream } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import { NODE_LOGGER } from '../common/tokens.js';
import { NodeKeys } from '../keys/node-keys.js';
import { AuditCheckpointer, type CheckpointerOptions } from './audit-checkpointer.js';
import { QUERY_AUDIT_SINK } from '../query-responder/query-audit.js';
import { NodeQueryAuditSink } from './query-audit-sink.js';

/**
 * The node's audit log (docs/audit.md): an injectable AuditLog over the node
 * database, the checkpointer that signs and publishes its head, the auditors'
 * reads (AuditorReads, for the auditor GraphQL API), and login.refused
 * entries for GraphQL requests the guard refuses. Needs the global
 * DataSource, NatsLink, NODE_LOGGER, NodeKeys and Authenticator. Without a key
 * file entries are still written, but no checkpoint is signed.
 */
@Module({})
export class AuditModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(AuditCheckpointer) private readonly checkpointer: AuditCheckpointer,
    @Inject(AuditLog) private readonly log: AuditLog,
    @Inject(Authenticator) private readonly auth: Authenticator,
    @Inject(NODE_LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(config: NodeConfig, streamPrefix: string, options: CheckpointerOptions = {}): DynamicModule {
    const names = resolveAuditStream(streamPrefix);
    return {
      module: AuditModule,
      global: true,
      providers: [
        { provide: AuditLog, inject: [DataSource], useFactory: (db: DataSource) => new AuditLog(typeOrmAuditDatabase(db)) },
        {
          provide: AuditCheckpointer,
          inject: [AuditLog, DataSource, NodeKeys, NatsLink, NODE_LOGGER],
          useFactory: (log: AuditLog, db: DataSource, keys: NodeKeys, nats: NatsLink, logger: Logger) =>
            new AuditCheckpointer(log, db, config.LITTORAL_COUNTRY, () => (keys.present ? keys.active() : null), nats, names, {
              onError: (err) => logger.warn({ err: err.message }, 'audit checkpoint not signed or published; retrying at the next interval'),
              ...options,
            }),
        },
        {
          provide: AuditorReads,
          inject: [AuditLog, DataSource, NodeKeys, NatsLink],
          useFactory: (log: AuditLog, db: DataSource, keys: NodeKeys, nats: NatsLink) =>
            new AuditorReads({
              db,
              log,
              origin: config.LITTORAL_COUNTRY,
              trusted: () => (keys.jwks()?.keys ?? []).filter((k) => typeof k.kid === 'string').map((jwk) => ({ kid: jwk.kid as string, jwk })),
              witnessedSeq: () => latestStreamCheckpointSeq(nats.connection(), names, config.LITTORAL_COUNTRY),
            }),
        },
        { provide: QUERY_AUDIT_SINK, inject: [AuditLog, DataSource], useFactory: (log: AuditLog, db: DataSource) => new NodeQueryAuditSink(log, db) },
      ],
      exports: [AuditLog, AuditCheckpointer, AuditorReads, QUERY_AUDIT_SINK],
    };
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = recordRefusals(this.auth, this.log, (err) =>
      this.logger.error({ err: { name: err.name, message: err.message } }, 'a refused GraphQL request could not be recorded in the audit log'));
    this.checkpointer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.checkpointer.stop();
  }
}
