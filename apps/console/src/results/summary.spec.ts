import { citations, flatten, groupLabel, toCsv, toJson, type AskedQuery, type SummaryResult } from './summary';
import { catalogueCitation, entryFacts, licenceId, summaryKindFor } from './catalogue-entry';

const result: SummaryResult = {
  correlationId: '0b5e6b3e-0000-4000-8000-000000000001',
  complete: false,
  rows: [
    { group: { country: 'JP', matrix: 'SW_SURF' }, suppressed: false, partial: false, suppressedIn: [], sources: [{ country: 'JP', datasets: ['jp-ncei'] }], samples: 12, particles: null,
      concentrations: [{ matrix: 'SW_SURF', sizeClass: null, family: 'COUNT_PER_VOLUME', unit: 'n/m3', n: 12, mean: 1.5, median: 1.2, min: 0, max: 4 }] },
    { group: { country: 'PH', matrix: null }, suppressed: true, partial: false, suppressedIn: [], sources: [], samples: null, particles: null, concentrations: null },
    { group: { country: '=cmd|calc', matrix: 'BEACH' }, suppressed: false, partial: true, suppressedIn: ['TH'], sources: [{ country: 'PH', datasets: ['a,b'] }], samples: 3, particles: 40, concentrations: [] },
  ],
  manifest: { complete: false, nodes: [
    { country: 'JP', status: 'OK', level: 'AGGREGATE', suppressedGroups: 0, latencyMs: 10, nodeQueryMs: 5, freshness: null, reason: null, datasets: [{ id: 'jp-ncei', version: '3', licence: 'CC-BY-4.0', citation: 'NOAA. jp-ncei.' }] },
    { country: 'TH', status: 'DENIED', level: null, suppressedGroups: 0, latencyMs: 8, nodeQueryMs: null, freshness: null, reason: 'no grant gives you access\nto this dataset', datasets: [] },
  ] },
};
const query: AskedQuery = { kind: 'microplastic', purpose: 'report', filter: { countries: ['JP'] }, groupBy: { by: ['COUNTRY', 'MATRIX'] }, askedAt: '2026-01-01T00:00:00.000Z', hub: 'https://hub.example' };

describe('summary results for table, chart and downloads', () => {
  it('labels groups in the order grouped by, naming values that were not recorded', () => {
    expect(result.rows.map((r) => groupLabel(r, ['country', 'matrix'], 'n/r'))).toEqual(['JP · SW_SURF', 'PH · n/r', '=cmd|calc · BEACH']);
  });

  it('flattens microplastics rows per concentration block', () => {
    const flat = flatten('microplastic', result, ['country', 'matrix']);
    expect(flat).toHaveLength(3);
    expect(flat[0]).toMatchObject({ country: 'JP', samples: 12, particles: null, conc_unit: 'n/m3', conc_mean: 1.5, sources: 'JP:jp-ncei' });
    expect(flat[1]).toMatchObject({ country: 'PH', suppressed: true, conc_mean: null });
  });

  it('CSV: provenance as comment lines, then header and rows; quotes and neutralises formulas', () => {
    const csv = toCsv('microplastic', query, result);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('# Littoral microplasticSummary from https://hub.example, asked 2026-01-01T00:00:00.000Z');
    expect(csv).toContain('# correlationId: 0b5e6b3e-0000-4000-8000-000000000001');
    expect(csv).toContain('# node TH: DENIED — no grant gives you access to this dataset');
    expect(csv).toContain('# cite: JP: jp-ncei (version 3), licence CC-BY-4.0. NOAA. jp-ncei.');
    const header = lines.findIndex((l) => l.startsWith('country,'));
    expect(lines[header]).toBe('country,matrix,suppressed,partial,suppressed_in,sources,samples,particles,conc_matrix,conc_size_class,conc_family,conc_unit,conc_n,conc_mean,conc_median,conc_min,conc_max');
    expect(lines[header + 3]).toBe(`'=cmd|calc,BEACH,false,true,TH,"PH:a,b",3,40,,,,,,,,,`);
  });

  it('JSON: the query, the manifest, the citations and the rows', () => {
    const json = JSON.parse(toJson('microplastic', query, result));
    expect(json).toMatchObject({ summary: 'microplasticSummary', correlationId: result.correlationId, complete: false, query, citations: citations(result.manifest) });
    expect(json.rows).toHaveLength(3);
  });
});

describe('catalogue entries', () => {
  it('reads licence identifiers from licence IRIs', () => {
    expect(licenceId('https://creativecommons.org/licenses/by/4.0/')).toBe('CC-BY-4.0');
    expect(licenceId('https://creativecommons.org/licenses/by-nc-sa/4.0/')).toBe('CC-BY-NC-SA-4.0');
    expect(licenceId('https://creativecommons.org/publicdomain/zero/1.0/')).toBe('CC0-1.0');
    expect(licenceId('https://spdx.org/licenses/ODbL-1.0.html')).toBe('ODbL-1.0');
  });

  it('cites a dataset from its signed entry', () => {
    const facts = entryFacts(JSON.stringify({ license: { '@id': 'https://creativecommons.org/licenses/by/4.0/' }, publisher: { name: 'DMCR' } }));
    expect(catalogueCitation({ title: 'Gulf', datasetId: 'th-gulf', version: 2, id: 'urn:littoral:dataset:TH:th-gulf' }, facts))
      .toBe('DMCR. Gulf. Dataset th-gulf, version 2. Licence CC-BY-4.0. Littoral regional catalogue, urn:littoral:dataset:TH:th-gulf.');
    expect(entryFacts('not json')).toEqual({ licence: null, publisher: null });
  });

  it('maps themes to the summary that answers them', () => {
    expect(summaryKindFor(['http://publications.europa.eu/resource/authority/data-theme/ENVI', 'https://w3id.org/littoral/themes/MICROPLASTICS'])).toBe('microplastic');
    expect(summaryKindFor(['BEACH_LITTER'])).toBe('beachLitter');
    expect(summaryKindFor(['BIODIVERSITY'])).toBe('species');
    expect(summaryKindFor(['ENVI'])).toBeNull();
  });
});
