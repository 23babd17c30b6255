import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LittoralError } from '@littoral/contracts';
import { mappingFormat } from './mapping-format.js';
import type { FormatReader, ReaderItem } from './types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'littoral-mapping-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function file(content: string | Buffer): string {
  const p = path.join(dir, `f${++n}.csv`);
  writeFileSync(p, content);
  return p;
}

async function collect(reader: FormatReader): Promise<ReaderItem[]> {
  const out: ReaderItem[] = [];
  for await (const it of reader.items()) out.push(it);
  return out;
}

async function failure(reader: FormatReader): Promise<LittoralError> {
  try {
    await collect(reader);
  } catch (e) {
    if (e instanceof LittoralError) return e;
    throw e;
  }
  throw new Error('expected a LittoralError');
}

function thrown(fn: () => unknown): LittoralError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LittoralError) return e;
    throw e;
  }
  throw new Error('expected a LittoralError');
}

const required = {
  site_id: 'Site',
  sample_id: { template: '{Site}-{Date}' },
  site_type: { const: 'OFFSHORE' },
  matrix: { const: 'SW_SURF' },
  sampled_at: { column: 'Date', date: 'us-datetime' },
};
const mp = (extra: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) => ({ kind: 'microplastics', ...extra, fields: { ...required, ...fields } });
const rowsOf = (items: ReaderItem[]) => items.flatMap((i) => (i.type === 'rows' ? i.rows : []));

