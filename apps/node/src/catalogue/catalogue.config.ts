import { loadConfig, type ConfigOf, type Schema, type VarSpec } from '@littoral/config';
import { DEFAULT_CATALOGUE_STREAM, type CatalogueStreamNames } from '@littoral/messaging';

// The catalogue's own settings (one schema per module). The node's identity
// (country, node id, key file, public URL) comes from the node schema.

const SUBJECT_TOKEN = /^[A-Za-z0-9_-]{1,32}$/;
const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

const streamPrefix: VarSpec<string> = {
  description: `first token of the catalogue subjects, <prefix>.catalog.<CC>.<dataset> (default ${DEFAULT_CATALOGUE_STREAM.prefix}); the hub must use the same`,
  parse(raw) {
    if (!SUBJECT_TOKEN.test(raw)) throw new Error('expected one NATS subject token: letters, digits, _ or -, at most 32');
    return raw;
  },
  fallback: () => DEFAULT_CATALOGUE_STREAM.prefix,
};

const streamName: VarSpec<string | null> = {
  description: `JetStream stream holding the catalogue (default ${DEFAULT_CATALOGUE_STREAM.stream}, or <PREFIX>_CATALOG with another prefix); the hub must use the same`,
  parse(raw) {
    if (!STREAM_NAME.test(raw)) throw new Error('expected a stream name: letters, digits, _ or -, at most 64');
    return raw;
  },
  fallback: () => null,
};

const pollMs: VarSpec<number> = {
  description: 'how often (ms) the node looks for changed datasets and unpublished catalogue messages (default 2000)',
  parse(raw) {
    if (!/^\d+$/.test(raw) || Number(raw) < 100 || Number(raw) > 600_000) throw new Error('expected milliseconds between 100 and 600000');
    return Number(raw);
  },
  fallback: () => 2000,
};

export const catalogueSchema = {
  LITTORAL_STREAM_PREFIX: streamPrefix,
  LITTORAL_CATALOGUE_STREAM: streamName,
  LITTORAL_CATALOGUE_POLL_MS: pollMs,
} satisfies Schema;
export type CatalogueConfig = ConfigOf<typeof catalogueSchema>;

/** The catalogue's settings from the environment (CONFIG_INVALID lists every bad variable). */
export function loadCatalogueConfig(env: Readonly<Record<string, string | undefined>>): CatalogueConfig {
  return loadConfig(catalogueSchema, env);
}

/** Stream and subject prefix from the settings. */
export function streamNames(config: Pick<CatalogueConfig, 'LITTORAL_STREAM_PREFIX' | 'LITTORAL_CATALOGUE_STREAM'>): CatalogueStreamNames {
  const prefix = config.LITTORAL_STREAM_PREFIX;
  const stream = config.LITTORAL_CATALOGUE_STREAM ?? (prefix === DEFAULT_CATALOGUE_STREAM.prefix ? DEFAULT_CATALOGUE_STREAM.stream : `${prefix.toUpperCase().replace(/-/g, '_')}_CATALOG`);
  return { stream, prefix };
}
