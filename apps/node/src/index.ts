/** Public surface of the node app, used by the CLI and the end-to-end tests. */
export { startNode, type StartedNode } from './main.js';
export { migrateNodeDatabase, nodeDataSourceOptions } from './database/data-source.js';
export { DatasetsService } from './datasets/datasets.service.js';
export { parseBbox } from './datasets/dataset-validation.js';
export { ImportService } from './ingest/import.service.js';
export type { ImportRequest, ImportProgress } from './ingest/import-options.js';
