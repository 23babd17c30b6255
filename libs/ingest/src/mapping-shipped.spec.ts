// The shipped mapping files (mappings/*.json) against the real files in
// shared/data: how many rows, blank and error lines each yields, and the exact
// canonical values of a few lines checked by hand against the source file.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ImportKind } from '@littoral/contracts';
import { mappingFormat } from './mapping-format.js';
import { parseMapping } from './mapping-schema.js';
import type { CanonicalRow, ReaderItem } from './types.js';

jest.setTimeout(120_000);

const MAPPINGS = path.resolve(__dirname, '../../../mappings');
const DATA = path.resolve(__dirname, '../../../../shared/data');

interface Loaded {
  items: ReaderItem[];
  line: (n: number) => ReaderItem;
  rows: CanonicalRow[];
  counts: { rowLines: number; rows: number; blank: number; error: number };
}

async function load(mapping: string, file: string, kind: ImportKind = 'microplastics'): Promise<Loaded> {
  const reader = mappingFormat({ path: path.join(DATA, file), kind, mapping: JSON.parse(readFileSync(path.join(MAPPINGS, mapping), 'utf8')) });
  const items: ReaderItem[] = [];
  for await (const it of reader.items()) items.push(it);
  const byLine = new Map(items.map((i) => [i.line, i]));
  const rows = items.flatMap((i) => (i.type === 'rows' ? i.rows : []));
  return {
    items,
    rows,
    line: (n) => byLine.get(n)!,
    counts: {
      rowLines: items.filter((i) => i.type === 'rows').length,
      rows: rows.length,
      blank: items.filter((i) => i.type === 'blank').length,
      error: items.filter((i) => i.type === 'error').length,
    },
  };
}

const rowsAt = (l: Loaded, n: number): CanonicalRow[] => {
  const it = l.line(n);
  if (it.type !== 'rows') throw new Error(`line ${n} is ${it.type}`);
  return it.rows;
};

it('every shipped mapping is valid and carries attribution', () => {
  const files = readdirSync(MAPPINGS).filter((f) => f.endsWith('.json')).sort();
  expect(files).toEqual([
    'doer-sediment.json',
    'eea-marine-litter-watch.json',
    'isobe-2015.json',
    'taiwan-beach-colours.json',
    'taiwan-beach-particles.json',
    'taiwan-beach-shapes.json',
    'trawl-microplastics-global.json',
  ]);
  for (const f of files) {
    const m = parseMapping(JSON.parse(readFileSync(path.join(MAPPINGS, f), 'utf8')));
    expect(m.source.length).toBeGreaterThan(0);
  }
});

describe('trawl-microplastics-global.json on LocationsCleanedWithWind.csv', () => {
  let l: Loaded;
  beforeAll(async () => {
    l = await load('trawl-microplastics-global.json', 'trawl-microplastics-global/LocationsCleanedWithWind.csv');
  });

  it('yields 25,474 rows from 12,518 lines; the 28 lines with Month 10.5 are errors', () => {
    expect(l.counts).toEqual({ rowLines: 12518, rows: 25474, blank: 0, error: 28 });
    const errorLines = l.items.filter((i) => i.type === 'error').map((i) => i.line);
    expect(errorLines[0]).toBe(67);
    expect(errorLines[27]).toBe(94);
    expect(l.line(67)).toMatchObject({ errors: [{ line: 67, column: 'Year + Month + Day', value: '1976 / 10.5 / 15', reason: 'not a month: "10.5"' }] });
  });

  it('line 2 (DayClausen1986): raw km2, wind-corrected and g/km2 rows', () => {
    const common = {
      site_id: 'trawl-1', sample_id: 'trawl-1', site_type: 'OFFSHORE', matrix: 'SW_SURF', site_latitude: '25', site_longitude: '-160',
      sampled_at: '1986-07-21', device: '', mesh_size_mm: '0.5', size_max_mm: '',
      notes: 'Source: DayClausen1986; Manually entered from document, no cutoff described.',
    };
    expect(rowsAt(l, 2).map((r) => r.values)).toEqual([
      { ...common, concentration: '8600', concentration_unit: 'pieces/km2', correction: 'NONE' },
      { ...common, concentration: '18916.2725374876', concentration_unit: 'pieces/km2', correction: 'WIND_MIXING' },
      { ...common, concentration: '21.6', concentration_unit: 'g/km2', correction: 'NONE' },
    ]);
    expect(rowsAt(l, 2).map((r) => r.columns.concentration)).toEqual(['km2', 'CorrectedConcentration', 'Total.Wieght..g..km.2']);
  });

  it('line 1740 (Isobe 2015 station): neuston net, 350 µm, positive longitude', () => {
    const rows = rowsAt(l, 1740);
    expect(rows).toHaveLength(2);
    expect(rows[0].values).toMatchObject({ site_id: 'trawl-2673', sampled_at: '2014-08-23', site_latitude: '29.3261', site_longitude: '127.226', device: 'NEUSTON', mesh_size_mm: '0.35', concentration: '661407.5', correction: 'NONE' });
    expect(rows[1].values).toMatchObject({ concentration: '1264809.63802384', correction: 'WIND_MIXING' });
  });

  it('line 138 (C. Moore, Corrected = Yes): the reported value is already wind-corrected; no repeated row', () => {
    const rows = rowsAt(l, 138);
    expect(rows.map((r) => [r.values.concentration, r.values.concentration_unit, r.values.correction])).toEqual([
      ['1443.34', 'pieces/km2', 'WIND_MIXING'],
      ['2.16', 'g/km2', 'NONE'],
    ]);
    expect(rows[0].values).toMatchObject({ device: 'MANTA', mesh_size_mm: '0.335', sampled_at: '2007-11-10' });
  });

  it('line 1213 (Doyle 2011, Day NA): the date is the month', () => {
    expect(rowsAt(l, 1213)[0].values).toMatchObject({ sampled_at: '2007-01', device: '', mesh_size_mm: '0.505', concentration: '115483.87' });
  });
});

