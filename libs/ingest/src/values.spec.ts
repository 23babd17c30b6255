// Unit tests of the per-field parsing shared by all validators (RowChecker) and
// of the ISO 8601 reader (parseWhen). Errors are asserted as whole objects: they
// must name the line, the user's own column, the value as read, the reason and
// what was expected.
import fc from 'fast-check';
import type { BoundingBox, RowError } from '@littoral/contracts';
import type { CanonicalRow, ValidationContext } from './types';
import { RowChecker, inBox, parseWhen, type ParsedWhen } from './values';

/** The user's column name for a canonical field: deliberately different from the field name. */
const col = (field: string) => `${field} (user)`;

function row(values: Record<string, string>, opts: { line?: number; file?: string; columns?: Record<string, string> } = {}): CanonicalRow {
  const columns = opts.columns ?? Object.fromEntries(['a', 'b', 'n', 'i', 'c', 'flag', 'lat', 'lon', 'when', ...Object.keys(values)].map((f) => [f, col(f)]));
  return { table: 'row', line: opts.line ?? 7, file: opts.file, values, columns };
}

function context(over: Partial<ValidationContext> = {}): ValidationContext {
  return { now: new Date('2025-06-01T12:00:00Z'), declaredArea: null, litterCodes: new Set(), allowEmpty: new Set(), ...over };
}

function checker(values: Record<string, string>, ctx: Partial<ValidationContext> = {}, opts: { line?: number; file?: string; columns?: Record<string, string> } = {}): RowChecker {
  return new RowChecker(row(values, opts), context(ctx));
}

