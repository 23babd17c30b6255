import fc from 'fast-check';
import {
  SKETCH_ALPHA,
  SKETCH_GAMMA,
  bucketValue,
  emptySketch,
  mergeSketches,
  parseSketch,
  rescaleSketch,
  sketchCount,
  sketchIndex,
  sketchIndexSql,
  sketchOf,
  sketchQuantile,
} from './sketch.js';

// Concentrations as met in the data: from traces to very dirty samples, with some exact zeros.
const value = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 9, arbitrary: fc.double({ min: 1e-6, max: 1e9, noNaN: true, noDefaultInfinity: true }) },
);
const values = fc.array(value, { minLength: 0, maxLength: 200 });

/** True rank-q value (lower), the quantity the sketch promises to approximate. */
function trueQuantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

// Relative bound with a hair of room for floating-point rounding in exp/log.
const withinAlpha = (est: number, truth: number, alpha: number): boolean => Math.abs(est - truth) <= alpha * truth * (1 + 1e-9) + 1e-300;

describe('sketch', () => {
  it('uses γ = (1+α)/(1−α) and buckets (γ^(i−1), γ^i]', () => {
    expect(SKETCH_GAMMA).toBeCloseTo(1.01 / 0.99, 15);
    expect(sketchIndex(1)).toBe(0);
    expect(sketchIndex(SKETCH_GAMMA * 1.0000001)).toBe(2);
    expect(sketchIndex(1.005)).toBe(1);
    expect(bucketValue(0)).toBeCloseTo(2 / (SKETCH_GAMMA + 1), 15);
  });

  it('gives the SQL expression the node must use, with ln γ in full', () => {
    const sql = sketchIndexSql('c.value');
    expect(sql).toMatch(/^CASE WHEN c\.value > 0 THEN ceil\(ln\(c\.value::float8\) \/ 0\.0200006667\d+::float8\)::int END$/);
    const literal = Number(/\/ ([0-9.]+)::float8/.exec(sql)![1]);
    expect(literal).toBe(Math.log(SKETCH_GAMMA));
  });

  it('serialises compactly and answers a realistic median', () => {
    // Surface-water concentrations in pieces/m3 of eight samples.
    const s = sketchOf([0, 0.12, 0.35, 0.8, 1.9, 2.4, 7.5, 31]);
    expect(s).toEqual({ alpha: 0.01, zeros: 1, bins: expect.any(Array) });
    expect(sketchCount(s)).toBe(8);
    expect(sketchQuantile(s, 0.5)).toBeCloseTo(0.8, 1);
    expect(sketchQuantile(s, 0)).toBe(0);
    expect(sketchQuantile(s, 1)! / 31).toBeGreaterThan(0.99);
    expect(sketchQuantile(emptySketch(), 0.5)).toBeNull();
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('property: every quantile is within relative α of the true rank-q value', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 300 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const est = sketchQuantile(sketchOf(xs), q)!;
        return withinAlpha(est, trueQuantile(xs, q), SKETCH_ALPHA);
      }),
      { numRuns: 300 },
    );
  });

  it('property: merging equals sketching the union; merge is commutative and associative', () => {
    fc.assert(
      fc.property(values, values, values, (a, b, c) => {
        const [sa, sb, sc] = [sketchOf(a), sketchOf(b), sketchOf(c)];
        const union = sketchOf([...a, ...b, ...c]);
        expect(mergeSketches(sa, sb, sc)).toEqual(union);
        expect(mergeSketches(mergeSketches(sa, sb), sc)).toEqual(mergeSketches(sa, mergeSketches(sb, sc)));
        expect(mergeSketches(sa, sb)).toEqual(mergeSketches(sb, sa));
        expect(sketchCount(union)).toBe(a.length + b.length + c.length);
      }),
      { numRuns: 200 },
    );
  });

  it('property: rescaling keeps quantiles within (1+α)²−1 of the scaled truth', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 100 }), fc.constantFrom(1e3, 1e6, 1e-3), fc.double({ min: 0, max: 1, noNaN: true }), (xs, f, q) => {
        const est = sketchQuantile(rescaleSketch(sketchOf(xs), f), q)!;
        const bound = (1 + SKETCH_ALPHA) ** 2 - 1;
        return withinAlpha(est, trueQuantile(xs, q) * f, bound);
      }),
    );
  });

  it('refuses merging sketches of different accuracy, and bad values', () => {
    expect(() => mergeSketches(sketchOf([1], 0.01), sketchOf([1], 0.02))).toThrow(/different accuracy/);
    expect(() => sketchOf([-1])).toThrow(/at least 0/);
    expect(() => sketchOf([Number.NaN])).toThrow(/at least 0/);
    expect(() => sketchQuantile(emptySketch(), 1.5)).toThrow(/between 0 and 1/);
  });

  it.each([
    [{ alpha: 0.01, zeros: 0, bins: [[3, 1], [2, 1]] }, 'sketch.bins[1][0]', /strictly increasing/],
    [{ alpha: 0.01, zeros: -1, bins: [] }, 'sketch.zeros', /integer of at least 0/],
    [{ alpha: 0.01, zeros: 0, bins: [[1, 0]] }, 'sketch.bins[0][1]', /integer of at least 1/],
    [{ alpha: 0.01, zeros: 0, bins: [[1.5, 2]] }, 'sketch.bins[0][0]', /integer/],
    [{ alpha: 0, zeros: 0, bins: [] }, 'sketch.alpha', /greater than 0/],
    [{ alpha: 0.01, zeros: 0, bins: [], extra: 1 }, 'sketch.extra', /unknown key/],
    [{ alpha: 0.01, zeros: 0, bins: [[1]] }, 'sketch.bins[0]', /\[index, count\] pair/],
  ])('parseSketch refuses %j at %s', (input, path, message) => {
    const r = parseSketch(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('parseSketch accepts what sketchOf writes', () => {
    const s = sketchOf([0, 1, 2, 3, 1000]);
    expect(parseSketch(JSON.parse(JSON.stringify(s)))).toEqual({ ok: true, value: s });
  });
});
