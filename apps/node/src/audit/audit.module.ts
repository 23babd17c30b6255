import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NodeConfig } from '@littoral/config';
import { AuditLog, typeOrmAuditDatabase } from '@littoral/audit';
import { NatsLink, resolveAuditStream } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import { NODE_LOGGER } from '../common/tokens.js';
import { NodeKeys } from '../keys/node-keys.js';
import { AuditCheckpointer, type CheckpointerOptions } from './audit-checkpointer.js';

/**
 * The node's audit log (docs/audit.md): an injectable AuditLog over the node
 * database, and the checkpointer that signs and publishes its head. Needs the
 * global DataSource, NatsLink, NODE_LOGGER and NodeKeys. Without a key file
 * entries are still written, but no checkpoint is signed.
 */
@Module({})
export class AuditModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(AuditCheckpointer) private readonly checkpointer: AuditCheckpointer) {}

  static forRoot(config: NodeConfig, streamPrefix: string, options: CheckpointerOptions = {}): DynamicModule {
    return {
      module: AuditModule,
      global: true,
      providers: [
        { provide: AuditLog, inject: [DataSource], useFactory: (db: DataSource) => new AuditLog(typeOrmAuditDatabase(db)) },
        {
          provide: AuditCheckpointer,
          inject: [AuditLog, DataSource, NodeKeys, NatsLink, NODE_LOGGER],
          useFactory: (log: AuditLog, db: DataSource, keys: NodeKeys, nats: NatsLink, logger: Logger) =>
            new AuditCheckpointer(log, db, config.LITTORAL_COUNTRY, () => (keys.present ? keys.active() : null), nats, resolveAuditStream(streamPrefix), {
              onError: (err) => logger.warn({ err: err.message }, 'audit checkpoint not signed or published; retrying at the next interval'),
              ...options,
            }),
        },
      ],
      exports: [AuditLog, AuditCheckpointer],
    };
  }

  onApplicationBootstrap(): void {
    this.checkpointer.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpointer.stop();
  }
}
