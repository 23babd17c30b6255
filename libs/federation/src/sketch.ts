// A mergeable quantile sketch with a relative-error guarantee, after the idea
// of DDSketch (Masson, Rim & Lee, VLDB 2019): positive values fall into
// logarithmic buckets, bucket i holding (γ^(i−1), γ^i] with γ = (1+α)/(1−α);
// zeros are counted apart. A bucket's representative 2γ^i/(γ+1) is within a
// relative α of every value in it, so any quantile read from the buckets is
// within α of the true one. Buckets are plain counts, so two sketches merge by
// adding counts — exactly, in any order — and a node can build one in SQL.
import { LittoralError } from '@littoral/contracts';
import { Checker, finish, join, type Parsed } from './check.js';
import type { SketchJson } from './summary-contracts.js';

/** The network's relative accuracy: every quantile is within 1 % of the true rank-q value. */
export const SKETCH_ALPHA = 0.01;
/** γ = (1+α)/(1−α) for SKETCH_ALPHA. */
export const SKETCH_GAMMA = (1 + SKETCH_ALPHA) / (1 - SKETCH_ALPHA);
/** ln γ as the double both sides divide by (printed in full in SKETCH_LN_GAMMA_SQL). */
export const SKETCH_LN_GAMMA = Math.log(SKETCH_GAMMA);
/** ln γ written so that Postgres reads the very same double. */
export const SKETCH_LN_GAMMA_SQL = `${SKETCH_LN_GAMMA.toPrecision(17)}::float8`;
/** Most bins a sketch may carry (α = 0.01 covers 1e-9…1e12 in about 2 400 bins). */
export const MAX_SKETCH_BINS = 10_000;

/**
 * The SQL expression for the bucket index of a value (a column or expression
 * of a non-negative number). NULL for zero: zeros are counted apart.
 * The node MUST use this, so that its buckets and the hub's agree:
 * `ceil(ln(x) / ln γ)` with ln γ as the literal above.
 *
 * @example sketchIndexSql('c.value') // "CASE WHEN c.value > 0 THEN ceil(ln(c.value::float8) / 0.020000666706669...::float8)::int END"
 */
export function sketchIndexSql(valueSql: string): string {
  return `CASE WHEN ${valueSql} > 0 THEN ceil(ln(${valueSql}::float8) / ${SKETCH_LN_GAMMA_SQL})::int END`;
}

/**
 * A complete example of building one sketch per group in Postgres, for
 * `value` in `src` grouped by `g`. Bins are ordered by index; the empty bin
 * list is `[]`.
 */
export const SKETCH_SQL_EXAMPLE = `
WITH b AS (
  SELECT g, ${sketchIndexSql('value')} AS idx, count(*) AS n
  FROM src WHERE value >= 0 GROUP BY g, 2
)
SELECT g,
       jsonb_build_object(
         'alpha', ${SKETCH_ALPHA},
         'zeros', coalesce(sum(n) FILTER (WHERE idx IS NULL), 0),
         'bins', coalesce(jsonb_agg(jsonb_build_array(idx, n) ORDER BY idx) FILTER (WHERE idx IS NOT NULL), '[]'::jsonb)
       ) AS sketch
FROM b GROUP BY g`.trim();

interface Params {
  gamma: number;
  lnGamma: number;
}

function params(alpha: number): Params {
  if (!(typeof alpha === 'number' && alpha > 0 && alpha < 1)) throw new LittoralError('INPUT_INVALID', `A sketch's alpha must be between 0 and 1 (exclusive); got ${String(alpha)}`);
  const gamma = (1 + alpha) / (1 - alpha);
  // The network's α uses the exported constant so JS and SQL divide by the same double.
  return { gamma, lnGamma: alpha === SKETCH_ALPHA ? SKETCH_LN_GAMMA : Math.log(gamma) };
}

/** Bucket index of a positive value. */
export function sketchIndex(value: number, alpha = SKETCH_ALPHA): number {
  if (!(value > 0) || !Number.isFinite(value)) throw new LittoralError('INPUT_INVALID', `Only finite values above 0 have a bucket index; got ${String(value)}`);
  return Math.ceil(Math.log(value) / params(alpha).lnGamma);
}

/** The value a bucket stands for: 2γ^i/(γ+1), within α of every value of the bucket. */
export function bucketValue(index: number, alpha = SKETCH_ALPHA): number {
  const { gamma, lnGamma } = params(alpha);
  return (2 * Math.exp(index * lnGamma)) / (gamma + 1);
}

/** An empty sketch. */
export function emptySketch(alpha = SKETCH_ALPHA): SketchJson {
  params(alpha);
  return { alpha, zeros: 0, bins: [] };
}

/**
 * Sketch of a list of values (non-negative, finite).
 * @throws LittoralError INPUT_INVALID for a negative, NaN or infinite value.
 */
export function sketchOf(values: Iterable<number>, alpha = SKETCH_ALPHA): SketchJson {
  const { lnGamma } = params(alpha);
  let zeros = 0;
  const counts = new Map<number, number>();
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new LittoralError('INPUT_INVALID', `A sketch takes finite values of at least 0; got ${String(v)}`);
    }
    if (v === 0) zeros++;
    else {
      const i = Math.ceil(Math.log(v) / lnGamma);
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
  }
  return { alpha, zeros, bins: sortedBins(counts) };
}

function sortedBins(counts: Map<number, number>): [number, number][] {
  return [...counts.entries()].sort((a, b) => a[0] - b[0]);
}

