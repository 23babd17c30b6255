import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LittoralError } from '@littoral/contracts';
import { nceiFormat, nceiLayout, nceiMapping } from './ncei-format.js';
import { parseMapping } from './mapping-schema.js';
import type { CanonicalRow, FormatReader, ReaderItem } from './types.js';

const NPSG = path.resolve(__dirname, '../../../../shared/data/ncei-microplastics-npsg-west/NPSG_West_Marine_Microplastics_WGS84.csv');

/** The current 35-column export layout (DOMAIN §1.10). */
const CURRENT = [
  'Unique ID', 'Sample Date', 'Latitude (degree)', 'Longitude (degree)', 'Ocean', 'Region', 'Subregion', 'Country', 'State', 'Beach Location',
  'Marine Setting', 'Ocean Bottom Depth (m)', 'Water Sample Depth (m)', 'Sediment Sample Depth (m)', 'Sampling Method', 'Mesh Size (mm)',
  'Transect Number', 'Sampling Point on Beach', 'Volunteers Number', 'Collecting Time (min)', 'Standardized Nurdle Amount',
  'Microplastics Measurement', 'Unit', 'Concentration Class Range', 'Concentration Class', 'Short Reference', 'Long Reference', 'DOI',
  'Organization', 'Keywords', 'NCEI Accession Number', 'NCEI Accession Link', 'ObjectId', 'x', 'y',
];

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'littoral-ncei-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function currentFile(records: Record<string, string>[]): string {
  const q = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [CURRENT.join(','), ...records.map((r) => CURRENT.map((c) => q(r[c] ?? '')).join(','))];
  const p = path.join(dir, `ncei-${++n}.csv`);
  writeFileSync(p, `${lines.join('\r\n')}\r\n`);
  return p;
}

async function collect(reader: FormatReader): Promise<ReaderItem[]> {
  const out: ReaderItem[] = [];
  for await (const it of reader.items()) out.push(it);
  return out;
}
const rowsOf = (items: ReaderItem[]): CanonicalRow[] => items.flatMap((i) => (i.type === 'rows' ? i.rows : []));

describe('ncei format, older layout (NPSG west file)', () => {
  let items: ReaderItem[];
  let reader: FormatReader;
  beforeAll(async () => {
    reader = nceiFormat({ path: NPSG, kind: 'microplastics' });
    items = await collect(reader);
  });

  it('reads all 97 records, one row each', () => {
    expect(items.map((i) => i.type)).toEqual(Array(97).fill('rows'));
    expect(rowsOf(items)).toHaveLength(97);
    expect(reader.headers()[0].columns.slice(0, 3)).toEqual(['OBJECTID', 'Oceans', 'Regions']);
  });

  it('line 2 (Eriksen et al. 2014)', () => {
    const [row] = rowsOf(items.slice(0, 1));
    expect(row.values).toEqual({
      site_id: '11739',
      sample_id: '11739',
      region: '',
      water_body: 'Pacific Ocean',
      site_latitude: '28.5588',
      site_longitude: '149.3047',
      sampled_at: '2012-05-16',
      site_type: 'OFFSHORE',
      matrix: 'SW_SURF',
      device: 'NEUSTON',
      concentration: '0.252171',
      concentration_unit: 'pieces/m3',
      concentration_class: 'Medium',
      method_ref: 'https://doi.org/10.1371/journal.pone.0111913',
      notes: 'Sampling Method: Neuston net; Density Range: 0.005-1; Reference: Eriksen et al.2014; Organization: 5 Gyres Institute; NCEI Accession: 275968',
    });
    expect(row.columns).toMatchObject({ site_id: 'OBJECTID', site_latitude: 'Latitude', site_longitude: 'Longitude', sampled_at: 'Date', concentration: 'Measurement', concentration_class: 'Density Class', matrix: 'Unit + Sampling Method' });
  });

  it('line 8: region Philippine Sea', () => {
    expect(rowsOf(items.slice(6, 7))[0].values).toMatchObject({ site_id: '21500', region: 'Philippine Sea', sampled_at: '2014-02-19', concentration: '0.088381' });
  });

  it('line 3 (Thushari et al. 2023), Latitude/Longitude used, x/y ignored', () => {
    const row = rowsOf(items.slice(1, 2))[0];
    expect(row.values).toMatchObject({ site_id: '21532', site_latitude: '33.495', site_longitude: '140', sampled_at: '2014-02-06', concentration: '0.00987', concentration_class: 'Medium' });
    expect(Object.values(row.columns)).not.toContain('x');
  });

  it('every record is surface water from a neuston net with a class label carried as is', () => {
    const rows = rowsOf(items);
    expect(new Set(rows.map((r) => `${r.values.matrix}/${r.values.device}/${r.values.site_type}/${r.values.concentration_unit}`))).toEqual(new Set(['SW_SURF/NEUSTON/OFFSHORE/pieces/m3']));
    const classes: Record<string, number> = {};
    for (const r of rows) classes[r.values.concentration_class] = (classes[r.values.concentration_class] ?? 0) + 1;
    expect(classes).toEqual({ Medium: 89, Low: 4, High: 3, 'Very Low': 1 });
    expect(rows.filter((r) => r.values.region === 'Philippine Sea')).toHaveLength(54);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.values.sampled_at))).toBe(true);
  });
});

