import fc from 'fast-check';
import type { Matrix } from '@littoral/contracts';
import { mergeBeachLitterRows, mergeMicroplasticRows, mergeSpeciesRows, topCategories, toCanonicalBlock } from './merge.js';
import { SKETCH_ALPHA, sketchOf, sketchQuantile } from './sketch.js';
import type { BeachLitterRow, GroupBy, MicroplasticDimension, MicroplasticRow, SpeciesRow } from './summary-contracts.js';

// ---------------------------------------------------------------------------
// A reference "node": aggregates raw facts the way the node SQL is specified to.
// ---------------------------------------------------------------------------

interface RawSample {
  country: string;
  dataset: string;
  year: number;
  matrix: Matrix;
  particles: number;
  /** pieces/m3; dyadic rationals so sums are exact in any order. */
  value: number;
}

const keyOf = (s: RawSample, by: readonly MicroplasticDimension[]): Record<string, unknown> => {
  const g: Record<string, unknown> = {};
  for (const d of by) {
    if (d === 'COUNTRY') g.country = s.country;
    if (d === 'YEAR') g.year = s.year;
    if (d === 'MATRIX') g.matrix = s.matrix;
  }
  return g;
};

function aggregateSamples(samples: readonly RawSample[], by: readonly MicroplasticDimension[]): MicroplasticRow[] {
  const groups = new Map<string, RawSample[]>();
  for (const s of samples) {
    const k = JSON.stringify(keyOf(s, by));
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups.values()].map((ss) => {
    const byMatrix = new Map<Matrix, RawSample[]>();
    for (const s of ss) byMatrix.set(s.matrix, [...(byMatrix.get(s.matrix) ?? []), s]);
    return {
      group: keyOf(ss[0], by),
      suppressed: false,
      samples: ss.length,
      particles: ss.reduce((a, s) => a + s.particles, 0),
      concentrations: [...byMatrix.entries()].map(([matrix, ms]) => ({
        matrix,
        sizeClass: null,
        family: 'VOLUME' as const,
        unit: 'pieces/m3',
        n: ms.length,
        sum: ms.reduce((a, s) => a + s.value, 0),
        min: Math.min(...ms.map((s) => s.value)),
        max: Math.max(...ms.map((s) => s.value)),
        sketch: sketchOf(ms.map((s) => s.value)),
      })),
      datasets: [...new Set(ss.map((s) => s.dataset))].sort(),
    };
  });
}

const COUNTRIES = ['JP', 'TH', 'VN'];
const rawSample = (country: string): fc.Arbitrary<RawSample> =>
  fc.record({
    country: fc.constant(country),
    dataset: fc.constantFrom(`${country.toLowerCase()}-rivers`, `${country.toLowerCase()}-coast`),
    year: fc.integer({ min: 2019, max: 2024 }),
    matrix: fc.constantFrom<Matrix>('SW_SURF', 'RW_SURF'),
    particles: fc.integer({ min: 0, max: 5000 }),
    value: fc.integer({ min: 0, max: 1 << 20 }).map((i) => i / 16),
  });
const nodesArb = fc.tuple(...COUNTRIES.map((c) => fc.array(rawSample(c), { maxLength: 30 })));
const byArb = fc.subarray<MicroplasticDimension>(['COUNTRY', 'YEAR', 'MATRIX']);

