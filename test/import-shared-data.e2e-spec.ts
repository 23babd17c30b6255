import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as yauzl from 'yauzl';
import { ImportHarness } from './support/import-harness';
import { REPO_ROOT, SHARED_DATA } from './support/paths';

const data = (...p: string[]) => path.join(SHARED_DATA, ...p);
const mapping = (name: string) => path.join(REPO_ROOT, 'mappings', name);

jest.setTimeout(180_000);

/** Records of a CSV text with double-quoted fields (RFC 4180; no embedded line breaks needed here). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (line === '') continue;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"' && cell === '') quoted = true;
      else if (ch === ',') {
        cells.push(cell);
        cell = '';
      } else cell += ch;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/** Header + records of a tab-separated file, as objects by column name. */
function readTsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('\t'));
  return rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
}

/** One member of a zip archive as text (read independently of the importer's archive reader). */
async function zipMember(zipPath: string, name: string): Promise<string> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
  } finally {
    zip.close();
  }
  throw new Error(`${zipPath} has no ${name}`);
}

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

    // One occurrence exactly as occurrence.csv inside the archive gives it (read here with yauzl, not the importer).
    const [header, ...records] = parseCsv(await zipMember(data('tubbataha-reefs-dwca', 'White_et_al_2019_DwC-A.zip'), 'occurrence.csv'));
    expect(records).toHaveLength(2236); // SOURCE.md
    const rec = (cells: string[]) => Object.fromEntries(header.map((h, i) => [h, cells[i]]));
    const one = rec(records.find((c) => rec(c).scientificNameID !== '' && rec(c).locality.includes(':'))!);
    const [stored] = await h.ds.query(
      `SELECT scientific_name, scientific_name_id, latitude, longitude, coordinate_uncertainty_m, locality, country_code, basis_of_record, occurrence_status, event_id, event_start, individual_count
         FROM bio_occurrence WHERE dataset_id = 'tubbataha' AND source_key = $1`,
      [one.occurrenceID],
    );
    expect(stored).toEqual({
      scientific_name: one.scientificName, scientific_name_id: one.scientificNameID, latitude: Number(one.decimalLatitude), longitude: Number(one.decimalLongitude),
      coordinate_uncertainty_m: Number(one.coordinateUncertaintyInMeters), locality: one.locality, country_code: 'PH', basis_of_record: one.basisOfRecord,
      occurrence_status: one.occurrenceStatus, event_id: null, event_start: null, individual_count: null,
    });
    expect(one.country).toBe('Philippines');
    // Occurrences without a WoRMS LSID keep an empty id, and every occurrence's position is its station's.
    const noLsid = await h.ds.query(`SELECT count(*)::int AS n FROM bio_occurrence WHERE dataset_id = 'tubbataha' AND scientific_name_id IS NULL`);
    expect(noLsid[0].n).toBe(records.filter((c) => rec(c).scientificNameID === '').length);
    expect(positions).toHaveLength(new Set(records.map((c) => `${Number(rec(c).decimalLatitude)},${Number(rec(c).decimalLongitude)}`)).size);

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

    // One occurrence exactly: the largest flock in occurrence.tsv, placed and timed by its subSample event.
    const occurrences = readTsv(data('esas-seabirds-dwc-sample', 'occurrence.tsv'));
    const eventRows = readTsv(data('esas-seabirds-dwc-sample', 'event.tsv'));
    const flock = occurrences.reduce((a, b) => (Number(b.individualCount) > Number(a.individualCount) ? b : a));
    const itsEvent = eventRows.find((e) => e.eventID === flock.eventID)!;
    expect(itsEvent.type).toBe('subSample');
    const [occ] = await h.ds.query(
      `SELECT o.scientific_name, o.scientific_name_id, o.kingdom, o.vernacular_name, o.individual_count, o.basis_of_record, o.occurrence_status,
              o.latitude, o.longitude, o.event_start, e.source_key AS event_key, e.event_type, p.source_key AS parent_key
         FROM bio_occurrence o JOIN bio_event e ON e.id = o.event_id LEFT JOIN bio_event p ON p.id = e.parent_id
        WHERE o.dataset_id = 'esas' AND o.source_key = $1`,
      [flock.occurrenceID],
    );
    expect({ ...occ, event_start: new Date(occ.event_start).toISOString() }).toEqual({
      scientific_name: flock.scientificName, scientific_name_id: flock.scientificNameID, kingdom: flock.kingdom, vernacular_name: flock.vernacularName,
      individual_count: Number(flock.individualCount), basis_of_record: flock.basisOfRecord, occurrence_status: flock.occurrenceStatus,
      latitude: Number(itsEvent.decimalLatitude), longitude: Number(itsEvent.decimalLongitude), event_start: new Date(itsEvent.eventDate).toISOString(),
      event_key: flock.eventID, event_type: itsEvent.type, parent_key: itsEvent.parentEventID,
    });
    // Its measurements: every eMoF line of this occurrence.
    const emofLines = readFileSync(data('esas-seabirds-dwc-sample', 'emof.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const itsMeasurements = emofLines.filter((c) => c.length === 8 && c[1] === flock.occurrenceID);
    expect(itsMeasurements.length).toBeGreaterThan(0);
    const measured: { measurement_type: string; measurement_value: string }[] = await h.ds.query(
      `SELECT m.measurement_type, m.measurement_value FROM bio_measurement m JOIN bio_occurrence o ON o.id = m.occurrence_id WHERE o.dataset_id = 'esas' AND o.source_key = $1 ORDER BY 1, 2`,
      [flock.occurrenceID],
    );
    const byType = (a: { measurement_type: string; measurement_value: string }, b: { measurement_type: string; measurement_value: string }) =>
      a.measurement_type.localeCompare(b.measurement_type) || a.measurement_value.localeCompare(b.measurement_value);
    expect([...measured].sort(byType)).toEqual(itsMeasurements.map((c) => ({ measurement_type: c[2], measurement_value: c[4] })).sort(byType));
  });
});
