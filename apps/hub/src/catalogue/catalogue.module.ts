import { Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@littoral/audit';
import type { HubConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { Clock } from '../common/clock.js';
import { HUB_CONFIG, HUB_LOGGER } from '../common/tokens.js';
import { CatalogJsonLdController } from './catalog-jsonld.controller.js';
import { CatalogueConsumer } from './catalogue-consumer.js';
import { CatalogueIngestService } from './catalogue-ingest.service.js';
import { hubStreamNames } from './catalogue-stream-names.js';
import { CatalogueReader } from './catalogue.reader.js';
import { CatalogueResolver } from './catalogue.resolver.js';

/** The regional catalogue: the durable consumer that fills it, and the analysts' reads of it. */
@Module({
  providers: [
    {
      provide: CatalogueIngestService,
      inject: [DataSource, HUB_CONFIG, Clock, AuditLog],
      useFactory: (db: DataSource, config: HubConfig, clock: Clock, audit: AuditLog) =>
        new CatalogueIngestService(db, { prefix: config.LITTORAL_STREAM_PREFIX, maxBytes: config.HUB_MAX_MESSAGE_BYTES, networkMembers: config.LITTORAL_MEMBERS }, () => clock.now(), audit),
    },
    {
      provide: CatalogueConsumer,
      inject: [NatsLink, HUB_CONFIG, CatalogueIngestService, HUB_LOGGER],
      useFactory: (link: NatsLink, config: HubConfig, ingest: CatalogueIngestService, logger: Logger) =>
        new CatalogueConsumer(link, hubStreamNames(config), config.HUB_CONSUMER_NAME, ingest, logger),
    },
    CatalogueReader,
    CatalogueResolver,
  ],
  controllers: [CatalogJsonLdController],
  exports: [CatalogueConsumer, CatalogueReader],
})
export class CatalogueModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly consumer: CatalogueConsumer) {}

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  // Before NATS and the database close (those are application-shutdown hooks).
  async onModuleDestroy(): Promise<void> {
    await this.consumer.stop();
  }
}
