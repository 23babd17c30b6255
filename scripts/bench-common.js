'use strict';
// Helpers shared by the benchmark scripts: command-line options and the
// Postgres server they create (and drop) their own databases on.
const { Client } = require('pg');

/** Value of `--name <value>` on the command line, or `def`. */
function arg(name, def) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
}

/** The server the benchmarks use (BENCH_PG_URL, default the local Postgres). */
const PG_SERVER = process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** URL of database `name` on that server. */
function dbUrl(name) {
  const u = new URL(PG_SERVER);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement (CREATE/DROP DATABASE …) on the server's maintenance database. */
async function admin(sql) {
  const c = new Client({ connectionString: PG_SERVER });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Prints one machine-readable line, `BENCH_RESULT {"bench":…,…}`, read by
 * scripts/bench.js (npm run bench) to write docs/benchmarks.md.
 */
function result(bench, figures) {
  console.log(`BENCH_RESULT ${JSON.stringify({ bench, ...figures })}`);
}

module.exports = { arg, PG_SERVER, dbUrl, admin, result };
