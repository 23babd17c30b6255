import fc from 'fast-check';
import { licenceUri } from '@littoral/contracts';
import { buildCatalogueEntry, checkCatalogueEntry, CATALOGUE_CONTEXT, datasetIdentifier, parseDatasetIdentifier } from './index.js';
import { caught, dataset, entryInput } from './spec-helpers.js';

const ENVI = 'http://publications.europa.eu/resource/authority/data-theme/ENVI';
const LT = 'https://w3id.org/littoral/theme/';

function themeIds(entry: Record<string, unknown>): string[] {
  return (entry.theme as Array<{ '@id': string }>).map((t) => t['@id']);
}

function containsNull(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.some(containsNull);
  if (typeof v === 'object') return Object.values(v as object).some(containsNull);
  return false;
}

describe('datasetIdentifier', () => {
  it('is a stable URN of country and dataset id', () => {
    expect(datasetIdentifier('TH', 'th-gulf')).toBe('urn:littoral:dataset:TH:th-gulf');
    expect(parseDatasetIdentifier('urn:littoral:dataset:TH:th-gulf')).toEqual({ country: 'TH', datasetId: 'th-gulf' });
  });

  it.each([
    ['th', 'th-gulf', 'country must be an ISO 3166-1 alpha-2 code such as "TH", got "th"'],
    ['XX', 'th-gulf', 'country must be an ISO 3166-1 alpha-2 code such as "TH", got "XX"'],
    ['TH', 'Th Gulf', 'dataset id must be lower-case letters, digits and hyphens (1–64), got "Th Gulf"'],
  ])('refuses country %p / dataset %p', (country, id, message) => {
    const e = caught(() => datasetIdentifier(country, id));
    expect(e.code).toBe('CATALOGUE_ENTRY_INVALID');
    expect(e.message).toBe(message);
  });

  it('does not parse foreign identifiers', () => {
    expect(parseDatasetIdentifier('urn:littoral:dataset:XX:a')).toBeUndefined();
    expect(parseDatasetIdentifier('https://node.th.example/dataset/th-gulf')).toBeUndefined();
  });
});

