// Exact merge of node answers into the hub's rows. Rules (docs/federation.md):
// counts and sums add; means are Σsum / Σn (never a mean of means); min/max
// combine; medians come from merged sketches; richness is the size of the
// union of taxon sets; units are brought to the family's canonical unit
// before anything is combined. Rows are merged by group key; contributions
// are taken in country order so the result does not depend on which node
// answered first. Every merged row lists its sources.
//
// Sums over nothing: in answers a sum over nothing is null ("nothing
// recorded"). Merged, a sum whose count is part of the row (weightKg with
// weighedSurveys, individuals with countedOccurrences) adds a null part as 0 —
// the count says whether anything was summed; any other sum adds null-aware
// (null only when every contributor has null).
//
// Suppression rule: a group some node suppressed is `partial` — its figures
// cover only the nodes that showed it and are never a total. A group every
// contributing node suppressed is `suppressed` with null figures.
import { LittoralError, type IucnCategory, type Matrix, type SizeClass } from '@littoral/contracts';
import { CANONICAL_UNITS, parseUnit, type UnitFamily } from '@littoral/units';
import { mergeSketches, rescaleSketch, sketchQuantile } from './sketch.js';
import {
  groupKeysOf,
  type BeachLitterGroupKey,
  type BeachLitterRow,
  type CategoryCount,
  type ConcentrationBlock,
  type GroupBy,
  type MicroplasticGroupKey,
  type MicroplasticRow,
  type SketchJson,
  type SpeciesGroupKey,
  type SpeciesRow,
  type SummaryRow,
} from './summary-contracts.js';

/** The rows one node contributed (taken from a verified, validated answer). */
export interface NodeRows<R extends SummaryRow> {
  country: string;
  rows: readonly R[];
}

/** Who contributed a merged row: per country, the datasets behind its visible row. */
export interface RowSource {
  country: string;
  datasets: string[];
}

/** What every merged row carries besides its figures. */
export interface MergedRowBase<G> {
  group: G;
  /** Every node that has this group suppressed it: figures are null. */
  suppressed: boolean;
  /** Some node suppressed this group: figures cover the others only — never a total. */
  partial: boolean;
  /** Countries whose row for this group was suppressed. */
  suppressedIn: string[];
  /** Countries and datasets behind the figures (visible rows only). */
  sources: RowSource[];
}

/** Merged concentration statistics, in the family's canonical unit. */
export interface MergedConcentration {
  matrix: Matrix;
  sizeClass: SizeClass | null;
  family: UnitFamily;
  unit: string;
  n: number;
  sum: number;
  /** Σsum / Σn. */
  mean: number;
  min: number;
  max: number;
  /** From the merged sketch; within relative α of the lower median (2α for values converted from another unit). */
  median: number | null;
  sketch: SketchJson;
}

export interface MergedMicroplasticRow extends MergedRowBase<MicroplasticGroupKey> {
  samples: number | null;
  particles: number | null;
  concentrations: MergedConcentration[] | null;
}

export interface MergedCategory {
  category: string;
  items: number;
  weightKg: number | null;
}

export interface MergedBeachLitterRow extends MergedRowBase<BeachLitterGroupKey> {
  surveys: number | null;
  items: number | null;
  weightKg: number | null;
  weighedSurveys: number | null;
  volunteers: number | null;
  lengthM: number | null;
  lengthItems: number | null;
  areaM2: number | null;
  areaItems: number | null;
  /** Σ lengthItems / Σ lengthM × 100 (pooled over monitoring surveys with a length); null without length. */
  itemsPer100m: number | null;
  /** Σ areaItems / Σ areaM2; null without area. */
  itemsPerM2: number | null;
  /** Median of per-survey items/100 m, from the merged sketch. */
  medianItemsPer100m: number | null;
  per100mSketch: SketchJson | null;
  categories: MergedCategory[] | null;
  /** The TOP_CATEGORIES categories with most items (ties by code). */
  topCategories: MergedCategory[] | null;
}

export interface MergedSpeciesRow extends MergedRowBase<SpeciesGroupKey> {
  occurrences: number | null;
  individuals: number | null;
  countedOccurrences: number | null;
  /** Distinct taxa over all visible contributions: the size of the union. */
  richness: number | null;
  taxa: string[] | null;
  iucn: { category: IucnCategory | null; occurrences: number }[] | null;
}

/** How many categories `topCategories` lists. */
export const TOP_CATEGORIES = 10;

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical text of a group key, in the query's dimension order (null for absent values). */
export function groupKeyText(group: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return JSON.stringify(keys.map((k) => (group[k] === undefined ? null : group[k])));
}

interface Collected<R> {
  key: string;
  group: Record<string, unknown>;
  visible: { country: string; row: R }[];
  suppressedIn: string[];
}