/** An error object as RowChecker builds it (line 7, no file, the user's column). */
function err(field: string, value: string, reason: string, expected?: string, line = 7): RowError {
  return { line, file: undefined, column: col(field), value, reason, expected };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
function shown(p: ParsedWhen | string) {
  return typeof p === 'string' ? p : { start: iso(p.start), end: iso(p.end), offsetMinutes: p.offsetMinutes, verbatim: p.verbatim };
}

describe('RowChecker.raw / text', () => {
  it('trims values and treats absent, empty and blank cells alike', () => {
    const c = checker({ a: '  x  ', b: '   ' });
    expect(c.raw('a')).toBe('x');
    expect(c.raw('b')).toBe('');
    expect(c.raw('missing')).toBe('');
    expect(c.text('a')).toBe('x');
    expect(c.text('b')).toBeNull();
    expect(c.text('missing')).toBeNull();
    expect(c.errors).toEqual([]);
  });

  it('reports a missing required field with the user column name', () => {
    const c = checker({ b: ' ' });
    expect(c.text('a', true)).toBeNull();
    expect(c.text('b', true)).toBeNull();
    expect(c.errors).toEqual([
      err('a', '', 'missing required field a', 'a value'),
      err('b', '', 'missing required field b', 'a value'),
    ]);
  });

  it('lets a field be empty when the source declares it may be (allowEmpty)', () => {
    const c = checker({}, { allowEmpty: new Set(['a']) });
    expect(c.text('a', true)).toBeNull();
    expect(c.errors).toEqual([]);
  });

  it('falls back to the canonical field name when the source names no column, and carries the member file', () => {
    const c = new RowChecker({ table: 'event', line: 3, file: 'event.txt', values: {}, columns: {} }, context());
    c.text('eventID', true);
    expect(c.errors).toEqual([{ line: 3, file: 'event.txt', column: 'eventID', value: '', reason: 'missing required field eventID', expected: 'a value' }]);
  });

  it('truncates a long offending value to 200 characters', () => {
    const long = 'x'.repeat(250);
    const c = checker({ c: long });
    c.code('c', ['A', 'B']);
    expect(c.errors).toHaveLength(1);
    expect(c.errors[0].value).toBe(`${'x'.repeat(200)}…`);
  });
});

describe('RowChecker.number', () => {
  it.each([
    ['12.5', 12.5], ['0', 0], ['-3', -3], ['+4', 4], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['2.5E-2', 0.025], [' 7 ', 7],
  ])('reads %j as %d', (text, expected) => {
    const c = checker({ n: text });
    expect(c.number('n')).toBe(expected);
    expect(c.errors).toEqual([]);
  });

  it('returns null without error for an empty optional number', () => {
    const c = checker({ n: '' });
    expect(c.number('n')).toBeNull();
    expect(c.errors).toEqual([]);
  });

  it('reports a missing required number', () => {
    const c = checker({});
    expect(c.number('n', { required: true })).toBeNull();
    expect(c.errors).toEqual([err('n', '', 'missing required field n', 'a value')]);
  });

  it('names the decimal comma', () => {
    const c = checker({ n: '2,5' });
    expect(c.number('n')).toBeNull();
    expect(c.errors).toEqual([err('n', '2,5', 'not a number (decimal comma)', "a decimal number with '.' as decimal separator")]);
  });

  it.each(['abc', '1.2.3', '1 000', '12 m', '0x10', 'NaN', 'Infinity', '-', '1e', '−5', '-1,5'])('refuses %j as not a number', (text) => {
    const c = checker({ n: text });
    expect(c.number('n')).toBeNull();
    expect(c.errors).toEqual([err('n', text, 'not a number', "a decimal number with '.' as decimal separator")]);
  });

  it('uses the caller\'s expectation text for a malformed number', () => {
    const c = checker({ n: '1,5' });
    c.number('n', { expected: 'a length in metres' });
    expect(c.errors).toEqual([err('n', '1,5', 'not a number (decimal comma)', 'a length in metres')]);
  });

  it('calls a value below a non-negative minimum a negative value', () => {
    const c = checker({ n: '-0.5' });
    expect(c.number('n', { min: 0 })).toBeNull();
    expect(c.errors).toEqual([err('n', '-0.5', 'negative value', 'a number >= 0')]);
  });

  it('accepts the minimum itself unless it is exclusive', () => {
    const inclusive = checker({ n: '0' });
    expect(inclusive.number('n', { min: 0 })).toBe(0);
    expect(inclusive.errors).toEqual([]);

    const exclusive = checker({ n: '0' });
    expect(exclusive.number('n', { min: 0, exclusiveMin: true })).toBeNull();
    expect(exclusive.errors).toEqual([err('n', '0', 'out of range', 'a number > 0')]);

    const negative = checker({ n: '-2' });
    expect(negative.number('n', { min: 0, exclusiveMin: true })).toBeNull();
    expect(negative.errors).toEqual([err('n', '-2', 'negative value', 'a number > 0')]);

    const tiny = checker({ n: '0.000001' });
    expect(tiny.number('n', { min: 0, exclusiveMin: true })).toBe(0.000001);
  });

  it('describes ranges with both bounds, a lower bound only, or an upper bound only', () => {
    const both = checker({ n: '11' });
    expect(both.number('n', { min: 1, max: 10 })).toBeNull();
    expect(both.errors).toEqual([err('n', '11', 'out of range', 'a number between 1 and 10')]);

    const below = checker({ n: '0.5' });
    expect(below.number('n', { min: 1, max: 10 })).toBeNull();
    expect(below.errors).toEqual([err('n', '0.5', 'out of range', 'a number between 1 and 10')]);

    const max = checker({ n: '11' });
    expect(max.number('n', { max: 10 })).toBeNull();
    expect(max.errors).toEqual([err('n', '11', 'out of range', 'a number <= 10')]);

    const edges = checker({ a: '1', b: '10' });
    expect(edges.number('a', { min: 1, max: 10 })).toBe(1);
    expect(edges.number('b', { min: 1, max: 10 })).toBe(10);
    expect(edges.errors).toEqual([]);
  });

  it('calls a value below a negative minimum out of range, not negative', () => {
    const c = checker({ n: '-91' });
    expect(c.number('n', { min: -90, max: 90 })).toBeNull();
    expect(c.errors).toEqual([err('n', '-91', 'out of range', 'a number between -90 and 90')]);
  });
});

describe('RowChecker.integer', () => {
  it.each([['42', 42], ['0', 0], ['+7', 7], ['3.0', 3], ['3.000', 3], ['2147483647', 2147483647]])('reads %j as %d', (text, expected) => {
    const c = checker({ i: text });
    expect(c.integer('i', { min: 0 })).toBe(expected);
    expect(c.errors).toEqual([]);
  });

  it.each(['3.5', '1e3', '1,000', 'ten', '3.'])('refuses %j as not a whole number', (text) => {
    const c = checker({ i: text });
    expect(c.integer('i')).toBeNull();
    expect(c.errors).toEqual([err('i', text, 'not a whole number', 'an integer')]);
  });

  it('refuses integers beyond the 32-bit range', () => {
    const c = checker({ i: '2147483648', a: '99999999999999999999' });
    expect(c.integer('i')).toBeNull();
    expect(c.integer('a')).toBeNull();
    expect(c.errors).toEqual([
      err('i', '2147483648', 'too large', 'an integer up to 2147483647'),
      err('a', '99999999999999999999', 'too large', 'an integer up to 2147483647'),
    ]);
  });

  it('calls a negative count a negative count, and a count below a positive minimum out of range', () => {
    const c = checker({ i: '-1', a: '2' });
    expect(c.integer('i', { min: 0 })).toBeNull();
    expect(c.integer('a', { min: 5 })).toBeNull();
    expect(c.errors).toEqual([
      err('i', '-1', 'negative count', 'an integer >= 0'),
      err('a', '2', 'out of range', 'an integer >= 5'),
    ]);
  });

  it('reports a missing required integer', () => {
    const c = checker({});
    expect(c.integer('i', { required: true })).toBeNull();
    expect(c.errors).toEqual([err('i', '', 'missing required field i', 'a value')]);
  });
});

describe('RowChecker.code', () => {
  const CODES = ['SW_SURF', 'SED_SEA', 'LR/cd', 'present'] as const;

  it.each([
    ['SW_SURF', 'SW_SURF'], ['sw_surf', 'SW_SURF'], ['Sw Surf', 'SW_SURF'], ['sw-surf', 'SW_SURF'], ['sw - surf', 'SW_SURF'],
    ['sed sea', 'SED_SEA'], ['lr/cd', 'LR/cd'], ['LR/CD', 'LR/cd'], ['Present', 'present'], ['PRESENT', 'present'],
  ])('accepts %j as %j (case, blanks and hyphens do not matter)', (text, expected) => {
    const c = checker({ c: text });
    expect(c.code('c', CODES)).toBe(expected);
    expect(c.errors).toEqual([]);
  });

  it('reads aliases case-insensitively', () => {
    const aliases = { 'manta net': 'SW_SURF', 'lr/nt': 'present' } as const;
    const c = checker({ a: 'Manta Net', b: 'LR/nt' });
    expect(c.code('a', CODES, { aliases })).toBe('SW_SURF');
    expect(c.code('b', CODES, { aliases })).toBe('present');
    expect(c.errors).toEqual([]);
  });

  it('names the unknown code and lists the codes expected', () => {
    const c = checker({ c: 'SW_SURFACE' });
    expect(c.code('c', CODES)).toBeNull();
    expect(c.errors).toEqual([err('c', 'SW_SURFACE', 'unknown code "SW_SURFACE"', 'one of SW_SURF, SED_SEA, LR/cd, present')]);
  });

  it('returns null for an empty optional code and reports a missing required one', () => {
    const c = checker({ a: '' });
    expect(c.code('a', CODES)).toBeNull();
    expect(c.code('c', CODES, { required: true })).toBeNull();
    expect(c.errors).toEqual([err('c', '', 'missing required field c', 'a value')]);
  });

  it('never takes an inherited object member for an alias', () => {
    const aliases = { 'manta net': 'SW_SURF' } as const;
    for (const text of ['constructor', '__proto__', 'Constructor']) {
      const c = checker({ c: text });
      const got = c.code('c', CODES, { aliases });
      expect(got).toBeNull();
      expect(c.errors).toEqual([err('c', text, `unknown code "${text}"`, 'one of SW_SURF, SED_SEA, LR/cd, present')]);
    }
  });
});

describe('RowChecker.boolean', () => {
  it.each([['true', true], ['TRUE', true], ['t', true], ['Yes', true], ['y', true], ['1', true], ['false', false], ['F', false], ['no', false], ['N', false], ['0', false]])(
    'reads %j as %s',
    (text, expected) => {
      const c = checker({ flag: text });
      expect(c.boolean('flag')).toBe(expected);
      expect(c.errors).toEqual([]);
    },
  );

  it('refuses other words and reports a missing required boolean', () => {
    const c = checker({ flag: 'maybe' });
    expect(c.boolean('flag')).toBeNull();
    expect(c.boolean('a', true)).toBeNull();
    expect(c.boolean('b')).toBeNull();
    expect(c.errors).toEqual([err('flag', 'maybe', 'not a boolean', 'true or false'), err('a', '', 'missing required field a', 'a value')]);
  });
});

describe('RowChecker.position', () => {
  const GULF_OF_THAILAND: BoundingBox = { west: 95.5, south: 5.5, east: 103, north: 13.8 };
  const FIJI: BoundingBox = { west: 175, south: -20, east: -178, north: -15 };

  it('reads a pair and allows neither', () => {
    const c = checker({ lat: '13.54', lon: '100.59' });
    expect(c.position('lat', 'lon')).toEqual({ lat: 13.54, lon: 100.59 });
    expect(c.position('a', 'b')).toBeNull();
    expect(c.errors).toEqual([]);
  });

  it('requires both when the position is required', () => {
    const c = checker({});
    expect(c.position('lat', 'lon', true)).toBeNull();
    expect(c.errors).toEqual([err('lat', '', 'missing required field lat', 'a value'), err('lon', '', 'missing required field lon', 'a value')]);
  });

  it('reports an incomplete pair on the empty column', () => {
    const noLon = checker({ lat: '13.54' });
    expect(noLon.position('lat', 'lon')).toBeNull();
    expect(noLon.errors).toEqual([err('lon', '', 'position incomplete: latitude and longitude must be given together', 'a value')]);

    const noLat = checker({ lon: '100.59', lat: ' ' });
    expect(noLat.position('lat', 'lon')).toBeNull();
    expect(noLat.errors).toEqual([err('lat', '', 'position incomplete: latitude and longitude must be given together', 'a value')]);
  });

  it('refuses coordinates out of range', () => {
    const c = checker({ lat: '90.5', lon: '-180.01' });
    expect(c.position('lat', 'lon')).toBeNull();
    expect(c.errors).toEqual([
      err('lat', '90.5', 'out of range', 'decimal degrees between -90 and 90'),
      err('lon', '-180.01', 'out of range', 'decimal degrees between -180 and 180'),
    ]);
    const edges = checker({ lat: '-90', lon: '180' });
    expect(edges.position('lat', 'lon')).toEqual({ lat: -90, lon: 180 });
  });

  it('refuses a malformed coordinate (decimal comma) without a second error', () => {
    const c = checker({ lat: '13,54', lon: '100.59' });
    expect(c.position('lat', 'lon')).toBeNull();
    expect(c.errors).toEqual([err('lat', '13,54', 'not a number (decimal comma)', 'decimal degrees between -90 and 90')]);
  });

  it('refuses a position at 0°,0° (missing or mis-scaled), reporting both values on the latitude column', () => {
    const c = checker({ lat: '0.00036108950654896373', lon: '0.00013489910789403728' });
    expect(c.position('lat', 'lon')).toBeNull();
    expect(c.errors).toEqual([
      err(
        'lat',
        '0.00036108950654896373, 0.00013489910789403728',
        'position (0.00036108950654896373, 0.00013489910789403728) is at 0°,0° — a missing or mis-scaled coordinate',
        'the real position in decimal degrees',
      ),
    ]);
    const zero = checker({ lat: '0', lon: '0' });
    expect(zero.position('lat', 'lon')).toBeNull();
    expect(zero.errors[0].reason).toBe('position (0, 0) is at 0°,0° — a missing or mis-scaled coordinate');
  });

  it('accepts real positions near the equator or the prime meridian', () => {
    const c = checker({ lat: '0.01', lon: '0.005', a: '0.001', b: '103.8' });
    expect(c.position('lat', 'lon')).toEqual({ lat: 0.01, lon: 0.005 });
    expect(c.position('a', 'b')).toEqual({ lat: 0.001, lon: 103.8 });
    expect(c.errors).toEqual([]);
  });

  it('accepts positions inside the declared area, edges included', () => {
    const c = checker({ lat: '13.8', lon: '95.5' }, { declaredArea: GULF_OF_THAILAND });
    expect(c.position('lat', 'lon')).toEqual({ lat: 13.8, lon: 95.5 });
    expect(c.errors).toEqual([]);
  });

  it('refuses a position outside the declared area and hints at a wrong-sign longitude', () => {
    const c = checker({ lat: '13.54', lon: '-100.59' }, { declaredArea: GULF_OF_THAILAND });
    expect(c.position('lat', 'lon')).toBeNull();
    expect(c.errors).toEqual([
      err('lon', '13.54, -100.59', "position (13.54, -100.59) is outside the dataset's declared area (the longitude has the wrong sign?)", 'longitude 95.5..103, latitude 5.5..13.8'),
    ]);
  });

  it('hints at a wrong-sign latitude', () => {
    const c = checker({ lat: '-13.54', lon: '100.59' }, { declaredArea: GULF_OF_THAILAND });
    expect(c.position('lat', 'lon')).toBeNull();
    expect(c.errors).toEqual([
      err('lon', '-13.54, 100.59', "position (-13.54, 100.59) is outside the dataset's declared area (the latitude has the wrong sign?)", 'longitude 95.5..103, latitude 5.5..13.8'),
    ]);
  });

  it('gives no hint when flipping a sign does not help', () => {
    const c = checker({ lat: '35.68', lon: '139.77' }, { declaredArea: GULF_OF_THAILAND });
    expect(c.position('lat', 'lon')).toBeNull();
    expect(c.errors).toEqual([err('lon', '35.68, 139.77', "position (35.68, 139.77) is outside the dataset's declared area", 'longitude 95.5..103, latitude 5.5..13.8')]);
  });

  it('handles a declared area that crosses the antimeridian (west > east)', () => {
    const inside = checker({ lat: '-17', lon: '179.5', a: '-17', b: '-179' }, { declaredArea: FIJI });
    expect(inside.position('lat', 'lon')).toEqual({ lat: -17, lon: 179.5 });
    expect(inside.position('a', 'b')).toEqual({ lat: -17, lon: -179 });
    expect(inside.errors).toEqual([]);

    const wrongSign = checker({ lat: '-17', lon: '-176' }, { declaredArea: FIJI });
    expect(wrongSign.position('lat', 'lon')).toBeNull();
    expect(wrongSign.errors).toEqual([
      err('lon', '-17, -176', "position (-17, -176) is outside the dataset's declared area (the longitude has the wrong sign?)", 'longitude 175..-178, latitude -20..-15'),
    ]);

    const elsewhere = checker({ lat: '-17', lon: '0.5' }, { declaredArea: FIJI });
    expect(elsewhere.position('lat', 'lon')).toBeNull();
    expect(elsewhere.errors).toEqual([err('lon', '-17, 0.5', "position (-17, 0.5) is outside the dataset's declared area", 'longitude 175..-178, latitude -20..-15')]);
  });
});

describe('inBox', () => {
  it('is inclusive on every edge, and wraps across the antimeridian', () => {
    const b: BoundingBox = { west: 10, south: -5, east: 20, north: 5 };
    expect([inBox(b, -5, 10), inBox(b, 5, 20), inBox(b, 0, 15)]).toEqual([true, true, true]);
    expect([inBox(b, 5.0001, 15), inBox(b, 0, 9.999), inBox(b, 0, 20.001)]).toEqual([false, false, false]);
    const wrap: BoundingBox = { west: 170, south: -10, east: -170, north: 10 };
    expect([inBox(wrap, 0, 170), inBox(wrap, 0, 180), inBox(wrap, 0, -180), inBox(wrap, 0, -170)]).toEqual([true, true, true, true]);
    expect([inBox(wrap, 0, 0), inBox(wrap, 0, 169.9), inBox(wrap, 0, -169.9), inBox(wrap, 11, 175)]).toEqual([false, false, false, false]);
  });
});

describe('parseWhen: accepted ISO 8601 forms', () => {
  it.each([
    // year, year-month and date: the whole period, in UTC, without an offset
    ['2024', '2024-01-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z', null],
    ['1800', '1800-01-01T00:00:00.000Z', '1800-12-31T23:59:59.999Z', null],
    ['2024-02', '2024-02-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z', null],
    ['2023-02', '2023-02-01T00:00:00.000Z', '2023-02-28T23:59:59.999Z', null],
    ['2024-12', '2024-12-01T00:00:00.000Z', '2024-12-31T23:59:59.999Z', null],
    ['2024-03-05', '2024-03-05T00:00:00.000Z', '2024-03-05T23:59:59.999Z', null],
    ['2024-02-29', '2024-02-29T00:00:00.000Z', '2024-02-29T23:59:59.999Z', null],
    ['2024-12-31', '2024-12-31T00:00:00.000Z', '2024-12-31T23:59:59.999Z', null],
    // date-times with an offset: an instant
    ['2024-03-05T09:30+07:00', '2024-03-05T02:30:00.000Z', null, 420],
    ['2024-03-05T09:30:15Z', '2024-03-05T09:30:15.000Z', null, 0],
    ['2024-03-05T09:30:15.25-03:30', '2024-03-05T13:00:15.250Z', null, -210],
    ['2024-03-05 09:30+0700', '2024-03-05T02:30:00.000Z', null, 420],
    ['2024-03-05T01:00+09:00', '2024-03-04T16:00:00.000Z', null, 540],
    ['2024-03-05T23:59:59.999999Z', '2024-03-06T00:00:00.000Z', null, 0],
    ['2024-03-05T09:30:15.1234Z', '2024-03-05T09:30:15.123Z', null, 0],
    ['2024-03-05T00:00+14:00', '2024-03-04T10:00:00.000Z', null, 840],
    ['2024-03-05T00:00-14:00', '2024-03-05T14:00:00.000Z', null, -840],
    ['1996-02-28T07:05:00Z', '1996-02-28T07:05:00.000Z', null, 0],
    // intervals: start of the first part to the end of the second
    ['2024-03-05/2024-03-07', '2024-03-05T00:00:00.000Z', '2024-03-07T23:59:59.999Z', null],
    ['1996-02-28/1996-02-28', '1996-02-28T00:00:00.000Z', '1996-02-28T23:59:59.999Z', null],
    ['2024-03/2024-05', '2024-03-01T00:00:00.000Z', '2024-05-31T23:59:59.999Z', null],
    ['2020/2021', '2020-01-01T00:00:00.000Z', '2021-12-31T23:59:59.999Z', null],
    ['2023-05-01T08:30+07:00/2023-05-01T09:10+07:00', '2023-05-01T01:30:00.000Z', '2023-05-01T02:10:00.000Z', 420],
    ['2024-03-05T10:00Z/2024-03-05', '2024-03-05T10:00:00.000Z', '2024-03-05T23:59:59.999Z', 0],
    ['2024-03-05T10:00Z/2024-03-05T10:00Z', '2024-03-05T10:00:00.000Z', '2024-03-05T10:00:00.000Z', 0],
    ['2024-03-05 / 2024-03-06', '2024-03-05T00:00:00.000Z', '2024-03-06T23:59:59.999Z', null],
  ])('%s', (text, start, end, offsetMinutes) => {
    expect(shown(parseWhen(text))).toEqual({ start, end, offsetMinutes, verbatim: text });
  });
});

describe('parseWhen: refused values', () => {
  it.each([
    ['2024-03-07/2024-03-05', 'interval ends before it starts'],
    ['2024-03-05T10:00Z/2024-03-05T09:59Z', 'interval ends before it starts'],
    ['2024-03-05T10:00+07:00/2024-03-05T10:00+08:00', 'interval ends before it starts'],
    ['2024/2023', 'interval ends before it starts'],
    ['2023-02-29', 'not a calendar date'],
    ['2024-04-31', 'not a calendar date'],
    ['2024-03-00', 'not a calendar date'],
    ['2024-01-32', 'not a calendar date'],
    ['2024-13-01', 'unparseable date: month out of range'],
    ['2024-00', 'unparseable date: month out of range'],
    ['2024-03-05T24:00Z', 'unparseable time'],
    ['2024-03-05T23:60Z', 'unparseable time'],
    ['2024-03-05T23:59:60Z', 'unparseable time'],
    ['2024-03-05T09:30+14:30', 'UTC offset out of range'],
    ['2024-03-05T09:30-15:00', 'UTC offset out of range'],
    ['2024-03-05T09:30', 'date-time without a UTC offset (local time is ambiguous)'],
    ['2024-03-05T09:30:15', 'date-time without a UTC offset (local time is ambiguous)'],
    ['2024-03-05 09:30', 'date-time without a UTC offset (local time is ambiguous)'],
    ['2024-03-05/2024-03-06T10:00', 'date-time without a UTC offset (local time is ambiguous)'],
    ['1799-12-31', 'date before 1800'],
    ['1799', 'date before 1800'],
    ['0001-01-01', 'date before 1800'],
    ['1700/2020', 'date before 1800'],
    ['05/03/2024', 'unparseable date'],
    ['2024-3-5', 'unparseable date'],
    ['20240305', 'unparseable date'],
    ['2024-03-05T09Z', 'unparseable date'],
    ['2024-03-05T09:30+07', 'unparseable date'],
    ['2024-03-05/', 'unparseable date'],
    ['/2024-03-05', 'unparseable date'],
    ['2020/2021/2022', 'unparseable date'],
    ['yesterday', 'unparseable date'],
    ['Aug 2020', 'unparseable date'],
    ['', 'unparseable date'],
  ])('%j: %s', (text, reason) => {
    expect(parseWhen(text)).toBe(reason);
  });

  it('refuses an offset whose minutes exceed 59', () => {
    expect(typeof parseWhen('2024-03-05T10:00+05:99')).toBe('string');
  });
});

describe('parseWhen properties', () => {
  const day = fc.date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
  const ymd = (d: Date) => d.toISOString().slice(0, 10);

  it('any calendar date YYYY-MM-DD from 1800 on starts at UTC midnight and ends 1 ms before the next day', () => {
    fc.assert(
      fc.property(day, (d) => {
        const p = parseWhen(ymd(d));
        expect(typeof p).toBe('object');
        const w = p as ParsedWhen;
        expect(w.start.getTime()).toBe(d.getTime());
        expect(w.end!.getTime()).toBe(d.getTime() + 86_400_000 - 1);
        expect(w.offsetMinutes).toBeNull();
        expect(w.verbatim).toBe(ymd(d));
      }),
    );
  });

  it('a date-time with an offset is the local time minus the offset', () => {
    const offset = fc.integer({ min: -56, max: 56 }).map((q) => q * 15); // quarter hours, ±14 h
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), offset, (d, h, mi, s, off) => {
        const pad = (n: number) => String(n).padStart(2, '0');
        const tz = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
        const text = `${ymd(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${tz}`;
        const w = parseWhen(text) as ParsedWhen;
        expect(typeof w).toBe('object');
        expect(w.start.getTime()).toBe(d.getTime() + ((h * 60 + mi) * 60 + s) * 1000 - off * 60_000);
        expect(w.end).toBeNull();
        expect(w.offsetMinutes).toBe(off);
      }),
    );
  });

  it('an interval of two dates spans from the first midnight to the end of the second day, or is refused when reversed', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const p = parseWhen(`${ymd(a)}/${ymd(b)}`);
        if (b.getTime() < a.getTime()) {
          expect(p).toBe('interval ends before it starts');
        } else {
          const w = p as ParsedWhen;
          expect(w.start.getTime()).toBe(a.getTime());
          expect(w.end!.getTime()).toBe(b.getTime() + 86_400_000 - 1);
        }
      }),
    );
  });

  it('never throws: any text gives a parsed value or a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9T:Z+\-/. ]{0,40}$/)), (text) => {
        const p = parseWhen(text);
        return typeof p === 'string' ? p.length > 0 : p.start instanceof Date && !Number.isNaN(p.start.getTime());
      }),
    );
  });
});

