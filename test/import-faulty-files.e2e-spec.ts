import { ImportHarness } from './support/import-harness';

// Each faulty file must be refused with the exact line, column and reason, and
// leave the database exactly as it was (all-or-nothing is the default).

const MP = 'site_id,site_type,site_latitude,site_longitude,sample_id,sampled_at,matrix,mesh_size_mm,volume_m3,size_class,polymer,count,concentration,concentration_unit';
const okMp = 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,';
const BL = 'beach_id,survey_id,survey_date,is_monitoring,surveyed_length_m,code_system,item_code,item_count';
const OCC = 'occurrenceID,scientificName,basisOfRecord,eventDate,decimalLatitude,decimalLongitude,individualCount,iucnRedListCategory';

interface Case {
  name: string;
  kind: 'microplastics' | 'beach-litter' | 'occurrences';
  content: string | Buffer;
  code?: string;
  error?: { line: number; column: string; reason: RegExp | string };
}

const cases: Case[] = [
  { name: 'missing required field', kind: 'microplastics', content: [MP, okMp, 'S1,COASTAL,13.1,100.8,,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 3, column: 'sample_id', reason: 'missing required field sample_id' } },
  { name: 'unknown matrix code', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SEAWATER,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'matrix', reason: 'unknown code "SEAWATER"' } },
  { name: 'unknown polymer code', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,POLYETHYLENE,4,,'].join('\n'), error: { line: 2, column: 'polymer', reason: 'unknown code "POLYETHYLENE"' } },
  { name: 'unparseable date', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,10/01/2024,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'sampled_at', reason: 'unparseable date' } },
  { name: 'impossible calendar date', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2023-02-30,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'sampled_at', reason: 'not a calendar date' } },
  { name: 'future date', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2099-01-01,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'sampled_at', reason: 'date is in the future' } },
  { name: 'date-time without offset', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10T08:00,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'sampled_at', reason: /without a UTC offset/ } },
  { name: 'latitude out of range', kind: 'microplastics', content: [MP, 'S1,COASTAL,93.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'site_latitude', reason: 'out of range' } },
  { name: 'longitude with the wrong sign outside the declared area', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,-100.8,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'site_longitude', reason: /outside the dataset's declared area \(the longitude has the wrong sign\?\)/ } },
  { name: 'negative count', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,-4,,'].join('\n'), error: { line: 2, column: 'count', reason: 'negative count' } },
  { name: 'decimal comma', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,"0,33",10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'mesh_size_mm', reason: 'not a number (decimal comma)' } },
  { name: 'unknown unit', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,,,,3.2,pieces/bucket'].join('\n'), error: { line: 2, column: 'concentration_unit', reason: /pieces\/bucket/ } },
  { name: 'unit incompatible with the matrix', kind: 'microplastics', content: [MP, 'S1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,,,,3.2,items/kg dw'].join('\n'), error: { line: 2, column: 'concentration_unit', reason: /does not fit matrix SW_SURF/ } },
  { name: 'ragged row', kind: 'microplastics', content: [MP, okMp, 'S1,COASTAL,13.1,100.8,A2,2024-01-10,SW_SURF'].join('\n'), error: { line: 3, column: '(row)', reason: /ragged row: 7 fields but the header has 14/ } },
  { name: 'bad encoding', kind: 'microplastics', content: Buffer.concat([Buffer.from(`${MP}\nS1,COASTAL,13.1,100.8,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,\nS\xff`, 'latin1'), Buffer.from(',COASTAL,13.1,100.8,A2,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,\n')]), error: { line: 3, column: 'site_id', reason: /bad encoding/ } },
  { name: 'position at 0,0 (mis-scaled)', kind: 'microplastics', content: [MP, 'S1,COASTAL,0.000135,0.000361,A1,2024-01-10,SW_SURF,0.33,10,MP_1_5,PE,4,,'].join('\n'), error: { line: 2, column: 'site_latitude', reason: /at 0°,0°/ } },
  { name: 'same sample described twice differently', kind: 'microplastics', content: [MP, okMp, 'S1,COASTAL,13.1,100.8,A1,2024-01-11,SW_SURF,0.33,10,MP_1_5,PP,4,,'].join('\n'), error: { line: 3, column: 'sample_id', reason: 'sample "A1" is described differently than on line 2' } },
  { name: 'unknown column (typo) in the header', kind: 'microplastics', content: [MP.replace('sampled_at', 'sampld_at'), okMp].join('\n'), code: 'IMPORT_HEADER_INVALID' },
  { name: 'unknown litter code', kind: 'beach-litter', content: [BL, 'B1,SV1,2024-02-01,true,100,GMSFD,G27,12', 'B1,SV1,2024-02-01,true,100,GMSFD,G999,3'].join('\n'), error: { line: 3, column: 'item_code', reason: 'unknown litter code "G999" in GMSFD' } },
  { name: 'implausible beach length', kind: 'beach-litter', content: [BL, 'B1,SV1,2024-02-01,true,1335049,GMSFD,G27,12'].join('\n'), error: { line: 2, column: 'surveyed_length_m', reason: 'out of range' } },
  { name: 'zero beach length', kind: 'beach-litter', content: [BL, 'B1,SV1,2024-02-01,true,0,GMSFD,G27,12'].join('\n'), error: { line: 2, column: 'surveyed_length_m', reason: 'out of range' } },
  { name: 'not a boolean', kind: 'beach-litter', content: [BL, 'B1,SV1,2024-02-01,maybe,100,GMSFD,G27,12'].join('\n'), error: { line: 2, column: 'is_monitoring', reason: 'not a boolean' } },
  { name: 'unknown basisOfRecord', kind: 'occurrences', content: [OCC, 'o1,Chelonia mydas,Sighting,2023-05-01,9.1,119.9,1,EN'].join('\n'), error: { line: 2, column: 'basisOfRecord', reason: 'unknown code "Sighting"' } },
  { name: 'unknown IUCN category', kind: 'occurrences', content: [OCC, 'o1,Chelonia mydas,HumanObservation,2023-05-01,9.1,119.9,1,XX'].join('\n'), error: { line: 2, column: 'iucnRedListCategory', reason: 'unknown code "XX"' } },
  { name: 'occurrence without position', kind: 'occurrences', content: [OCC, 'o1,Chelonia mydas,HumanObservation,2023-05-01,,,1,EN'].join('\n'), error: { line: 2, column: 'decimalLatitude', reason: /no position/ } },
];

describe('import: faulty files are refused precisely and change nothing', () => {
  const h = new ImportHarness();
  let before: string;

  beforeAll(async () => {
    await h.start('imp_faulty');
    await h.dataset({ id: 'mp', theme: 'microplastics', declaredArea: { west: 95.5, south: 0, east: 110, north: 13.8 } });
    await h.dataset({ id: 'bl', theme: 'beach-litter' });
    await h.dataset({ id: 'bio', theme: 'biodiversity' });
    // Something already stored, which a refused import must leave untouched.
    await h.imports.run({ datasetId: 'mp', kind: 'microplastics', path: h.file('seed.csv', `${MP}\nS0,COASTAL,12.9,100.9,Z0,2023-12-01,SW_SURF,0.33,10,MP_1_5,PS,7,,\n`) });
    before = await h.snapshot();
  });
  afterAll(() => h.stop());

  it('has at least 15 distinct faulty files', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)('$name', async (c) => {
    const datasetId = c.kind === 'microplastics' ? 'mp' : c.kind === 'beach-litter' ? 'bl' : 'bio';
    const file = h.file(`${c.name.replace(/\W+/g, '-')}.csv`, c.content);
    if (c.code) {
      await expect(h.imports.run({ datasetId, kind: c.kind, path: file })).rejects.toMatchObject({ code: c.code });
    } else {
      const s = await h.imports.run({ datasetId, kind: c.kind, path: file });
      expect(s.status).toBe('REJECTED');
      expect(s.rowsStored).toBe(0);
      expect(s.errors).toContainEqual(expect.objectContaining({ line: c.error!.line, column: c.error!.column, reason: typeof c.error!.reason === 'string' ? c.error!.reason : expect.stringMatching(c.error!.reason) }));
    }
    expect(await h.snapshot()).toBe(before);
  });
});
