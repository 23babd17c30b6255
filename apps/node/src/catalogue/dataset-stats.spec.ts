import fc from 'fast-check';
import { generalizeBbox, statsFromRow } from './dataset-stats';
import type { StatsRow } from './dataset-stats.sql';

describe('generalizeBbox', () => {
  it('widens to the enclosing grid and keeps values already on it', () => {
    expect(generalizeBbox({ west: 100.591, south: 12.934, east: 100.88, north: 13.54 }, 2)).toEqual({ west: 100.59, south: 12.93, east: 100.88, north: 13.54 });
    expect(generalizeBbox({ west: -0.05, south: -10.01, east: 0.04, north: 0 }, 1)).toEqual({ west: -0.1, south: -10.1, east: 0.1, north: 0 });
  });

  it('clamps to the valid range', () => {
    expect(generalizeBbox({ west: -179.99, south: -89.99, east: 179.99, north: 89.99 }, 0)).toEqual({ west: -180, south: -90, east: 180, north: 90 });
  });

  it('always contains the original box, never by more than one cell', () => {
    const lon = fc.double({ min: -180, max: 180, noNaN: true });
    const lat = fc.double({ min: -90, max: 90, noNaN: true });
    fc.assert(
      fc.property(lon, lon, lat, lat, fc.integer({ min: 0, max: 4 }), (a, b, c, d, decimals) => {
        const box = { west: Math.min(a, b), east: Math.max(a, b), south: Math.min(c, d), north: Math.max(c, d) };
        const g = generalizeBbox(box, decimals);
        const cell = 10 ** -decimals + 1e-9;
        expect(g.west).toBeLessThanOrEqual(box.west + 1e-7);
        expect(g.south).toBeLessThanOrEqual(box.south + 1e-7);
        expect(g.east).toBeGreaterThanOrEqual(box.east - 1e-7);
        expect(g.north).toBeGreaterThanOrEqual(box.north - 1e-7);
        expect(box.west - g.west).toBeLessThan(cell);
        expect(g.north - box.north).toBeLessThan(cell);
      }),
    );
  });
});

describe('statsFromRow', () => {
  const row: StatsRow = {
    west: 100.591, south: 12.934, east: 100.88, north: 13.54, start_date: '2024-03-05', end_date: '2024-04-01',
    record_count: '5', sample_count: '2', variables: ['concentration:VOLUME', 'particleCount'], matrices: ['RW_SURF', 'SW_SURF'],
  };

  it('maps counts, dates, variables and the generalised extent', () => {
    expect(statsFromRow('microplastics', row)).toEqual({
      bbox: { west: 100.59, south: 12.93, east: 100.88, north: 13.54 },
      temporal: { start: '2024-03-05', end: '2024-04-01' },
      recordCount: 5,
      sampleCount: 2,
      measuredVariables: ['concentration:VOLUME', 'particleCount'],
      matrices: ['RW_SURF', 'SW_SURF'],
    });
  });

  it('generalises biodiversity extents to 0.1°', () => {
    expect(statsFromRow('biodiversity', { ...row, matrices: undefined }).bbox).toEqual({ west: 100.5, south: 12.9, east: 100.9, north: 13.6 });
  });

  it('gives no extent or period for an empty dataset', () => {
    const empty: StatsRow = { west: null, south: null, east: null, north: null, start_date: null, end_date: null, record_count: '0', sample_count: '0', variables: [] };
    expect(statsFromRow('beach-litter', empty)).toEqual({ bbox: null, temporal: null, recordCount: 0, sampleCount: 0, measuredVariables: [] });
  });
});
