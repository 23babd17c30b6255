import { Option, type Command } from 'commander';
import { THEMES, type Dataset, type DatasetCreate, type Theme } from '@littoral/contracts';
import { withNodeDatabase } from '../database.js';
import { formatCount, formatTable, printJson, println, splitList, type Io } from '../output.js';

interface CreateOptions {
  id: string;
  title: string;
  theme: Theme;
  license: string;
  description?: string;
  keywords?: string;
  publisher?: string;
  contactName?: string;
  contactEmail?: string;
  conformsTo?: string;
  area?: string;
}

/** `littoral dataset create | list | show | withdraw`: DCAT-style dataset metadata on this node. */
export function registerDataset(program: Command, io: Io): void {
  const dataset = program.command('dataset').description('create, list, show and withdraw this node\'s datasets');

  dataset
    .command('create')
    .description('describe a new dataset (its metadata)')
    .requiredOption('--id <slug>', 'stable dataset id: lowercase letters, digits and hyphens, e.g. th-gulf-surface-2024')
    .requiredOption('--title <text>', 'human-readable title')
    .addOption(new Option('--theme <theme>', 'what the dataset holds').choices(THEMES).makeOptionMandatory())
    .requiredOption('--license <spdx>', 'SPDX licence id, e.g. CC-BY-4.0, CC0-1.0 or LicenseRef-<name>')
    .option('--description <text>', 'free-text description')
    .option('--keywords <list>', 'comma-separated keywords, e.g. microplastics,river')
    .option('--publisher <agency>', 'publishing agency')
    .option('--contact-name <name>', 'contact point (a role or desk, not necessarily a person)')
    .option('--contact-email <email>', 'contact e-mail address')
    .option('--conforms-to <uris>', 'comma-separated URIs of the methods or standards the data conforms to')
    .option('--area <bbox>', 'declared area west,south,east,north in decimal degrees (rows outside it are rejected on import)')
    .action(async (opts: CreateOptions) => {
      await withNodeDatabase(io, async (db, node) => {
        const input: DatasetCreate = {
          id: opts.id,
          title: opts.title,
          theme: opts.theme,
          license: opts.license,
          description: opts.description,
          keywords: splitList(opts.keywords),
          publisher: opts.publisher,
          contactName: opts.contactName,
          contactEmail: opts.contactEmail,
          conformsTo: splitList(opts.conformsTo),
          declaredArea: opts.area === undefined ? undefined : node.parseBbox(opts.area),
        };
        const created = await new node.DatasetsService(db).create(input);
        println(io.out, `Created dataset ${created.id} (${created.theme}, ${created.license}): ${created.title}`);
      });
    });

  dataset
    .command('list')
    .description('list the datasets on this node')
    .addOption(new Option('--theme <theme>', 'only datasets of this theme').choices(THEMES))
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { theme?: Theme; json?: boolean }) => {
      const list = await withNodeDatabase(io, (db, node) => new node.DatasetsService(db).list({ theme: opts.theme }));
      if (opts.json) return printJson(io.out, list);
      if (list.length === 0) {
        println(io.out, opts.theme ? `No ${opts.theme} datasets on this node.` : 'No datasets on this node yet; create one with `littoral dataset create`.');
        return;
      }
      const rows = list.map((d) => [d.id, d.theme, d.license, d.title]);
      for (const line of formatTable([['ID', 'THEME', 'LICENSE', 'TITLE'], ...rows])) println(io.out, line);
    });

  dataset
    .command('show')
    .description('show one dataset\'s metadata and record counts')
    .argument('<id>', 'dataset id')
    .option('--json', 'print JSON instead of text')
    .action(async (id: string, opts: { json?: boolean }) => {
      const { meta, counts } = await withNodeDatabase(io, async (db, node) => {
        const service = new node.DatasetsService(db);
        return { meta: await service.get(id), counts: await service.recordCounts(id) };
      });
      if (opts.json) return printJson(io.out, { ...meta, recordCounts: counts });
      for (const line of describe(meta, counts)) println(io.out, line);
    });

  dataset
    .command('withdraw')
    .description('withdraw a dataset from the regional catalogue (signed tombstone); its data is kept, further imports are refused')
    .argument('<id>', 'dataset id')
    .option('--json', 'print JSON instead of text')
    .action(async (id: string, opts: { json?: boolean }) => {
      const result = await withNodeDatabase(io, (db, node) => node.withdrawDataset(db, id, io.env));
      if (opts.json) return printJson(io.out, result);
      if (result.alreadyWithdrawn) {
        const tombstone = result.tombstoneVersion === null ? 'its tombstone is not signed yet' : `tombstone version ${result.tombstoneVersion}`;
        println(io.out, `Dataset ${id} was already withdrawn (${tombstone}).`);
      } else if (result.tombstoneVersion !== null) {
        println(io.out, `Withdrew dataset ${id}: its signed tombstone (version ${result.tombstoneVersion}) waits in the outbox; the running node publishes it within seconds, or at its next start.`);
      } else {
        println(io.out, `Marked dataset ${id} withdrawn. LITTORAL_KEY_FILE is not set here, so the node signs and publishes the tombstone itself (at its next sweep or start).`);
      }
      println(io.out, 'Its data is kept; further imports into it are refused.');
    });
}

function describe(d: Dataset, counts: Record<string, number>): string[] {
  const contact = [d.contactName, d.contactEmail && `<${d.contactEmail}>`].filter(Boolean).join(' ');
  const area = d.declaredArea && `west ${d.declaredArea.west}, south ${d.declaredArea.south}, east ${d.declaredArea.east}, north ${d.declaredArea.north}`;
  const fields: [string, string | null | undefined][] = [
    ['id', d.id],
    ['title', d.title],
    ['theme', d.theme],
    ['license', d.license],
    ['description', d.description],
    ['keywords', d.keywords.join(', ')],
    ['publisher', d.publisher],
    ['contact', contact],
    ['conforms to', d.conformsTo.join(', ')],
    ['declared area', area],
    ['created', d.createdAt.toISOString()],
    ['modified', d.modifiedAt.toISOString()],
  ];
  const lines = formatTable(fields.map(([k, v]) => [k, v ? v : '-']));
  const tables = Object.entries(counts);
  lines.push('records');
  if (tables.length === 0) lines.push('  none yet (load some with `littoral import`)');
  else lines.push(...formatTable(tables.map(([t, n]) => [t, formatCount(n)])).map((l) => `  ${l}`));
  return lines;
}