describe('mappingFormat: lines', () => {
  it('reads lines into canonical rows of text with the source columns named', async () => {
    const p = file('Site,Date,Lon,Mesh\nS1,5/16/2012 12:00:00 AM,-130.5,333\n');
    const items = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { site_longitude: { column: 'Lon', scale: -1 }, mesh_size_mm: { column: 'Mesh', scale: 0.001 } }) }));
    expect(items).toEqual([
      {
        type: 'rows',
        line: 2,
        raw: ['S1', '5/16/2012 12:00:00 AM', '-130.5', '333'],
        rows: [
          {
            table: 'row',
            line: 2,
            values: { site_id: 'S1', sample_id: 'S1-5/16/2012 12:00:00 AM', site_type: 'OFFSHORE', matrix: 'SW_SURF', sampled_at: '2012-05-16', site_longitude: '130.5', mesh_size_mm: '0.333' },
            columns: {
              site_id: 'Site',
              sample_id: 'Site + Date',
              site_type: 'site_type (mapping constant)',
              matrix: 'matrix (mapping constant)',
              sampled_at: 'Date',
              site_longitude: 'Lon',
              mesh_size_mm: 'Mesh',
            },
          },
        ],
      },
    ]);
  });

  it('yields blank lines as blank and ragged lines as errors', async () => {
    const p = file('Site,Date\r\nS1,1/2/2010\r\n,\r\n\r\nS2\r\nS3,1/3/2010,extra\r\n');
    const items = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp() }));
    expect(items.map((i) => [i.type, i.line])).toEqual([['rows', 2], ['blank', 3], ['blank', 4], ['error', 5], ['error', 6]]);
    expect(items[3]).toMatchObject({ type: 'error', errors: [{ line: 5, column: '(row)', value: '1 fields', reason: 'ragged row: 1 fields but the header has 2', expected: '2 fields' }] });
  });

  it('turns a line whose transforms fail into one error item listing every failure', async () => {
    const p = file('Site,Date,Lon,Mesh\nS1,2/30/2017,west,333\nS2,2/3/2017,10,333\n');
    const items = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { site_longitude: { column: 'Lon', scale: -1 }, mesh_size_mm: { column: 'Mesh', scale: 0.001 } }) }));
    expect(items[0]).toEqual({
      type: 'error',
      line: 2,
      raw: ['S1', '2/30/2017', 'west', '333'],
      errors: [
        { line: 2, column: 'Date', value: '2/30/2017', reason: 'no such date: month 2, day 30, year 2017', expected: 'a US date such as 5/16/2012, 5/16/2012 12:00:00 AM or 05/16/2012 14:30' },
        { line: 2, column: 'Lon', value: 'west', reason: 'not a number: "west"', expected: 'a decimal number (it is multiplied by -1)' },
      ],
    });
    expect(items[1].type).toBe('rows');
  });

  it('turns null tokens (mapping-wide and per field) into empty values', async () => {
    const p = file('Site,Date,Conc,Len\nS1,1/2/2010,NA,0\nS2,1/2/2010, (n/r) ,5\n');
    const rows = rowsOf(await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({ nullValues: ['NA', '(N/R)'] }, { concentration: 'Conc', depth_m: { column: 'Len', nullValues: ['0'] } }) })));
    expect(rows.map((r) => [r.values.concentration, r.values.depth_m])).toEqual([['', ''], ['', '5']]);
  });

  it('reads coalesce: the first non-empty source', async () => {
    const p = file('Site,Date,Sub,Reg\nS1,1/2/2010,Bohai,Yellow Sea\nS2,1/2/2010,,Yellow Sea\nS3,1/2/2010,,\n');
    const rows = rowsOf(await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { region: { coalesce: ['Sub', 'Reg'] } }) })));
    expect(rows.map((r) => [r.values.region, r.columns.region])).toEqual([['Bohai', 'Sub'], ['Yellow Sea', 'Reg'], ['', 'Sub | Reg']]);
  });

  it('join leaves out the parts whose columns are empty', async () => {
    const p = file('Site,Date,Method,Ref\nS1,1/2/2010,,Smith 2019\nS2,1/2/2010,net,\nS3,1/2/2010,,\n');
    const rows = rowsOf(await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { notes: { join: ['Method: {Method}', 'Reference: {Ref}'] }, method_ref: { join: ['{Method}', '{Ref}'], separator: ' / ' } }) })));
    expect(rows.map((r) => [r.values.notes, r.values.method_ref])).toEqual([
      ['Reference: Smith 2019', 'Smith 2019'],
      ['Method: net', 'net'],
      ['', ''],
    ]);
    expect(rows[0].columns.notes).toBe('Method + Ref');
  });

  it('reads ymd-columns with a missing day as YYYY-MM', async () => {
    const p = file('Site,Y,M,D\nS1,2014,7,21\nS2,2014,7,NA\nS3,1976,10.5,15\n');
    const mapping = { kind: 'microplastics', nullValues: ['NA'], fields: { ...required, sample_id: 'Site', sampled_at: { date: 'ymd-columns', year: 'Y', month: 'M', day: 'D' } } };
    const items = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping }));
    expect(rowsOf(items).map((r) => r.values.sampled_at)).toEqual(['2014-07-21', '2014-07']);
    expect(items[2]).toMatchObject({ type: 'error', errors: [{ line: 4, column: 'Y + M + D', value: '1976 / 10.5 / 15', reason: 'not a month: "10.5"', expected: 'a whole month number 1–12 or a month name' }] });
  });
});