describe('buildCatalogueEntry', () => {
  it('writes every required DCAT field of a full dataset', () => {
    const e = buildCatalogueEntry(entryInput());
    expect(e['@context']).toBe(CATALOGUE_CONTEXT);
    expect(e).toMatchObject({
      '@id': 'urn:littoral:dataset:TH:th-gulf',
      '@type': 'Dataset',
      identifier: 'urn:littoral:dataset:TH:th-gulf',
      country: 'TH',
      datasetId: 'th-gulf',
      nodeId: 'th-node',
      title: { en: 'Sea-surface microplastics, Gulf of Thailand, 2024' },
      description: { en: 'Neuston-net tows; counts per m3, 0.3-5 mm, polymers by ATR-FTIR.' },
      publisher: { '@type': 'Agent', name: 'Department of Marine and Coastal Resources', country: 'TH' },
      contactPoint: { '@type': 'Kind', fn: 'Data desk', hasEmail: 'mailto:data@dmcr.example' },
      keyword: ['microplastics', 'neuston net', 'FTIR'],
      license: { '@id': 'https://creativecommons.org/licenses/by/4.0/', '@type': 'LicenseDocument' },
      conformsTo: [
        { '@id': 'http://hdl.handle.net/11329/1361.2', '@type': 'Standard' },
        { '@type': 'Standard', title: { en: 'GESAMP 2019 guidelines' } },
      ],
      spatial: { '@type': 'Location', bbox: 'POLYGON((99.5 6.25,102.75 6.25,102.75 13.1,99.5 13.1,99.5 6.25))' },
      temporal: { '@type': 'PeriodOfTime', startDate: '2024-01-15', endDate: '2024-11-30' },
      recordCount: 1234,
      sampleCount: 56,
      measuredVariable: ['concentration', 'polymer', 'size_class'],
      accessRights: { '@id': 'http://publications.europa.eu/resource/authority/access-right/RESTRICTED', '@type': 'RightsStatement' },
      accessSummary: [
        { '@type': 'AccessSummaryItem', accessLevel: 'METADATA', audience: 'NETWORK' },
        { '@type': 'AccessSummaryItem', accessLevel: 'AGGREGATE', audience: 'NETWORK' },
        { '@type': 'AccessSummaryItem', accessLevel: 'RECORDS', audience: 'COUNTRIES' },
      ],
      version: '3',
      versionNumber: 3,
      issued: '2025-02-01T00:00:00.000Z',
      modified: '2025-03-15T08:30:00.000Z',
      distribution: [
        {
          '@type': 'Distribution',
          accessURL: 'https://node.th.example/graphql',
          license: { '@id': 'https://creativecommons.org/licenses/by/4.0/', '@type': 'LicenseDocument' },
        },
      ],
    });
    expect(themeIds(e)).toEqual([ENVI, `${LT}MICROPLASTICS`, `${LT}MP_WATER`]);
    expect(e.theme).toContainEqual({
      '@id': `${LT}MP_WATER`, '@type': 'Concept', prefLabel: { en: 'Microplastics in water' }, notation: 'MP_WATER',
      inScheme: 'https://w3id.org/littoral/theme', broader: `${LT}MICROPLASTICS`,
    });
  });

  it('puts the licence URI of contracts on the dataset and on the distribution', () => {
    const e = buildCatalogueEntry(entryInput({ dataset: dataset({ license: 'CC0-1.0' }) }));
    const uri = licenceUri('CC0-1.0');
    expect((e.license as Record<string, string>)['@id']).toBe(uri);
    expect((e.distribution as Array<Record<string, Record<string, string>>>)[0].license['@id']).toBe(uri);
  });

  it('omits empty optional values instead of writing null', () => {
    const e = buildCatalogueEntry(
      entryInput({
        dataset: dataset({ description: null, publisher: null, contactName: null, contactEmail: null, keywords: [], conformsTo: [], declaredArea: null }),
        nodeBaseUrl: null,
        stats: { bbox: null, temporal: null, recordCount: 0, sampleCount: 0, measuredVariables: [] },
        access: [],
      }),
    );
    for (const k of ['contactPoint', 'keyword', 'conformsTo', 'spatial', 'temporal', 'measuredVariable', 'accessSummary']) {
      expect(e).not.toHaveProperty(k);
    }
    expect(containsNull(e)).toBe(false);
    // Mandatory DCAT-AP values get sensible defaults.
    expect(e.description).toEqual({
      en: 'Microplastics dataset "Sea-surface microplastics, Gulf of Thailand, 2024" held by the TH node of the Littoral network.',
    });
    expect(e.publisher).toEqual({ '@type': 'Agent', name: 'Littoral node th-node (TH)', country: 'TH' });
    expect((e.distribution as Array<Record<string, unknown>>)[0].accessURL).toBe('urn:littoral:node:TH:th-node');
    expect(e.accessRights).toEqual({ '@id': 'http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC', '@type': 'RightsStatement' });
  });

  it('falls back to the declared area when the data has no located rows', () => {
    const e = buildCatalogueEntry(entryInput({ stats: { ...entryInput().stats, bbox: null } }));
    expect(e.spatial).toEqual({ '@type': 'Location', bbox: 'POLYGON((99 6,103 6,103 13.6,99 13.6,99 6))' });
  });

  it('writes a box across the antimeridian as two polygons', () => {
    const e = buildCatalogueEntry(entryInput({ stats: { ...entryInput().stats, bbox: { west: 170, south: -20, east: -175.5, north: -10 } } }));
    expect((e.spatial as Record<string, string>).bbox).toBe(
      'MULTIPOLYGON(((170 -20,180 -20,180 -10,170 -10,170 -20)),((-180 -20,-175.5 -20,-175.5 -10,-180 -10,-180 -20)))',
    );
  });

  it('keeps only contact data that exists', () => {
    const e = buildCatalogueEntry(entryInput({ dataset: dataset({ contactName: null }) }));
    expect(e.contactPoint).toEqual({ '@type': 'Kind', hasEmail: 'mailto:data@dmcr.example' });
  });

  it('deduplicates and orders the access summary; only metadata access is NON_PUBLIC', () => {
    const e = buildCatalogueEntry(
      entryInput({
        access: [
          { level: 'METADATA', audience: 'ROLES' },
          { level: 'METADATA', audience: 'NETWORK' },
          { level: 'METADATA', audience: 'ROLES' },
        ],
      }),
    );
    expect(e.accessSummary).toEqual([
      { '@type': 'AccessSummaryItem', accessLevel: 'METADATA', audience: 'NETWORK' },
      { '@type': 'AccessSummaryItem', accessLevel: 'METADATA', audience: 'ROLES' },
    ]);
    expect((e.accessRights as Record<string, string>)['@id']).toMatch(/NON_PUBLIC$/);
  });

  it.each([
    ['microplastics', { matrices: ['SED_SEA', 'BEACH', 'SW_COL', 'RW_SURF'] }, ['MICROPLASTICS', 'MP_BEACH', 'MP_SEDIMENT', 'MP_WATER']],
    ['microplastics', { matrices: ['AIR'] }, ['MICROPLASTICS']],
    ['microplastics', {}, ['MICROPLASTICS']],
    ['beach-litter', { surveyProtocols: ['OSPAR_100M'] }, ['BEACH_LITTER']],
    ['beach-litter', { surveyProtocols: ['ICC_CLEANUP'] }, ['BEACH_LITTER', 'CLEANUP']],
    ['biodiversity', {}, ['BIODIVERSITY', 'BIODIVERSITY_OCCURRENCE']],
  ] as const)('maps theme %s (%j) to ENVI + %j', (theme, extra, codes) => {
    const base = entryInput();
    const e = buildCatalogueEntry({ ...base, dataset: dataset({ theme }), stats: { ...base.stats, matrices: undefined, ...extra } });
    expect(themeIds(e)).toEqual([ENVI, ...codes.map((c) => LT + c)]);
  });

  it.each([
    ['a bad country', { country: 'XX' }, 'country must be an ISO 3166-1 alpha-2 code such as "TH", got "XX"'],
    ['version 0', { version: 0 }, 'versionNumber: expected a positive integer'],
    ['a fractional version', { version: 1.5 }, 'versionNumber: expected a positive integer'],
    ['an invalid date', { modified: new Date('nope') }, 'modified: expected a valid date'],
    ['an inverted period', { stats: { ...entryInput().stats, temporal: { start: '2024-12-01', end: '2024-01-01' } } }, 'temporal: startDate is after endDate'],
    ['an impossible date', { stats: { ...entryInput().stats, temporal: { start: '2024-02-30', end: '2024-03-01' } } }, 'temporal.startDate: expected a date YYYY-MM-DD'],
    ['a box outside WGS84', { stats: { ...entryInput().stats, bbox: { west: 0, south: -95, east: 1, north: 1 } } }, 'spatial.bbox: expected longitudes within -180..180, latitudes within -90..90 and south ≤ north'],
    ['a negative count', { stats: { ...entryInput().stats, recordCount: -1 } }, 'recordCount: expected a non-negative integer'],
    ['an empty title', { dataset: dataset({ title: '  ' }) }, 'title.en: expected a non-empty text of at most 1000 characters'],
  ])('refuses %s with CATALOGUE_ENTRY_INVALID', (_label, overrides, problem) => {
    const e = caught(() => buildCatalogueEntry(entryInput(overrides as never)));
    expect(e.code).toBe('CATALOGUE_ENTRY_INVALID');
    expect(e.message).toContain(problem);
  });

  it('is deterministic: the same input gives the same JSON', () => {
    expect(JSON.stringify(buildCatalogueEntry(entryInput()))).toBe(JSON.stringify(buildCatalogueEntry(entryInput())));
  });

  it('always builds entries the hub accepts (property)', () => {
    const lon = fc.double({ min: -180, max: 180, noNaN: true });
    const lat = fc.double({ min: -90, max: 90, noNaN: true });
    const day = fc.date({ min: new Date('1990-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    const word = fc.string({ minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(
        fc.record({
          box: fc.option(fc.tuple(lon, lat, lon, lat)),
          days: fc.option(fc.tuple(day, day)),
          version: fc.integer({ min: 1, max: 2 ** 40 }),
          keywords: fc.array(word, { maxLength: 20 }),
          variables: fc.array(word, { maxLength: 20 }),
          theme: fc.constantFrom('microplastics', 'beach-litter', 'biodiversity') as fc.Arbitrary<'microplastics'>,
        }),
        ({ box, days, version, keywords, variables, theme }) => {
          const bbox = box ? { west: box[0], south: Math.min(box[1], box[3]), east: box[2], north: Math.max(box[1], box[3]) } : null;
          const temporal = days ? { start: [...days].sort()[0], end: [...days].sort()[1] } : null;
          const e = buildCatalogueEntry(
            entryInput({
              dataset: dataset({ keywords, theme }),
              stats: { bbox, temporal, recordCount: 1, sampleCount: 1, measuredVariables: variables },
              version,
            }),
          );
          const check = checkCatalogueEntry(JSON.parse(JSON.stringify(e)), { country: 'TH' });
          expect(check.ok).toBe(true);
          if (check.ok && bbox) {
            // WKT keeps 7 decimals (≈1 cm).
            for (const k of ['west', 'south', 'east', 'north'] as const) expect(check.bbox?.[k]).toBeCloseTo(bbox[k], 6);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
