// One federated question, end to end at the hub: validate, plan from the
// regional catalogue, fan out, verify, merge exactly, build the manifest,
// audit, return. A node that is down, slow or refuses never fails the query:
// it appears in the manifest, and `complete` stays false so partial sums
// never pass for totals.
import type { DataSource } from 'typeorm';
import { LittoralError, MAX_PURPOSE_CHARS, purposeProblem } from '@littoral/contracts';
import {
  buildManifest,
  mergeBeachLitterRows,
  mergeMicroplasticRows,
  mergeSpeciesRows,
  newCorrelationId,
  parseFederatedQuery,
  type BeachLitterRow,
  type BeachLitterSummaryQuery,
  type FederatedQuery,
  type Manifest,
  type MergedBeachLitterRow,
  type MergedMicroplasticRow,
  type MergedSpeciesRow,
  type MicroplasticRow,
  type MicroplasticSummaryQuery,
  type NodeRows,
  type RequesterClaims,
  type SpeciesRow,
  type SpeciesSummaryQuery,
  type SummaryKind,
  type SummaryQuery,
  type SummaryRow,
} from '@littoral/federation';
import type { NatsLink } from '@littoral/messaging';
import type { HubQueryAuditSink } from './hub-query-audit.js';
import type { NodeFanOut, NodeOutcome } from './node-fan-out.js';
import { planCountries } from './query-planner.js';

/** Who asks: verified claims and the bearer token they came from (forwarded for the nodes to verify). */
export interface FederatedRequester {
  claims: RequesterClaims;
  token: string;
}

export interface FederatedSummary<R> {
  correlationId: string;
  kind: SummaryKind;
  /** True only when every node asked answered OK with nothing suppressed: the figures are totals. */
  complete: boolean;
  rows: R[];
  manifest: Manifest;
}

export type MergedRowOf<K extends SummaryKind> = K extends 'microplasticSummary' ? MergedMicroplasticRow : K extends 'beachLitterSummary' ? MergedBeachLitterRow : MergedSpeciesRow;


export class FederatedQueryService {
  constructor(
    private readonly db: DataSource,
    private readonly link: NatsLink,
    private readonly fanOut: NodeFanOut,
    private readonly audit: HubQueryAuditSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Runs a summary query. INPUT_INVALID lists every problem of the query or purpose. */
  async summary<K extends SummaryKind>(kind: K, input: { filter: unknown; groupBy: unknown }, purpose: string, requester: FederatedRequester): Promise<FederatedSummary<MergedRowOf<K>>> {
    const stated = checkPurpose(purpose);
    const query = parseOrThrow({ kind, filter: input.filter, groupBy: input.groupBy }) as SummaryQuery;
    const startedAt = this.clock();
    const correlationId = newCorrelationId();
    const asked = await planCountries(this.db.manager, query);
    const outcomes = await this.fanOut.ask(this.link.connection(), asked, { query, requester: requester.claims, requesterToken: requester.token, purpose: stated, correlationId });
    const rows = mergeRows(query, outcomes) as MergedRowOf<K>[];
    const manifest = buildManifest(outcomes.map((o) => o.entry));
    // Audit seam: the hub's entry is written before the result is returned.
    await this.audit.record({ correlationId, requester: requester.claims, purpose: stated, query, asked, manifest, startedAt, finishedAt: this.clock(), resultSize: rows.length });
    return { correlationId, kind, complete: manifest.complete, rows, manifest };
  }
}

/** Parses an analyst's query; INPUT_INVALID lists every problem (paths without the `query.` prefix). */
export function parseOrThrow(input: unknown): FederatedQuery {
  const parsed = parseFederatedQuery(input);
  if (!parsed.ok) {
    const problems = parsed.problems.map((p) => ({ path: p.path.replace(/^query\./, ''), message: p.message }));
    throw new LittoralError('INPUT_INVALID', `The query is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, { problems });
  }
  return parsed.value;
}

/** The stated purpose, trimmed; INPUT_INVALID when empty or too long. */
export function checkPurpose(purpose: string): string {
  const stated = purpose.trim();
  const problem = purposeProblem(stated);
  if (problem !== null) {
    throw new LittoralError('INPUT_INVALID', `purpose: state the purpose of use in one line of at most ${MAX_PURPOSE_CHARS} characters; nodes check it against their grants`, {
      problems: [{ path: 'purpose', message: problem }],
    });
  }
  return stated;
}

/** Rows of the nodes whose answer may be merged: OK and PARTIAL (both verified against the query). */
function rowsOf<R extends SummaryRow>(outcomes: readonly NodeOutcome[]): NodeRows<R>[] {
  return outcomes
    .filter((o) => o.answer !== null && (o.answer.status === 'OK' || o.answer.status === 'PARTIAL'))
    .map((o) => ({ country: o.country, rows: (o.answer!.rows ?? []) as R[] }));
}

function mergeRows(query: SummaryQuery, outcomes: readonly NodeOutcome[]): (MergedMicroplasticRow | MergedBeachLitterRow | MergedSpeciesRow)[] {
  switch (query.kind) {
    case 'microplasticSummary':
      return mergeMicroplasticRows((query as MicroplasticSummaryQuery).groupBy, rowsOf<MicroplasticRow>(outcomes));
    case 'beachLitterSummary':
      return mergeBeachLitterRows((query as BeachLitterSummaryQuery).groupBy, rowsOf<BeachLitterRow>(outcomes));
    case 'speciesSummary':
      return mergeSpeciesRows((query as SpeciesSummaryQuery).groupBy, rowsOf<SpeciesRow>(outcomes));
  }
}
