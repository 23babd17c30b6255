import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DataSource } from 'typeorm';
import { DatasetsService, GrantsService, ImportService, nodeDataSourceOptions } from '../../node/src/index.js';
import { runCli } from '../../cli/src/program.js';
import { DemoError } from './demo-error.js';
import type { DemoCountry } from './scenario.js';

/** Runs one `littoral` command in this process; a failure becomes a DemoError with its message. */
export async function littoral(args: string[], env: Record<string, string>): Promise<void> {
  const out = new PassThrough();
  const err = new PassThrough();
  let errors = '';
  out.resume();
  err.on('data', (c: Buffer) => (errors += c.toString()));
  const code = await runCli(['node', 'littoral', ...args], { out, err, env });
  if (code !== 0) throw new DemoError(`littoral ${args.slice(0, 2).join(' ')} failed: ${errors.trim()}`);
}

/** What loading one country stored. */
export interface LoadSummary {
  readonly datasets: number;
  readonly rows: number;
  readonly grants: number;
}

/**
 * Creates the country's datasets, imports their files from `dataDir` and sets
 * their grants, straight in the node's database — what an agency does with
 * `littoral dataset create`, `littoral import` and `littoral grants add`.
 * Every import is all-or-nothing: a refused row stops the demo.
 */
export async function loadCountry(country: DemoCountry, databaseUrl: string, dataDir: string): Promise<LoadSummary> {
  const ds = new DataSource(nodeDataSourceOptions(databaseUrl));
  await ds.initialize();
  try {
    const datasets = new DatasetsService(ds);
    const imports = new ImportService(ds);
    const grants = new GrantsService(ds, { country: country.code });
    const admin = { subject: 'demo-admin', country: country.code, organisation: null, roles: ['admin'] };
    let rows = 0;
    let granted = 0;
    for (const d of country.datasets) {
      await datasets.create(d.metadata);
      for (const imp of d.imports) {
        const summary = await imports.run({ datasetId: d.metadata.id, kind: imp.kind, format: imp.format, path: path.join(dataDir, imp.file) });
        if (summary.status !== 'SUCCEEDED') {
          const first = summary.errors.slice(0, 3).map((e) => `line ${e.line} ${e.column}: ${e.reason}`).join('; ');
          throw new DemoError(`importing demo/data/${imp.file} into ${country.code}/${d.metadata.id} ended ${summary.status}: ${summary.message ?? ''} ${first}`.trim());
        }
        rows += summary.rowsRead;
      }
      for (const g of d.grants) {
        await grants.create({ datasetId: d.metadata.id, audience: g.audience, level: g.level, constraints: g.constraints ?? {} }, g.reason, admin);
        granted += 1;
      }
    }
    return { datasets: country.datasets.length, rows, grants: granted };
  } finally {
    await ds.destroy();
  }
}
