import { migrateHubDatabase } from '../../apps/hub/src';
import { createEmptyDatabase, type TestDatabase } from './db';

/**
 * A migrated hub database of its own for one test file: an empty test
 * database (name starting with littoral_test_) brought up to date with the
 * hub's migrations, exactly as `littoral migrate --hub` does. The global
 * set-up's template holds the node schema, not the hub's, hence no clone.
 */
export async function createHubTestDatabase(label: string): Promise<TestDatabase> {
  const db = await createEmptyDatabase(label.replace(/[^a-z0-9]/g, '_'));
  try {
    await migrateHubDatabase(db.url);
  } catch (e) {
    await db.drop();
    throw e;
  }
  return db;
}
