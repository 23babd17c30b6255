import { LittoralError } from '@littoral/contracts';
import { openArchive, type ArchiveSource } from './dwca-archive.js';
import { localName, parseMeta, tableOfRowType, type DwcTable, type MetaTable } from './dwca-meta.js';
import { headerBindings, metaBindings, readTable, type TablePlan } from './dwca-table.js';
import type { FormatOptions, FormatReader, ReaderItem, SourceHeader } from './types.js';

/** Tables are read in this order, so events exist before the occurrences and measurements that point at them. */
const TABLE_ORDER: readonly DwcTable[] = ['event', 'occurrence', 'measurement'];

/** Plain tables recognised by name when an archive has no meta.xml. */
const TABLE_FILES: ReadonlyArray<readonly [DwcTable, RegExp]> = [
  ['event', /^events?\.(txt|tsv|csv)$/i],
  ['occurrence', /^occurrences?\.(txt|tsv|csv)$/i],
  ['measurement', /^(emof|extendedmeasurementorfact|measurementorfact)\.(txt|tsv|csv)$/i],
];

const META_LIMIT = 4 * 1024 * 1024;

/**
 * The built-in `dwca` format (kind `occurrences`): a Darwin Core Archive, as a
 * zip or an unpacked directory, with an Occurrence or Event core and optional
 * Occurrence and (Extended)MeasurementOrFact extensions.
 *
 * With meta.xml, fields are mapped by their term's local name onto the
 * canonical Darwin Core fields (dc:type → eventType); unknown terms are
 * ignored. Without meta.xml, files named event / occurrence / emof
 * (.txt/.tsv/.csv) are read with their header names taken as terms.
 *
 * Yields events, then occurrences, then measurements. Only structure is
 * checked here (ragged lines, encoding); values are left to the validators.
 * File-level problems throw LittoralError `IMPORT_FILE_UNREADABLE`.
 */
export function dwcaFormat(options: FormatOptions): FormatReader {
  let archive: ArchiveSource | undefined;
  let seen: SourceHeader[] = [];
  return {
    headers: () => seen.map((h) => ({ file: h.file, columns: [...h.columns] })),
    // Compressed bytes read from a zip, or file bytes from a directory (see ArchiveSource.bytesRead).
    bytesRead: () => archive?.bytesRead() ?? 0,
    async *items(): AsyncIterable<ReaderItem> {
      if (options.kind !== 'occurrences') {
        throw new LittoralError('IMPORT_KIND_MISMATCH', `The dwca format holds Darwin Core occurrences; it cannot be imported as ${options.kind}`);
      }
      seen = [];
      archive = await openArchive(options.path);
      try {
        const plans = await planArchive(archive, options);
        for (const plan of plans) yield* readTable(archive, plan, seen);
      } finally {
        await archive.close();
      }
    },
  };
}

async function planArchive(archive: ArchiveSource, options: FormatOptions): Promise<TablePlan[]> {
  const root = archiveRoot(archive.names);
  const inRoot = archive.names.filter((n) => n.startsWith(root) && !n.slice(root.length).includes('/'));
  const metaName = inRoot.find((n) => n.slice(root.length).toLowerCase() === 'meta.xml');
  const plans = metaName ? await planFromMeta(archive, metaName, root, options) : planFromNames(inRoot, root, options);
  return TABLE_ORDER.flatMap((t) => plans.filter((p) => p.table === t));
}

/**
 * '' when meta.xml or a recognised table sits at the top of the archive;
 * otherwise the one top folder that holds them (zips made by compressing a folder).
 */
function archiveRoot(names: readonly string[]): string {
  const known = (base: string) => base.toLowerCase() === 'meta.xml' || TABLE_FILES.some(([, re]) => re.test(base));
  if (names.some((n) => !n.includes('/') && known(n))) return '';
  const folders = new Set(names.filter((n) => /^[^/]+\/[^/]+$/.test(n) && known(n.slice(n.indexOf('/') + 1))).map((n) => n.slice(0, n.indexOf('/') + 1)));
  return folders.size === 1 ? [...folders][0]! : '';
}

