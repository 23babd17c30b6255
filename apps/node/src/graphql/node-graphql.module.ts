import { Module } from '@nestjs/common';
import { DatasetsResolver } from './datasets/datasets.resolver.js';
import { MicroplasticsReader } from './microplastics/microplastics.reader.js';
import { MicroplasticsResolver } from './microplastics/microplastics.resolver.js';
import { BeachLitterReader } from './beach-litter/beach-litter.reader.js';
import { BeachLitterResolver } from './beach-litter/beach-litter.resolver.js';
import { OccurrencesReader } from './occurrences/occurrences.reader.js';
import { OccurrencesResolver } from './occurrences/occurrences.resolver.js';
import { ImportsReader } from './imports/imports.reader.js';
import { ImportsResolver } from './imports/imports.resolver.js';
import { GrantsGraphqlModule } from './grants/grants-graphql.module.js';
import { AuditResolver } from './audit/audit.resolver.js';
import { AuditExportResolver } from './audit/audit-export.resolver.js';

/**
 * The node's staff GraphQL API: dataset metadata (through DatasetsService,
 * provided globally by the app module) and paged reads of stored records.
 * Errors are mapped to `extensions.code` by formatGraphqlError (@littoral/graphql).
 */
@Module({
  imports: [GrantsGraphqlModule],
  providers: [
    DatasetsResolver,
    MicroplasticsReader, MicroplasticsResolver,
    BeachLitterReader, BeachLitterResolver,
    OccurrencesReader, OccurrencesResolver,
    ImportsReader, ImportsResolver,
    AuditResolver,
    AuditExportResolver,
  ],
})
export class NodeGraphqlModule {}
