import { checkBboxFilter, decodeCursor, encodeCursor, toPageRequest } from './index.js';

describe('shared GraphQL helpers', () => {
  it.each([
    ['bigint', '42'],
    ['uuid', '0b6f1d1e-8a8e-4c53-9a59-2f4f0f1f6a10'],
    ['text', 'TH/mp-2024'],
  ] as const)('a %s cursor round-trips', (kind, key) => expect(decodeCursor(encodeCursor(key), kind)).toBe(key));

  it.each([
    ['bigint', encodeCursor('0')],
    ['bigint', encodeCursor('9223372036854775808')],
    ['uuid', encodeCursor('not-a-uuid')],
    ['text', encodeCursor('')],
    ['text', 'bm90IGJhc2U2NA'], // does not re-encode to itself
  ] as const)('refuses a %s cursor %s that this list never issued', (kind, cursor) => {
    expect(() => decodeCursor(cursor, kind)).toThrow(/is not a cursor of this list/);
  });

  it('caps the page size and names the argument', () => {
    expect(toPageRequest({ first: 10 }, 'bigint')).toEqual({ limit: 10, afterKey: null });
    expect(() => toPageRequest({ first: 501 }, 'bigint')).toThrow('first must be between 0 and 500 (got 501)');
  });

  it('names every problem of a bbox filter with the argument path', () => {
    expect(() => checkBboxFilter({ west: -200, south: 0, east: 10, north: 95 })).toThrow(
      'filter.bbox.west -200 must be between -180 and 180; filter.bbox.north 95 must be between -90 and 90',
    );
    expect(() => checkBboxFilter({ west: 0, south: 10, east: 1, north: 0 }, 'where.area')).toThrow('where.area.south 10 is north of where.area.north 0');
    expect(checkBboxFilter({ west: 170, south: -5, east: -170, north: 5 })).toEqual({ west: 170, south: -5, east: -170, north: 5 });
  });
});