describe('ncei format, current layout', () => {
  const record = (over: Record<string, string>): Record<string, string> => ({
    'Unique ID': '1001',
    'Sample Date': '2/3/2017 12:00:00 AM',
    'Latitude (degree)': '13.1',
    'Longitude (degree)': '100.9',
    Ocean: 'Pacific Ocean',
    Region: 'Gulf of Thailand',
    Country: 'Thailand',
    'Marine Setting': 'Ocean water',
    'Sampling Method': 'Manta net',
    'Mesh Size (mm)': '0.333',
    'Water Sample Depth (m)': '0.15',
    'Microplastics Measurement': '0.52',
    Unit: 'pieces/m3',
    'Concentration Class Range': '0.005-1',
    'Concentration Class': 'Medium',
    'Short Reference': 'Somchai et al. 2019',
    DOI: 'https://doi.org/10.0/x',
    Organization: 'Chulalongkorn University, Thailand',
    'NCEI Accession Number': '123456',
    ObjectId: '77',
    x: '100.90000001',
    y: '13.0999999',
    ...over,
  });

  it('maps a water sample fully', async () => {
    const items = await collect(nceiFormat({ path: currentFile([record({ 'Sample Date': '03/14/2019 10:30' })]), kind: 'microplastics' }));
    expect(rowsOf(items)[0].values).toEqual({
      site_id: '1001',
      sample_id: '1001',
      site_name: '',
      country: 'Thailand',
      region: 'Gulf of Thailand',
      water_body: 'Pacific Ocean',
      site_latitude: '13.1',
      site_longitude: '100.9',
      sampled_at: '2019-03-14',
      site_type: 'OFFSHORE',
      matrix: 'SW_SURF',
      device: 'MANTA',
      mesh_size_mm: '0.333',
      depth_m: '0.15',
      concentration: '0.52',
      concentration_unit: 'pieces/m3',
      concentration_class: 'Medium',
      method_ref: 'https://doi.org/10.0/x',
      notes: 'Sampling Method: Manta net; Concentration Class Range: 0.005-1; Reference: Somchai et al. 2019; Organization: Chulalongkorn University, Thailand; NCEI Accession: 123456',
    });
  });

  it('derives matrix, site type and device from Marine Setting and Sampling Method', async () => {
    const cases: [string, string, string, string, string][] = [
      // setting, method → matrix, device, site_type
      ['Ocean water', 'Neuston net', 'SW_SURF', 'NEUSTON', 'OFFSHORE'],
      ['Ocean water', 'AVANI net', 'SW_SURF', 'AVANI', 'OFFSHORE'],
      ['Ocean water', 'Aluminum bucket', 'SW_SURF', 'BULK', 'OFFSHORE'],
      ['Ocean water', 'Stainless steel bucket', 'SW_SURF', 'BULK', 'OFFSHORE'],
      ['Ocean water', 'Surface water intake', 'SW_SURF', 'PUMP', 'OFFSHORE'],
      ['Ocean water', 'Grab sample', 'SW_SURF', 'BULK', 'OFFSHORE'],
      ['Ocean water', 'MANTA  NET', 'SW_SURF', 'MANTA', 'OFFSHORE'],
      ['Ocean water', 'Intake seawater pump', 'SW_COL', 'PUMP', 'OFFSHORE'],
      ['Ocean water', 'CTD rosette sampler', 'SW_COL', 'NISKIN', 'OFFSHORE'],
      ['Ocean water', 'Van Dorn sampler', 'SW_COL', 'NISKIN', 'OFFSHORE'],
      ['Ocean water', 'Plankton net', 'SW_COL', 'PLANKTON', 'OFFSHORE'],
      ['Ocean sediment', 'Sediment grab sampler', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'Grab sample', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'Van Veen grab sampler', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'Shipek grab sampler', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'Day grab', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'Petite Ponar benthic grab', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'Ekman dredge', 'SED_SEA', 'GRAB', 'OFFSHORE'],
      ['Ocean sediment', 'PVC cylinder', 'SED_SEA', 'CORE', 'OFFSHORE'],
      ['Ocean sediment', 'Megacorer', 'SED_SEA', 'CORE', 'OFFSHORE'],
      ['Ocean sediment', 'Remotely operated vehicle', 'SED_SEA', 'ROV', 'OFFSHORE'],
      ['Ocean sediment', 'Metal spoon', 'SED_SEA', '', 'OFFSHORE'],
      ['Beach', 'shovel', 'BEACH', 'QUADRAT', 'BEACH'],
      ['Beach', 'Metal spoon', 'BEACH', 'QUADRAT', 'BEACH'],
      ['Beach', 'Stainless steel spoon', 'BEACH', 'QUADRAT', 'BEACH'],
      ['Beach', 'Metal scoop', 'BEACH', 'QUADRAT', 'BEACH'],
      ['Beach', 'Trowel', 'BEACH', 'QUADRAT', 'BEACH'],
      ['Beach', 'Hand picking', 'BEACH', 'HAND', 'BEACH'],
      ['Beach', 'stainless-steel sampler', 'BEACH', '', 'BEACH'],
      ['Beach', 'Grab sample', 'BEACH', '', 'BEACH'],
    ];
    const p = currentFile(cases.map(([setting, method], i) => record({ 'Unique ID': String(i), 'Marine Setting': setting, 'Sampling Method': method })));
    const rows = rowsOf(await collect(nceiFormat({ path: p, kind: 'microplastics' })));
    expect(rows.map((r) => [r.values.matrix, r.values.device, r.values.site_type])).toEqual(cases.map((c) => c.slice(2)));
    expect(rows[0].values.notes.startsWith('Sampling Method: Neuston net;')).toBe(true);
    // no device code: no device, the method is kept in notes
    expect(rows[28].values.notes.startsWith('Sampling Method: stainless-steel sampler;')).toBe(true);
  });

  it('keeps nurdle records with an empty measurement, with the standardized amount in notes', async () => {
    const p = currentFile([
      record({ 'Marine Setting': 'Beach', 'Sampling Method': 'Hand picking', 'Beach Location': 'Bang Saen', 'Microplastics Measurement': '', Unit: 'pieces/10 mins', 'Concentration Class': '', 'Concentration Class Range': '', 'Standardized Nurdle Amount': '12', 'Volunteers Number': '3', 'Collecting Time (min)': '20', 'Water Sample Depth (m)': '', 'Mesh Size (mm)': '' }),
    ]);
    const [row] = rowsOf(await collect(nceiFormat({ path: p, kind: 'microplastics' })));
    expect(row.values).toMatchObject({ site_name: 'Bang Saen', site_type: 'BEACH', matrix: 'BEACH', device: 'HAND', concentration: '', concentration_unit: 'pieces/10 mins' });
    expect(row.values.notes).toBe('Sampling Method: Hand picking; Volunteers Number: 3; Collecting Time (min): 20; Standardized Nurdle Amount: 12; Reference: Somchai et al. 2019; Organization: Chulalongkorn University, Thailand; NCEI Accession: 123456');
  });

  it('refuses to guess the matrix of water taken by an unknown method, and a bad date', async () => {
    const p = currentFile([record({ 'Marine Setting': 'Ocean water', 'Sampling Method': 'stainless-steel sampler' }), record({ 'Sample Date': '2/30/2017 12:00:00 AM' })]);
    const items = await collect(nceiFormat({ path: p, kind: 'microplastics' }));
    expect(items[0]).toMatchObject({
      type: 'error',
      line: 2,
      errors: [
        {
          line: 2,
          column: 'Marine Setting + Sampling Method',
          value: 'Ocean water|stainless-steel sampler',
          expected: 'Marine Setting "Ocean sediment" or "Beach", or "Ocean water" with a surface net, bucket or surface intake (SW_SURF) or a rosette, Van Dorn bottle, plankton net or intake pump (SW_COL)',
        },
      ],
    });
    expect(items[1]).toMatchObject({ type: 'error', line: 3, errors: [{ column: 'Sample Date', value: '2/30/2017 12:00:00 AM', reason: 'no such date: month 2, day 30, year 2017' }] });
  });
});