async function planFromMeta(archive: ArchiveSource, metaName: string, root: string, options: FormatOptions): Promise<TablePlan[]> {
  const where = `${metaName} in ${options.path}`;
  const xml = (await archive.readSmall(metaName, META_LIMIT)).toString('utf8').replace(/^\uFEFF/, '');
  const meta = parseMeta(xml, where);
  const coreTable = tableOfRowType(meta.core.rowType);
  if (coreTable !== 'event' && coreTable !== 'occurrence') {
    throw unreadable(`${where}: the core rowType "${meta.core.rowType}" is not supported; expected http://rs.tdwg.org/dwc/terms/Occurrence or http://rs.tdwg.org/dwc/terms/Event`);
  }
  // The core <id> and every extension's <coreid> hold the core record's id.
  const idField = coreTable === 'event' ? 'eventID' : 'occurrenceID';
  const tables: { meta: MetaTable; table: DwcTable; role: string }[] = [{ meta: meta.core, table: coreTable, role: 'core' }];
  for (const x of meta.extensions) {
    const table = tableOfRowType(x.rowType);
    // Other extensions (Taxon, Multimedia, DNA …) are not part of this import and are skipped.
    if (table === 'measurement' || (table === 'occurrence' && coreTable === 'event')) {
      tables.push({ meta: x, table, role: `${localName(x.rowType)} extension` });
    }
  }
  if (!tables.some((t) => t.table === 'occurrence')) {
    throw unreadable(`${where} declares no Occurrence table (core: ${localName(meta.core.rowType)}, extensions: ${meta.extensions.map((x) => localName(x.rowType)).join(', ') || 'none'}); an occurrences import needs an Occurrence core or extension`);
  }
  return tables.map(({ meta: m, table, role }) => {
    const file = findMember(archive.names, root, m.location);
    if (!file) throw unreadable(`${where} names the ${role} data file "${m.location}", which is missing from ${options.path}`);
    return {
      table,
      file,
      delimiter: m.delimiter,
      quote: m.quote,
      // An explicit --encoding overrides what meta.xml declares.
      encoding: options.encoding ?? m.encoding,
      headerLines: m.ignoreHeaderLines,
      bind: (header) => metaBindings(m, table, idField, header),
    };
  });
}

function planFromNames(names: string[], root: string, options: FormatOptions): TablePlan[] {
  const plans: TablePlan[] = [];
  for (const [table, re] of TABLE_FILES) {
    const files = names.filter((n) => re.test(n.slice(root.length)));
    if (files.length > 1) throw unreadable(`${options.path} has several ${table} tables (${files.join(', ')}); expected one, or a meta.xml that names it`);
    const file = files[0];
    if (!file) continue;
    const csv = file.toLowerCase().endsWith('.csv');
    plans.push({
      table,
      file,
      delimiter: csv ? ',' : '\t',
      quote: csv ? '"' : false,
      encoding: options.encoding ?? 'utf-8',
      headerLines: 1,
      bind: (header) => headerBindings(table, header ?? []),
    });
  }
  if (plans.length === 0) {
    throw unreadable(`${options.path} has no meta.xml and no recognisable Darwin Core tables; expected a Darwin Core Archive with meta.xml, or files named event, occurrence and emof (.txt, .tsv or .csv)`);
  }
  if (!plans.some((p) => p.table === 'occurrence')) {
    throw unreadable(`${options.path} has no Occurrence table (found ${plans.map((p) => p.file).join(', ')}); expected occurrence.txt, .tsv or .csv`);
  }
  return plans;
}

/** The member a meta.xml location names: exact path under the root, else a unique case-insensitive match. */
function findMember(names: readonly string[], root: string, location: string): string | undefined {
  const wanted = root + location;
  return names.find((n) => n === wanted) ?? single(names.filter((n) => n.toLowerCase() === wanted.toLowerCase()));
}

function single<T>(xs: T[]): T | undefined {
  return xs.length === 1 ? xs[0] : undefined;
}

function unreadable(message: string): LittoralError {
  return new LittoralError('IMPORT_FILE_UNREADABLE', message);
}
