import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportHarness } from './support/import-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

jest.setTimeout(180_000);

// ---------------------------------------------------------------------------
// Expected values are read from the source files themselves (and the counts
// stated in their SOURCE.md), never typed in: a small RFC 4180 reader that
// keeps each record's physical line number (header = line 1, as in reports).
// ---------------------------------------------------------------------------

interface Rec {
  line: number;
  cells: string[];
}

function parseDelimited(text: string, delimiter = ','): Rec[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out: Rec[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let fresh = true; // at the start of a cell
  let line = 1;
  let start = 1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && fresh) {
      quoted = true;
      fresh = false;
    } else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
      fresh = true;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      // CRLF: the \n ends the record
    } else if (ch === '\n') {
      cells.push(cell);
      out.push({ line: start, cells });
      cells = [];
      cell = '';
      fresh = true;
      line++;
      start = line;
    } else {
      cell += ch;
      fresh = false;
    }
  }
  if (cell !== '' || cells.length) {
    cells.push(cell);
    out.push({ line: start, cells });
  }
  return out;
}

/** A source table: header, and data records (blank records dropped) with a cell getter by column name. */
class SourceTable {
  readonly header: string[];
  readonly rows: Rec[];
  constructor(file: string, delimiter = ',') {
    const recs = parseDelimited(readFileSync(file, 'utf8'), delimiter);
    this.header = recs[0].cells;
    this.rows = recs.slice(1).filter((r) => r.cells.some((c) => c.trim() !== ''));
  }
  /** Index of the n-th (1-based) column of this name (files with duplicate names). */
  index(name: string, occurrence = 1): number {
    let seen = 0;
    for (let i = 0; i < this.header.length; i++) if (this.header[i] === name && ++seen === occurrence) return i;
    throw new Error(`no column ${name} (#${occurrence})`);
  }
  get(r: Rec, name: string, occurrence = 1): string {
    return r.cells[this.index(name, occurrence)] ?? '';
  }
}

const lines = (rs: { line: number }[]) => [...new Set(rs.map((r) => r.line))].sort((a, b) => a - b);
const isNum = (s: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());

