import { Client } from 'pg';
import { redactUrl } from '@littoral/config';
import { DemoError } from './demo-error.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { tcpReachable } from './net-probe.js';
import type { PostgresServer } from './postgres-server.model.js';

export type { PostgresServer } from './postgres-server.model.js';

export interface PostgresChoice {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where an embedded cluster may keep its files (removed on stop). */
  readonly scratchDir: string;
  readonly note: (text: string) => void;
}

/**
 * DATABASE_URL when set; else the server on localhost:5432 when it answers and
 * lets us log in (PGUSER/PGPASSWORD, default user postgres); else an embedded
 * cluster from the optional `embedded-postgres` package.
 * `LITTORAL_DEMO_POSTGRES=embedded` skips the first two.
 */
export async function choosePostgres({ env, scratchDir, note }: PostgresChoice): Promise<PostgresServer> {
  const forced = env.LITTORAL_DEMO_POSTGRES?.trim().toLowerCase();
  if (forced && forced !== 'embedded' && forced !== 'auto') {
    throw new DemoError(`LITTORAL_DEMO_POSTGRES="${forced}" is not understood; use "embedded" (or leave it unset)`);
  }
  if (forced !== 'embedded') {
    if (env.DATABASE_URL) {
      const adminUrl = env.DATABASE_URL;
      await checkLogin(adminUrl).catch((e: Error) => {
        throw new DemoError(`cannot log in to the Postgres server of DATABASE_URL (${redactUrl(adminUrl)}): ${e.message}`);
      });
      return { kind: 'url', adminUrl, description: `the server of DATABASE_URL (${redactUrl(adminUrl)})`, stop: async () => undefined };
    }
    if (await tcpReachable('127.0.0.1', 5432)) {
      const adminUrl = localUrl(env);
      try {
        await checkLogin(adminUrl);
        return { kind: 'local', adminUrl, description: `the local server (${redactUrl(adminUrl)})`, stop: async () => undefined };
      } catch (e) {
        note(`Postgres on localhost:5432 refused us (${(e as Error).message}); set DATABASE_URL to use it. Trying an embedded Postgres.`);
      }
    } else {
      note('no Postgres on localhost:5432 and no DATABASE_URL; starting an embedded Postgres');
    }
  }
  return startEmbeddedPostgres(scratchDir);
}

function localUrl(env: Readonly<Record<string, string | undefined>>): string {
  const url = new URL('postgres://127.0.0.1:5432/postgres');
  url.username = env.PGUSER || 'postgres';
  if (env.PGPASSWORD) url.password = env.PGPASSWORD;
  return url.toString();
}

async function checkLogin(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs one statement on the server's admin connection. */
export async function adminQuery(server: PostgresServer, sql: string): Promise<void> {
  const client = new Client({ connectionString: server.adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL of `database` on the server. */
export function databaseUrl(server: PostgresServer, database: string): string {
  const url = new URL(server.adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Names of the demo's databases: `littoral_demo_<run>_<label>`, and nothing else is ever dropped. */
const DEMO_DATABASE = /^littoral_demo_[a-f0-9]{8}_[a-z]{2,8}$/;

/**
 * The databases this run created, on one server. Only names created by this
 * object are ever dropped; a name that does not look like a demo database is
 * refused outright.
 */
export class DemoDatabases {
  private readonly created: string[] = [];

  constructor(private readonly server: PostgresServer, private readonly runId: string) {}

  /** Creates `littoral_demo_<run>_<label>` and returns its URL. */
  async create(label: string): Promise<{ name: string; url: string }> {
    const name = `littoral_demo_${this.runId}_${label}`;
    if (!DEMO_DATABASE.test(name)) throw new Error(`refusing to create a database named ${name}`);
    try {
      await adminQuery(this.server, `CREATE DATABASE ${name}`);
    } catch (e) {
      const msg = (e as Error).message;
      throw new DemoError(`cannot create the database ${name} on ${this.server.description}: ${msg}${/permission/i.test(msg) ? ' (the demo needs a role allowed to CREATE DATABASE)' : ''}`);
    }
    this.created.push(name);
    return { name, url: databaseUrl(this.server, name) };
  }

  /** The names created so far. */
  names(): readonly string[] {
    return [...this.created];
  }

  /**
   * Drops exactly the databases this object created, all at once (each DROP
   * waits for a checkpoint), WITH (FORCE): an app may still hold a connection.
   */
  async dropAll(): Promise<string[]> {
    const names = this.created.filter((name) => DEMO_DATABASE.test(name));
    const results = await Promise.allSettled(names.map((name) => adminQuery(this.server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
    const dropped = names.filter((_, i) => results[i].status === 'fulfilled');
    this.created.splice(0, this.created.length, ...this.created.filter((name) => !dropped.includes(name)));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw new Error(`could not drop ${this.created.join(', ')}: ${(failed.reason as Error)?.message ?? failed.reason}`);
    return dropped;
  }
}