describe('ncei format: header and kind', () => {
  it('tells the layouts apart', () => {
    expect(nceiLayout(CURRENT)).toBe('current');
    expect(nceiLayout(['OBJECTID', 'Oceans', 'Measurement', 'Unit', 'Density Class', 'Date'])).toBe('older');
    expect(nceiLayout(['site_id', 'sample_id'])).toBeUndefined();
  });

  it('builds valid mappings for both layouts', () => {
    expect(parseMapping(nceiMapping('current')).kind).toBe('microplastics');
    expect(parseMapping(nceiMapping('older')).kind).toBe('microplastics');
  });

  it('refuses a file that is not an NCEI export', async () => {
    const p = path.join(dir, 'other.csv');
    writeFileSync(p, 'site_id,sample_id\nA,B\n');
    let err: unknown;
    try {
      await collect(nceiFormat({ path: p, kind: 'microplastics' }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LittoralError);
    expect((err as LittoralError).code).toBe('IMPORT_HEADER_INVALID');
    expect((err as LittoralError).message).toBe(
      `${p} line 1 (header): not an NCEI marine-microplastics export. Expected the current layout (Unique ID, Sample Date, …, Marine Setting, …, Microplastics Measurement, Unit, …) or the older one (OBJECTID, Oceans, …, Measurement, Unit, Density Range, Density Class, …, Date, …)`,
    );
  });

  it('reports a missing file', async () => {
    await expect(collect(nceiFormat({ path: path.join(dir, 'missing.csv'), kind: 'microplastics' }))).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
  });

  it('reads microplastics only', () => {
    expect(() => nceiFormat({ path: NPSG, kind: 'beach-litter' })).toThrow('The ncei format reads microplastics records, not beach-litter');
  });
});
