import { Inject, Module, type DynamicModule, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { HubConfig } from '@littoral/config';
import { AuditCheckpointer, AuditLog, AuditorReads, HUB_ORIGIN, latestStreamCheckpointSeq, recordRefusals, typeOrmAuditDatabase } from '@littoral/audit';
import { Authenticator } from '@littoral/auth';
import type { Logger } from '@littoral/logging';
import { NatsLink, resolveAuditStream } from '@littoral/messaging';
import { Clock } from '../common/clock.js';
import { HUB_LOGGER } from '../common/tokens.js';
import { CheckpointWitness } from './checkpoint-witness.js';
import { HubAuditKeys, loadHubAuditConfig } from './hub-audit.config.js';
import { HubAuditResolver } from './hub-audit.resolver.js';
import { HubAuditExportResolver } from './hub-audit-export.resolver.js';
import { WitnessConsumer } from './witness-consumer.js';
import { HubTraceService } from './hub-trace.service.js';
import { TraceFanOut } from './trace-fan-out.js';
import { TrustStore } from '../catalogue/trust-store.js';
import { HUB_QUERY_AUDIT_SINK } from '../federation/hub-query-audit.js';
import { AuditLogQuerySink } from './hub-query-audit-sink.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The hub's audit log (docs/audit.md), global so every feature module records
 * in the same chain: the AuditLog over the hub database; the checkpointer
 * that signs the hub's head with LITTORAL_HUB_KEY_FILE and publishes it; the
 * witness consumer that verifies and stores every member's checkpoints; the
 * auditors' GraphQL API; login.refused entries for refused GraphQL requests.
 */
@Module({})
export class HubAuditModule implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(AuditCheckpointer) private readonly checkpointer: AuditCheckpointer,
    @Inject(WitnessConsumer) private readonly witness: WitnessConsumer,
    @Inject(AuditLog) private readonly log: AuditLog,
    @Inject(Authenticator) private readonly auth: Authenticator,
    @Inject(HUB_LOGGER) private readonly logger: Logger,
  ) {}

  static forRoot(hub: HubConfig, env: Env = process.env): DynamicModule {
    const config = loadHubAuditConfig(env);
    const names = resolveAuditStream(hub.LITTORAL_STREAM_PREFIX);
    return {
      module: HubAuditModule,
      global: true,
      providers: [
        { provide: AuditLog, inject: [DataSource], useFactory: (db: DataSource) => new AuditLog(typeOrmAuditDatabase(db)) },
        {
          provide: HubAuditKeys,
          inject: [HUB_LOGGER],
          useFactory: async (logger: Logger) => {
            const keys = await HubAuditKeys.load(config.LITTORAL_HUB_KEY_FILE);
            if (!keys.active()) logger.warn('LITTORAL_HUB_KEY_FILE is not set: the hub writes its audit log but signs no checkpoint of it');
            return keys;
          },
        },
        {
          provide: AuditCheckpointer,
          inject: [AuditLog, DataSource, HubAuditKeys, NatsLink, HUB_LOGGER],
          useFactory: (log: AuditLog, db: DataSource, keys: HubAuditKeys, nats: NatsLink, logger: Logger) =>
            new AuditCheckpointer(log, db, HUB_ORIGIN, () => keys.active(), nats, names, {
              everyEntries: config.LITTORAL_AUDIT_CHECKPOINT_ENTRIES,
              everyMs: config.LITTORAL_AUDIT_CHECKPOINT_MS,
              onError: (err) => logger.warn({ err: err.message }, 'hub audit checkpoint not signed or published; retrying at the next interval'),
            }),
        },
        {
          provide: WitnessConsumer,
          inject: [NatsLink, DataSource, AuditLog, Clock, HUB_LOGGER],
          useFactory: (link: NatsLink, db: DataSource, log: AuditLog, clock: Clock, logger: Logger) =>
            new WitnessConsumer(link, names, `${hub.HUB_CONSUMER_NAME}-audit`, new CheckpointWitness(db, log, { prefix: hub.LITTORAL_STREAM_PREFIX, networkMembers: hub.LITTORAL_MEMBERS }, () => clock.now()), logger),
        },
        {
          provide: AuditorReads,
          inject: [AuditLog, DataSource, HubAuditKeys, NatsLink],
          useFactory: (log: AuditLog, db: DataSource, keys: HubAuditKeys, nats: NatsLink) =>
            new AuditorReads({ db, log, origin: HUB_ORIGIN, trusted: () => keys.trusted(), witnessedSeq: () => latestStreamCheckpointSeq(nats.connection(), names, HUB_ORIGIN) }),
        },
        {
          provide: HubTraceService,
          inject: [DataSource, AuditorReads, NatsLink, HubAuditKeys, Clock, HUB_LOGGER],
          useFactory: (db: DataSource, reads: AuditorReads, nats: NatsLink, keys: HubAuditKeys, clock: Clock, logger: Logger) =>
            new HubTraceService(db, reads, nats, new TraceFanOut(db, () => keys.active(), new TrustStore(), { prefix: hub.LITTORAL_STREAM_PREFIX, timeoutMs: config.HUB_TRACE_TIMEOUT_MS }, logger, () => clock.now())),
        },
        HubAuditResolver,
        HubAuditExportResolver,
        { provide: HUB_QUERY_AUDIT_SINK, inject: [AuditLog], useFactory: (log: AuditLog) => new AuditLogQuerySink(log) },
      ],
      exports: [AuditLog, AuditCheckpointer, WitnessConsumer, AuditorReads, HUB_QUERY_AUDIT_SINK],
    };
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = recordRefusals(this.auth, this.log, (err) =>
      this.logger.error({ err: { name: err.name, message: err.message } }, 'a refused GraphQL request could not be recorded in the audit log'));
    this.checkpointer.start();
    this.witness.start();
  }

  // Before NATS and the database close (those are application-shutdown hooks).
  async onModuleDestroy(): Promise<void> {
    await this.witness.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.checkpointer.stop();
  }
}
