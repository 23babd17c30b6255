import { ImportHarness } from './support/import-harness';

const MP_HEADER = 'site_id,site_name,site_type,country,site_latitude,site_longitude,sample_id,sampled_at,matrix,device,mesh_size_mm,volume_m3,size_class,polymer,shape,count,concentration,concentration_unit';

describe('import: canonical microplastics CSV', () => {
  const h = new ImportHarness();
  beforeAll(async () => {
    await h.start('imp_canon');
    await h.dataset({ id: 'th-gulf', theme: 'microplastics', declaredArea: { west: 95.5, south: 5.5, east: 103, north: 13.8 } });
  });
  afterAll(() => h.stop());

  it('stores sites, samples, counts and concentrations, and re-import stores nothing twice', async () => {
    const csv = [
      MP_HEADER,
      'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-05,RW_SURF,Manta net,0.33,12.5,MP_1_5,PE,FRAGMENT,10,,',
      'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-05,RW_SURF,Manta net,0.33,12.5,MP_1_5,PP,FILM,5,,',
      'S1,Chao Phraya mouth,ESTUARY,TH,13.54,100.59,S1-2024-03,2024-03-05,RW_SURF,Manta net,0.33,12.5,,,,,2.4,pieces/L',
      'S2,Pattaya,COASTAL,Thailand,12.93,100.88,S2-2024-04,2024-04-01T09:30+07:00,SW_SURF,MANTA,0.33,20,,,,30,,',
    ].join('\r\n');
    const file = h.file('mp.csv', csv);
    const s = await h.imports.run({ datasetId: 'th-gulf', kind: 'microplastics', path: file });
    expect(s).toMatchObject({ status: 'SUCCEEDED', rowsRead: 4, rowsStored: 4, rowsRejected: 0, rowsDuplicate: 0 });
    expect(await h.count('mp_site')).toBe(2);
    expect(await h.count('mp_sample')).toBe(2);
    expect(await h.count('mp_particle_count')).toBe(3);
    const conc = await h.ds.query(`SELECT s.source_key, c.value, c.unit, c.original_value, c.original_unit, c.derived FROM mp_concentration c JOIN mp_sample s ON s.id = c.sample_id ORDER BY 1`);
    expect(conc).toEqual([
      { source_key: 'S1-2024-03', value: 2400, unit: 'pieces/m3', original_value: 2.4, original_unit: 'pieces/L', derived: false },
      { source_key: 'S2-2024-04', value: 1.5, unit: 'pieces/m3', original_value: 30, original_unit: 'count', derived: true },
    ]);
    const [sample] = await h.ds.query(`SELECT device, device_verbatim, sampled_at, utc_offset_minutes FROM mp_sample WHERE source_key = 'S2-2024-04'`);
    expect(sample).toMatchObject({ device: 'MANTA', device_verbatim: null, utc_offset_minutes: 420 });
    expect(new Date(sample.sampled_at).toISOString()).toBe('2024-04-01T02:30:00.000Z');

    const again = await h.imports.run({ datasetId: 'th-gulf', kind: 'microplastics', path: file });
    expect(again).toMatchObject({ status: 'SUCCEEDED', rowsRead: 4, rowsStored: 0, rowsDuplicate: 4 });
    expect(await h.count('mp_particle_count')).toBe(3);
    expect(await h.count('import_run')).toBe(2);
  });

  it('fails cleanly, storing nothing, when the report file cannot be written', async () => {
    const before = await h.snapshot();
    const file = h.file('one.csv', [MP_HEADER, 'S9,,COASTAL,TH,12.5,100.9,S9-1,2024-05-01,SW_SURF,MANTA,0.33,10,MP_1_5,PE,FRAGMENT,3,,'].join('\n'));
    await expect(h.imports.run({ datasetId: 'th-gulf', kind: 'microplastics', path: file, reportPath: `${h.dir}/no-such-folder/report.csv` })).rejects.toMatchObject({ code: 'IMPORT_FILE_UNREADABLE', message: expect.stringContaining('no-such-folder') });
    expect(await h.snapshot()).toBe(before);
  });
});