describe('mappingFormat: the first example of docs/mapping-files.md', () => {
  it('reads tows.csv as documented', async () => {
    const p = file('Station,Date,Lat,Lon,Mesh (um),Count per km2,Gear\nK-01,5/16/2012 12:00:00 AM,33.49,-140.00,333,15200,Manta\nK-02,5/17/2012 12:00:00 AM,33.51,-140.20,333,NA,neuston\n');
    const mapping = {
      kind: 'microplastics',
      description: 'Kuroshio tows 2012',
      source: 'Example University, cruise KT-12-03 (CC BY 4.0)',
      nullValues: ['NA'],
      fields: {
        site_id: 'Station',
        sample_id: { template: '{Station}/{Date}' },
        site_type: { const: 'OFFSHORE' },
        matrix: { const: 'SW_SURF' },
        site_latitude: 'Lat',
        site_longitude: { column: 'Lon', scale: -1, comment: 'the logger wrote west for east' },
        sampled_at: { column: 'Date', date: 'us-datetime' },
        mesh_size_mm: { column: 'Mesh (um)', scale: 0.001 },
        device: { column: 'Gear', map: { manta: 'MANTA', neuston: 'NEUSTON' } },
        concentration: 'Count per km2',
        concentration_unit: { const: 'pieces/km2' },
      },
    };
    const rows = rowsOf(await collect(mappingFormat({ path: p, kind: 'microplastics', mapping })));
    expect(rows[0].values).toEqual({
      site_id: 'K-01', sample_id: 'K-01/5/16/2012 12:00:00 AM', site_type: 'OFFSHORE', matrix: 'SW_SURF', site_latitude: '33.49', site_longitude: '140',
      sampled_at: '2012-05-16', mesh_size_mm: '0.333', device: 'MANTA', concentration: '15200', concentration_unit: 'pieces/km2',
    });
    expect(rows[1].values).toMatchObject({ site_longitude: '140.2', device: 'NEUSTON', concentration: '' });
  });
});

describe('mappingFormat: header', () => {
  it('stops at the header when the file lacks columns the mapping names', async () => {
    const p = file('Site,Datum\nS1,1/2/2010\n');
    const e = await failure(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { concentration: 'Conc' }) }));
    expect(e.code).toBe('IMPORT_HEADER_INVALID');
    expect(e.message).toBe(`${p} line 1 (header): the mapping names columns the file lacks: "Date", "Conc". The header has: "Site", "Datum"`);
    expect(e.details).toEqual({ line: 1, missing: ['Date', 'Conc'] });
  });

  it('checks the header of a file without data lines too', async () => {
    const e = await failure(mappingFormat({ path: file('Site\n'), kind: 'microplastics', mapping: mp() }));
    expect(e.message).toContain('the mapping names column the file lacks: "Date"');
  });

  it('refuses an ambiguous duplicate header name and reads the occurrence asked for', async () => {
    const p = file('Site,Date,<5mm,Weight,<5mm\nS1,1/2/2010,10,,20\n');
    const e = await failure(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { concentration: '<5mm' }) }));
    expect(e.message).toBe(`${p} line 1 (header): column "<5mm" occurs 2 times (columns 3, 5); say which with "occurrence" (or {<5mm@2} in a template). The header has: "Site", "Date", "<5mm", "Weight", "<5mm"`);
    const rows = rowsOf(await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { concentration: { column: '<5mm', occurrence: 2 }, count: { index: 2 }, notes: { template: 'second {<5mm@2}' } }) })));
    expect(rows[0].values).toMatchObject({ concentration: '20', count: '10', notes: 'second 20' });
    expect(rows[0].columns).toMatchObject({ concentration: '<5mm (column 5)', count: '<5mm (column 3)', notes: '<5mm (column 5)' });
    const e3 = await failure(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { concentration: { column: '<5mm', occurrence: 3 } }) }));
    expect(e3.message).toContain('column "<5mm" occurs 2 time(s), not 3');
  });

  it('rejects an index beyond the header and a wide pattern that matches nothing', async () => {
    const p = file('Site,Date\nS1,1/2/2010\n');
    expect((await failure(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { count: { index: 7 } }) }))).message).toContain('column index 7 is beyond the 2 columns of the header');
    const wide = mp({ wide: { match: '^G\\d+$', name: { category: {} }, value: { count: {} } } });
    expect((await failure(mappingFormat({ path: p, kind: 'microplastics', mapping: wide }))).message).toContain('no column matches /^G\\d+$/ (rows[0].wide.match)');
  });

  it('matches header names case-insensitively when there is no exact match; optional columns may be absent', async () => {
    const p = file('SITE,date\nS1,1/2/2010\n');
    const rows = rowsOf(await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({}, { notes: { column: 'Remarks', optional: true } }) })));
    expect(rows[0].values).toMatchObject({ site_id: 'S1', sampled_at: '2010-01-02', notes: '' });
    expect(rows[0].columns.site_id).toBe('SITE');
  });

  it('honours delimiter, skipLines and encoding', async () => {
    const p = file(Buffer.concat([Buffer.from('exported by X\nsecond preamble line\n'), Buffer.from('Site\tDate\tName\n', 'latin1'), Buffer.from('S1\t1/2/2010\tFr\xe9hel\n', 'latin1')]));
    const items = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: mp({ delimiter: 'tab', skipLines: 2, encoding: 'latin1' }, { site_name: 'Name' }) }));
    expect(items).toMatchObject([{ type: 'rows', line: 4, rows: [{ values: { site_name: 'Fréhel' } }] }]);
  });

  it('reports headers and bytes read', async () => {
    const content = 'Site,Date\nS1,1/2/2010\n';
    const reader = mappingFormat({ path: file(content), kind: 'microplastics', mapping: mp() });
    await collect(reader);
    expect(reader.headers()).toEqual([{ columns: ['Site', 'Date'] }]);
    expect(reader.bytesRead()).toBe(Buffer.byteLength(content));
  });
});

