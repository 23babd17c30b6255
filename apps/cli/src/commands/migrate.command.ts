import type { Command } from 'commander';
import { databaseSchema, loadConfig, redactUrl } from '@littoral/config';
import { loadNodeApp } from '../apps.js';
import { println, type Io } from '../output.js';

/** `littoral migrate`: applies the node's pending migrations to DATABASE_URL. */
export function registerMigrate(program: Command, io: Io): void {
  program
    .command('migrate')
    .description('apply pending node database migrations to DATABASE_URL')
    .action(async () => {
      const { DATABASE_URL } = loadConfig(databaseSchema, io.env);
      const report = await loadNodeApp().migrateNodeDatabase(DATABASE_URL);
      const target = redactUrl(DATABASE_URL);
      if (report.applied.length === 0) {
        println(io.out, `Database ${target} is up to date: no pending migrations.`);
        return;
      }
      println(io.out, `Applied ${report.applied.length} migration${report.applied.length > 1 ? 's' : ''} to ${target}:`);
      for (const name of report.applied) println(io.out, `  ${name}`);
    });
}
