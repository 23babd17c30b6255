import { parseNodeAnswer } from './answer-validation.js';
import { sketchOf } from './sketch.js';
import type { BeachLitterRow, FederatedQuery, SpeciesRow } from './summary-contracts.js';

// Sums over nothing (docs/federation.md §1): a sum over nothing is null, counts
// are numbers, and a sum agrees with the count that travels with it.

const answer = (kind: string, rows: unknown[]) => ({
  correlationId: 'c0a80101-0000-4000-8000-000000000001', kind, status: 'OK', level: 'AGGREGATE', rows,
  suppressedGroups: 0, freshness: null, datasets: [], queryMs: 3,
});

const beachQuery: FederatedQuery = { kind: 'beachLitterSummary', filter: {}, groupBy: { by: [] } };
const speciesQuery: FederatedQuery = { kind: 'speciesSummary', filter: {}, groupBy: { by: [] } };

const beach: BeachLitterRow = {
  group: {}, suppressed: false, surveys: 2, items: 30, weightKg: 4.5, weighedSurveys: 1, volunteers: 12, lengthM: 100, lengthItems: 30,
  areaM2: 500, areaItems: 30, per100mSketch: sketchOf([30]), categories: [], datasets: ['d'],
};
const nothing: Partial<BeachLitterRow> = { weightKg: null, weighedSurveys: 0, volunteers: null, lengthM: null, lengthItems: null, areaM2: null, areaItems: null, per100mSketch: null };
const species: SpeciesRow = { group: {}, suppressed: false, occurrences: 3, individuals: 7, countedOccurrences: 2, taxa: ['name:A'], iucn: [], datasets: ['d'] };

describe('parseNodeAnswer: sums over nothing', () => {
  it('accepts sums with their counts, and null sums over nothing', () => {
    expect(parseNodeAnswer(beachQuery, answer('beachLitterSummary', [beach])).ok).toBe(true);
    expect(parseNodeAnswer(beachQuery, answer('beachLitterSummary', [{ ...beach, ...nothing }])).ok).toBe(true);
    expect(parseNodeAnswer(speciesQuery, answer('speciesSummary', [species])).ok).toBe(true);
    expect(parseNodeAnswer(speciesQuery, answer('speciesSummary', [{ ...species, individuals: null, countedOccurrences: 0 }])).ok).toBe(true);
  });

  it.each([
    ['beach weightKg 0 with no weighed survey', beachQuery, answer('beachLitterSummary', [{ ...beach, weightKg: 0, weighedSurveys: 0 }]),
      'answer.rows[0].weightKg: got 0 with weighedSurveys = 0; expected null exactly when weighedSurveys is 0 (a sum over nothing is null)'],
    ['beach weightKg null with a weighed survey', beachQuery, answer('beachLitterSummary', [{ ...beach, weightKg: null }]),
      'answer.rows[0].weightKg: got null with weighedSurveys = 1; expected null exactly when weighedSurveys is 0 (a sum over nothing is null)'],
    ['beach lengthItems without lengthM', beachQuery, answer('beachLitterSummary', [{ ...beach, lengthM: null, per100mSketch: null }]),
      'answer.rows[0].lengthItems: got 30 with lengthM = null; expected both null or both set (they sum the same surveys)'],
    ['beach per100mSketch without lengthM', beachQuery, answer('beachLitterSummary', [{ ...beach, lengthM: null, lengthItems: null }]),
      'answer.rows[0].per100mSketch: got an object with lengthM = null; expected both null or both set (they sum the same surveys)'],
    ['beach areaItems without areaM2', beachQuery, answer('beachLitterSummary', [{ ...beach, areaM2: null }]),
      'answer.rows[0].areaItems: got 30 with areaM2 = null; expected both null or both set (they sum the same surveys)'],
    ['a count left null', beachQuery, answer('beachLitterSummary', [{ ...beach, weighedSurveys: null }]),
      'answer.rows[0].weighedSurveys: got null; a visible row must carry it'],
    ['species individuals 0 with nothing counted', speciesQuery, answer('speciesSummary', [{ ...species, individuals: 0, countedOccurrences: 0 }]),
      'answer.rows[0].individuals: got 0 with countedOccurrences = 0; expected null exactly when countedOccurrences is 0 (a sum over nothing is null)'],
  ])('refuses %s', (_, query, body, message) => {
    const parsed = parseNodeAnswer(query, body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => `${p.path}: ${p.message}`)).toContain(message);
  });
});