/** Number of values in a sketch. */
export function sketchCount(s: SketchJson): number {
  return s.bins.reduce((n, [, c]) => n + c, s.zeros);
}

/**
 * Merges sketches of the same alpha by adding their counts: the result equals
 * the sketch of the union of their values, whatever the order or grouping.
 * @throws LittoralError INPUT_INVALID when alphas differ.
 */
export function mergeSketches(...sketches: SketchJson[]): SketchJson {
  if (sketches.length === 0) return emptySketch();
  const alpha = sketches[0].alpha;
  const counts = new Map<number, number>();
  let zeros = 0;
  for (const s of sketches) {
    if (s.alpha !== alpha) throw new LittoralError('INPUT_INVALID', `Cannot merge sketches of different accuracy (alpha ${alpha} and ${s.alpha})`);
    zeros += s.zeros;
    for (const [i, c] of s.bins) counts.set(i, (counts.get(i) ?? 0) + c);
  }
  return { alpha, zeros, bins: sortedBins(counts) };
}

/**
 * The rank-q value estimate, q in [0, 1]: with the n values sorted
 * x₀ ≤ … ≤ xₙ₋₁, the estimate v satisfies |v − x_⌊q(n−1)⌋| ≤ α·x_⌊q(n−1)⌋
 * (so the median for even n is the lower middle value, within α).
 * `null` for an empty sketch.
 */
export function sketchQuantile(s: SketchJson, q: number): number | null {
  if (!(typeof q === 'number' && q >= 0 && q <= 1)) throw new LittoralError('INPUT_INVALID', `A quantile must be between 0 and 1; got ${String(q)}`);
  const n = sketchCount(s);
  if (n === 0) return null;
  const rank = Math.floor(q * (n - 1));
  if (rank < s.zeros) return 0;
  let seen = s.zeros;
  for (const [i, c] of s.bins) {
    seen += c;
    if (seen > rank) return bucketValue(i, s.alpha);
  }
  /* c8 ignore next */
  return bucketValue(s.bins[s.bins.length - 1][0], s.alpha);
}

/**
 * Multiplies every value of a sketch by `factor` (> 0): used to bring a
 * sketch made in another unit of the same family to the canonical unit
 * (e.g. pieces/L × 1000 → pieces/m3). Each bucket's representative is
 * re-bucketed, so the bound grows to (1+α)² − 1 ≈ 2α for the values moved.
 * `factor === 1` returns the sketch unchanged.
 */
export function rescaleSketch(s: SketchJson, factor: number): SketchJson {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new LittoralError('INPUT_INVALID', `A sketch can only be scaled by a finite factor above 0; got ${String(factor)}`);
  if (factor === 1) return s;
  const { lnGamma } = params(s.alpha);
  const counts = new Map<number, number>();
  for (const [i, c] of s.bins) {
    const j = Math.ceil(Math.log(bucketValue(i, s.alpha) * factor) / lnGamma);
    counts.set(j, (counts.get(j) ?? 0) + c);
  }
  return { alpha: s.alpha, zeros: s.zeros, bins: sortedBins(counts) };
}

/**
 * Reads a sketch from untrusted JSON: alpha in (0, 1) (the network uses
 * SKETCH_ALPHA), zeros a non-negative integer, bins `[index, count]` pairs
 * with strictly increasing integer indices and positive integer counts, at
 * most MAX_SKETCH_BINS of them.
 */
export function parseSketch(input: unknown, path = 'sketch'): Parsed<SketchJson> {
  const c = new Checker();
  return finish(c, readSketch(c, input, path));
}

/** {@link parseSketch} into an existing checker (used by the answer validators). */
export function readSketch(c: Checker, input: unknown, path: string): SketchJson | undefined {
  const o = c.object(input, path, ['alpha', 'zeros', 'bins'], ['alpha', 'zeros', 'bins']);
  if (!o) return undefined;
  const alpha = c.number(o.alpha, join(path, 'alpha'), { min: 0, max: 0.5, exclusiveMin: true });
  const zeros = c.number(o.zeros, join(path, 'zeros'), { min: 0, integer: true });
  const binsPath = join(path, 'bins');
  if (!Array.isArray(o.bins)) return c.fail(binsPath, 'expected a list of [index, count] pairs');
  if (o.bins.length > MAX_SKETCH_BINS) return c.fail(binsPath, `has ${o.bins.length} bins; expected at most ${MAX_SKETCH_BINS}`);
  const bins: [number, number][] = [];
  let previous = -Infinity;
  let total = zeros ?? 0;
  for (let k = 0; k < o.bins.length; k++) {
    const p = `${binsPath}[${k}]`;
    const pair: unknown = o.bins[k];
    if (!Array.isArray(pair) || pair.length !== 2) {
      c.fail(p, 'expected an [index, count] pair');
      continue;
    }
    const index = c.number(pair[0], `${p}[0]`, { integer: true, min: -1e6, max: 1e6 });
    const count = c.number(pair[1], `${p}[1]`, { integer: true, min: 1 });
    if (index === undefined || count === undefined) continue;
    if (index <= previous) c.fail(`${p}[0]`, `index ${index} does not follow ${previous}; expected strictly increasing indices`);
    previous = index;
    total += count;
    bins.push([index, count]);
  }
  if (!Number.isSafeInteger(total)) c.fail(path, 'holds more values than can be counted exactly');
  if (alpha === undefined || zeros === undefined) return undefined;
  return { alpha, zeros, bins };
}
