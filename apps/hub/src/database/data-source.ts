import { DataSource, type DataSourceOptions } from 'typeorm';
import { HUB_ENTITIES } from './entities/index.js';
import { HUB_MIGRATIONS } from './migrations/index.js';

/** TypeORM options for the hub database. Schema comes only from migrations, never `synchronize`. */
export function hubDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: HUB_ENTITIES,
    migrations: HUB_MIGRATIONS,
    migrationsTableName: 'littoral_hub_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'littoral-hub',
  };
}

export interface MigrationReport {
  applied: string[];
}

/** Applies pending hub migrations to the database at `url` (one transaction each) and reports what ran. */
export async function migrateHubDatabase(url: string): Promise<MigrationReport> {
  const ds = new DataSource(hubDataSourceOptions(url));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return { applied: ran.map((m) => m.name) };
  } finally {
    await ds.destroy();
  }
}
