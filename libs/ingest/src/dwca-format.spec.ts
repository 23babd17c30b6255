import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { LittoralError } from '@littoral/contracts';
import { dwcaFormat } from './dwca-format.js';
import type { CanonicalRow, FormatReader, ReaderItem } from './types.js';

const DATA = resolve(__dirname, '../../../../shared/data');
const TUBBATAHA = join(DATA, 'tubbataha-reefs-dwca/White_et_al_2019_DwC-A.zip');
const ESAS = join(DATA, 'esas-seabirds-dwc-sample');

async function collect(reader: FormatReader): Promise<ReaderItem[]> {
  const items: ReaderItem[] = [];
  for await (const item of reader.items()) items.push(item);
  return items;
}

const read = (path: string, encoding?: string) => collect(dwcaFormat({ path, kind: 'occurrences', ...(encoding ? { encoding } : {}) }));
const rowsOf = (items: ReaderItem[], table?: string): CanonicalRow[] =>
  items.flatMap((i) => (i.type === 'rows' ? i.rows : [])).filter((r) => table === undefined || r.table === table);
const errorsOf = (items: ReaderItem[]) => items.filter((i): i is Extract<ReaderItem, { type: 'error' }> => i.type === 'error');

async function failure(path: string, kind: 'occurrences' | 'microplastics' = 'occurrences'): Promise<LittoralError> {
  try {
    await collect(dwcaFormat({ path, kind }));
  } catch (e) {
    if (e instanceof LittoralError) return e;
    throw e;
  }
  throw new Error(`expected ${path} to fail`);
}

/** A minimal zip writer: STORED members by default, DEFLATE on request. */
function writeZip(path: string, files: Record<string, string | Buffer>, deflate: readonly string[] = []): void {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const method = deflate.includes(name) ? 8 : 0;
    const stored = method === 8 ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, stored);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + stored.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
}

function writeDir(path: string, files: Record<string, string | Buffer>): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(path, name, '..'), { recursive: true });
    writeFileSync(join(path, name), content);
  }
  return path;
}