describe('isobe-2015.json on Isobe.csv', () => {
  let l: Loaded;
  beforeAll(async () => {
    l = await load('isobe-2015.json', 'trawl-microplastics-global/Isobe.csv');
  });

  it('yields 5 rows for each of 54 stations; 7,101 blank comma lines; the 2 "####" longitudes are errors', () => {
    expect(l.counts).toEqual({ rowLines: 54, rows: 270, blank: 7101, error: 2 });
    const errors = l.items.filter((i) => i.type === 'error');
    expect(errors.map((e) => e.line)).toEqual([51, 52]);
    expect(errors[0]).toMatchObject({ errors: [{ line: 51, column: 'Long', reason: expect.stringMatching(/^not a number: "#+"$/), expected: 'a decimal number (it is multiplied by -1)' }] });
  });

  it('fixes the wrong-sign longitudes: every station lies at 126–144 E', () => {
    const lons = l.rows.map((r) => Number(r.values.site_longitude));
    expect(lons.every((x) => x >= 126 && x <= 144)).toBe(true);
    expect(Math.min(...lons)).toBe(126.6297);
    expect(Math.max(...lons)).toBe(143.7271);
  });

  it('line 2: pieces/km2 total, < 5 mm and > 5 mm, and pieces/m3 < 5 mm and > 5 mm', () => {
    const rows = rowsAt(l, 2);
    const common = {
      site_id: 'isobe2015-2014-7-21-35.1739', sample_id: 'isobe2015-2014-7-21-35.1739', site_type: 'OFFSHORE', matrix: 'SW_SURF',
      device: 'NEUSTON', mesh_size_mm: '0.35', site_latitude: '35.1739', site_longitude: '130.6708', sampled_at: '2014-07-21',
      correction: 'NONE', notes: 'Source: Isobe 2015; Not Adjusted cut off at 5mm',
    };
    expect(rows.map((r) => r.values)).toEqual([
      { ...common, concentration: '178360', concentration_unit: 'pieces/km2' },
      { ...common, concentration: '178360', concentration_unit: 'pieces/km2', size_max_mm: '5' },
      { ...common, concentration: '0', concentration_unit: 'pieces/km2', size_min_mm: '5' },
      { ...common, concentration: '0.5488', concentration_unit: 'pieces/m3', size_max_mm: '5' },
      { ...common, concentration: '0', concentration_unit: 'pieces/m3', size_min_mm: '5' },
    ]);
    expect(rows.map((r) => r.columns.concentration)).toEqual(['Total', '<5mm (column 7)', '>5mm (column 8)', '<5mm/m^3', '>5mm/m^3']);
  });
});

