import { resolveCatalogueStream, type CatalogueStreamNames } from '@littoral/messaging';
import type { HubConfig } from '@littoral/config';

/** Stream and subject prefix from the hub's settings, derived exactly as a node derives them. */
export function hubStreamNames(config: Pick<HubConfig, 'LITTORAL_STREAM_PREFIX' | 'LITTORAL_CATALOGUE_STREAM'>): CatalogueStreamNames {
  return resolveCatalogueStream(config.LITTORAL_STREAM_PREFIX, config.LITTORAL_CATALOGUE_STREAM);
}
