import path from 'node:path';
import { ImportHarness } from './support/import-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

jest.setTimeout(180_000);

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

  it('NCEI West Pacific: 97 water concentrations in pieces/m3 with their NCEI class', async () => {
    const s = await h.imports.run({ datasetId: 'ncei', kind: 'microplastics', format: 'ncei', path: data('ncei-microplastics-npsg-west', 'NPSG_West_Marine_Microplastics_WGS84.csv') });
    expect(s).toMatchObject({ status: 'SUCCEEDED', rowsRead: 97, rowsStored: 97 });
    expect(await h.count('mp_concentration', 'ncei')).toBe(97);
    const units = await h.ds.query(`SELECT DISTINCT unit, unit_family FROM mp_concentration WHERE dataset_id = 'ncei'`);
    expect(units).toEqual([{ unit: 'pieces/m3', unit_family: 'VOLUME' }]);
  });

  it('Isobe 2015: the shipped mapping fixes the wrong-sign longitudes; the declared area catches them without it', async () => {
    const s = await h.imports.run({ datasetId: 'isobe', kind: 'microplastics', format: 'mapping', mappingPath: mapping('isobe-2015.json'), path: data('trawl-microplastics-global', 'Isobe.csv'), skipInvalid: true, rejectedPath: path.join(h.dir, 'isobe-rejected.csv') });
    expect(s.rowsRead).toBe(56);
    expect(s.rowsStored).toBeGreaterThan(0);
    const lon = await h.ds.query(`SELECT min(longitude) AS w, max(longitude) AS e FROM mp_site WHERE dataset_id = 'isobe'`);
    expect(lon[0].w).toBeGreaterThan(122.5);
    expect(lon[0].e).toBeLessThan(154);
  });

  it('global trawl file imports with its mapping (valid rows; refused rows have reasons)', async () => {
    const s = await h.imports.run({ datasetId: 'trawl', kind: 'microplastics', format: 'mapping', mappingPath: mapping('trawl-microplastics-global.json'), path: data('trawl-microplastics-global', 'LocationsCleanedWithWind.csv'), skipInvalid: true, rejectedPath: path.join(h.dir, 'trawl-rejected.csv') });
    expect(['SUCCEEDED', 'PARTIAL']).toContain(s.status);
    expect(s.rowsRead).toBe(12546);
    expect(s.rowsStored + s.rowsRejected + s.rowsDuplicate).toBe(s.rowsRead);
    expect(await h.count('mp_sample', 'trawl')).toBeGreaterThan(12000);
    for (const e of s.errors) expect(e).toMatchObject({ line: expect.any(Number), column: expect.any(String), reason: expect.any(String) });
  });

  it('DOER sediment compilation (no coordinates, free-text periods)', async () => {
    const s = await h.imports.run({ datasetId: 'doer', kind: 'microplastics', format: 'mapping', mappingPath: mapping('doer-sediment.json'), path: data('doer-sediment-microplastics', 'DOER_microplastics_database.csv'), skipInvalid: true, rejectedPath: path.join(h.dir, 'doer-rejected.csv') });
    expect(s.rowsRead).toBe(1064);
    expect(s.rowsStored + s.rowsRejected + s.rowsDuplicate).toBe(1064);
    expect(s.rowsStored).toBeGreaterThan(600);
    const units = await h.ds.query(`SELECT DISTINCT unit FROM mp_concentration WHERE dataset_id = 'doer'`);
    expect(units).toEqual([{ unit: 'items/kg dw' }]);
  });

  it('Taiwan beach particles, shapes and colours attach to the same samples', async () => {
    for (const beach of ['longmen', 'xialiao']) {
      for (const [layout, map] of [['particle_count', 'taiwan-beach-particles.json'], ['shape_count', 'taiwan-beach-shapes.json'], ['color_count', 'taiwan-beach-colours.json']]) {
        const s = await h.imports.run({ datasetId: 'taiwan', kind: 'microplastics', format: 'mapping', mappingPath: mapping(map), path: data('taiwan-beach-microplastics', `${beach}_beach_${layout}.csv`), skipInvalid: true, rejectedPath: path.join(h.dir, `${beach}-${layout}.csv`) });
        expect(s.rowsStored).toBeGreaterThan(0);
      }
    }
    const derived = await h.ds.query(`SELECT count(*)::int AS n FROM mp_concentration WHERE dataset_id = 'taiwan' AND derived AND unit = 'items/kg dw'`);
    expect(derived[0].n).toBeGreaterThan(2000);
  });

  it('EEA Marine LitterWatch (wide G-codes): mis-scaled positions and implausible lengths are refused with reasons', async () => {
    const s = await h.imports.run({ datasetId: 'eea', kind: 'beach-litter', format: 'mapping', mappingPath: mapping('eea-marine-litter-watch.json'), path: data('eea-marine-litter-watch', 'mlw-data.csv'), skipInvalid: true, rejectedPath: path.join(h.dir, 'eea-rejected.csv') });
    expect(s.rowsRead).toBe(3607);
    expect(s.status).toBe('PARTIAL');
    expect(s.errors.some((e) => /0°,0°/.test(e.reason))).toBe(true);
    expect(s.errors.some((e) => e.column.includes('BeachLength_m'))).toBe(true);
    expect(await h.count('bl_item_count', 'eea')).toBeGreaterThan(50000);
  });
});