describe('doer-sediment.json on DOER_microplastics_database.csv', () => {
  let l: Loaded;
  beforeAll(async () => {
    l = await load('doer-sediment.json', 'doer-sediment-microplastics/DOER_microplastics_database.csv');
  });

  it('yields one row per line, 1,064 rows', () => {
    expect(l.counts).toEqual({ rowLines: 1064, rows: 1064, blank: 0, error: 0 });
  });

  it('line 2 (mpID 97, Tunisia)', () => {
    expect(rowsAt(l, 2)[0].values).toEqual({
      site_id: 'doer-97',
      sample_id: 'doer-97',
      site_name: 'Lagoon of Bizerte – Menzel Jemil',
      country: 'Tunisia',
      region: 'Bizerte',
      water_body: 'Lagoon of Bizerte',
      site_type: 'ESTUARY',
      matrix: 'SED_SEA',
      sampled_at: '2016',
      device: '',
      size_min_mm: '0.01',
      size_max_mm: '5',
      id_method: 'VIS',
      method_ref: 'https://doi.org/10.1007/s11270-017-3439-9',
      concentration: '3682',
      concentration_unit: 'microplastic/kg sediment dry wt.',
      correction: 'NONE',
      notes:
        'Sample Time: 2016; Sampler: stainless steel spatula; Sediment depth: 0-3 cm; Extracted: 50 g dry; Inspection: Visual inspection only; Statistic: Mean; N: 3; Shapes: fbr, frgmnt; From: interp_graph; Figure 2; Reference: Abidli et al. 2017. The first evaluation of mic...',
    });
  });

  it('reads the free-text sample times it can and leaves the rest for the validator', () => {
    const at = (n: number) => rowsAt(l, n)[0].values;
    expect(at(48)).toMatchObject({ sampled_at: '2020-08/2021-01', site_type: 'LAKE', matrix: 'SED_RIV', device: 'GRAB', id_method: '', size_min_mm: '0.04' });
    expect(at(99)).toMatchObject({ sampled_at: '2015-06/2015-07', site_type: 'ESTUARY', matrix: 'SED_SEA', device: 'GRAB' });
    expect(at(255)).toMatchObject({ sampled_at: '2019', site_type: 'COASTAL', matrix: 'SED_SEA', size_min_mm: '0.0012' });
    expect(at(121)).toMatchObject({ sampled_at: 'Aug', site_type: 'RIVER', matrix: 'SED_RIV' });
    expect(at(51)).toMatchObject({ sampled_at: '', device: '' });
    expect(at(51).notes.startsWith('Sampler: stainless steel scoop; Sediment depth: 0-15 cm;')).toBe(true);
    expect(l.rows.filter((r) => r.values.sampled_at === 'Aug')).toHaveLength(29);
  });

  it('reads mp range (µm) into mm, with the 99999 placeholder as empty', () => {
    expect(rowsAt(l, 32)[0].values).toMatchObject({ size_min_mm: '', size_max_mm: '5', sampled_at: '2018-11', device: 'CORE', id_method: 'RAMAN' });
  });

  it('maps country names the network does not know to codes', () => {
    expect(rowsAt(l, 583)[0].values).toMatchObject({ country: 'RU', device: '', sampled_at: '2015', size_min_mm: '0.174' });
  });

  it('allows an empty sampled_at', () => {
    const reader = mappingFormat({ path: 'unused', kind: 'microplastics', mapping: JSON.parse(readFileSync(path.join(MAPPINGS, 'doer-sediment.json'), 'utf8')) });
    expect(reader.allowEmpty).toEqual(['sampled_at']);
  });
});

