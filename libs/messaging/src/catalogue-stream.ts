import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/**
 * Subjects and stream of the signed catalogue. Every node publishes its
 * catalogue entries and key announcements here; the hub reads them with one
 * durable consumer. Works on NATS 2.9 (one filter per consumer).
 */
export interface CatalogueStreamNames {
  /** JetStream stream name. */
  stream: string;
  /** Subject prefix, e.g. `littoral` → `littoral.catalog.TH.<dataset>`. */
  prefix: string;
}

export const DEFAULT_CATALOGUE_STREAM: CatalogueStreamNames = { stream: 'LITTORAL_CATALOG', prefix: 'littoral' };

/**
 * Stream and prefix from the settings nodes and the hub share: the default
 * stream for the default prefix, `<PREFIX>_CATALOG` for another prefix, unless
 * a stream is named explicitly.
 */
export function resolveCatalogueStream(prefix: string, stream: string | null): CatalogueStreamNames {
  const name = stream ?? (prefix === DEFAULT_CATALOGUE_STREAM.prefix ? DEFAULT_CATALOGUE_STREAM.stream : `${prefix.toUpperCase().replace(/-/g, '_')}_CATALOG`);
  return { stream: name, prefix };
}

/** Subject of one dataset's entries (also tombstones). */
export function catalogueSubject(names: CatalogueStreamNames, country: string, datasetId: string): string {
  return `${names.prefix}.catalog.${country}.${datasetId}`;
}

/** Subject of a country's key announcements. */
export function keySubject(names: CatalogueStreamNames, country: string): string {
  return `${names.prefix}.keys.${country}`;
}

/** Message id for JetStream de-duplication: one message per dataset version. */
export function catalogueMsgId(country: string, datasetId: string, version: number): string {
  return `${country}.${datasetId}.${version}`;
}

/**
 * Creates a stream unless one of that name exists (idempotent: nodes and the
 * hub call it at start-up, possibly at the same moment). An existing stream
 * is left as it is.
 */
export async function addStreamIfMissing(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (e) {
      // Another process created it first.
      if (!/already in use|exists/i.test((e as Error).message)) throw e;
    }
  }
}

/**
 * Creates the stream if it does not exist (idempotent; nodes and the hub both
 * call it). Keeps the last few messages per subject so a hub that was down
 * catches up from the stream, and a 2-minute de-duplication window.
 */
export async function ensureCatalogueStream(nc: NatsConnection, names: CatalogueStreamNames = DEFAULT_CATALOGUE_STREAM): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: names.stream,
    subjects: [`${names.prefix}.catalog.>`, `${names.prefix}.keys.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    max_msgs_per_subject: 10,
    duplicate_window: 120_000_000_000,
  };
  await addStreamIfMissing(jsm, config);
}
