import { DataSource } from 'typeorm';
import { databaseSchema, loadConfig } from '@littoral/config';
import type { Io } from './output.js';
import { loadNodeApp, type NodeApp } from './apps.js';

/**
 * Opens the node database named by DATABASE_URL (validated first), runs `fn`
 * and always closes the connection. No Nest application is booted.
 */
export async function withNodeDatabase<T>(io: Io, fn: (db: DataSource, node: NodeApp) => Promise<T>): Promise<T> {
  const { DATABASE_URL } = loadConfig(databaseSchema, io.env);
  const node = loadNodeApp();
  const db = new DataSource(node.nodeDataSourceOptions(DATABASE_URL));
  await db.initialize();
  try {
    return await fn(db, node);
  } finally {
    await db.destroy();
  }
}
