import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LittoralError } from '@littoral/contracts';
import { DelimitedSource } from './delimited-source.js';
import { mappingFormat, type MappingReader } from './mapping-format.js';
import type { FormatOptions, ReaderItem, SourceHeader } from './types.js';

/** The two CSV layouts of NOAA NCEI marine-microplastics exports (DOMAIN §1.10). */
export type NceiLayout = 'current' | 'older';

const ATTRIBUTION = [
  'NOAA National Centers for Environmental Information (NCEI), Marine Microplastics database; Nyadjro et al. (2023) Sci Data 10:726, doi:10.1038/s41597-023-02632-y. Each record cites its source study (Short Reference, DOI).',
];

/** NCEI `Sampling Method` values (free text, inconsistent case) whose device does not depend on the setting. */
const DEVICE_BY_METHOD: Readonly<Record<string, string>> = {
  'manta net': 'MANTA',
  'neuston net': 'NEUSTON',
  'avani net': 'AVANI',
  'plankton net': 'PLANKTON',
  'aluminum bucket': 'BULK',
  'stainless steel bucket': 'BULK',
  'surface water intake': 'PUMP',
  'intake seawater pump': 'PUMP',
  'ctd rosette sampler': 'NISKIN',
  'van dorn sampler': 'NISKIN',
  'sediment grab sampler': 'GRAB',
  'van veen grab sampler': 'GRAB',
  'shipek grab sampler': 'GRAB',
  'day grab': 'GRAB',
  'petite ponar benthic grab': 'GRAB',
  'ekman dredge': 'GRAB',
  'pvc cylinder': 'CORE',
  megacorer: 'CORE',
  'hand picking': 'HAND',
  'remotely operated vehicle': 'ROV',
};
/** Hand tools: a beach quadrat when the setting is Beach; kept as written elsewhere. */
const BEACH_TOOLS = ['shovel', 'metal spoon', 'stainless steel spoon', 'metal scoop', 'trowel'];
/** Water gear that samples the surface layer (SW_SURF) or below it (SW_COL, DOMAIN §1.3). */
const SURFACE_GEAR = ['manta net', 'neuston net', 'avani net', 'aluminum bucket', 'stainless steel bucket', 'surface water intake', 'grab sample'];
const COLUMN_GEAR = ['ctd rosette sampler', 'van dorn sampler', 'plankton net', 'intake seawater pump'];

/** A method name as a regex tolerant of case, repeated spaces and space/hyphen variants. */
function words(method: string): string {
  return method
    .split(' ')
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/-/g, '[\\s-]+'))
    .join('[\\s-]+');
}
const anyOf = (methods: readonly string[]) => `(${methods.map(words).join('|')})`;

/**
 * Device rules over "<setting>|<Sampling Method>" where <setting> is the
 * Marine Setting (current layout) or the Unit (older layout). A method with no
 * device code gives no device (the last case); the original Sampling Method is
 * always kept in notes.
 */
function deviceCases(waterSetting: string, sedimentSetting: string | undefined): { match: string; value: string }[] {
  const cases = Object.entries(DEVICE_BY_METHOD).map(([method, code]) => ({ match: `^[^|]*\\|\\s*${words(method)}\\s*$`, value: code }));
  cases.push({ match: `^${waterSetting}\\|\\s*${words('grab sample')}\\s*$`, value: 'BULK' });
  if (sedimentSetting) {
    cases.push({ match: `^${sedimentSetting}\\|\\s*${words('grab sample')}\\s*$`, value: 'GRAB' });
    cases.push({ match: `^beach\\|\\s*${anyOf(BEACH_TOOLS)}\\s*$`, value: 'QUADRAT' });
  }
  // No code for it (e.g. "stainless-steel sampler"): no device; the method stays in notes.
  cases.push({ match: '^[^|]*\\|', value: '' });
  return cases;
}

const M3 = 'pieces\\s*/\\s*m3';
const NURDLE = 'pieces\\s*/\\s*10\\s*mins?';

