import { DEFAULT_CATALOGUE_STREAM, type CatalogueStreamNames } from '@littoral/messaging';
import type { HubConfig } from '@littoral/config';

/**
 * Stream and subject prefix from the hub's settings, derived exactly as the
 * node derives them (apps/node/src/catalogue/catalogue.config.ts): the default
 * stream for the default prefix, `<PREFIX>_CATALOG` otherwise.
 */
export function hubStreamNames(config: Pick<HubConfig, 'LITTORAL_STREAM_PREFIX' | 'LITTORAL_CATALOGUE_STREAM'>): CatalogueStreamNames {
  const prefix = config.LITTORAL_STREAM_PREFIX;
  const stream = config.LITTORAL_CATALOGUE_STREAM
    ?? (prefix === DEFAULT_CATALOGUE_STREAM.prefix ? DEFAULT_CATALOGUE_STREAM.stream : `${prefix.toUpperCase().replace(/-/g, '_')}_CATALOG`);
  return { stream, prefix };
}
