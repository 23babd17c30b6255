import type { Command } from 'commander';
import { databaseSchema, loadConfig, redactUrl } from '@littoral/config';
import { loadHubApp, loadNodeApp } from '../apps.js';
import { println, type Io } from '../output.js';

/** `littoral migrate [--hub]`: applies the node's (or the hub's) pending migrations to DATABASE_URL. */
export function registerMigrate(program: Command, io: Io): void {
  program
    .command('migrate')
    .description('apply pending node database migrations to DATABASE_URL (--hub: the hub\'s)')
    .option('--hub', 'migrate a hub database instead of a node database')
    .action(async (opts: { hub?: boolean }) => {
      const { DATABASE_URL } = loadConfig(databaseSchema, io.env);
      const report = opts.hub ? await loadHubApp().migrateHubDatabase(DATABASE_URL) : await loadNodeApp().migrateNodeDatabase(DATABASE_URL);
      const target = redactUrl(DATABASE_URL);
      const what = opts.hub ? 'Hub database' : 'Database';
      if (report.applied.length === 0) {
        println(io.out, `${what} ${target} is up to date: no pending migrations.`);
        return;
      }
      println(io.out, `Applied ${report.applied.length} migration${report.applied.length > 1 ? 's' : ''} to ${target}:`);
      for (const name of report.applied) println(io.out, `  ${name}`);
    });
}