function currentMapping(): Record<string, unknown> {
  const setting = '{Marine Setting}|{Sampling Method}';
  return {
    kind: 'microplastics',
    description: 'NOAA NCEI marine microplastics export, current 35-column layout',
    source: ATTRIBUTION,
    fields: {
      site_id: 'Unique ID',
      sample_id: 'Unique ID',
      site_name: 'Beach Location',
      country: 'Country',
      region: 'Region',
      water_body: 'Ocean',
      site_latitude: 'Latitude (degree)',
      site_longitude: 'Longitude (degree)',
      sampled_at: { column: 'Sample Date', date: 'us-datetime' },
      // NCEI does not tell coastal from open-ocean water or sediment.
      site_type: { column: 'Marine Setting', map: { 'Ocean water': 'OFFSHORE', 'Ocean sediment': 'OFFSHORE', Beach: 'BEACH' } },
      matrix: {
        template: setting,
        cases: [
          { match: '^ocean sediment\\|', value: 'SED_SEA' },
          { match: '^beach\\|', value: 'BEACH' },
          { match: `^ocean water\\|\\s*${anyOf(SURFACE_GEAR)}\\s*$`, value: 'SW_SURF' },
          { match: `^ocean water\\|\\s*${anyOf(COLUMN_GEAR)}\\s*$`, value: 'SW_COL' },
        ],
        otherwise: {
          error: 'Marine Setting "Ocean sediment" or "Beach", or "Ocean water" with a surface net, bucket or surface intake (SW_SURF) or a rosette, Van Dorn bottle, plankton net or intake pump (SW_COL)',
        },
      },
      device: { template: setting, cases: deviceCases('ocean water', 'ocean sediment') },
      mesh_size_mm: 'Mesh Size (mm)',
      depth_m: 'Water Sample Depth (m)',
      concentration: 'Microplastics Measurement',
      concentration_unit: 'Unit',
      concentration_class: 'Concentration Class',
      method_ref: 'DOI',
      notes: {
        join: [
          'Sampling Method: {Sampling Method}', 'Subregion: {Subregion}', 'State: {State}', 'Concentration Class Range: {Concentration Class Range}',
          'Sediment Sample Depth (m): {Sediment Sample Depth (m)}', 'Ocean Bottom Depth (m): {Ocean Bottom Depth (m)}', 'Transect Number: {Transect Number}',
          'Sampling Point on Beach: {Sampling Point on Beach}', 'Volunteers Number: {Volunteers Number}', 'Collecting Time (min): {Collecting Time (min)}',
          'Standardized Nurdle Amount: {Standardized Nurdle Amount}', 'Reference: {Short Reference}', 'Organization: {Organization}',
          'NCEI Accession: {NCEI Accession Number}',
        ],
      },
    },
  };
}

function olderMapping(): Record<string, unknown> {
  const setting = '{Unit}|{Sampling Method}';
  return {
    kind: 'microplastics',
    description: 'NOAA NCEI marine microplastics export, older 22-column layout (no Marine Setting: the setting follows from the unit)',
    source: ATTRIBUTION,
    fields: {
      site_id: 'OBJECTID',
      sample_id: 'OBJECTID',
      region: 'Regions',
      water_body: 'Oceans',
      site_latitude: 'Latitude',
      site_longitude: 'Longitude',
      sampled_at: { column: 'Date', date: 'us-datetime' },
      site_type: {
        column: 'Unit',
        cases: [
          { match: `^${M3}$`, value: 'OFFSHORE' },
          { match: `^${NURDLE}$`, value: 'BEACH' },
        ],
        otherwise: { error: 'Unit pieces/m3 (ocean water) or pieces/10 mins (nurdle patrols on beaches); this layout has no Marine Setting to tell sediment from beach' },
      },
      matrix: {
        template: setting,
        cases: [
          { match: `^${M3}\\|\\s*${anyOf(SURFACE_GEAR)}\\s*$`, value: 'SW_SURF' },
          { match: `^${M3}\\|\\s*${anyOf(COLUMN_GEAR)}\\s*$`, value: 'SW_COL' },
          { match: `^${NURDLE}\\|`, value: 'BEACH' },
        ],
        otherwise: {
          error: 'Unit pieces/m3 with a known water sampling method, or pieces/10 mins (nurdle patrols); this layout has no Marine Setting to tell sediment from beach',
        },
      },
      device: { template: setting, cases: deviceCases(M3, undefined) },
      concentration: 'Measurement',
      concentration_unit: 'Unit',
      concentration_class: 'Density Class',
      method_ref: 'DOI',
      notes: {
        join: [
          'Sampling Method: {Sampling Method}', 'SubRegion: {SubRegions}', 'Density Range: {Density Range}', 'Reference: {Short Reference}',
          'Organization: {Organization}', 'NCEI Accession: {Accession Number}',
        ],
      },
    },
  };
}

