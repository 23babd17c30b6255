import { DataSource, type DataSourceOptions } from 'typeorm';
import { NODE_MIGRATIONS } from './migrations/index.js';
import { NODE_ENTITIES } from './entities/index.js';

/** TypeORM options for a node database. Schema comes only from migrations, never `synchronize`. */
export function nodeDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: NODE_ENTITIES,
    migrations: NODE_MIGRATIONS,
    migrationsTableName: 'littoral_migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'littoral-node',
  };
}

export interface MigrationReport {
  applied: string[];
  pending: number;
}

/** Applies pending migrations to the database at `url` (in one transaction each) and reports what ran. */
export async function migrateNodeDatabase(url: string): Promise<MigrationReport> {
  const ds = new DataSource(nodeDataSourceOptions(url));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return { applied: ran.map((m) => m.name), pending: 0 };
  } finally {
    await ds.destroy();
  }
}
