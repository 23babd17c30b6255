import './resolve-hook';
import { adminQuery, dropDatabase, TEMPLATE_DB, urlFor } from './db';

// Migrates one template database per run; every e2e test file clones it.
export default async function globalSetup(): Promise<void> {
  // Loaded after the resolve hook is in place.
  const { migrateNodeDatabase } = await import('../../apps/node/src/database/data-source.js');
  process.env.LITTORAL_TEST_TEMPLATE = TEMPLATE_DB;
  await dropDatabase(TEMPLATE_DB);
  await adminQuery(`CREATE DATABASE ${TEMPLATE_DB}`);
  await migrateNodeDatabase(urlFor(TEMPLATE_DB));
}
