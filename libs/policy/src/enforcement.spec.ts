import { applyToAggregateRows, embargoCutoff, isEmbargoed, isSensitiveByDefault, snapPosition, snapRecord, type Decision } from './index.js';
import { caught, NOW } from './spec-helpers.js';

const allowed = (over: Partial<Decision['constraints']> = {}, level: Decision['level'] = 'AGGREGATE'): Decision => ({
  allowed: true, level, grantId: 'g', grantIds: ['g'], reasons: [],
  constraints: { minGroupSize: 5, spatialPrecisionDeg: 0.1, sensitiveSpeciesPrecisionDeg: 0.1, redactedFields: ['team_member_name'], embargoDays: 365, ...over },
});
const denied: Decision = { ...allowed(), allowed: false, level: null };

describe('snapPosition', () => {
  it.each([
    [13.7528, 100.4935, 0.1, 13.75, 100.45],
    [13.7528, 100.4935, 1, 13.5, 100.5],
    [-6.2088, 106.8456, 0.01, -6.205, 106.845],
    [90, 180, 1, 89.5, -179.5],
    [-90, -180, 0.1, -89.95, -179.95],
  ])('(%p, %p) at %p° → cell centre (%p, %p)', (lat, lon, p, eLat, eLon) => {
    const s = snapPosition(lat, lon, p);
    expect(s?.lat).toBeCloseTo(eLat, 9);
    expect(s?.lon).toBeCloseTo(eLon, 9);
  });

  it('cuts a cell that does not fit whole at the pole', () => {
    // 0.7° cells from -90: the last one is [89.9, 90], cut at the pole.
    expect(snapPosition(89.95, 0, 0.7)?.lat).toBeCloseTo(89.95, 9);
    expect(snapPosition(89.8, 0, 0.7)?.lat).toBeCloseTo(89.55, 9);
  });

  it.each([[91, 0], [0, -181], [Number.NaN, 0], [0, Infinity]])('withholds the invalid position (%p, %p)', (lat, lon) => {
    expect(snapPosition(lat, lon, 0.1)).toBeNull();
  });

  it.each([0, -1, 1e-7, 181, Number.NaN])('throws INPUT_INVALID for the precision %p', (p) => {
    expect(caught(() => snapPosition(0, 0, p)).code).toBe('INPUT_INVALID');
  });
});

describe('snapRecord', () => {
  it('withholds an unreadable position of a record that needs snapping', () => {
    expect(snapRecord({ decimalLatitude: '13.7', decimalLongitude: 100 }, allowed())).toMatchObject({
      decimalLatitude: null, decimalLongitude: null, dataGeneralizations: 'coordinates withheld',
    });
  });

  it('leaves positions as collected when nothing asks for snapping', () => {
    const r = { decimalLatitude: 13.7528, decimalLongitude: 100.4935 };
    expect(snapRecord(r, allowed({ spatialPrecisionDeg: null }))).toEqual(r);
  });

  it('uses custom fields and sensitivity', () => {
    const out = snapRecord({ y: 13.7528, x: 100.4935, protected: 'yes' }, allowed({ spatialPrecisionDeg: null, sensitiveSpeciesPrecisionDeg: 1 }), {
      latField: 'y', lonField: 'x', isSensitive: (r) => r['protected'] === 'yes',
    });
    expect(out).toMatchObject({ y: 13.5, x: 100.5, coordinatePrecision: 1 });
  });

  it.each([
    [{ iucnRedListCategory: 'CR' }, true],
    [{ iucnRedListCategory: 'EN' }, true],
    [{ iucnRedListCategory: 'VU' }, true],
    [{ iucnRedListCategory: 'NT' }, false],
    [{ iucnRedListCategory: 'vulnerable' }, true],
    [{ sensitive: true }, true],
    [{}, false],
  ])('isSensitiveByDefault(%p) = %p', (r, expected) => {
    expect(isSensitiveByDefault(r)).toBe(expected);
  });
});

describe('embargo', () => {
  it('computes the cutoff N × 24 h before now', () => {
    expect(embargoCutoff(NOW, 365).toISOString()).toBe('2024-11-01T00:00:00.000Z');
    expect(caught(() => embargoCutoff(NOW, -1)).code).toBe('INPUT_INVALID');
  });

  it.each<[string | Date | null | undefined, boolean]>([
    ['2024-10-31', false],
    ['2024-11-01', true], // the whole day counts: it ends after the cutoff
    ['2024-10-31T23:59:59Z', false],
    [new Date('2025-10-01'), true],
    ['2023-01-01/2024-12-01', true],
    ['2023-01-01/2023-12-01', false],
    ['last summer', true],
    [null, true],
  ])('isEmbargoed(%p) with 365 days = %p', (date, expected) => {
    expect(isEmbargoed(date, allowed(), NOW)).toBe(expected);
  });

  it('without an embargo nothing is withheld; a denial withholds everything', () => {
    expect(isEmbargoed('2025-10-31', allowed({ embargoDays: 0 }), NOW)).toBe(false);
    expect(isEmbargoed('2000-01-01', denied, NOW)).toBe(true);
  });
});

describe('applyToAggregateRows', () => {
  const columns = { countField: 'n', valueFields: ['kg'], groupFields: ['region', 'year'] };

  it('returns nothing for a denial or a METADATA decision', () => {
    expect(applyToAggregateRows([{ region: 'N', year: 1, n: 50, kg: 1 }], denied, columns)).toEqual([]);
    expect(applyToAggregateRows([{ region: 'N', year: 1, n: 50, kg: 1 }], allowed({}, 'METADATA'), columns)).toEqual([]);
  });

  it('suppresses complements along every dimension until no line has a single suppressed cell', () => {
    const rows = [
      { region: 'N', year: 2023, n: 2, kg: 1 },
      { region: 'N', year: 2024, n: 30, kg: 9 },
      { region: 'S', year: 2023, n: 20, kg: 5 },
      { region: 'S', year: 2024, n: 40, kg: 7 },
    ];
    // N-2023 is small; its row (N) and column (2023) each need a complement, and those in turn the fourth cell.
    expect(applyToAggregateRows(rows, allowed(), columns).map((r) => r.suppressed)).toEqual([true, true, true, true]);
  });

  it('leaves tables without small cells untouched and reads counts given as text', () => {
    const out = applyToAggregateRows([{ region: 'N', year: 2024, n: '12', kg: 3 }], allowed(), columns);
    expect(out).toEqual([{ region: 'N', year: 2024, n: 12, kg: 3, suppressed: false }]);
  });

  it('suppresses a group whose count cannot be read', () => {
    const out = applyToAggregateRows([{ region: 'N', year: 2024, n: -3, kg: 3 }], allowed(), columns);
    expect(out).toEqual([{ region: 'N', year: 2024, n: null, kg: null, suppressed: true }]);
  });

  it('does not suppress when k is 1', () => {
    const out = applyToAggregateRows([{ region: 'N', year: 2024, n: 0, kg: 0 }], allowed({ minGroupSize: 1 }), columns);
    expect(out[0]?.suppressed).toBe(false);
  });

  it('throws INPUT_INVALID for a redacted column or duplicate groups', () => {
    expect(caught(() => applyToAggregateRows([], allowed(), { ...columns, groupFields: ['team_member_name'] })).code).toBe('INPUT_INVALID');
    const dup = [{ region: 'N', year: 1, n: 9 }, { region: 'N', year: 1, n: 8 }];
    expect(caught(() => applyToAggregateRows(dup, allowed(), columns)).code).toBe('INPUT_INVALID');
  });
});