describe('mappingFormat: several rows per line', () => {
  const trawl = mp(
    { nullValues: ['NA'] },
    {},
  );
  (trawl as Record<string, unknown>).rows = [
    { fields: { concentration: 'km2', concentration_unit: { const: 'pieces/km2' }, correction: { column: 'Corrected', map: { No: 'NONE', Yes: 'WIND_MIXING' } } }, skipIfEmpty: ['concentration'] },
    { when: { column: 'Corrected', equals: 'No' }, fields: { concentration: 'Corr', concentration_unit: { const: 'pieces/km2' }, correction: { const: 'WIND_MIXING' } }, skipIfEmpty: ['concentration'] },
  ];
  const p = () => file('Site,Date,km2,Corr,Corrected\nA,1/2/2010,8600,18916.3,No\nB,1/2/2010,NA,5,No\nC,1/2/2010,7,7,Yes\nD,1/2/2010,NA,NA,No\n');

  it('gives each row its own overrides, skips rows whose key is empty and rows whose condition fails', async () => {
    const items = await collect(mappingFormat({ path: p(), kind: 'microplastics', mapping: trawl }));
    const summary = items.map((i) => (i.type === 'rows' ? i.rows.map((r) => `${r.values.site_id}:${r.values.concentration}:${r.values.correction}:${r.columns.concentration}`) : i.type));
    expect(summary).toEqual([['A:8600:NONE:km2', 'A:18916.3:WIND_MIXING:Corr'], ['B:5:WIND_MIXING:Corr'], ['C:7:WIND_MIXING:km2'], 'error']);
    expect(items[3]).toEqual({
      type: 'error',
      line: 5,
      raw: ['D', '1/2/2010', 'NA', 'NA', 'No'],
      errors: [{ line: 5, column: '(row)', value: '', reason: 'nothing to import: every key column is empty (km2, Corr)', expected: 'a value in at least one key column' }],
    });
  });

  it('noRows "skip" yields the line with no rows; "keep" yields the shared fields only', async () => {
    const skip = await collect(mappingFormat({ path: p(), kind: 'microplastics', mapping: { ...trawl, noRows: 'skip' } }));
    expect(skip[3]).toEqual({ type: 'rows', line: 5, rows: [], raw: ['D', '1/2/2010', 'NA', 'NA', 'No'] });
    const keep = await collect(mappingFormat({ path: p(), kind: 'microplastics', mapping: { ...trawl, noRows: 'keep' } }));
    expect(keep[3]).toMatchObject({ type: 'rows', rows: [{ values: { site_id: 'D', sample_id: 'D-1/2/2010', sampled_at: '2010-01-02', site_type: 'OFFSHORE', matrix: 'SW_SURF' } }] });
    expect(rowsOf(keep.slice(3))[0].values).not.toHaveProperty('concentration');
  });
});

