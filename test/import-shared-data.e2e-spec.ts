import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportHarness } from './support/import-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

describe('import: every real dataset in shared/data', () => {
  const h = new ImportHarness();
  beforeAll(() => h.start('imp_shared'));
  afterAll(() => h.stop());

  it('Tubbataha Darwin Core Archive (occurrence core, zip): 2,236 occurrences with exact positions', async () => {
    await h.dataset({ id: 'tubbataha', theme: 'biodiversity', license: 'CC0-1.0' });
    const s = await h.imports.run({ datasetId: 'tubbataha', kind: 'occurrences', path: data('tubbataha-reefs-dwca', 'White_et_al_2019_DwC-A.zip') });
    expect(s).toMatchObject({ status: 'SUCCEEDED', format: 'dwca', rowsRead: 2236, rowsStored: 2236, rowsRejected: 0 });
    expect(await h.count('bio_occurrence', 'tubbataha')).toBe(2236);
    const [first] = await h.ds.query(`SELECT latitude, basis_of_record, country_code, event_start, occurrence_status FROM bio_occurrence WHERE dataset_id = 'tubbataha' ORDER BY latitude DESC LIMIT 1`);
    expect(first).toMatchObject({ basis_of_record: 'HumanObservation', country_code: 'PH', event_start: null, occurrence_status: 'present' });
    const positions = await h.ds.query(`SELECT DISTINCT latitude, longitude FROM bio_occurrence WHERE dataset_id = 'tubbataha'`);
    expect(positions).toHaveLength(8);
    expect(positions.map((p: { latitude: number }) => p.latitude)).toContain(8.88527347221271);

    const again = await h.imports.run({ datasetId: 'tubbataha', kind: 'occurrences', path: data('tubbataha-reefs-dwca', 'White_et_al_2019_DwC-A.zip') });
    expect(again).toMatchObject({ rowsStored: 0, rowsDuplicate: 2236 });
    expect(await h.count('bio_occurrence', 'tubbataha')).toBe(2236);
  });

  it('ESAS event core + occurrences + eMoF: events nest, occurrences inherit place and time, malformed eMoF lines are refused', async () => {
    await h.dataset({ id: 'esas', theme: 'biodiversity' });
    const strict = await h.imports.run({ datasetId: 'esas', kind: 'occurrences', path: data('esas-seabirds-dwc-sample') });
    expect(strict.status).toBe('REJECTED');
    expect(strict.rowsRejected).toBe(42);
    expect(strict.errors[0]).toMatchObject({ file: 'emof.tsv', line: 14, reason: 'ragged row: 9 fields but the header has 8' });
    expect(await h.count('bio_event', 'esas')).toBe(0);

    const s = await h.imports.run({ datasetId: 'esas', kind: 'occurrences', path: data('esas-seabirds-dwc-sample'), skipInvalid: true, rejectedPath: h.file('esas-rejected.csv', '') });
    expect(s).toMatchObject({ status: 'PARTIAL', rowsRead: 44 + 376 + 1721, rowsRejected: 42 });
    expect(await h.count('bio_event', 'esas')).toBe(44);
    expect(await h.count('bio_occurrence', 'esas')).toBe(376);
    expect(await h.count('bio_measurement', 'esas')).toBe(1721 - 42);
    const nested = await h.ds.query(`SELECT count(*)::int AS n FROM bio_event WHERE dataset_id = 'esas' AND parent_id IS NOT NULL`);
    expect(nested[0].n).toBe(43);
    const unplaced = await h.ds.query(`SELECT count(*)::int AS n FROM bio_occurrence WHERE dataset_id = 'esas' AND (latitude IS NULL OR event_start IS NULL)`);
    expect(unplaced[0].n).toBe(0);
    // Every occurrence's position is one of its events' positions, as event.tsv gives them.
    const events = readFileSync(data('esas-seabirds-dwc-sample', 'event.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const eventPositions = new Set(events.filter((c) => c[11] !== '').map((c) => `${Number(c[11])},${Number(c[12])}`));
    const occPositions: { latitude: number; longitude: number }[] = await h.ds.query(`SELECT DISTINCT latitude, longitude FROM bio_occurrence WHERE dataset_id = 'esas'`);
    for (const p of occPositions) expect(eventPositions).toContain(`${p.latitude},${p.longitude}`);
    const birds = await h.ds.query(`SELECT sum(individual_count)::int AS n FROM bio_occurrence WHERE dataset_id = 'esas'`);
    const occurrenceLines = readFileSync(data('esas-seabirds-dwc-sample', 'occurrence.tsv'), 'utf8').trim().split('\n').slice(1);
    expect(birds[0].n).toBe(occurrenceLines.reduce((sum, l) => sum + Number(l.split('\t')[3] || 0), 0));
  });
});
