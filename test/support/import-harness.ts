import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { nodeDataSourceOptions, DatasetsService, ImportService } from '../../apps/node/src';
import type { DatasetCreate } from '@littoral/contracts';
import { createTestDatabase, type TestDatabase } from './db';

/** A migrated database of its own, the node's services over it, and a temp folder for files. */
export class ImportHarness {
  db!: TestDatabase;
  ds!: DataSource;
  datasets!: DatasetsService;
  imports!: ImportService;
  dir!: string;

  async start(label: string): Promise<this> {
    this.db = await createTestDatabase(label);
    this.ds = new DataSource(nodeDataSourceOptions(this.db.url));
    await this.ds.initialize();
    this.datasets = new DatasetsService(this.ds);
    this.imports = new ImportService(this.ds);
    this.dir = mkdtempSync(path.join(tmpdir(), `littoral-${label}-`));
    return this;
  }

  async stop(): Promise<void> {
    await this.ds?.destroy();
    await this.db?.drop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }

  file(name: string, content: string | Buffer): string {
    const p = path.join(this.dir, name);
    writeFileSync(p, content);
    return p;
  }

  dataset(input: Partial<DatasetCreate> & Pick<DatasetCreate, 'id' | 'theme'>) {
    return this.datasets.create({ title: input.id, license: 'CC-BY-4.0', ...input });
  }

  async count(table: string, datasetId?: string): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM ${table}${datasetId ? ' WHERE dataset_id = $1' : ''}`, datasetId ? [datasetId] : []);
    return rows[0].n;
  }

  /** Every row of every data table, to prove an import changed nothing. */
  async snapshot(): Promise<string> {
    const tables = ['mp_site', 'mp_sample', 'mp_particle_count', 'mp_concentration', 'bl_beach_area', 'bl_team', 'bl_survey', 'bl_item_count', 'bio_event', 'bio_occurrence', 'bio_measurement', 'dataset'];
    const parts: string[] = [];
    for (const t of tables) parts.push(JSON.stringify(await this.ds.query(`SELECT * FROM ${t} ORDER BY 1`)));
    return parts.join('\n');
  }
}
