/** Public surface of the node app, used by the CLI and the end-to-end tests. */
export { startNode, type StartedNode } from './main.js';
export { migrateNodeDatabase, nodeDataSourceOptions } from './database/data-source.js';
export { DatasetsService } from './datasets/datasets.service.js';
export { parseBbox } from './datasets/dataset-validation.js';
export { ImportService } from './ingest/import.service.js';
export type { ImportRequest, ImportProgress } from './ingest/import-options.js';
export { CatalogueService, type CatalogueIdentity, type RefreshResult, type RefreshFailure, type WithdrawResult } from './catalogue/catalogue.service.js';
export { CataloguePublisher, type PublishResult } from './catalogue/catalogue-publisher.js';
export { withdrawDataset, openCatalogueForCli } from './catalogue/catalogue-cli.js';
export { loadCatalogueConfig, streamNames } from './catalogue/catalogue.config.js';
export { ACCESS_SUMMARY_PROVIDER, type AccessSummaryProvider } from './catalogue/access-summary.js';
export { readDatasetStats } from './catalogue/dataset-stats.js';
export { NodeKeys } from './keys/node-keys.js';
export { GrantsService, openGrantsForCli, cliActor, type CurrentGrant, type GrantVersion, type ExplainResult } from './grants/index.js';