describe('taiwan-beach-*.json on the Longmen and Xialiao files', () => {
  const files = {
    particles: 'taiwan-beach-particles.json',
    shapes: 'taiwan-beach-shapes.json',
    colours: 'taiwan-beach-colours.json',
  };
  const data = (beach: string, what: string) => `taiwan-beach-microplastics/${beach}_beach_${what}_count.csv`;
  const loaded: Record<string, Loaded> = {};
  beforeAll(async () => {
    for (const beach of ['longmen', 'xialiao']) {
      loaded[`${beach}-particles`] = await load(files.particles, data(beach, 'particle'));
      loaded[`${beach}-shapes`] = await load(files.shapes, data(beach, 'shape'));
      loaded[`${beach}-colours`] = await load(files.colours, data(beach, 'color'));
    }
  });

  it.each([
    ['longmen-particles', { rowLines: 1626, rows: 1626, blank: 2, error: 0 }],
    ['xialiao-particles', { rowLines: 966, rows: 966, blank: 0, error: 0 }],
    // 11 shape columns; the 2 lines of NA counts give no row: errors
    ['longmen-shapes', { rowLines: 1624, rows: 1624 * 11, blank: 0, error: 2 }],
    ['xialiao-shapes', { rowLines: 966, rows: 966 * 9, blank: 0, error: 0 }],
    ['longmen-colours', { rowLines: 1624, rows: 1624 * 8, blank: 0, error: 2 }],
    ['xialiao-colours', { rowLines: 966, rows: 966 * 8, blank: 0, error: 0 }],
  ])('%s yields %j', (key, counts) => {
    expect(loaded[key].counts).toEqual(counts);
  });

  const sample = {
    site_id: 'Xialiao_Beach',
    site_name: 'Xialiao_Beach',
    country: 'Taiwan',
    site_latitude: '25.21469',
    site_longitude: '121.65406',
    site_type: 'BEACH',
    matrix: 'BEACH',
    device: 'QUADRAT',
    sample_id: 'Xialiao_Beach|2018-04-25|A|3',
    sampled_at: '2018-04-25',
    size_class: 'MP_1_5',
  };

  it('Xialiao line 4 (A/3, 1–5 mm): count, particle mass in mg, dry sand in kg', () => {
    const [row] = rowsAt(loaded['xialiao-particles'], 4);
    expect(row.values).toEqual({ ...sample, count: '79', particle_mass_mg: '37', mass_kg: '1.4071', mass_basis: 'DRY', notes: 'Beach zone: dune' });
    expect(row.columns).toMatchObject({ sample_id: 'Location_name + Date_YYYY-MM-DD + Transect + Position', size_class: 'Size_min_mm + Size_max_mm', particle_mass_mg: 'Particle_weight_g', mass_kg: 'Weight_dry_sand_g' });
  });

  it('Xialiao line 4: shapes (fibers → FIBRE) and colours (red_pink → OTHER) on the same sample', () => {
    const shapes = rowsAt(loaded['xialiao-shapes'], 4);
    expect(shapes.map((r) => [r.values.shape, r.values.category, r.values.count])).toEqual([
      ['FRAGMENT', 'fragment', '3'],
      ['FOAM', 'foamed_plastic', '75'],
      ['PELLET', 'pellet', '0'],
      ['FILM', 'foil', '0'],
      ['FIBRE', 'fibers', '0'],
      ['LINE', 'fishing_line', '1'],
      ['OTHER', 'cigarette_butt', '0'],
      ['LINE', 'rope', '0'],
      ['RUBBER', 'rubber', '0'],
    ]);
    expect(shapes[0].values).toMatchObject(sample);
    const colours = rowsAt(loaded['xialiao-colours'], 4);
    expect(colours.map((r) => [r.values.colour, r.values.category, r.values.count])).toEqual([
      ['TRANSPARENT', 'no_color', '76'],
      ['BLACK', 'black', '1'],
      ['GREY', 'grey', '0'],
      ['OTHER', 'red_pink', '2'],
      ['OTHER', 'orange_brown_yellow', '0'],
      ['GREEN', 'green', '0'],
      ['BLUE', 'blue', '0'],
      ['PURPLE', 'purple', '0'],
    ]);
    expect(colours[0].values).toMatchObject(sample);
  });

  it('the three layouts give the same samples', () => {
    for (const beach of ['longmen', 'xialiao']) {
      const ids = (k: string) => new Set(loaded[`${beach}-${k}`].rows.filter((r) => r.values.count !== '').map((r) => `${r.values.sample_id}/${r.values.size_class}`));
      expect(ids('shapes')).toEqual(ids('particles'));
      expect(ids('colours')).toEqual(ids('particles'));
    }
    expect(new Set(loaded['longmen-particles'].rows.map((r) => r.values.sample_id)).size).toBe(813);
  });

  it('Longmen line 1288 (NA counts): passed on with empty counts from the particle file, errors in the wide files; 1628–1629 are blank', () => {
    const l = loaded['longmen-particles'];
    expect(rowsAt(l, 1288)[0].values).toMatchObject({ sample_id: 'Longmen_Beach|2019-10-02|A|15', size_class: 'MP_1_5', count: '', particle_mass_mg: '', mass_kg: '', notes: 'Beach zone: storm_line' });
    expect([l.line(1628).type, l.line(1629).type]).toEqual(['blank', 'blank']);
    expect(loaded['longmen-shapes'].line(1366)).toMatchObject({
      type: 'error',
      errors: [{ line: 1366, column: '(row)', value: '', reason: 'nothing to import: every key column is empty (fragment, foamed_plastic, pellet, foil, fiber, fishing_line … (11 columns))' }],
    });
    expect(loaded['longmen-colours'].line(1288).type).toBe('error');
  });

  it('Longmen shapes include fiber, fabric and unclear', () => {
    expect(rowsAt(loaded['longmen-shapes'], 2).map((r) => `${r.values.category}→${r.values.shape}`)).toEqual([
      'fragment→FRAGMENT', 'foamed_plastic→FOAM', 'pellet→PELLET', 'foil→FILM', 'fiber→FIBRE', 'fishing_line→LINE',
      'cigarette_butt→OTHER', 'rope→LINE', 'rubber→RUBBER', 'fabric→OTHER', 'unclear→OTHER',
    ]);
  });
});

