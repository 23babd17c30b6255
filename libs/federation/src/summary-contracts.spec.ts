import { DEFAULT_PAGE_SIZE, cellCentre, parseFederatedQuery, parseInstantMs } from './summary-contracts.js';
import { buildManifest, entryFromAnswer, failedNodeEntry } from './manifest.js';
import { mergeRecordPages } from './record-paging.js';

describe('parseFederatedQuery', () => {
  it('accepts the analyst question of the brief (TH, VN, JP river mouths by polymer since 2021)', () => {
    const q = {
      kind: 'microplasticSummary',
      filter: { countries: ['TH', 'VN', 'JP'], siteTypes: ['ESTUARY'], matrices: ['RW_SURF', 'SW_SURF'], timeRange: { from: '2021-01-01' }, meshSizeMm: { min: 0.3, max: 0.35 } },
      groupBy: { by: ['COUNTRY', 'POLYMER'] },
    };
    expect(parseFederatedQuery(q)).toEqual({ ok: true, value: q });
  });

  it('accepts beach-litter, species and record queries, with a default page size', () => {
    expect(parseFederatedQuery({ kind: 'beachLitterSummary', filter: { categories: ['JLIST:J8'], monitoringOnly: true }, groupBy: { by: ['COUNTRY', 'CATEGORY'] } }).ok).toBe(true);
    expect(parseFederatedQuery({ kind: 'speciesSummary', filter: { iucnCategories: ['EN', null] }, groupBy: { by: ['GRID', 'YEAR'], gridSizeDeg: 0.5 } }).ok).toBe(true);
    expect(parseFederatedQuery({ kind: 'occurrences', filter: {} })).toEqual({ ok: true, value: { kind: 'occurrences', filter: {}, first: DEFAULT_PAGE_SIZE } });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['unknown kind', { kind: 'plasticSummary', filter: {} }, 'query.kind', /expected a query kind, one of microplasticSummary/],
    ['unknown filter key', { kind: 'microplasticSummary', filter: { matrixes: ['SW_SURF'] }, groupBy: { by: [] } }, 'query.filter.matrixes', /unknown key; expected one of countries/],
    ['unknown top-level key', { kind: 'samples', filter: {}, limit: 5 }, 'query.limit', /unknown key/],
    ['invented matrix code', { kind: 'microplasticSummary', filter: { matrices: ['SEAWATER'] }, groupBy: { by: [] } }, 'query.filter.matrices[0]', /got "SEAWATER"; expected a matrix code, one of SW_SURF/],
    ['lower-case polymer', { kind: 'microplasticSummary', filter: { polymers: ['pe'] }, groupBy: { by: [] } }, 'query.filter.polymers[0]', /got "pe"; expected a polymer code/],
    ['duplicate country', { kind: 'samples', filter: { countries: ['TH', 'TH'] } }, 'query.filter.countries[1]', /listed twice/],
    ['unassigned country', { kind: 'samples', filter: { countries: ['XX'] } }, 'query.filter.countries[0]', /assigned ISO 3166-1/],
    ['empty list', { kind: 'samples', filter: { shapes: [] } }, 'query.filter.shapes', /empty list/],
    ['bbox across the antimeridian', { kind: 'samples', filter: { bbox: { west: 170, south: 0, east: -170, north: 10 } } }, 'query.filter.bbox', /west ≤ east/],
    ['latitude out of range', { kind: 'samples', filter: { bbox: { west: 100, south: -95, east: 110, north: 10 } } }, 'query.filter.bbox.south', /from -90 to 90/],
    ['date without zone', { kind: 'samples', filter: { timeRange: { from: '2021-01-01T00:00:00' } } }, 'query.filter.timeRange.from', /date-time with a zone/],
    ['impossible date', { kind: 'samples', filter: { timeRange: { to: '2021-02-30' } } }, 'query.filter.timeRange.to', /ISO 8601 date/],
    ['reversed range', { kind: 'samples', filter: { timeRange: { from: '2022-01-01', to: '2021-01-01' } } }, 'query.filter.timeRange', /from < to/],
    ['reversed mesh range', { kind: 'samples', filter: { meshSizeMm: { min: 0.5, max: 0.3 } } }, 'query.filter.meshSizeMm', /min 0.5 mm is above max 0.3 mm/],
    ['page too large', { kind: 'samples', filter: {}, first: 501 }, 'query.first', /integer from 1 to 500/],
    ['GRID without size', { kind: 'speciesSummary', filter: {}, groupBy: { by: ['GRID'] } }, 'query.groupBy.gridSizeDeg', /required when grouping by GRID/],
    ['size without GRID', { kind: 'speciesSummary', filter: {}, groupBy: { by: ['YEAR'], gridSizeDeg: 1 } }, 'query.groupBy.gridSizeDeg', /only allowed when grouping by GRID/],
    ['grid size not allowed', { kind: 'speciesSummary', filter: {}, groupBy: { by: ['GRID'], gridSizeDeg: 0.25 } }, 'query.groupBy.gridSizeDeg', /one of 1, 0.5, 0.1, 0.05, 0.01/],
    ['dimension of another summary', { kind: 'microplasticSummary', filter: {}, groupBy: { by: ['TEAM_TYPE'] } }, 'query.groupBy.by[0]', /expected a grouping dimension, one of COUNTRY/],
    ['too many dimensions', { kind: 'microplasticSummary', filter: {}, groupBy: { by: ['COUNTRY', 'YEAR', 'MONTH', 'MATRIX', 'SHAPE'] } }, 'query.groupBy.by', /at most 4/],
    ['bad litter category', { kind: 'beachLitterSummary', filter: { categories: ['OSPAR:G1'] }, groupBy: { by: [] } }, 'query.filter.categories[0]', /code system among JLIST/],
    ['missing groupBy', { kind: 'beachLitterSummary', filter: {} }, 'query.groupBy', /is required/],
  ])('refuses %s, naming the field', (_, input, path, message) => {
    const r = parseFederatedQuery(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('lists every problem, not only the first', () => {
    const r = parseFederatedQuery({ kind: 'samples', filter: { matrices: ['X'], polymers: ['Y'] }, first: 0 });
    expect(r.ok ? [] : r.problems.map((p) => p.path)).toEqual(['query.filter.matrices[0]', 'query.filter.polymers[0]', 'query.first']);
  });

  it('reads instants as the policy engine does (bare date = 00:00 UTC)', () => {
    expect(parseInstantMs('2021-01-01')).toBe(Date.UTC(2021, 0, 1));
    expect(parseInstantMs('2021-01-01T07:00:00+07:00')).toBe(Date.UTC(2021, 0, 1));
    expect(parseInstantMs('2021-13-01')).toBeUndefined();
  });

  it('puts a cell centre where the policy engine snaps (0.1°: 13.75, 100.45)', () => {
    const c = cellCentre({ sizeDeg: 0.1, row: Math.floor((13.7528 + 90) / 0.1), col: Math.floor((100.4935 + 180) / 0.1) });
    expect(c.lat).toBeCloseTo(13.75, 9);
    expect(c.lon).toBeCloseTo(100.45, 9);
  });
});

describe('manifest', () => {
  it('is complete only when every node answered OK with nothing suppressed', () => {
    const ok = entryFromAnswer('JP', { correlationId: 'x', kind: 'speciesSummary', status: 'OK', level: 'AGGREGATE', rows: [], suppressedGroups: 0, freshness: null, datasets: [], queryMs: 12 }, 80);
    expect(buildManifest([ok]).complete).toBe(true);
    expect(buildManifest([ok, { ...ok, country: 'KR', suppressedGroups: 2 }]).complete).toBe(false);
    const m = buildManifest([ok, failedNodeEntry('VN', 'TIMEOUT'), failedNodeEntry('ID', 'ERROR', { latencyMs: 30, reason: 'SIGNATURE_INVALID' })]);
    expect(m.complete).toBe(false);
    expect(m.nodes.map((n) => [n.country, n.status, n.latencyMs, n.reason])).toEqual([
      ['ID', 'ERROR', 30, 'SIGNATURE_INVALID'],
      ['JP', 'OK', 80, null],
      ['VN', 'TIMEOUT', null, expect.stringContaining('deadline')],
    ]);
  });
});

describe('mergeRecordPages', () => {
  const page = (country: string, keys: string[], exhausted: boolean) => ({ country, exhausted, records: keys.map((k) => ({ position: k, record: `${country}:${k}` })) });

  it('pages across nodes in country order without overlap or gap', () => {
    const p1 = mergeRecordPages(3, {}, [page('PH', ['1', '2'], false), page('ID', ['1', '2'], true)]);
    expect(p1).toEqual({ records: ['ID:1', 'ID:2', 'PH:1'], positions: { ID: null, PH: '1' }, hasNextPage: true });
    const p2 = mergeRecordPages(3, p1.positions, [page('PH', ['2'], true)]);
    expect(p2).toEqual({ records: ['PH:2'], positions: { ID: null, PH: null }, hasNextPage: false });
  });

  it('keeps the position of a node that did not answer', () => {
    const p = mergeRecordPages(2, { ID: 'a', PH: 'b' }, [page('PH', ['c'], true)]);
    expect(p.positions).toEqual({ ID: 'a', PH: null });
    expect(p.hasNextPage).toBe(true);
  });
});
