import type { BeachLitterRow, SpeciesRow, SummaryKind, SummaryRow } from '@littoral/federation';

// The summary executors (apps/node/src/federation) report a sum over an empty
// subset as null — e.g. `weightKg` of a group where no survey was weighed,
// `individuals` where no occurrence was counted. The answer contract
// (@littoral/federation parseNodeAnswer) wants every figure of a visible row,
// and each of these sums comes with the count of its subset (weighedSurveys,
// countedOccurrences, lengthM beside lengthItems…), so the exact value to send
// is 0: Σ over nothing. Only microplastic `particles` may stay null (no count
// of "samples with particle counts" travels with it; the contract allows it).

const BEACH_SUMS = ['weightKg', 'volunteers', 'lengthM', 'lengthItems', 'areaM2', 'areaItems'] as const;

/** Rows as the contract expects them; suppressed rows are left untouched (all null). */
export function toContractRows(kind: SummaryKind, rows: readonly SummaryRow[]): SummaryRow[] {
  switch (kind) {
    case 'beachLitterSummary':
      return (rows as BeachLitterRow[]).map((r) => {
        if (r.suppressed) return r;
        const out: BeachLitterRow = { ...r };
        for (const k of BEACH_SUMS) if (out[k] === null) out[k] = 0;
        return out;
      });
    case 'speciesSummary':
      return (rows as SpeciesRow[]).map((r) => (r.suppressed || r.individuals !== null ? r : { ...r, individuals: 0 }));
    default:
      return [...rows];
  }
}
