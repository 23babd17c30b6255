import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Server the tests use: the machine's real Postgres (override with TEST_PG_URL). */
export const PG_SERVER_URL = process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** Migrated once per run by the global setup; each test file clones it. */
export const TEMPLATE_DB = process.env.LITTORAL_TEST_TEMPLATE ?? `littoral_test_tpl_${process.pid}`;

export function urlFor(database: string): string {
  const u = new URL(PG_SERVER_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

function assertTestName(name: string): void {
  // Never touch a database whose name does not say it is a test database.
  if (!/^littoral_test_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to touch non-test database "${name}"`);
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG_SERVER_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(label = 'db'): Promise<TestDatabase> {
  const name = `littoral_test_${label.replace(/[^a-z0-9]/g, '_')}_${randomBytes(4).toString('hex')}`;
  assertTestName(name);
  assertTestName(TEMPLATE_DB);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  return {
    name,
    url: urlFor(name),
    drop: () => dropDatabase(name),
  };
}

export async function dropDatabase(name: string): Promise<void> {
  assertTestName(name);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** An empty (unmigrated) test database. */
export async function createEmptyDatabase(label = 'empty'): Promise<TestDatabase> {
  const name = `littoral_test_${label}_${randomBytes(4).toString('hex')}`;
  assertTestName(name);
  await adminQuery(`CREATE DATABASE ${name}`);
  return { name, url: urlFor(name), drop: () => dropDatabase(name) };
}