describe('mergeMicroplasticRows', () => {
  it('property: merging node answers equals computing over the union (no suppression)', () => {
    fc.assert(
      fc.property(nodesArb, byArb, (perNode, by) => {
        const groupBy: GroupBy<MicroplasticDimension> = { by };
        const merged = mergeMicroplasticRows(groupBy, perNode.map((samples, i) => ({ country: COUNTRIES[i], rows: aggregateSamples(samples, by) })));
        const direct = aggregateSamples(perNode.flat(), by);
        expect(merged).toHaveLength(direct.length);
        for (const d of direct) {
          const m = merged.find((r) => JSON.stringify(r.group) === JSON.stringify(d.group));
          expect(m).toBeDefined();
          expect(m!.suppressed || m!.partial).toBe(false);
          expect(m!.samples).toBe(d.samples);
          expect(m!.particles).toBe(d.particles);
          for (const dc of d.concentrations!) {
            const mc = m!.concentrations!.find((c) => c.matrix === dc.matrix)!;
            expect(mc.n).toBe(dc.n);
            expect(mc.sum).toBe(dc.sum);
            expect(mc.mean).toBe(dc.sum / dc.n); // weighted by counts, exactly
            expect([mc.min, mc.max]).toEqual([dc.min, dc.max]);
            expect(mc.sketch).toEqual(dc.sketch); // merged sketch = sketch of the union
            const values = perNode.flat().filter((s) => s.matrix === dc.matrix && JSON.stringify(keyOf(s, by)) === JSON.stringify(d.group)).map((s) => s.value).sort((a, b) => a - b);
            const lowerMedian = values[Math.floor(0.5 * (values.length - 1))];
            expect(Math.abs(mc.median! - lowerMedian)).toBeLessThanOrEqual(SKETCH_ALPHA * lowerMedian * (1 + 1e-9));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('is a weighted mean, never a mean of means (Thailand 3 samples, Japan 1)', () => {
    const block = (n: number, s: number, values: number[]) => ({
      matrix: 'RW_SURF' as const, sizeClass: null, family: 'VOLUME' as const, unit: 'pieces/m3', n, sum: s, min: Math.min(...values), max: Math.max(...values), sketch: sketchOf(values),
    });
    const row = (samples: number, b: ReturnType<typeof block>, ds: string): MicroplasticRow => ({
      group: { matrix: 'RW_SURF' }, suppressed: false, samples, particles: samples * 10, concentrations: [b], datasets: [ds],
    });
    const [merged] = mergeMicroplasticRows({ by: ['MATRIX'] }, [
      { country: 'TH', rows: [row(3, block(3, 3, [0.5, 1, 1.5]), 'th-pcd-rivers')] },
      { country: 'JP', rows: [row(1, block(1, 9, [9]), 'jp-moe-rivers')] },
    ]);
    expect(merged.concentrations![0].mean).toBe(3); // (3 + 9) / 4, not (1 + 9) / 2
    expect(merged.concentrations![0]).toMatchObject({ n: 4, min: 0.5, max: 9 });
    expect(merged.sources).toEqual([{ country: 'JP', datasets: ['jp-moe-rivers'] }, { country: 'TH', datasets: ['th-pcd-rivers'] }]);
  });

  it('keeps "no particle counts recorded" (null) apart from zero: null only when no visible contributor counted particles', () => {
    const row = (particles: number | null, ds: string): MicroplasticRow => ({ group: { matrix: 'SW_SURF' }, suppressed: false, samples: 2, particles, concentrations: [], datasets: [ds] });
    const [none] = mergeMicroplasticRows({ by: ['MATRIX'] }, [{ country: 'JP', rows: [row(null, 'jp')] }, { country: 'TH', rows: [row(null, 'th')] }]);
    expect(none).toMatchObject({ samples: 4, particles: null });
    const [some] = mergeMicroplasticRows({ by: ['MATRIX'] }, [{ country: 'JP', rows: [row(null, 'jp')] }, { country: 'TH', rows: [row(7, 'th')] }]);
    expect(some).toMatchObject({ samples: 4, particles: 7 });
  });

  it('harmonises units of the same family before merging (pieces/L → pieces/m3)', () => {
    const inLitres = { matrix: 'SW_SURF' as const, sizeClass: null, family: 'VOLUME' as const, unit: 'pieces/L', n: 2, sum: 0.5, min: 0.1, max: 0.4, sketch: sketchOf([0.1, 0.4]) };
    expect(toCanonicalBlock(inLitres)).toMatchObject({ unit: 'pieces/m3', sum: 500, min: 100, max: 400 });
    const [m] = mergeMicroplasticRows({ by: [] }, [
      { country: 'VN', rows: [{ group: {}, suppressed: false, samples: 2, particles: 40, concentrations: [inLitres], datasets: ['vn-imer'] }] },
      {
        country: 'KR',
        rows: [{ group: {}, suppressed: false, samples: 1, particles: 7, datasets: ['kr-kiost'],
          concentrations: [{ ...inLitres, unit: 'pieces/m3', n: 1, sum: 250, min: 250, max: 250, sketch: sketchOf([250]) }] }],
      },
    ]);
    expect(m.concentrations).toHaveLength(1);
    expect(m.concentrations![0]).toMatchObject({ unit: 'pieces/m3', n: 3, sum: 750, mean: 250, min: 100, max: 400 });
    expect(Math.abs(m.concentrations![0].median! - 250) / 250).toBeLessThanOrEqual((1 + SKETCH_ALPHA) ** 2 - 1);
  });

  it('refuses a block whose unit is of another family', () => {
    expect(() => toCanonicalBlock({ matrix: 'SW_SURF', sizeClass: null, family: 'VOLUME', unit: 'pieces/km2', n: 1, sum: 1, min: 1, max: 1, sketch: sketchOf([1]) })).toThrow(
      expect.objectContaining({ code: 'UNIT_CONVERSION_INVALID' }),
    );
  });

  it('keeps families apart: pieces/m3 and pieces/km2 of one matrix are two blocks', () => {
    const b = (family: 'VOLUME' | 'AREA_SEA', unit: string, v: number) => ({ matrix: 'SW_SURF' as const, sizeClass: null, family, unit, n: 1, sum: v, min: v, max: v, sketch: sketchOf([v]) });
    const [m] = mergeMicroplasticRows({ by: [] }, [
      { country: 'CN', rows: [{ group: {}, suppressed: false, samples: 2, particles: 9, concentrations: [b('VOLUME', 'pieces/m3', 2), b('AREA_SEA', 'pieces/km2', 1e5)], datasets: ['cn-a'] }] },
    ]);
    expect(m.concentrations!.map((c) => [c.family, c.unit, c.mean])).toEqual([['AREA_SEA', 'pieces/km2', 1e5], ['VOLUME', 'pieces/m3', 2]]);
  });

  it('marks a group suppressed by one node partial, and one suppressed everywhere suppressed', () => {
    const visible = (samples: number): MicroplasticRow => ({ group: { country: null as never, year: 2022 }, suppressed: false, samples, particles: samples, concentrations: [], datasets: ['x'] });
    const hidden: MicroplasticRow = { group: { year: 2022 }, suppressed: true, samples: null, particles: null, concentrations: null, datasets: [] };
    const hidden23: MicroplasticRow = { ...hidden, group: { year: 2023 } };
    const rows = mergeMicroplasticRows({ by: ['YEAR'] }, [
      { country: 'TH', rows: [visible(12)] },
      { country: 'MY', rows: [hidden, hidden23] },
      { country: 'PH', rows: [hidden23] },
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ group: { year: 2022 }, suppressed: false, partial: true, suppressedIn: ['MY'], samples: 12, sources: [{ country: 'TH', datasets: ['x'] }] }),
      expect.objectContaining({ group: { year: 2023 }, suppressed: true, partial: false, suppressedIn: ['MY', 'PH'], samples: null, concentrations: null, sources: [] }),
    ]);
  });

  it('does not depend on the order in which answers arrived', () => {
    fc.assert(
      fc.property(nodesArb, byArb, (perNode, by) => {
        const nodes = perNode.map((s, i) => ({ country: COUNTRIES[i], rows: aggregateSamples(s, by) }));
        expect(mergeMicroplasticRows({ by }, [...nodes].reverse())).toEqual(mergeMicroplasticRows({ by }, nodes));
      }),
      { numRuns: 50 },
    );
  });

  it('refuses two rows with the same group from one node', () => {
    const r: MicroplasticRow = { group: { year: 2020 }, suppressed: false, samples: 1, particles: 1, concentrations: [], datasets: [] };
    expect(() => mergeMicroplasticRows({ by: ['YEAR'] }, [{ country: 'TH', rows: [r, r] }])).toThrow(/two rows for group \[2020\]/);
  });
});

// ---------------------------------------------------------------------------
// Beach litter
// ---------------------------------------------------------------------------

interface RawSurvey {
  year: number;
  monitoring: boolean;
  lengthM: number | null;
  areaM2: number | null;
  weightKg: number | null;
  volunteers: number | null;
  counts: [string, number][];
}

const surveyArb = fc.record({
  year: fc.integer({ min: 2021, max: 2023 }),
  monitoring: fc.boolean(),
  lengthM: fc.option(fc.integer({ min: 10, max: 2500 }), { nil: null }),
  areaM2: fc.option(fc.integer({ min: 100, max: 50000 }), { nil: null }),
  weightKg: fc.option(fc.integer({ min: 0, max: 4000 }).map((x) => x / 8), { nil: null }),
  volunteers: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
  counts: fc.uniqueArray(fc.tuple(fc.constantFrom('JLIST:J8', 'JLIST:J1', 'UNEP_IOC:PL02', 'ICC:CIG'), fc.integer({ min: 0, max: 900 })), { selector: (t) => t[0], maxLength: 4 }),
});

/** Σ as SQL's sum: null over nothing, as nodes answer (docs/federation.md §1). */
const sqlSum = (xs: readonly (number | null)[]): number | null => {
  const real = xs.filter((x): x is number => x !== null);
  return real.length === 0 ? null : real.reduce((a, b) => a + b, 0);
};

function aggregateSurveys(surveys: readonly RawSurvey[], byYear: boolean): BeachLitterRow[] {
  const groups = new Map<string, RawSurvey[]>();
  for (const s of surveys) {
    const k = byYear ? String(s.year) : '';
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  return [...groups.values()].map((ss) => {
    const items = (s: RawSurvey): number => s.counts.reduce((a, [, n]) => a + n, 0);
    const withLength = ss.filter((s) => s.monitoring && s.lengthM !== null);
    const withArea = ss.filter((s) => s.monitoring && s.areaM2 !== null);
    const cats = new Map<string, number>();
    for (const s of ss) for (const [c, n] of s.counts) cats.set(c, (cats.get(c) ?? 0) + n);
    return {
      group: byYear ? { year: ss[0].year } : {},
      suppressed: false,
      surveys: ss.length,
      items: ss.reduce((a, s) => a + items(s), 0),
      weightKg: sqlSum(ss.map((s) => s.weightKg)),
      weighedSurveys: ss.filter((s) => s.weightKg !== null).length,
      volunteers: sqlSum(ss.map((s) => s.volunteers)),
      lengthM: sqlSum(withLength.map((s) => s.lengthM)),
      lengthItems: sqlSum(withLength.map(items)),
      areaM2: sqlSum(withArea.map((s) => s.areaM2)),
      areaItems: sqlSum(withArea.map(items)),
      per100mSketch: withLength.length === 0 ? null : sketchOf(withLength.map((s) => (items(s) / s.lengthM!) * 100)),
      categories: [...cats.entries()].map(([category, n]) => ({ category, items: n, weightKg: null })),
      datasets: ['coastal-cleanup'],
    };
  });
}

describe('mergeBeachLitterRows', () => {
  it('property: densities are ratios of merged sums and equal the union computation', () => {
    fc.assert(
      fc.property(fc.array(fc.array(surveyArb, { maxLength: 15 }), { minLength: 1, maxLength: 4 }), fc.boolean(), (perNode, byYear) => {
        const groupBy = { by: byYear ? ['YEAR' as const] : [] };
        const merged = mergeBeachLitterRows(groupBy, perNode.map((s, i) => ({ country: COUNTRIES.concat('PH')[i], rows: aggregateSurveys(s, byYear) })));
        const direct = aggregateSurveys(perNode.flat(), byYear);
        expect(merged).toHaveLength(direct.length);
        for (const d of direct) {
          const m = merged.find((r) => r.group.year === d.group.year)!;
          for (const f of ['surveys', 'items', 'weighedSurveys', 'volunteers', 'lengthM', 'lengthItems', 'areaM2', 'areaItems'] as const) expect(m[f]).toBe(d[f]);
          // A counted sum merges to a number: 0 when nothing was weighed anywhere (weighedSurveys = 0).
          expect(m.weightKg).toBe(d.weightKg ?? 0);
          expect(m.itemsPer100m).toBe(d.lengthM !== null && d.lengthM > 0 ? (d.lengthItems! / d.lengthM) * 100 : null);
          expect(m.itemsPerM2).toBe(d.areaM2 !== null && d.areaM2 > 0 ? d.areaItems! / d.areaM2 : null);
          expect(m.per100mSketch).toEqual(d.per100mSketch);
          expect(m.medianItemsPer100m).toBe(d.per100mSketch === null ? null : sketchQuantile(d.per100mSketch, 0.5));
          const cats = Object.fromEntries(d.categories!.map((c) => [c.category, c.items]));
          expect(Object.fromEntries(m.categories!.map((c) => [c.category, c.items]))).toEqual(cats);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('ranks top categories by items, ties by code, and adds category weights null-aware', () => {
    expect(topCategories([{ category: 'JLIST:J8', items: 5, weightKg: null }, { category: 'JLIST:J1', items: 5, weightKg: 1 }, { category: 'ICC:CIG', items: 9, weightKg: null }], 2)).toEqual([
      { category: 'ICC:CIG', items: 9, weightKg: null },
      { category: 'JLIST:J1', items: 5, weightKg: 1 },
    ]);
    const row = (weightKg: number | null): BeachLitterRow => ({
      group: {}, suppressed: false, surveys: 1, items: 3, weightKg: 0, weighedSurveys: 0, volunteers: 0, lengthM: 100, lengthItems: 3, areaM2: 0, areaItems: 0,
      per100mSketch: sketchOf([3]), categories: [{ category: 'JLIST:J8', items: 3, weightKg }], datasets: [],
    });
    const [m] = mergeBeachLitterRows({ by: [] }, [{ country: 'ID', rows: [row(null)] }, { country: 'MY', rows: [row(0.25)] }]);
    expect(m.categories).toEqual([{ category: 'JLIST:J8', items: 6, weightKg: 0.25 }]);
    expect(m.itemsPer100m).toBe(3);
    expect(m.itemsPerM2).toBeNull();
  });
});

// ---------------------------------------------------------------------------
// Species
// ---------------------------------------------------------------------------

describe('mergeSpeciesRows', () => {
  const taxon = fc.constantFrom('urn:lsid:marinespecies.org:taxname:137205', 'urn:lsid:marinespecies.org:taxname:137209', 'name:Chelonia mydas', 'name:Dugong dugon', 'name:Tursiops aduncus');
  const occ = fc.record({ taxon, year: fc.integer({ min: 2020, max: 2021 }), individuals: fc.option(fc.integer({ min: 1, max: 40 }), { nil: null }), iucn: fc.constantFrom('EN', 'VU', 'LC', null) });
  type Occ = { taxon: string; year: number; individuals: number | null; iucn: 'EN' | 'VU' | 'LC' | null };
  const aggregate = (os: readonly Occ[]): SpeciesRow[] => {
    const years = [...new Set(os.map((o) => o.year))];
    return years.map((year) => {
      const g = os.filter((o) => o.year === year);
      const iucn = new Map<string | null, number>();
      for (const o of g) iucn.set(o.iucn, (iucn.get(o.iucn) ?? 0) + 1);
      return {
        group: { year }, suppressed: false, occurrences: g.length,
        individuals: sqlSum(g.map((o) => o.individuals)), countedOccurrences: g.filter((o) => o.individuals !== null).length,
        taxa: [...new Set(g.map((o) => o.taxon))].sort(), iucn: [...iucn.entries()].map(([category, occurrences]) => ({ category: category as 'EN' | null, occurrences })), datasets: ['obis-sea'],
      };
    });
  };

  it('property: richness is the size of the union of taxa (not the sum), other counts add', () => {
    fc.assert(
      fc.property(fc.array(fc.array(occ, { maxLength: 25 }), { minLength: 1, maxLength: 3 }), (perNode) => {
        const merged = mergeSpeciesRows({ by: ['YEAR'] }, perNode.map((os, i) => ({ country: COUNTRIES[i], rows: aggregate(os) })));
        const direct = aggregate(perNode.flat());
        expect(merged).toHaveLength(direct.length);
        for (const d of direct) {
          const m = merged.find((r) => r.group.year === d.group.year)!;
          expect(m.richness).toBe(d.taxa!.length);
          expect(m.taxa).toEqual(d.taxa);
          expect([m.occurrences, m.individuals, m.countedOccurrences]).toEqual([d.occurrences, d.individuals ?? 0, d.countedOccurrences]);
          const asMap = (xs: { category: string | null; occurrences: number }[]) => Object.fromEntries(xs.map((x) => [String(x.category), x.occurrences]));
          expect(asMap(m.iucn!)).toEqual(asMap(d.iucn!));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('counts a species seen in two countries once', () => {
    const row = (taxa: string[]): SpeciesRow => ({ group: {}, suppressed: false, occurrences: 2, individuals: 3, countedOccurrences: 2, taxa, iucn: [{ category: 'EN', occurrences: 2 }], datasets: ['d'] });
    const [m] = mergeSpeciesRows({ by: [] }, [{ country: 'PH', rows: [row(['name:Chelonia mydas', 'name:Dugong dugon'])] }, { country: 'ID', rows: [row(['name:Chelonia mydas'])] }]);
    expect(m).toMatchObject({ richness: 2, occurrences: 4, individuals: 6, iucn: [{ category: 'EN', occurrences: 4 }] });
  });
});