const DWC = 'http://rs.tdwg.org/dwc/terms/';
const meta = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<archive xmlns="http://rs.tdwg.org/dwc/text/">\n${body}\n</archive>\n`;

describe('dwcaFormat: Tubbataha archive (zip, Occurrence core, defaults without index)', () => {
  let items: ReaderItem[];
  let reader: FormatReader;
  beforeAll(async () => {
    reader = dwcaFormat({ path: TUBBATAHA, kind: 'occurrences' });
    items = await collect(reader);
  });

  it('yields one occurrence row per data line and nothing else', () => {
    expect(items).toHaveLength(2236);
    expect(items.every((i) => i.type === 'rows' && i.rows.length === 1 && i.file === 'occurrence.csv')).toBe(true);
    expect(new Set(rowsOf(items).map((r) => r.table))).toEqual(new Set(['occurrence']));
    expect(items[0]!.line).toBe(2);
    expect(items[2235]!.line).toBe(2237);
  });

  it('fills the default-without-index fields from the physical columns, which match the meta defaults', () => {
    const rows = rowsOf(items);
    expect(rows.every((r) => r.values['eventDate'] === '')).toBe(true);
    expect(rows.every((r) => r.values['country'] === 'Philippines')).toBe(true);
    expect(rows.every((r) => r.values['basisOfRecord'] === 'HumanObservation')).toBe(true);
    expect(rows.every((r) => r.values['occurrenceStatus'] === 'present')).toBe(true);
    expect(rows.filter((r) => r.values['scientificNameID'] === '')).toHaveLength(18);
  });

  it('keeps values exactly as written and names the physical columns', () => {
    const row = rowsOf(items).find((r) => r.values['occurrenceID'] === 'tubbataha-white-2019:occurrence:76b713a4ac8ca223aca7a8abb70ec58d')!;
    expect(row).toEqual({
      table: 'occurrence',
      line: 1001,
      file: 'occurrence.csv',
      values: {
        occurrenceID: 'tubbataha-white-2019:occurrence:76b713a4ac8ca223aca7a8abb70ec58d',
        scientificName: 'Hemigymnus fasciatus',
        scientificNameID: 'urn:lsid:marinespecies.org:taxname:218999',
        eventDate: '',
        country: 'Philippines',
        locality: 'Tubbataha Reefs Natural Park: Lighthouse Islet',
        decimalLatitude: '8.74372800349681',
        decimalLongitude: '119.822692233337',
        coordinateUncertaintyInMeters: '986.585090891705',
        occurrenceStatus: 'present',
        basisOfRecord: 'HumanObservation',
      },
      columns: {
        occurrenceID: 'occurrenceID',
        scientificName: 'scientificName',
        scientificNameID: 'scientificNameID',
        eventDate: 'eventDate',
        country: 'country',
        locality: 'locality',
        decimalLatitude: 'decimalLatitude',
        decimalLongitude: 'decimalLongitude',
        coordinateUncertaintyInMeters: 'coordinateUncertaintyInMeters',
        occurrenceStatus: 'occurrenceStatus',
        basisOfRecord: 'basisOfRecord',
      },
    });
    const first = rowsOf(items).find((r) => r.values['occurrenceID'] === 'tubbataha-white-2019:occurrence:a6bd97e4059afc8dff7494003c5a6981')!;
    expect(first.values['decimalLatitude']).toBe('8.88527347221271');
    expect(first.line).toBe(2);
  });

  it('reports the physical header and the compressed bytes read', () => {
    expect(reader.headers()).toEqual([
      {
        file: 'occurrence.csv',
        columns: ['occurrenceID', 'scientificName', 'scientificNameID', 'eventDate', 'country', 'locality', 'fieldNumber', 'decimalLatitude', 'decimalLongitude', 'coordinateUncertaintyInMeters', 'geodeticDatum', 'occurrenceStatus', 'basisOfRecord'],
      },
    ]);
    // meta.xml (446 bytes deflated) + occurrence.csv (64,242 bytes deflated); eml.xml is not read.
    expect(reader.bytesRead()).toBe(446 + 64242);
  });
});

describe('dwcaFormat: ESAS sample (directory of plain tables, no meta.xml)', () => {
  let items: ReaderItem[];
  let reader: FormatReader;
  beforeAll(async () => {
    reader = dwcaFormat({ path: ESAS, kind: 'occurrences' });
    items = await collect(reader);
  });

  it('yields events, then occurrences, then measurements', () => {
    const order = items.map((i) => i.file);
    expect(order.indexOf('occurrence.tsv')).toBe(44);
    expect(order.lastIndexOf('event.tsv')).toBe(43);
    expect(order.indexOf('emof.tsv')).toBe(44 + 376);
    expect(rowsOf(items, 'event')).toHaveLength(44);
    expect(rowsOf(items, 'occurrence')).toHaveLength(376);
    expect(items.filter((i) => i.type === 'blank')).toHaveLength(0);
  });

  it('reads the event hierarchy, with dc `type` as eventType', () => {
    const events = rowsOf(items, 'event');
    expect(events.map((e) => e.values['eventType']).filter((t, i, a) => a.indexOf(t) === i)).toEqual(['cruise', 'sample', 'subSample']);
    expect(events[0]!.values).toMatchObject({ eventID: '110000153', parentEventID: '', eventType: 'cruise', eventDate: '1996-02-28/1996-02-28' });
    expect(events[1]!.values).toMatchObject({ eventID: '110000153_110000153', parentEventID: '110000153', eventType: 'sample', eventDate: '1996-02-28' });
    expect(events[2]).toEqual({
      table: 'event',
      line: 4,
      file: 'event.tsv',
      values: {
        eventType: 'subSample',
        eventID: '110000153_110000153_110004708',
        parentEventID: '110000153_110000153',
        eventDate: '1996-02-28T07:05:00Z',
        eventRemarks: '',
        decimalLatitude: '51.1367',
        decimalLongitude: '2.5267',
      },
      columns: {
        eventType: 'type',
        eventID: 'eventID',
        parentEventID: 'parentEventID',
        eventDate: 'eventDate',
        eventRemarks: 'eventRemarks',
        decimalLatitude: 'decimalLatitude',
        decimalLongitude: 'decimalLongitude',
      },
    });
  });

  it('reads occurrences with their eventID', () => {
    expect(rowsOf(items, 'occurrence')[0]!.values).toEqual({
      eventID: '110000153_110000153_110004708',
      basisOfRecord: 'HumanObservation',
      occurrenceID: '110000153_110000153_110004708_1100031820',
      individualCount: '1',
      occurrenceStatus: 'present',
      occurrenceRemarks: '',
      scientificNameID: 'urn:lsid:marinespecies.org:taxname:137138',
      scientificName: 'Larus argentatus',
      kingdom: 'Animalia',
      vernacularName: 'European Herring Gull',
    });
  });

  // SOURCE.md calls the 9th field of the wind-force lines "an extra empty field", but in the
  // file the EMPTY field is the 8th (measurementUnitID) and the 9th holds the unit URI, so the
  // extra field is not empty and structuralErrors rejects these 42 lines as ragged.
  it('rejects the 42 wind-force lines whose extra 9th field is not empty, and reads the other 1,679 measurements', () => {
    expect(rowsOf(items, 'measurement')).toHaveLength(1679);
    const errors = errorsOf(items);
    expect(errors).toHaveLength(42);
    expect(errors.every((e) => e.file === 'emof.tsv' && e.raw[2] === 'wind force' && e.raw.length === 9)).toBe(true);
    expect(errors[0]).toEqual({
      type: 'error',
      line: 14,
      file: 'emof.tsv',
      errors: [{ line: 14, file: 'emof.tsv', column: '(row)', value: '9 fields', reason: 'ragged row: 9 fields but the header has 8', expected: '8 fields' }],
      raw: [
        '110000153_110000153_110004708',
        '',
        'wind force',
        'http://vocab.nerc.ac.uk/collection/P01/current/WMOCWFBF/',
        'moderate breeze',
        'https://vocab.ices.dk/services/rdf/collection/Beaufort/4',
        'Beaufort',
        '',
        'http://vocab.nerc.ac.uk/collection/P06/current/UUUU/',
      ],
    });
  });

  it('reads measurements with exact values', () => {
    const m = rowsOf(items, 'measurement').find((r) => r.line === 3)!;
    expect(m.values).toEqual({
      eventID: '110000153_110000153',
      occurrenceID: '',
      measurementType: 'platform class',
      measurementTypeID: 'https://vocab.ices.dk/services/rdf/collection/Platform%20Class',
      measurementValue: 'ship',
      measurementValueID: 'https://vocab.ices.dk/services/rdf/collection/Platform%20Class/30',
      measurementUnit: '',
      measurementUnitID: 'http://vocab.nerc.ac.uk/collection/P06/current/XXXX/',
    });
    expect(rowsOf(items, 'measurement')[0]!.values['measurementValue']).toBe('0|50|100|200|300');
  });

  it('reports one header per file and the bytes of the three files', () => {
    expect(reader.headers().map((h) => [h.file, h.columns.length])).toEqual([
      ['event.tsv', 15],
      ['occurrence.tsv', 14],
      ['emof.tsv', 8],
    ]);
    const size = ['event.tsv', 'occurrence.tsv', 'emof.tsv'].reduce((n, f) => n + statSync(join(ESAS, f)).size, 0);
    expect(reader.bytesRead()).toBe(size);
  });
});

describe('dwcaFormat: small archives', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'dwca-spec-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads a zip whose meta.xml says comma + double quotes, with a quoted comma, quote and line break', async () => {
    const path = join(tmp, 'quoted.zip');
    writeZip(
      path,
      {
        'meta.xml': meta(`
  <core rowType="${DWC}Occurrence" fieldsTerminatedBy="," fieldsEnclosedBy='"' ignoreHeaderLines="1" encoding="UTF-8">
    <files><location>occ.csv</location></files>
    <id index="0"/>
    <field index="1" term="${DWC}scientificName"/>
    <field index="2" term="${DWC}locality"/>
    <field index="3" term="http://example.org/terms/notOurs"/>
  </core>
  <extension rowType="http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact" fieldsTerminatedBy="\\t" fieldsEnclosedBy="" ignoreHeaderLines="1">
    <files><location>emof.txt</location></files>
    <coreid index="0"/>
    <field index="1" term="${DWC}measurementType"/>
    <field index="2" term="${DWC}measurementValue"/>
  </extension>
  <extension rowType="http://rs.gbif.org/terms/1.0/Multimedia"><files><location>multimedia.txt</location></files><coreid index="0"/></extension>`),
        'occ.csv': 'id,name,place,notOurs\r\no1,"Chelonia mydas","Apo Reef, ""north"" side",x\r\no2,Eretmochelys imbricata,"two\r\nlines",y\r\n',
        'emof.txt': 'id\ttype\tvalue\no1\tcarapace length\t"81"\n',
      },
      ['occ.csv'],
    );
    const items = await read(path);
    expect(items.map((i) => [i.type, i.file, i.line])).toEqual([
      ['rows', 'occ.csv', 2],
      ['rows', 'occ.csv', 3],
      ['rows', 'emof.txt', 2],
    ]);
    const [a, b, m] = rowsOf(items);
    expect(a!.values).toEqual({ occurrenceID: 'o1', scientificName: 'Chelonia mydas', locality: 'Apo Reef, "north" side' });
    expect(a!.columns).toEqual({ occurrenceID: 'id', scientificName: 'name', locality: 'place' });
    expect(b!.values['locality']).toBe('two\r\nlines');
    // In an Occurrence-core archive the coreid of a measurement is the occurrenceID; no quoting in emof.txt.
    expect(m).toEqual({
      table: 'measurement',
      line: 2,
      file: 'emof.txt',
      values: { occurrenceID: 'o1', measurementType: 'carapace length', measurementValue: '"81"' },
      columns: { occurrenceID: 'id', measurementType: 'type', measurementValue: 'value' },
    });
  });

  it('reads an Event-core directory: id/coreid are eventIDs, files without header rows, dc:type', async () => {
    const path = writeDir(join(tmp, 'event-core'), {
      'meta.xml': meta(`
  <core rowType="${DWC}Event" fieldsTerminatedBy="\\t" fieldsEnclosedBy="" ignoreHeaderLines="0">
    <files><location>event.txt</location></files>
    <id index="0"/>
    <field index="1" term="http://purl.org/dc/terms/type"/>
    <field index="2" term="${DWC}parentEventID"/>
  </core>
  <extension rowType="${DWC}MeasurementOrFact" fieldsTerminatedBy="&#9;" fieldsEnclosedBy="" ignoreHeaderLines="0">
    <files><location>data/mof.txt</location></files>
    <coreid index="0"/>
    <field index="1" term="${DWC}measurementType"/>
    <field index="2" term="${DWC}measurementValue"/>
  </extension>
  <extension rowType="${DWC}Occurrence" fieldsTerminatedBy="\\t" fieldsEnclosedBy="" ignoreHeaderLines="0">
    <files><location>occurrence.txt</location></files>
    <coreid index="0"/>
    <field index="1" term="${DWC}occurrenceID"/>
    <field index="2" term="${DWC}scientificName"/>
  </extension>`),
      'event.txt': 'e1\tcruise\t\r\ne2\tstation\te1\r\n',
      'occurrence.txt': 'e2\to1\tSula leucogaster\n\ne2\to2\tFregata minor\n',
      'data/mof.txt': '\uFEFFe2\twind speed\t7\n',
    });
    const reader = dwcaFormat({ path, kind: 'occurrences' });
    const items = await collect(reader);
    expect(items.map((i) => [i.type, i.file, i.line])).toEqual([
      ['rows', 'event.txt', 1],
      ['rows', 'event.txt', 2],
      ['rows', 'occurrence.txt', 1],
      ['blank', 'occurrence.txt', 2],
      ['rows', 'occurrence.txt', 3],
      ['rows', 'data/mof.txt', 1],
    ]);
    const rows = rowsOf(items);
    expect(rows[1]).toEqual({
      table: 'event',
      line: 2,
      file: 'event.txt',
      values: { eventType: 'station', parentEventID: 'e1', eventID: 'e2' },
      columns: { eventType: 'type', parentEventID: 'parentEventID', eventID: 'eventID' },
    });
    expect(rows[0]!.values['parentEventID']).toBe('');
    expect(rows[2]!.values).toEqual({ occurrenceID: 'o1', scientificName: 'Sula leucogaster', eventID: 'e2' });
    expect(rows[4]!.values).toEqual({ measurementType: 'wind speed', measurementValue: '7', eventID: 'e2' });
    expect(reader.headers()).toEqual([
      { file: 'event.txt', columns: ['eventID', 'type', 'parentEventID'] },
      { file: 'occurrence.txt', columns: ['eventID', 'occurrenceID', 'scientificName'] },
      { file: 'data/mof.txt', columns: ['eventID', 'measurementType', 'measurementValue'] },
    ]);
  });

  it('reports a ragged line with its line number and goes on with the next line', async () => {
    const path = join(tmp, 'ragged.zip');
    writeZip(path, {
      'meta.xml': meta(`<core rowType="${DWC}Occurrence" ignoreHeaderLines="1"><files><location>occurrence.csv</location></files><id index="0"/><field index="1" term="${DWC}scientificName"/><field index="2" term="${DWC}individualCount"/></core>`),
      'occurrence.csv': 'occurrenceID,scientificName,individualCount\no1,Tridacna gigas,3\no2,Tridacna gigas\no3,Tridacna gigas,1,,\no4,Tridacna gigas,1,extra\n',
    });
    const items = await read(path);
    expect(items.map((i) => [i.type, i.line])).toEqual([
      ['rows', 2],
      ['error', 3],
      ['rows', 4],
      ['error', 5],
    ]);
    expect(errorsOf(items)[0]).toEqual({
      type: 'error',
      line: 3,
      file: 'occurrence.csv',
      errors: [{ line: 3, file: 'occurrence.csv', column: '(row)', value: '2 fields', reason: 'ragged row: 2 fields but the header has 3', expected: '3 fields' }],
      raw: ['o2', 'Tridacna gigas'],
    });
    expect(errorsOf(items)[1]!.errors[0]!.reason).toBe('ragged row: 4 fields but the header has 3');
  });

  it('numbers ragged lines of a file without a header from 1, against the width of its first line', async () => {
    const path = writeDir(join(tmp, 'ragged-no-header'), {
      'meta.xml': meta(`<core rowType="${DWC}Occurrence" fieldsTerminatedBy="\\t" fieldsEnclosedBy=""><files><location>occurrence.txt</location></files><id index="0"/><field index="1" term="${DWC}scientificName"/></core>`),
      'occurrence.txt': 'o1\tTridacna gigas\tnot mapped\no2\tTridacna gigas\n',
    });
    const items = await read(path);
    expect(items.map((i) => [i.type, i.line])).toEqual([
      ['rows', 1],
      ['error', 2],
    ]);
    expect(errorsOf(items)[0]!.errors[0]!.reason).toBe('ragged row: 2 fields but the header has 3');
  });

  describe('a default without an index', () => {
    const fields = `<id index="0"/>
      <field index="1" term="${DWC}scientificName"/>
      <field term="${DWC}country" default="Philippines"/>
      <field term="${DWC}basisOfRecord" default="HumanObservation"/>
      <field index="3" term="${DWC}occurrenceStatus" default="present"/>`;

    it('reads the header column of the same name where it is filled, else takes the default', async () => {
      const path = writeDir(join(tmp, 'defaults'), {
        'meta.xml': meta(`<core rowType="${DWC}Occurrence" ignoreHeaderLines="1"><files><location>occurrence.csv</location></files>${fields}</core>`),
        'occurrence.csv': 'id,scientificName,COUNTRY,status\no1,Chelonia mydas,Indonesia,absent\no2,Chelonia mydas,,\no3,Chelonia mydas,  ,present\n',
      });
      const rows = rowsOf(await read(path));
      expect(rows.map((r) => [r.values['country'], r.values['basisOfRecord'], r.values['occurrenceStatus']])).toEqual([
        ['Indonesia', 'HumanObservation', 'absent'],
        ['Philippines', 'HumanObservation', 'present'],
        ['Philippines', 'HumanObservation', 'present'],
      ]);
      expect(rows[0]!.columns).toEqual({ occurrenceID: 'id', scientificName: 'scientificName', country: 'COUNTRY', basisOfRecord: 'basisOfRecord', occurrenceStatus: 'status' });
    });

    it('takes the default when the file has no header row', async () => {
      const path = writeDir(join(tmp, 'defaults-no-header'), {
        'meta.xml': meta(`<core rowType="${DWC}Occurrence" ignoreHeaderLines="0"><files><location>occurrence.csv</location></files>${fields}</core>`),
        'occurrence.csv': 'o1,Chelonia mydas,Indonesia,absent\n',
      });
      expect(rowsOf(await read(path))[0]!.values).toEqual({ occurrenceID: 'o1', scientificName: 'Chelonia mydas', country: 'Philippines', basisOfRecord: 'HumanObservation', occurrenceStatus: 'absent' });
    });
  });

  it('reads a zip of plain tables inside one top folder, csv with quotes', async () => {
    const path = join(tmp, 'plain.zip');
    writeZip(path, {
      'export/Occurrences.CSV': 'occurrenceID,dwc:scientificName,http://rs.tdwg.org/dwc/terms/individualCount,remarks\no1,"Tursiops truncatus",12,x\n',
      'export/README.txt': 'not a table',
      '__MACOSX/export/._Occurrences.CSV': 'junk',
    });
    const items = await read(path);
    expect(items).toEqual([
      {
        type: 'rows',
        line: 2,
        file: 'export/Occurrences.CSV',
        rows: [
          {
            table: 'occurrence',
            line: 2,
            file: 'export/Occurrences.CSV',
            values: { occurrenceID: 'o1', scientificName: 'Tursiops truncatus', individualCount: '12' },
            columns: { occurrenceID: 'occurrenceID', scientificName: 'dwc:scientificName', individualCount: 'http://rs.tdwg.org/dwc/terms/individualCount' },
          },
        ],
        raw: ['o1', 'Tursiops truncatus', '12', 'x'],
      },
    ]);
  });

  it('honours the meta.xml encoding unless --encoding is given', async () => {
    const path = writeDir(join(tmp, 'latin1'), {
      'meta.xml': meta(`<core rowType="${DWC}Occurrence" ignoreHeaderLines="1" encoding="ISO-8859-1"><files><location>occurrence.csv</location></files><id index="0"/><field index="1" term="${DWC}locality"/></core>`),
      'occurrence.csv': Buffer.from('id,locality\no1,Baía\n', 'latin1'),
    });
    expect(rowsOf(await read(path))[0]!.values['locality']).toBe('Baía');
    const forced = await read(path, 'utf-8');
    expect(forced[0]).toMatchObject({ type: 'error', errors: [{ column: 'locality', reason: 'bad encoding: invalid UTF-8, or a replacement character (U+FFFD) left by an earlier conversion' }] });
  });

  it('stops cleanly when the consumer stops early', async () => {
    const reader = dwcaFormat({ path: TUBBATAHA, kind: 'occurrences' });
    let n = 0;
    for await (const item of reader.items()) {
      expect(item.type).toBe('rows');
      if (++n === 3) break;
    }
    expect(n).toBe(3);
    expect(reader.bytesRead()).toBeGreaterThan(0);
    expect(reader.bytesRead()).toBeLessThan(statSync(TUBBATAHA).size);
  });

  describe('file-level problems', () => {
    const occurrenceCore = (location = 'occurrence.txt', extra = '') =>
      meta(`<core rowType="${DWC}Occurrence" fieldsTerminatedBy="\\t" ignoreHeaderLines="1"><files><location>${location}</location></files><id index="0"/></core>${extra}`);
    // [name, files (a directory; null = a plain file), message after the path]
    const CASES: ReadonlyArray<readonly [string, Record<string, string> | string, (p: string) => string]> = [
      ['not a zip', 'occurrenceID\tscientificName\n', (p) => `${p} is neither a directory nor a readable zip archive (End of central directory record signature not found. Either not a zip file, or file is truncated.); expected a Darwin Core Archive`],
      ['missing core file', { 'meta.xml': occurrenceCore('occurrences.txt'), 'occurrence.txt': 'id\n' }, (p) => `meta.xml in ${p} names the core data file "occurrences.txt", which is missing from ${p}`],
      [
        'missing extension file',
        { 'meta.xml': occurrenceCore('occurrence.txt', `<extension rowType="http://rs.iobis.org/obis/terms/ExtendedMeasurementOrFact"><files><location>emof.txt</location></files><coreid index="0"/></extension>`), 'occurrence.txt': 'id\n' },
        (p) => `meta.xml in ${p} names the ExtendedMeasurementOrFact extension data file "emof.txt", which is missing from ${p}`,
      ],
      ['unparseable meta.xml', { 'meta.xml': '<archive><core rowType="x"></archive>' }, (p) => `meta.xml in ${p} is not well-formed XML (line 1: Expected closing tag 'core' (opened in line 1, col 10) instead of closing tag 'archive'.)`],
      ['meta.xml without a core', { 'meta.xml': meta('') }, (p) => `meta.xml in ${p} has no <core> element`],
      ['not a meta.xml', { 'meta.xml': '<eml><dataset/></eml>' }, (p) => `meta.xml in ${p} has no <archive> root element; expected a Darwin Core text meta.xml`],
      [
        'no Occurrence table',
        { 'meta.xml': meta(`<core rowType="${DWC}Event"><files><location>event.txt</location></files><id index="0"/></core>`), 'event.txt': 'e1\n' },
        (p) => `meta.xml in ${p} declares no Occurrence table (core: Event, extensions: none); an occurrences import needs an Occurrence core or extension`,
      ],
      [
        'unsupported core rowType',
        { 'meta.xml': meta(`<core rowType="${DWC}Taxon"><files><location>taxon.txt</location></files><id index="0"/></core>`), 'taxon.txt': 't1\n' },
        (p) => `meta.xml in ${p}: the core rowType "${DWC}Taxon" is not supported; expected ${DWC}Occurrence or ${DWC}Event`,
      ],
      ['a bad index', { 'meta.xml': meta(`<core rowType="${DWC}Occurrence"><files><location>o.txt</location></files><id index="first"/></core>`) }, (p) => `meta.xml in ${p} <core rowType="${DWC}Occurrence"> <id> index is "first"; expected a whole number >= 0`],
      [
        'an index beyond the header',
        { 'meta.xml': meta(`<core rowType="${DWC}Occurrence" ignoreHeaderLines="1"><files><location>o.csv</location></files><id index="0"/><field index="5" term="${DWC}scientificName"/></core>`), 'o.csv': 'id,name\no1,x\n' },
        () => `o.csv: meta.xml maps scientificName to column index 5, but the header row (line 1) has 2 columns`,
      ],
      ['no meta.xml, no tables', { 'data.csv': 'a,b\n' }, (p) => `${p} has no meta.xml and no recognisable Darwin Core tables; expected a Darwin Core Archive with meta.xml, or files named event, occurrence and emof (.txt, .tsv or .csv)`],
      ['no meta.xml, no occurrences', { 'event.tsv': 'eventID\ne1\n', 'emof.tsv': 'eventID\ne1\n' }, (p) => `${p} has no Occurrence table (found event.tsv, emof.tsv); expected occurrence.txt, .tsv or .csv`],
      ['two occurrence tables', { 'occurrence.txt': 'occurrenceID\n', 'occurrences.csv': 'occurrenceID\n' }, (p) => `${p} has several occurrence tables (occurrence.txt, occurrences.csv); expected one, or a meta.xml that names it`],
    ];

    it.each(CASES)('%s', async (name, files, message) => {
      const path = join(tmp, `fail-${name.replace(/\W+/g, '-')}`);
      if (typeof files === 'string') writeFileSync(path, files);
      else writeDir(path, files);
      const e = await failure(path);
      expect([e.code, e.message]).toEqual(['IMPORT_FILE_UNREADABLE', message(path)]);
    });

    it('fails the same way inside a zip', async () => {
      const path = join(tmp, 'missing-core.zip');
      writeZip(path, { 'meta.xml': occurrenceCore('occurrence.txt') });
      const e = await failure(path);
      expect([e.code, e.message]).toEqual(['IMPORT_FILE_UNREADABLE', `meta.xml in ${path} names the core data file "occurrence.txt", which is missing from ${path}`]);
    });

    it('a damaged member inside a zip', async () => {
      const path = join(tmp, 'damaged.zip');
      const csv = `occurrenceID,scientificName\n${'o1,Chelonia mydas\n'.repeat(200)}`;
      writeZip(path, { 'occurrence.csv': csv, 'meta.xml': occurrenceCore('occurrence.csv').replace('fieldsTerminatedBy="\\t" ', '') }, ['occurrence.csv']);
      const bytes = readFileSync(path);
      const at = 30 + 'occurrence.csv'.length; // the first member's deflated data
      bytes.fill(0xff, at + 4, at + 12);
      writeFileSync(path, bytes);
      const e = await failure(path);
      expect(e.code).toBe('IMPORT_FILE_UNREADABLE');
      expect(e.message).toMatch(/^occurrence\.csv is not readable as delimited text: /);
    });

    it('a path that does not exist', async () => {
      const path = join(tmp, 'nope.zip');
      const e = await failure(path);
      expect([e.code, e.message]).toEqual(['IMPORT_FILE_UNREADABLE', `File not found: ${path}`]);
    });

    it('another import kind', async () => {
      const e = await failure(TUBBATAHA, 'microplastics');
      expect([e.code, e.message]).toEqual(['IMPORT_KIND_MISMATCH', 'The dwca format holds Darwin Core occurrences; it cannot be imported as microplastics']);
    });
  });
});