/** Groups rows of all nodes by group key, countries in order; a duplicate key from one node is refused. */
function collect<R extends SummaryRow>(groupBy: GroupBy<string>, nodes: readonly NodeRows<R>[]): Collected<R>[] {
  const keys = groupKeysOf(groupBy);
  const out = new Map<string, Collected<R>>();
  const ordered = [...nodes].sort((a, b) => byText(a.country, b.country));
  for (const node of ordered) {
    const seen = new Set<string>();
    for (const row of node.rows) {
      const key = groupKeyText(row.group as Record<string, unknown>, keys);
      if (seen.has(key)) throw new LittoralError('INPUT_INVALID', `The answer of ${node.country} has two rows for group ${key}`);
      seen.add(key);
      let c = out.get(key);
      if (!c) {
        c = { key, group: Object.fromEntries(keys.map((k) => [k, (row.group as Record<string, unknown>)[k] ?? null])), visible: [], suppressedIn: [] };
        out.set(key, c);
      }
      if (row.suppressed) c.suppressedIn.push(node.country);
      else c.visible.push({ country: node.country, row });
    }
  }
  return [...out.values()].sort((a, b) => byText(a.key, b.key));
}

function base<G>(c: Collected<SummaryRow>): MergedRowBase<G> {
  return {
    group: c.group as G,
    suppressed: c.visible.length === 0,
    partial: c.suppressedIn.length > 0 && c.visible.length > 0,
    suppressedIn: c.suppressedIn,
    sources: c.visible.map(({ country, row }) => ({ country, datasets: [...row.datasets].sort(byText) })),
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * A concentration block in its family's canonical unit. Units of the same
 * family differ by powers of ten, so sum/min/max scale exactly (one rounding);
 * the sketch is re-bucketed (bound (1+α)²−1).
 * @throws LittoralError UNIT_CONVERSION_INVALID when the unit is not of the block's family.
 */
export function toCanonicalBlock(block: ConcentrationBlock): ConcentrationBlock {
  const canonical = CANONICAL_UNITS[block.family];
  if (block.unit === canonical) return block;
  const unit = parseUnit(block.unit);
  if (unit.family !== block.family) {
    throw new LittoralError('UNIT_CONVERSION_INVALID', `A ${block.family} block cannot be in ${unit.id}, a ${unit.family} unit`);
  }
  const f = unit.factor;
  return { ...block, unit: canonical, sum: block.sum * f, min: block.min * f, max: block.max * f, sketch: rescaleSketch(block.sketch, f) };
}

function mergeConcentrations(blocks: readonly ConcentrationBlock[]): MergedConcentration[] {
  const byKey = new Map<string, ConcentrationBlock[]>();
  for (const b of blocks) {
    const c = toCanonicalBlock(b);
    const key = JSON.stringify([c.matrix, c.sizeClass, c.family]);
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  return [...byKey.entries()]
    .sort((a, b) => byText(a[0], b[0]))
    .map(([, bs]) => {
      const n = sum(bs.map((b) => b.n));
      const total = sum(bs.map((b) => b.sum));
      const sketch = mergeSketches(...bs.map((b) => b.sketch));
      return {
        matrix: bs[0].matrix,
        sizeClass: bs[0].sizeClass,
        family: bs[0].family,
        unit: bs[0].unit,
        n,
        sum: total,
        mean: n === 0 ? Number.NaN : total / n,
        min: Math.min(...bs.map((b) => b.min)),
        max: Math.max(...bs.map((b) => b.max)),
        median: sketchQuantile(sketch, 0.5),
        sketch,
      };
    })
    .filter((m) => m.n > 0);
}

const nullableSum = (xs: readonly (number | null)[]): number | null => (xs.every((x) => x === null) ? null : sum(xs.map((x) => x ?? 0)));

/** Merges microplastic rows of several nodes (see the rules at the top of this file). */
export function mergeMicroplasticRows(groupBy: GroupBy<string>, nodes: readonly NodeRows<MicroplasticRow>[]): MergedMicroplasticRow[] {
  return collect(groupBy, nodes).map((c) => {
    const rows = c.visible.map((v) => v.row);
    const hidden = rows.length === 0;
    return {
      ...base<MicroplasticGroupKey>(c),
      samples: hidden ? null : sum(rows.map((r) => r.samples as number)),
      // null = no particle counts recorded by any visible contributor (not zero).
      particles: hidden ? null : nullableSum(rows.map((r) => r.particles)),
      concentrations: hidden ? null : mergeConcentrations(rows.flatMap((r) => r.concentrations ?? [])),
    };
  });
}


function mergeCategories(lists: readonly CategoryCount[][]): MergedCategory[] {
  const by = new Map<string, CategoryCount[]>();
  for (const list of lists) for (const c of list) by.set(c.category, [...(by.get(c.category) ?? []), c]);
  return [...by.entries()]
    .sort((a, b) => byText(a[0], b[0]))
    .map(([category, cs]) => ({ category, items: sum(cs.map((c) => c.items)), weightKg: nullableSum(cs.map((c) => c.weightKg)) }));
}

/** The `limit` categories with most items; ties by category code, so the order is stable. */
export function topCategories(categories: readonly MergedCategory[], limit = TOP_CATEGORIES): MergedCategory[] {
  return [...categories].sort((a, b) => b.items - a.items || byText(a.category, b.category)).slice(0, limit);
}

/** Merges beach-litter rows: sums add, densities are ratios of the merged sums, medians from merged sketches. */
export function mergeBeachLitterRows(groupBy: GroupBy<string>, nodes: readonly NodeRows<BeachLitterRow>[]): MergedBeachLitterRow[] {
  return collect(groupBy, nodes).map((c) => {
    const rows = c.visible.map((v) => v.row);
    const b = base<BeachLitterGroupKey>(c);
    if (rows.length === 0) {
      return {
        ...b, surveys: null, items: null, weightKg: null, weighedSurveys: null, volunteers: null, lengthM: null, lengthItems: null,
        areaM2: null, areaItems: null, itemsPer100m: null, itemsPerM2: null, medianItemsPer100m: null, per100mSketch: null,
        categories: null, topCategories: null,
      };
    }
    const s = (f: (r: BeachLitterRow) => number | null): number => sum(rows.map((r) => f(r) as number));
    // Sums without a count are null over nothing (nothing recorded): null only when null everywhere.
    const ns = (f: (r: BeachLitterRow) => number | null): number | null => nullableSum(rows.map(f));
    const lengthM = ns((r) => r.lengthM);
    const lengthItems = ns((r) => r.lengthItems);
    const areaM2 = ns((r) => r.areaM2);
    const areaItems = ns((r) => r.areaItems);
    const sketches = rows.map((r) => r.per100mSketch).filter((x): x is SketchJson => x !== null);
    const per100mSketch = sketches.length === 0 ? null : mergeSketches(...sketches);
    const categories = mergeCategories(rows.map((r) => r.categories ?? []));
    return {
      ...b,
      surveys: s((r) => r.surveys),
      items: s((r) => r.items),
      // Counted sums: a null part adds 0, so the merged figure is a number; weighedSurveys says whether anything was weighed.
      weightKg: sum(rows.map((r) => r.weightKg ?? 0)),
      weighedSurveys: s((r) => r.weighedSurveys),
      volunteers: ns((r) => r.volunteers),
      lengthM,
      lengthItems,
      areaM2,
      areaItems,
      itemsPer100m: lengthM !== null && lengthM > 0 ? ((lengthItems ?? 0) / lengthM) * 100 : null,
      itemsPerM2: areaM2 !== null && areaM2 > 0 ? (areaItems ?? 0) / areaM2 : null,
      medianItemsPer100m: per100mSketch === null ? null : sketchQuantile(per100mSketch, 0.5),
      per100mSketch,
      categories,
      topCategories: topCategories(categories),
    };
  });
}

/** Merges species rows: counts add, richness is the size of the union of taxon keys, IUCN counts add by category. */
export function mergeSpeciesRows(groupBy: GroupBy<string>, nodes: readonly NodeRows<SpeciesRow>[]): MergedSpeciesRow[] {
  return collect(groupBy, nodes).map((c) => {
    const rows = c.visible.map((v) => v.row);
    const b = base<SpeciesGroupKey>(c);
    if (rows.length === 0) return { ...b, occurrences: null, individuals: null, countedOccurrences: null, richness: null, taxa: null, iucn: null };
    const taxa = [...new Set(rows.flatMap((r) => r.taxa ?? []))].sort(byText);
    const iucn = new Map<string, number>();
    for (const r of rows) for (const i of r.iucn ?? []) iucn.set(JSON.stringify(i.category), (iucn.get(JSON.stringify(i.category)) ?? 0) + i.occurrences);
    return {
      ...b,
      occurrences: sum(rows.map((r) => r.occurrences as number)),
      individuals: sum(rows.map((r) => r.individuals ?? 0)),
      countedOccurrences: sum(rows.map((r) => r.countedOccurrences as number)),
      richness: taxa.length,
      taxa,
      iucn: [...iucn.entries()]
        .sort((x, y) => byText(x[0], y[0]))
        .map(([k, occurrences]) => ({ category: JSON.parse(k) as IucnCategory | null, occurrences })),
    };
  });
}
