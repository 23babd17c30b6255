import { Module, type DynamicModule } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '@littoral/audit';
import type { NodeConfig } from '@littoral/config';
import { NodeKeys } from '../keys/node-keys.js';
import { GrantsAccessSummary } from '../grants/grants-access-summary.js';
import { ACCESS_SUMMARY_PROVIDER, type AccessSummaryProvider } from './access-summary.js';
import { streamNames, type CatalogueConfig } from './catalogue.config.js';
import { CatalogueHealth } from './catalogue-health.js';
import { CataloguePublisher } from './catalogue-publisher.js';
import { CATALOGUE_LOOP, CatalogueRunner } from './catalogue-runner.js';
import { CatalogueService } from './catalogue.service.js';
import { OutboxBell } from './outbox-bell.js';

/**
 * The node's signed catalogue: entries and tombstones through the outbox to
 * JetStream. Needs the global NatsLink, DataSource, NODE_LOGGER and NodeKeys
 * (KeysModule). Issue 4 replaces ACCESS_SUMMARY_PROVIDER with the grants'.
 */
@Module({})
export class CatalogueModule {
  static forRoot(config: NodeConfig, settings: CatalogueConfig): DynamicModule {
    const names = streamNames(settings);
    const identity = { country: config.LITTORAL_COUNTRY, nodeId: config.LITTORAL_NODE_ID, nodeBaseUrl: config.LITTORAL_PUBLIC_URL };
    return {
      module: CatalogueModule,
      providers: [
        OutboxBell,
        { provide: ACCESS_SUMMARY_PROVIDER, useClass: GrantsAccessSummary },
        {
          provide: CatalogueService,
          inject: [DataSource, NodeKeys, ACCESS_SUMMARY_PROVIDER, OutboxBell, AuditLog],
          useFactory: (db: DataSource, keys: NodeKeys, access: AccessSummaryProvider, bell: OutboxBell, audit: AuditLog) =>
            new CatalogueService(db, identity, keys, { names, access, audit, onEnqueued: () => bell.ring() }),
        },
        { provide: CataloguePublisher, inject: [DataSource], useFactory: (db: DataSource) => new CataloguePublisher(db, names) },
        { provide: CATALOGUE_LOOP, useValue: { pollMs: settings.LITTORAL_CATALOGUE_POLL_MS } },
        CatalogueRunner,
        CatalogueHealth,
      ],
      exports: [CatalogueService, CatalogueHealth],
    };
  }
}
