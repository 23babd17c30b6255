import type { DataSource } from 'typeorm';
import { loadConfig, memberCountry, nodeSchema, type VarSpec } from '@littoral/config';
import { NodeKeys } from '../keys/node-keys.js';
import { catalogueSchema, streamNames } from './catalogue.config.js';
import { CatalogueService, type WithdrawResult } from './catalogue.service.js';

// What `littoral dataset withdraw` needs: the node's database and, when this
// shell has it, the key file, so the tombstone is signed at once. Without it
// the dataset is only marked withdrawn; the node signs the tombstone on its next
// sweep (or at start-up) and publishes it.

const cliCatalogueSchema = {
  LITTORAL_MEMBERS: nodeSchema.LITTORAL_MEMBERS,
  LITTORAL_COUNTRY: { ...memberCountry(), fallback: () => null } as VarSpec<string | null>,
  LITTORAL_KEY_FILE: nodeSchema.LITTORAL_KEY_FILE,
  LITTORAL_NODE_ID: nodeSchema.LITTORAL_NODE_ID,
  LITTORAL_PUBLIC_URL: nodeSchema.LITTORAL_PUBLIC_URL,
  ...catalogueSchema,
};

/** The catalogue service as the CLI runs it (no Nest, no NATS): it writes the outbox; the node publishes. */
export async function openCatalogueForCli(db: DataSource, env: Readonly<Record<string, string | undefined>>): Promise<CatalogueService> {
  const config = loadConfig(cliCatalogueSchema, env);
  const keys = await NodeKeys.load(config.LITTORAL_KEY_FILE, config.LITTORAL_COUNTRY);
  // Without keys nothing is signed, so the country is only informative.
  const country = keys.country ?? config.LITTORAL_COUNTRY ?? 'ZZ';
  return new CatalogueService(db, { country, nodeId: config.LITTORAL_NODE_ID, nodeBaseUrl: config.LITTORAL_PUBLIC_URL }, keys, { names: streamNames(config) });
}

/** `littoral dataset withdraw <id>`. */
export async function withdrawDataset(db: DataSource, datasetId: string, env: Readonly<Record<string, string | undefined>>): Promise<WithdrawResult> {
  return (await openCatalogueForCli(db, env)).withdraw(datasetId);
}
