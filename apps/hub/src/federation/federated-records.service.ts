// Record pages across the network (occurrences, samples): validate, read the
// analyst's cursor, plan, ask each node not yet done for `first` records after
// its own position, merge in the federated order (by country, then each node's
// order), sign the next cursor, build the manifest, audit, return.
//
// The cursor is opaque to the analyst: a hub-signed JWS bound to the analyst
// (subject) and to the query (kind + filter), holding each node's position.
// Node positions never leave the hub except inside hub-signed envelopes.
import type { DataSource } from 'typeorm';
import { LittoralError } from '@littoral/contracts';
import {
  buildManifest,
  countriesToAsk,
  mergeRecordPages,
  newCorrelationId,
  signCursor,
  verifyCursor,
  FederationError,
  type CursorPositions,
  type Manifest,
  type NodePage,
  type OccurrenceRecord,
  type RecordKind,
  type RecordQuery,
  type SampleRecord,
} from '@littoral/federation';
import type { NatsLink } from '@littoral/messaging';
import type { HubQueryAuditSink } from './hub-query-audit.js';
import type { HubKeys } from './hub-keys.js';
import type { NodeFanOut, NodeOutcome } from './node-fan-out.js';
import { planCountries } from './query-planner.js';
import { checkPurpose, parseOrThrow, type FederatedRequester } from './federated-query.service.js';

export type RecordOf<K extends RecordKind> = K extends 'occurrences' ? OccurrenceRecord : SampleRecord;

export interface FederatedRecordPage<R> {
  correlationId: string;
  kind: RecordKind;
  /** True only when every node asked answered OK: the page misses nothing of theirs. */
  complete: boolean;
  records: R[];
  /** Some node still has records after this page. */
  hasNextPage: boolean;
  /** Cursor for the next page (signed, bound to this analyst and query); null when the hub cannot sign. */
  endCursor: string | null;
  manifest: Manifest;
}

export class FederatedRecordsService {
  constructor(
    private readonly db: DataSource,
    private readonly link: NatsLink,
    private readonly fanOut: NodeFanOut,
    private readonly keys: HubKeys,
    private readonly audit: HubQueryAuditSink,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * One page of records. INPUT_INVALID lists every problem of the query;
   * CURSOR_INVALID when `after` is not a cursor this hub issued to this analyst
   * for this query (tampered, expired, another analyst's, another filter).
   */
  async page<K extends RecordKind>(kind: K, input: { filter: unknown; first?: number; after?: string }, purpose: string, requester: FederatedRequester): Promise<FederatedRecordPage<RecordOf<K>>> {
    const stated = checkPurpose(purpose);
    const query = parseOrThrow({ kind, filter: input.filter, ...(input.first === undefined ? {} : { first: input.first }) }) as RecordQuery;
    const startedAt = this.clock();
    const previous = input.after === undefined ? {} : await this.readCursor(input.after, requester.claims.subject, query, startedAt);
    const correlationId = newCorrelationId();
    const planned = await planCountries(this.db.manager, query);
    const asked = countriesToAsk(planned, previous);
    const queries = Object.fromEntries(asked.map((cc) => {
      const position = previous[cc];
      return [cc, { ...query, ...(typeof position === 'string' ? { after: position } : {}) } as RecordQuery];
    }));
    const outcomes = await this.fanOut.ask(this.link.connection(), asked, { query, queries, requester: requester.claims, requesterToken: requester.token, purpose: stated, correlationId });
    // Positions of the nodes of this query only (a node no longer planned is dropped).
    const from: CursorPositions = Object.fromEntries(Object.entries(previous).filter(([cc]) => planned.includes(cc)));
    const merged = mergeRecordPages(query.first, from, pagesOf(outcomes));
    const manifest = buildManifest(outcomes.map((o) => o.entry));
    const endCursor = this.keys.present ? await signCursor({ subject: requester.claims.subject, query, positions: merged.positions }, this.keys.active(), this.clock()) : null;
    // Audit seam: the hub's entry is written before the page is returned.
    await this.audit.record({ correlationId, requester: requester.claims, purpose: stated, query, asked, manifest, startedAt, finishedAt: this.clock(), resultSize: merged.records.length });
    return { correlationId, kind, complete: manifest.complete, records: merged.records as RecordOf<K>[], hasNextPage: merged.hasNextPage, endCursor, manifest };
  }

  private async readCursor(cursor: string, subject: string, query: RecordQuery, now: Date): Promise<CursorPositions> {
    if (!this.keys.present) {
      throw new LittoralError('FEDERATION_NOT_CONFIGURED', 'The hub has no signing key (LITTORAL_HUB_KEY_FILE), so it cannot read or issue paging cursors');
    }
    try {
      return await verifyCursor(cursor, { trusted: this.keys.trusted(), subject, query, receivedAt: now });
    } catch (e) {
      if (e instanceof FederationError) throw new LittoralError('CURSOR_INVALID', e.message);
      throw e;
    }
  }
}

/**
 * Pages of the nodes that answered: OK and PARTIAL with their records; a
 * DENIED node has nothing for this query (done: not asked again). A node that
 * timed out, was unreachable or failed keeps its position and is asked again.
 */
function pagesOf(outcomes: readonly NodeOutcome[]): NodePage<OccurrenceRecord | SampleRecord>[] {
  return outcomes.flatMap((o): NodePage<OccurrenceRecord | SampleRecord>[] => {
    const a = o.answer;
    if (a === null || a.status === 'ERROR') return [];
    if (a.status === 'DENIED') return [{ country: o.country, records: [], exhausted: true }];
    return [{ country: o.country, records: (a.records ?? []) as NodePage<OccurrenceRecord | SampleRecord>['records'], exhausted: a.exhausted === true }];
  });
}