/** Which NCEI layout a header is, or undefined. */
export function nceiLayout(header: readonly string[]): NceiLayout | undefined {
  const has = (...names: string[]) => names.every((n) => header.includes(n));
  if (has('Unique ID', 'Marine Setting', 'Microplastics Measurement')) return 'current';
  if (has('OBJECTID', 'Measurement', 'Density Class')) return 'older';
  return undefined;
}

/** The mapping (docs/mapping-files.md) the `ncei` format uses for a layout. */
export function nceiMapping(layout: NceiLayout): Record<string, unknown> {
  return layout === 'current' ? currentMapping() : olderMapping();
}

/** Reads the header line only (the file's first 64 KiB at most). */
async function readHeader(options: FormatOptions): Promise<string[]> {
  const handle = await open(options.path, 'r').catch((e: NodeJS.ErrnoException) => {
    throw new LittoralError('IMPORT_FILE_UNREADABLE', e.code === 'ENOENT' ? `File not found: ${options.path}` : `Cannot read ${options.path}: ${e.message}`);
  });
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    const nl = head.indexOf(0x0a);
    const probe = new DelimitedSource({ input: Readable.from([nl < 0 ? head : head.subarray(0, nl + 1)]), file: options.path, encoding: options.encoding });
    for await (const _ of probe.records()) break;
    return probe.header();
  } finally {
    await handle.close();
  }
}

/**
 * The built-in `ncei` format: NOAA NCEI marine-microplastics CSV exports, in
 * the current 35-column layout or the older 22-column one, told apart by the
 * header. Built on the mapping reader with a mapping per layout (nceiMapping).
 */
export function nceiFormat(options: FormatOptions): MappingReader {
  if (options.kind !== 'microplastics') {
    throw new LittoralError('IMPORT_KIND_MISMATCH', `The ncei format reads microplastics records, not ${options.kind}`, { expected: 'microplastics', actual: options.kind });
  }
  let inner: MappingReader | undefined;
  return {
    allowEmpty: [],
    attribution: [...ATTRIBUTION],
    headers: (): SourceHeader[] => inner?.headers() ?? [],
    bytesRead: () => inner?.bytesRead() ?? 0,
    async *items(): AsyncIterable<ReaderItem> {
      const header = await readHeader(options);
      const layout = nceiLayout(header);
      if (!layout) {
        throw new LittoralError(
          'IMPORT_HEADER_INVALID',
          `${options.path} line 1 (header): not an NCEI marine-microplastics export. Expected the current layout (Unique ID, Sample Date, …, Marine Setting, …, Microplastics Measurement, Unit, …) or the older one (OBJECTID, Oceans, …, Measurement, Unit, Density Range, Density Class, …, Date, …)`,
          { line: 1 },
        );
      }
      inner = mappingFormat({ ...options, mapping: nceiMapping(layout) });
      yield* inner.items();
    },
  };
}