describe('mappingFormat: wide layouts', () => {
  const shapes = mp({
    nullValues: ['NA'],
    wide: {
      match: '.',
      exclude: ['Site', 'Date'],
      name: { shape: { map: { foamed_plastic: 'FOAM', fiber: 'FIBRE', fibers: 'FIBRE', fishing_line: 'LINE' } }, category: {} },
      value: { count: {} },
    },
  });

  it('makes one row per matching column with a non-empty cell, keeping the column name', async () => {
    const p = file('Site,Date,foamed_plastic,fibers,fishing_line,nurdle\nS1,1/2/2010,3,,0,2\n');
    const items = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: shapes }));
    const rows = rowsOf(items);
    expect(rows.map((r) => [r.values.shape, r.values.category, r.values.count, r.columns.shape, r.columns.count])).toEqual([
      ['FOAM', 'foamed_plastic', '3', 'foamed_plastic', 'foamed_plastic'],
      ['LINE', 'fishing_line', '0', 'fishing_line', 'fishing_line'],
      // An unmapped column name is passed on as written, for the validator to reject.
      ['nurdle', 'nurdle', '2', 'nurdle', 'nurdle'],
    ]);
    expect(rows[0].values.site_id).toBe('S1');
  });

  it('applies noRows when every cell is empty', async () => {
    const p = file('Site,Date,fiber\nS1,1/2/2010,NA\n');
    const err = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: shapes }));
    expect(err[0]).toMatchObject({ type: 'error', errors: [{ column: 'fiber', reason: 'nothing to import: every key column is empty (fiber)' }] });
    const keep = await collect(mappingFormat({ path: p, kind: 'microplastics', mapping: { ...shapes, noRows: 'keep' } }));
    expect(rowsOf(keep)).toEqual([{ table: 'row', line: 2, values: expect.objectContaining({ site_id: 'S1' }), columns: expect.any(Object) }]);
    expect(rowsOf(keep)[0].values).not.toHaveProperty('shape');
  });

  it('reports a failing cell transform with the column name', async () => {
    const p = file('Site,Date,G1,G2\nS1,1/2/2010,2,x\n');
    const mapping = { kind: 'beach-litter', fields: { beach_id: 'Site', survey_id: 'Site', survey_date: { column: 'Date', date: 'us-datetime' }, is_monitoring: { const: true } }, wide: { match: '^G\\d+$', name: { item_code: {} }, value: { item_count: { scale: 1 } } } };
    const items = await collect(mappingFormat({ path: p, kind: 'beach-litter', mapping }));
    expect(items[0]).toMatchObject({ type: 'error', errors: [{ line: 2, column: 'G2', value: 'x', reason: 'not a number: "x"' }] });
  });
});

describe('mappingFormat: options', () => {
  it('exposes allowEmpty and attribution', () => {
    const reader = mappingFormat({ path: 'unused.csv', kind: 'microplastics', mapping: { ...mp(), allowEmpty: ['sampled_at'], source: 'Somebody et al.' } });
    expect(reader.allowEmpty).toEqual(['sampled_at']);
    expect(reader.attribution).toEqual(['Somebody et al.']);
  });

  it('validates the mapping before reading', () => {
    const e = thrown(() => mappingFormat({ path: 'unused.csv', kind: 'microplastics', mapping: mp({}, { shapes: 'x' }) }));
    expect(e.code).toBe('MAPPING_INVALID');
    expect(e.message.startsWith('Mapping invalid at $.fields.shapes: unknown canonical field "shapes" for kind microplastics')).toBe(true);
    expect(thrown(() => mappingFormat({ path: 'unused.csv', kind: 'microplastics' })).message).toBe('The mapping format needs a mapping file (JSON, see docs/mapping-files.md); none was given');
  });

  it('refuses a mapping of another kind', () => {
    const e = thrown(() => mappingFormat({ path: 'unused.csv', kind: 'beach-litter', mapping: mp() }));
    expect(e.code).toBe('IMPORT_KIND_MISMATCH');
    expect(e.message).toBe('The mapping file describes kind microplastics but the import is for kind beach-litter');
  });
});