describe('RowChecker.when', () => {
  it('returns the parsed value', () => {
    const c = checker({ when: '2024-03-05T09:30+07:00' });
    expect(shown(c.when('when')!)).toEqual({ start: '2024-03-05T02:30:00.000Z', end: null, offsetMinutes: 420, verbatim: '2024-03-05T09:30+07:00' });
    expect(c.errors).toEqual([]);
  });

  it('reports an unparseable value with the accepted forms', () => {
    const c = checker({ when: '2024-03-05T09:30' });
    expect(c.when('when')).toBeNull();
    expect(c.errors).toEqual([
      err('when', '2024-03-05T09:30', 'date-time without a UTC offset (local time is ambiguous)', 'ISO 8601: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDThh:mm[:ss]±hh:mm, or start/end'),
    ]);
  });

  it('refuses dates that start after ctx.now, and accepts today and the year in progress', () => {
    const c = checker({ a: '2025-06-02', b: '2025-06-01T12:00:01Z', when: '2025-06-01', n: '2025', i: '2025-06-01T12:00:00Z' });
    expect(c.when('a')).toBeNull();
    expect(c.when('b')).toBeNull();
    expect(c.when('when')).not.toBeNull();
    expect(c.when('n')).not.toBeNull();
    expect(c.when('i')).not.toBeNull();
    expect(c.errors).toEqual([
      err('a', '2025-06-02', 'date is in the future', 'a date up to 2025-06-01'),
      err('b', '2025-06-01T12:00:01Z', 'date is in the future', 'a date up to 2025-06-01'),
    ]);
  });

  it('gives the same answer for the same text on consecutive rows, whatever the clock of each row', () => {
    const past = checker({ when: '2030-01-01' }, { now: new Date('2031-01-01T00:00:00Z') });
    expect(past.when('when')).not.toBeNull();
    const future = checker({ when: '2030-01-01' });
    expect(future.when('when')).toBeNull();
    expect(future.errors.map((e) => e.reason)).toEqual(['date is in the future']);
  });

  it('reports a missing required date, and allows it when the source declares it may be empty', () => {
    const c = checker({});
    expect(c.when('when', true)).toBeNull();
    expect(c.errors).toEqual([err('when', '', 'missing required field when', 'a value')]);
    const allowed = checker({}, { allowEmpty: new Set(['when']) });
    expect(allowed.when('when', true)).toBeNull();
    expect(allowed.errors).toEqual([]);
  });
});