describe('import: NCEI export and the shipped mapping files on the real shared data', () => {
  const h = new ImportHarness();
  beforeAll(async () => {
    await h.start('imp_mapped');
    await h.dataset({ id: 'ncei', theme: 'microplastics' });
    await h.dataset({ id: 'isobe', theme: 'microplastics', declaredArea: { west: 122.5, south: 20, east: 154, north: 46 } });
    await h.dataset({ id: 'trawl', theme: 'microplastics' });
    await h.dataset({ id: 'doer', theme: 'microplastics' });
    await h.dataset({ id: 'taiwan', theme: 'microplastics' });
    await h.dataset({ id: 'eea', theme: 'beach-litter' });
  });
  afterAll(() => h.stop());

  it('NCEI West Pacific: 97 water concentrations in pieces/m3, each with its value, class, date and position', async () => {
    const src = new SourceTable(data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv'));
    expect(src.rows).toHaveLength(97); // SOURCE.md: 97 data rows
    const s = await h.imports.run({ datasetId: 'ncei', kind: 'microplastics', format: 'ncei', path: data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
    expect(s).toMatchObject({ status: 'SUCCEEDED', rowsRead: 97, rowsStored: 97, rowsRejected: 0, rowsDuplicate: 0, errors: [] });
    const ids = new Set(src.rows.map((r) => src.get(r, 'OBJECTID')));
    expect(await h.count('mp_concentration', 'ncei')).toBe(97);
    expect(await h.count('mp_sample', 'ncei')).toBe(ids.size);
    expect(await h.count('mp_particle_count', 'ncei')).toBe(0);
    const units = await h.ds.query(`SELECT DISTINCT unit, unit_family FROM mp_concentration WHERE dataset_id = 'ncei'`);
    expect(units).toEqual([{ unit: 'pieces/m3', unit_family: 'VOLUME' }]);

    const stored: { key: string; value: number; unit: string; original_value: number; original_unit: string; concentration_class: string; derived: boolean; sampled_at: Date; device: string; latitude: number; longitude: number }[] = await h.ds.query(
      `SELECT s.source_key AS key, c.value, c.unit, c.original_value, c.original_unit, c.concentration_class, c.derived, s.sampled_at, s.device, st.latitude, st.longitude
         FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id JOIN mp_site st ON st.id = s.site_id WHERE c.dataset_id = 'ncei'`,
    );
    const byId = new Map(stored.map((r) => [r.key, r]));
    /** `M/D/YYYY h:mm:ss AM` (SOURCE.md) as a UTC instant. */
    const usDate = (text: string) => {
      const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text);
      if (!m) throw new Error(`unexpected NCEI date ${text}`);
      const hour = (Number(m[4]) % 12) + (m[7] === 'PM' ? 12 : 0);
      return new Date(Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6])));
    };
    for (const r of src.rows) {
      const got = byId.get(src.get(r, 'OBJECTID'));
      expect(got).toBeDefined();
      expect(got).toMatchObject({
        value: Number(src.get(r, 'Measurement')), unit: src.get(r, 'Unit'), original_value: Number(src.get(r, 'Measurement')), original_unit: src.get(r, 'Unit'),
        concentration_class: src.get(r, 'Density Class'), derived: false, latitude: Number(src.get(r, 'Latitude')), longitude: Number(src.get(r, 'Longitude')),
      });
      expect(new Date(got!.sampled_at).toISOString()).toBe(usDate(src.get(r, 'Date')).toISOString());
    }
    // One record spelled out: the file's first line.
    const first = src.rows[0];
    const one = byId.get(src.get(first, 'OBJECTID'))!;
    expect(one.device).toBe('NEUSTON'); // Sampling Method "Neuston net"
    expect(src.get(first, 'Sampling Method')).toBe('Neuston net');
    expect([one.value, one.unit, one.concentration_class, one.latitude, one.longitude]).toEqual([
      Number(src.get(first, 'Measurement')), src.get(first, 'Unit'), src.get(first, 'Density Class'), Number(src.get(first, 'Latitude')), Number(src.get(first, 'Longitude')),
    ]);
  });

  it('Isobe 2015: 54 stations stored, the 2 "####" longitudes refused, the wrong-sign longitudes flipped', async () => {
    const src = new SourceTable(data('trawl-microplastics-global', 'Isobe.csv'));
    expect(src.rows).toHaveLength(56); // SOURCE.md: 56 real data rows, then empty rows of commas
    const refused = src.rows.filter((r) => !isNum(src.get(r, 'Long')));
    expect(refused.map((r) => src.get(r, 'Long'))).toEqual(refused.map(() => expect.stringMatching(/^#+$/)));
    const valid = src.rows.filter((r) => isNum(src.get(r, 'Long')));
    expect(refused).toHaveLength(2);

    const rejectedPath = path.join(h.dir, 'isobe-rejected.csv');
    const s = await h.imports.run({ datasetId: 'isobe', kind: 'microplastics', format: 'mapping', mappingPath: mapping('isobe-2015.json'), path: data('trawl-microplastics-global', 'Isobe.csv'), skipInvalid: true, rejectedPath });
    expect(s).toMatchObject({ status: 'PARTIAL', rowsRead: 56, rowsStored: 54, rowsRejected: 2, rowsDuplicate: 0 });
    expect(valid).toHaveLength(s.rowsStored);
    expect(s.errors).toHaveLength(refused.length);
    expect(lines(s.errors)).toEqual(lines(refused));
    for (const e of s.errors) {
      expect(e).toMatchObject({ column: 'Long', reason: expect.stringMatching(/^not a number: "#+"$/), expected: 'a decimal number (it is multiplied by -1)' });
    }
    const rejected = new SourceTable(rejectedPath);
    expect(rejected.rows.map((r) => Number(rejected.get(r, 'line')))).toEqual(lines(refused));

    expect(await h.count('mp_site', 'isobe')).toBe(valid.length);
    expect(await h.count('mp_sample', 'isobe')).toBe(valid.length);
    // One concentration per non-empty cell of the five value columns (the first <5mm/>5mm block is the count block).
    const VALUE_COLUMNS: [string, number][] = [['Total', 1], ['<5mm', 1], ['>5mm', 1], ['<5mm/m^3', 1], ['>5mm/m^3', 1]];
    const cells = valid.reduce((n, r) => n + VALUE_COLUMNS.filter(([c, o]) => src.get(r, c, o) !== '').length, 0);
    expect(await h.count('mp_concentration', 'isobe')).toBe(cells);

    // Every stored station: its longitude is -1 × the file's value; latitude and date as in the file.
    const key = (r: Rec) => `isobe2015-${src.get(r, 'Year')}-${src.get(r, 'Month')}-${src.get(r, 'Day')}-${src.get(r, 'Lat')}`;
    const sites: { source_key: string; latitude: number; longitude: number; sampled_at: Date }[] = await h.ds.query(
      `SELECT s.source_key, st.latitude, st.longitude, s.sampled_at FROM mp_sample s JOIN mp_site st ON st.id = s.site_id WHERE s.dataset_id = 'isobe'`,
    );
    const byKey = new Map(sites.map((x) => [x.source_key, x]));
    for (const r of valid) {
      const got = byKey.get(key(r));
      expect(got).toMatchObject({ latitude: Number(src.get(r, 'Lat')), longitude: -1 * Number(src.get(r, 'Long')) });
      expect(got!.longitude).toBeGreaterThan(0);
      expect(new Date(got!.sampled_at).toISOString()).toBe(new Date(Date.UTC(Number(src.get(r, 'Year')), Number(src.get(r, 'Month')) - 1, Number(src.get(r, 'Day')))).toISOString());
    }

    // One station in full: its five values with their size windows and units.
    const station = valid[0];
    expect(Number(src.get(station, 'Long'))).toBeLessThan(0);
    const conc: { value: number; unit: string; size_min_mm: number | null; size_max_mm: number | null }[] = await h.ds.query(
      `SELECT c.value, c.unit, c.size_min_mm, c.size_max_mm FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id WHERE s.dataset_id = 'isobe' AND s.source_key = $1 ORDER BY c.unit, c.size_min_mm NULLS FIRST, c.size_max_mm NULLS FIRST`,
      [key(station)],
    );
    const expected = [
      { value: Number(src.get(station, 'Total')), unit: 'pieces/km2', size_min_mm: null, size_max_mm: null },
      { value: Number(src.get(station, '<5mm', 1)), unit: 'pieces/km2', size_min_mm: null, size_max_mm: 5 },
      { value: Number(src.get(station, '>5mm', 1)), unit: 'pieces/km2', size_min_mm: 5, size_max_mm: null },
      { value: Number(src.get(station, '<5mm/m^3')), unit: 'pieces/m3', size_min_mm: null, size_max_mm: 5 },
      { value: Number(src.get(station, '>5mm/m^3')), unit: 'pieces/m3', size_min_mm: 5, size_max_mm: null },
    ].filter((_, i) => src.get(station, VALUE_COLUMNS[i][0], VALUE_COLUMNS[i][1]) !== '');
    expect(conc).toEqual(expected);

    // SOURCE.md: the same stations appear with positive longitudes in LocationsCleanedWithWind.csv.
    const trawl = new SourceTable(data('trawl-microplastics-global', 'LocationsCleanedWithWind.csv'));
    const isobeInTrawl = trawl.rows.filter((r) => trawl.get(r, 'Source') === 'Isobe 2015');
    for (const r of valid) {
      const same = isobeInTrawl.filter((t) => Number(trawl.get(t, 'Lat')) === Number(src.get(r, 'Lat')) && Number(trawl.get(t, 'Year')) === Number(src.get(r, 'Year'))
        && Number(trawl.get(t, 'Month')) === Number(src.get(r, 'Month')) && Number(trawl.get(t, 'Day')) === Number(src.get(r, 'Day')));
      expect(same.map((t) => Number(trawl.get(t, 'Lon')))).toEqual([byKey.get(key(r))!.longitude]);
    }
    const lon = await h.ds.query(`SELECT min(longitude) AS w, max(longitude) AS e FROM mp_site WHERE dataset_id = 'isobe'`);
    expect(lon[0].w).toBeGreaterThan(122.5);
    expect(lon[0].e).toBeLessThan(154);
  });

  it('global trawl file: exact samples stored, the fractional-month lines refused, raw and wind-corrected km2 kept apart', async () => {
    const src = new SourceTable(data('trawl-microplastics-global', 'LocationsCleanedWithWind.csv'));
    expect(src.rows).toHaveLength(12546); // SOURCE.md
    const monthOk = (r: Rec) => /^\d+$/.test(src.get(r, 'Month')) && Number(src.get(r, 'Month')) >= 1 && Number(src.get(r, 'Month')) <= 12;
    const refused = src.rows.filter((r) => !monthOk(r));
    const valid = src.rows.filter(monthOk);
    expect(refused.length).toBeGreaterThan(0);

    const rejectedPath = path.join(h.dir, 'trawl-rejected.csv');
    const s = await h.imports.run({ datasetId: 'trawl', kind: 'microplastics', format: 'mapping', mappingPath: mapping('trawl-microplastics-global.json'), path: data('trawl-microplastics-global', 'LocationsCleanedWithWind.csv'), skipInvalid: true, rejectedPath });
    expect(s).toMatchObject({ status: 'PARTIAL', rowsRead: src.rows.length, rowsStored: valid.length, rowsRejected: refused.length, rowsDuplicate: 0 });
    expect(lines(s.errors)).toEqual(lines(refused));
    for (const r of refused) {
      expect(s.errors.filter((e) => e.line === r.line)).toEqual([expect.objectContaining({ column: 'Year + Month + Day', reason: `not a month: "${src.get(r, 'Month')}"` })]);
    }
    const rejected = new SourceTable(rejectedPath);
    expect(rejected.rows.map((r) => Number(rejected.get(r, 'line')))).toEqual(lines(refused));

    expect(await h.count('mp_site', 'trawl')).toBe(valid.length);
    expect(await h.count('mp_sample', 'trawl')).toBe(valid.length);
    const NA = (v: string) => v === 'NA' || v === '';
    const expectedConc = valid.reduce(
      (n, r) => n + (NA(src.get(r, 'km2')) ? 0 : 1) + (src.get(r, 'Corrected') === 'No' && !NA(src.get(r, 'CorrectedConcentration')) ? 1 : 0) + (NA(src.get(r, 'Total.Wieght..g..km.2')) ? 0 : 1),
      0,
    );
    expect(await h.count('mp_concentration', 'trawl')).toBe(expectedConc);

    const concOf = (x: string): Promise<{ value: number; unit: string; correction: string; original_value: number; size_max_mm: number | null }[]> =>
      h.ds.query(
        `SELECT c.value, c.unit, c.correction, c.original_value, c.size_max_mm FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id
          WHERE s.dataset_id = 'trawl' AND s.source_key = $1 ORDER BY c.unit DESC, c.correction`,
        [`trawl-${x}`],
      );
    // One East-Asian station (Isobe 2015, not yet wind-corrected by its source): raw km2 and the curators' corrected value.
    const station = valid.find((r) => src.get(r, 'Source') === 'Isobe 2015' && src.get(r, 'Corrected') === 'No' && !NA(src.get(r, 'km2')) && !NA(src.get(r, 'CorrectedConcentration')))!;
    expect(station).toBeDefined();
    const topLim = NA(src.get(station, 'TopLim')) ? null : Number(src.get(station, 'TopLim')) / 1000;
    expect(await concOf(src.get(station, 'X'))).toEqual([
      { value: Number(src.get(station, 'km2')), unit: 'pieces/km2', correction: 'NONE', original_value: Number(src.get(station, 'km2')), size_max_mm: topLim },
      { value: Number(src.get(station, 'CorrectedConcentration')), unit: 'pieces/km2', correction: 'WIND_MIXING', original_value: Number(src.get(station, 'CorrectedConcentration')), size_max_mm: topLim },
    ]);
    const [sample] = await h.ds.query(
      `SELECT s.sampled_at, s.device, s.mesh_size_mm, st.latitude, st.longitude FROM mp_sample s JOIN mp_site st ON st.id = s.site_id WHERE s.dataset_id = 'trawl' AND s.source_key = $1`,
      [`trawl-${src.get(station, 'X')}`],
    );
    expect(sample).toMatchObject({ device: 'NEUSTON', latitude: Number(src.get(station, 'Lat')), longitude: Number(src.get(station, 'Lon')) });
    expect(sample.mesh_size_mm).toBeCloseTo(Number(src.get(station, 'Mesh.Size')) / 1000, 12);
    expect(new Date(sample.sampled_at).toISOString()).toBe(new Date(Date.UTC(Number(src.get(station, 'Year')), Number(src.get(station, 'Month')) - 1, Number(src.get(station, 'Day')))).toISOString());

    // A station whose source value was already corrected: one km2 value, marked WIND_MIXING.
    const corrected = valid.find((r) => src.get(r, 'Corrected') === 'Yes' && !NA(src.get(r, 'km2')) && NA(src.get(r, 'Total.Wieght..g..km.2')))!;
    expect(await concOf(src.get(corrected, 'X'))).toEqual([
      { value: Number(src.get(corrected, 'km2')), unit: 'pieces/km2', correction: 'WIND_MIXING', original_value: Number(src.get(corrected, 'km2')), size_max_mm: NA(src.get(corrected, 'TopLim')) ? null : Number(src.get(corrected, 'TopLim')) / 1000 },
    ]);
    // A station with a mass concentration: g/km2 kept, never wind-corrected.
    const massive = valid.find((r) => !NA(src.get(r, 'Total.Wieght..g..km.2')))!;
    const massRows = (await concOf(src.get(massive, 'X'))).filter((c) => c.unit === 'g/km2');
    expect(massRows).toEqual([expect.objectContaining({ value: Number(src.get(massive, 'Total.Wieght..g..km.2')), correction: 'NONE' })]);
  });

  it('DOER sediment compilation: exact stored and refused lines, each stored value as in the file (mp/kg dw)', async () => {
    const src = new SourceTable(data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'));
    expect(src.rows).toHaveLength(1064); // SOURCE.md
    // The mapping reads free-text periods with a year; "(N/R)" is empty (allowed); a month without a year ("Aug") is refused.
    const NULLS = ['', '(N/R)', '(N/A)', '(Not Applicable)'];
    const refused = src.rows.filter((r) => !NULLS.includes(src.get(r, 'Sample Time')) && !/\d{4}/.test(src.get(r, 'Sample Time')));
    const valid = src.rows.filter((r) => !refused.includes(r));
    expect(refused.length).toBeGreaterThan(0);

    const rejectedPath = path.join(h.dir, 'doer-rejected.csv');
    const s = await h.imports.run({ datasetId: 'doer', kind: 'microplastics', format: 'mapping', mappingPath: mapping('doer-sediment.json'), path: data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'), skipInvalid: true, rejectedPath });
    expect(s).toMatchObject({ status: 'PARTIAL', rowsRead: 1064, rowsStored: valid.length, rowsRejected: refused.length, rowsDuplicate: 0 });
    expect(lines(s.errors)).toEqual(lines(refused));
    for (const r of refused) {
      expect(s.errors.filter((e) => e.line === r.line)).toEqual([expect.objectContaining({ column: 'Sample Time', value: src.get(r, 'Sample Time'), reason: 'unparseable date' })]);
    }
    expect(await h.count('mp_sample', 'doer')).toBe(valid.length);
    expect(await h.count('mp_concentration', 'doer')).toBe(valid.length);
    const units = await h.ds.query(`SELECT DISTINCT unit, unit_family, original_unit FROM mp_concentration WHERE dataset_id = 'doer'`);
    expect(units).toEqual([{ unit: 'items/kg dw', unit_family: 'MASS_DRY', original_unit: src.get(src.rows[0], 'MP Unit') }]);

    const stored: { key: string; value: number; matrix: string; sampled_at: Date | null; sampled_until: Date | null }[] = await h.ds.query(
      `SELECT s.source_key AS key, c.value, s.matrix, s.sampled_at, s.sampled_until FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id WHERE c.dataset_id = 'doer'`,
    );
    const byKey = new Map(stored.map((r) => [r.key, r]));
    for (const r of valid) expect(byKey.get(`doer-${src.get(r, 'mpID')}`)?.value).toBe(Number(src.get(r, 'mp/kg dw')));

    // One line in full: an Asian riverine line whose Sample Time is a year and month.
    const one = valid.find((r) => src.get(r, 'Continent') === 'Asia' && src.get(r, 'System') === 'Riverine' && /^\d{4} [A-Z][a-z]{2}$/.test(src.get(r, 'Sample Time')))!;
    expect(one).toBeDefined();
    const got = byKey.get(`doer-${src.get(one, 'mpID')}`)!;
    const [year, mon] = src.get(one, 'Sample Time').split(' ');
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(mon);
    expect(got).toMatchObject({ value: Number(src.get(one, 'mp/kg dw')), matrix: 'SED_RIV' });
    expect(new Date(got.sampled_at!).toISOString()).toBe(new Date(Date.UTC(Number(year), month, 1)).toISOString());
    expect(new Date(got.sampled_until!).toISOString()).toBe(new Date(Date.UTC(Number(year), month + 1, 1) - 1).toISOString());
    // Not reported → no date.
    const unreported = valid.find((r) => src.get(r, 'Sample Time') === '(N/R)')!;
    expect(byKey.get(`doer-${src.get(unreported, 'mpID')}`)).toMatchObject({ sampled_at: null, sampled_until: null });
  });

  it('Taiwan beach particles, shapes and colours attach to the same samples (exact counts, derived items/kg dw)', async () => {
    const file = (beach: string, layout: string) => data('taiwan-beach-microplastics', `${beach}_beach_${layout}.csv`);
    const MAPPINGS: [string, string][] = [['particle_count', 'taiwan-beach-particles.json'], ['shape_count', 'taiwan-beach-shapes.json'], ['color_count', 'taiwan-beach-colours.json']];
    const FIXED = ['Date_YYYY-MM-DD', 'Country_Region', 'Location_name', 'Location_lat', 'Location_lon', 'Transect', 'Position', 'Size_min_mm', 'Size_max_mm', 'Size_class'];
    const expected = { samples: new Map<string, number>(), counts: 0, conc: 0 };

    for (const beach of ['longmen', 'xialiao']) {
      const quadrats: Record<string, Set<string>> = {};
      let site = '';
      for (const [layout, map] of MAPPINGS) {
        const src = new SourceTable(file(beach, layout));
        const valueCols = layout === 'particle_count' ? ['Particle_count'] : src.header.filter((c) => !FIXED.includes(c));
        const withCounts = (r: Rec) => valueCols.some((c) => isNum(src.get(r, c)));
        const valid = src.rows.filter(withCounts);
        const refused = src.rows.filter((r) => !withCounts(r));
        const rejectedPath = path.join(h.dir, `${beach}-${layout}.csv`);
        const s = await h.imports.run({ datasetId: 'taiwan', kind: 'microplastics', format: 'mapping', mappingPath: mapping(map), path: file(beach, layout), skipInvalid: true, rejectedPath });
        expect(s).toMatchObject({ status: refused.length ? 'PARTIAL' : 'SUCCEEDED', rowsRead: src.rows.length, rowsStored: valid.length, rowsRejected: refused.length, rowsDuplicate: 0 });
        expect(lines(s.errors)).toEqual(lines(refused));
        quadrats[layout] = new Set(valid.map((r) => [src.get(r, 'Date_YYYY-MM-DD'), src.get(r, 'Transect'), src.get(r, 'Position')].join('|')));
        site = src.get(src.rows[0], 'Location_name');
        // particle files: one count per line (and a derived concentration); shape/colour files: one count per value column.
        expected.counts += layout === 'particle_count' ? valid.length : valid.length * valueCols.length;
        if (layout === 'particle_count') expected.conc += valid.length;
      }
      // One sample per quadrat (date + transect + position), the same quadrats in all three files.
      expect([...quadrats.shape_count].sort()).toEqual([...quadrats.particle_count].sort());
      expect([...quadrats.color_count].sort()).toEqual([...quadrats.particle_count].sort());
      expected.samples.set(site, quadrats.particle_count.size);
    }
    const samples: { site: string; n: number }[] = await h.ds.query(
      `SELECT st.source_key AS site, count(*)::int AS n FROM mp_sample s JOIN mp_site st ON st.id = s.site_id WHERE s.dataset_id = 'taiwan' GROUP BY 1 ORDER BY 1`,
    );
    expect(samples).toEqual([...expected.samples].sort().map(([site, n]) => ({ site, n })));
    expect(await h.count('mp_particle_count', 'taiwan')).toBe(expected.counts);
    expect(await h.count('mp_concentration', 'taiwan')).toBe(expected.conc);
    const derived = await h.ds.query(`SELECT count(*)::int AS n FROM mp_concentration WHERE dataset_id = 'taiwan' AND derived AND unit = 'items/kg dw'`);
    expect(derived[0].n).toBe(expected.conc);

    // One quadrat: derived items/kg dw = Particle_count / Weight_dry_sand_g × 1000.
    const particles = new SourceTable(file('xialiao', 'particle_count'));
    const q = particles.rows.find((r) => Number(particles.get(r, 'Particle_count')) > 0)!;
    const sampleKey = [particles.get(q, 'Location_name'), particles.get(q, 'Date_YYYY-MM-DD'), particles.get(q, 'Transect'), particles.get(q, 'Position')].join('|');
    const sizeClass = `${particles.get(q, 'Size_min_mm')}-${particles.get(q, 'Size_max_mm')}` === '1-5' ? 'MP_1_5' : 'MESO_5_25';
    const [conc] = await h.ds.query(
      `SELECT c.value, c.unit, c.unit_family, c.particle_count, c.derived, c.size_min_mm, c.size_max_mm, s.mass_kg, s.mass_basis, s.notes
         FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id WHERE s.dataset_id = 'taiwan' AND s.source_key = $1 AND c.size_class = $2`,
      [sampleKey, sizeClass],
    );
    const count = Number(particles.get(q, 'Particle_count'));
    const sandG = Number(particles.get(q, 'Weight_dry_sand_g'));
    expect(conc).toMatchObject({ unit: 'items/kg dw', unit_family: 'MASS_DRY', particle_count: count, derived: true, size_min_mm: Number(particles.get(q, 'Size_min_mm')), size_max_mm: Number(particles.get(q, 'Size_max_mm')), mass_basis: 'DRY', notes: `Beach zone: ${particles.get(q, 'Beach_Zone')}` });
    expect(conc.value).toBeCloseTo((count / sandG) * 1000, 9);
    expect(conc.mass_kg).toBeCloseTo(sandG / 1000, 12);
    const [bulk] = await h.ds.query(
      `SELECT pc.count, pc.mass_mg FROM mp_particle_count pc JOIN mp_sample s ON s.id = pc.sample_id WHERE s.dataset_id = 'taiwan' AND s.source_key = $1 AND pc.size_class = $2 AND pc.shape IS NULL AND pc.colour IS NULL`,
      [sampleKey, sizeClass],
    );
    expect(bulk.count).toBe(count);
    expect(bulk.mass_mg).toBeCloseTo(Number(particles.get(q, 'Particle_weight_g')) * 1000, 9);

    // The shape counts of one line: one stored count per shape column, under the column's name.
    const shapes = new SourceTable(file('xialiao', 'shape_count'));
    const line = shapes.rows.find((r) => shapes.header.filter((c) => !FIXED.includes(c)).filter((c) => Number(shapes.get(r, c)) > 0).length >= 2)!;
    const shapeKey = [shapes.get(line, 'Location_name'), shapes.get(line, 'Date_YYYY-MM-DD'), shapes.get(line, 'Transect'), shapes.get(line, 'Position')].join('|');
    const shapeClass = `${shapes.get(line, 'Size_min_mm')}-${shapes.get(line, 'Size_max_mm')}` === '1-5' ? 'MP_1_5' : 'MESO_5_25';
    const stored: { category_verbatim: string; shape: string; count: number }[] = await h.ds.query(
      `SELECT pc.category_verbatim, pc.shape, pc.count FROM mp_particle_count pc JOIN mp_sample s ON s.id = pc.sample_id
        WHERE s.dataset_id = 'taiwan' AND s.source_key = $1 AND pc.size_class = $2 AND pc.shape IS NOT NULL`,
      [shapeKey, shapeClass],
    );
    const fromFile = Object.fromEntries(shapes.header.filter((c) => !FIXED.includes(c)).map((c) => [c, Number(shapes.get(line, c))]));
    expect(Object.fromEntries(stored.map((r) => [r.category_verbatim, r.count]))).toEqual(fromFile);
    expect(stored.find((r) => r.category_verbatim === 'fragment')?.shape).toBe('FRAGMENT');
    expect(stored.find((r) => r.category_verbatim === 'fibers')?.shape).toBe('FIBRE');
  });

  it('EEA Marine LitterWatch (wide G-codes): exact surveys stored; mis-scaled positions, implausible lengths and mojibake refused', async () => {
    const src = new SourceTable(data('eea-marine-litter-watch', 'mlw-data.csv'));
    expect(src.rows).toHaveLength(3607); // SOURCE.md
    const G = src.header.filter((c) => /^G\d+$/.test(c));
    const near0 = (lat: string, lon: string) => lat !== '' && lon !== '' && Math.abs(Number(lat)) < 0.01 && Math.abs(Number(lon)) < 0.01;
    // SOURCE.md quirks: coordinates near (0,0), BeachLength_m > 10 km; and names carrying U+FFFD (text already damaged in the export).
    const misScaled = src.rows.filter((r) => near0(src.get(r, 'lat_y1'), src.get(r, 'lon_x1')) || near0(src.get(r, 'lat_y2'), src.get(r, 'lon_x2')));
    const tooLong = src.rows.filter((r) => src.get(r, 'BeachLength_m') !== '' && Number(src.get(r, 'BeachLength_m')) > 10_000);
    const mojibake = src.rows.filter((r) => r.cells.some((c) => c.includes('\uFFFD')));
    expect(misScaled.length).toBe(76); // SOURCE.md: 76 events near (0,0)
    expect(tooLong.length).toBe(11); // SOURCE.md: 11 rows > 10,000 m
    const lineInvalid = new Set([...misScaled, ...tooLong, ...mojibake].map((r) => r.line));
    // The mapping's survey id; a later line of the same survey counting an item differently is refused.
    const surveyKey = (r: Rec) =>
      [...['EventDate', 'CommunityName', 'BeachName', 'EventType', 'lon_x1', 'lat_y1', 'lon_x2', 'lat_y2', 'BeachLength_m'].map((c) => src.get(r, c)), ...(src.get(r, 'NatRef') ? [src.get(r, 'NatRef')] : [])].join('|');
    const bySurvey = new Map<string, Rec[]>();
    for (const r of src.rows) if (!lineInvalid.has(r.line)) bySurvey.set(surveyKey(r), [...(bySurvey.get(surveyKey(r)) ?? []), r]);
    const conflicting = new Set<number>();
    for (const group of bySurvey.values()) {
      for (const g of G) {
        const given = group.filter((r) => src.get(r, g) !== '');
        if (new Set(given.map((r) => src.get(r, g))).size > 1) for (const r of given.slice(1)) conflicting.add(r.line);
      }
    }
    const refused = new Set([...lineInvalid, ...conflicting]);
    const accepted = src.rows.filter((r) => !refused.has(r.line));

    const s = await h.imports.run({ datasetId: 'eea', kind: 'beach-litter', format: 'mapping', mappingPath: mapping('eea-marine-litter-watch.json'), path: data('eea-marine-litter-watch', 'mlw-data.csv'), skipInvalid: true, rejectedPath: path.join(h.dir, 'eea-rejected.csv') });
    expect(s).toMatchObject({ status: 'PARTIAL', rowsRead: 3607, rowsRejected: refused.size, rowsStored: accepted.length, rowsDuplicate: 0 });
    expect(lines(s.errors)).toEqual([...refused].sort((a, b) => a - b));

    const errorsOf = (pred: (e: { column: string; reason: string }) => boolean) => lines(s.errors.filter(pred));
    expect(errorsOf((e) => /is at 0°,0° — a missing or mis-scaled coordinate$/.test(e.reason))).toEqual(lines(misScaled));
    expect(s.errors.filter((e) => e.column === 'BeachLength_m')).toEqual(
      tooLong.map((r) => ({ line: r.line, column: 'BeachLength_m', value: src.get(r, 'BeachLength_m'), reason: 'out of range', expected: 'a length in metres > 0 and at most 10000' })),
    );
    expect(errorsOf((e) => e.reason === 'bad encoding: invalid UTF-8, or a replacement character (U+FFFD) left by an earlier conversion')).toEqual(lines(mojibake));
    expect(errorsOf((e) => e.column === 'item_count' && /counts item G\d+ differently than on line \d+$/.test(e.reason))).toEqual([...conflicting].sort((a, b) => a - b));

    // Stored: one survey per survey id, one item count per non-blank G cell, one beach per name + segment.
    const surveys = new Set(accepted.map(surveyKey));
    const items = new Set(accepted.flatMap((r) => G.filter((g) => src.get(r, g) !== '').map((g) => `${surveyKey(r)}#${g}`)));
    const beaches = new Set(accepted.map((r) => ['BeachName', 'lon_x1', 'lat_y1', 'lon_x2', 'lat_y2'].map((c) => src.get(r, c)).join('|')));
    expect(await h.count('bl_survey', 'eea')).toBe(surveys.size);
    expect(await h.count('bl_item_count', 'eea')).toBe(items.size);
    expect(await h.count('bl_beach_area', 'eea')).toBe(beaches.size);

    // One survey: its item counts are exactly the line's G-code cells.
    const single = accepted.filter((r) => bySurvey.get(surveyKey(r))!.length === 1);
    const one = single.reduce((best, r) => (G.filter((g) => src.get(r, g) !== '').length > G.filter((g) => src.get(best, g) !== '').length ? r : best));
    const stored: { code: string; code_system: string; count: number }[] = await h.ds.query(
      `SELECT ic.code, ic.code_system, ic.count FROM bl_item_count ic JOIN bl_survey sv ON sv.id = ic.survey_id WHERE sv.dataset_id = 'eea' AND sv.source_key = $1`,
      [surveyKey(one)],
    );
    expect(Object.fromEntries(stored.map((x) => [x.code, x.count]))).toEqual(Object.fromEntries(G.filter((g) => src.get(one, g) !== '').map((g) => [g, Number(src.get(one, g))])));
    expect(new Set(stored.map((x) => x.code_system))).toEqual(new Set(['GMSFD']));
    const [survey] = await h.ds.query(
      `SELECT survey_date::text AS date, is_monitoring, surveyed_length_m, event_type_verbatim FROM bl_survey WHERE dataset_id = 'eea' AND source_key = $1`,
      [surveyKey(one)],
    );
    const d = src.get(one, 'EventDate');
    expect(survey).toEqual({
      date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, is_monitoring: src.get(one, 'EventType') === 'Monitoring',
      surveyed_length_m: ['', '0'].includes(src.get(one, 'BeachLength_m')) ? null : Number(src.get(one, 'BeachLength_m')), event_type_verbatim: src.get(one, 'EventType'),
    });
  });
});
