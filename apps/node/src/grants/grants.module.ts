import { Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditLog } from '@littoral/audit';
import type { NodeConfig } from '@littoral/config';
import type { Logger } from '@littoral/logging';
import { NODE_CONFIG, NODE_LOGGER } from '../common/tokens.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { GrantsService } from './grants.service.js';

/**
 * Sharing grants on the node. After a change commits, the node refreshes the
 * dataset's catalogue entry at once, so the new access summary is signed and
 * published without waiting for a sweep. CatalogueService is looked up in the
 * running application (CatalogueModule is configured by the app module).
 */
@Module({
  providers: [
    {
      provide: GrantsService,
      inject: [DataSource, NODE_CONFIG, NODE_LOGGER, ModuleRef, AuditLog],
      useFactory: (db: DataSource, config: NodeConfig, logger: Logger, refs: ModuleRef, audit: AuditLog) =>
        new GrantsService(db, {
          country: config.LITTORAL_COUNTRY,
          audit,
          afterCommit: async (datasetIds) => {
            const catalogue = refs.get(CatalogueService, { strict: false });
            for (const id of datasetIds) {
              try {
                await catalogue.refresh(id);
              } catch (err) {
                // The change is committed and the dataset is marked for the next sweep.
                logger.error({ err: { name: (err as Error).name, message: (err as Error).message }, datasetId: id }, 'catalogue refresh after a grant change failed; the next sweep retries');
              }
            }
          },
        }),
    },
  ],
  exports: [GrantsService],
})
export class GrantsModule {}
