import { loadConfig, streamName, streamPrefix, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';
import { resolveCatalogueStream, type CatalogueStreamNames } from '@littoral/messaging';

// The catalogue's own settings (one schema per module). The node's identity
// (country, node id, key file, public URL) comes from the node schema.

const pollMs: VarSpec<number> = {
  description: 'how often (ms) the node looks for changed datasets and unpublished catalogue messages (default 2000)',
  parse(raw) {
    if (!/^\d+$/.test(raw) || Number(raw) < 100 || Number(raw) > 600_000) throw new Error('expected milliseconds between 100 and 600000');
    return Number(raw);
  },
  fallback: () => 2000,
};

export const catalogueSchema = {
  LITTORAL_STREAM_PREFIX: streamPrefix(),
  LITTORAL_CATALOGUE_STREAM: streamName(),
  LITTORAL_CATALOGUE_POLL_MS: pollMs,
} satisfies Schema;
export type CatalogueConfig = ConfigOf<typeof catalogueSchema>;

/** The catalogue's settings from the environment (CONFIG_INVALID lists every bad variable). */
export function loadCatalogueConfig(env: Readonly<Record<string, string | undefined>>): CatalogueConfig {
  return loadConfig(catalogueSchema, env);
}

/** Stream and subject prefix from the settings. */
export function streamNames(config: Pick<CatalogueConfig, 'LITTORAL_STREAM_PREFIX' | 'LITTORAL_CATALOGUE_STREAM'>): CatalogueStreamNames {
  return resolveCatalogueStream(config.LITTORAL_STREAM_PREFIX, config.LITTORAL_CATALOGUE_STREAM);
}