describe('eea-marine-litter-watch.json on mlw-data.csv', () => {
  let l: Loaded;
  beforeAll(async () => {
    l = await load('eea-marine-litter-watch.json', 'eea-marine-litter-watch/mlw-data.csv', 'beach-litter');
  });

  it('yields 143,217 item rows; 42 lines holding U+FFFD in the source text are refused as badly encoded', () => {
    expect(l.counts).toEqual({ rowLines: 3565, rows: 143217, blank: 0, error: 42 });
    expect(l.line(45)).toMatchObject({ type: 'error', errors: [{ line: 45, column: 'BeachName', reason: 'bad encoding: invalid UTF-8, or a replacement character (U+FFFD) left by an earlier conversion' }] });
  });

  it('line 2: one row per non-blank G column', () => {
    const rows = rowsAt(l, 2);
    expect(rows).toHaveLength(72);
    expect(rows[0].values).toEqual({
      beach_id: 'San Mauro Cilento (SA)|0.00013489910789403728|0.00036108950654896373|0.00013490809106508333|0.00036108950654896373',
      beach_name: 'San Mauro Cilento (SA)',
      country: 'IT',
      start_longitude: '0.00013489910789403728',
      start_latitude: '0.00036108950654896373',
      end_longitude: '0.00013490809106508333',
      end_latitude: '0.00036108950654896373',
      location_type: '',
      substrate: '',
      team_id: 'Legambiente Onlus',
      team_name: 'Legambiente Onlus',
      survey_id: '20180428|Legambiente Onlus|San Mauro Cilento (SA)|Monitoring|0.00013489910789403728|0.00036108950654896373|0.00013490809106508333|0.00036108950654896373|100',
      survey_date: '2018-04-28',
      is_monitoring: 'true',
      event_type: 'Monitoring',
      surveyed_length_m: '100',
      notes: 'Regional sea: Mediterranean Sea',
      code_system: 'GMSFD',
      item_code: 'G3',
      item_count: '5',
    });
    expect(rows[0].columns).toMatchObject({ item_code: 'G3', item_count: 'G3', survey_date: 'EventDate', is_monitoring: 'EventType', surveyed_length_m: 'BeachLength_m' });
    expect(rows.slice(1, 5).map((r) => `${r.values.item_code}=${r.values.item_count}`)).toEqual(['G4=6', 'G7=13', 'G8=19', 'G9=13']);
  });

  it('line 27: a clean-up with no item recorded keeps its survey', () => {
    expect(rowsAt(l, 27)).toEqual([
      expect.objectContaining({
        values: expect.objectContaining({ survey_date: '2018-12-04', is_monitoring: 'false', substrate: 'sand', location_type: 'Rural', start_longitude: '-3.465278', end_latitude: '43.46361', country: 'ES' }),
      }),
    ]);
    expect(rowsAt(l, 27)[0].values).not.toHaveProperty('item_code');
  });

  it('maps the EU country codes UK and EL; "null" and "Int" name no country', () => {
    const countries = new Set(l.rows.map((r) => r.values.country));
    expect(countries.has('GB') && countries.has('GR')).toBe(true);
    for (const c of ['UK', 'EL', 'null', 'Int']) expect(countries.has(c)).toBe(false);
  });

  it('line 618: a beach length of 0 m is read as not recorded', () => {
    expect(rowsAt(l, 618)[0].values).toMatchObject({ surveyed_length_m: '', country: 'IE', survey_date: '2014-09-20' });
  });
});
