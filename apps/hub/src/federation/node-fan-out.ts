// Asking the nodes: one signed envelope per node, sent concurrently over core
// NATS request/reply with a per-node deadline. nats.js gives every request its
// own reply subject (`_INBOX.<connection>.<token>`) and forgets the token when
// the deadline passes, so a late answer matches no request and is dropped by
// the client — it can never be read by another query. The correlation id is
// checked on every answer as well.
import { RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import {
  MAX_ENVELOPE_LIFETIME_S,
  entryFromAnswer,
  failedNodeEntry,
  refusalCode,
  signQueryEnvelope,
  verifyQueryAnswer,
  type FederatedQuery,
  type ManifestEntry,
  type NodeAnswerBody,
  type RequesterClaims,
} from '@littoral/federation';
import { QUERY_ERROR_HEADER, querySubject } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import type { TrustStore } from '../catalogue/trust-store.js';
import type { HubKeys } from './hub-keys.js';

/** One node's outcome: its manifest line, and its verified answer when there is one. */
export interface NodeOutcome {
  country: string;
  entry: ManifestEntry;
  answer: NodeAnswerBody | null;
}

export interface FanOutRequest {
  query: FederatedQuery;
  /** Per-country queries where they differ from `query` (record pages: each node's own `after`). */
  queries?: Readonly<Record<string, FederatedQuery>>;
  requester: RequesterClaims;
  requesterToken: string;
  purpose: string;
  correlationId: string;
}

const SAFE_NODE_TEXT = 200;

export class NodeFanOut {
  constructor(
    private readonly db: DataSource,
    private readonly keys: HubKeys,
    private readonly trust: TrustStore,
    private readonly opts: { prefix: string; timeoutMs: number },
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Asks every country at once; resolves when each has answered, refused, or passed its deadline. */
  ask(nc: NatsConnection | undefined, countries: readonly string[], request: FanOutRequest): Promise<NodeOutcome[]> {
    return Promise.all(countries.map((c) => this.askOne(nc, c, request)));
  }

  /** Envelope lifetime: the deadline plus a margin for clock skew, within the library's limit. */
  private get lifetimeSeconds(): number {
    return Math.min(MAX_ENVELOPE_LIFETIME_S, Math.ceil(this.opts.timeoutMs / 1000) + 5);
  }

  private async askOne(nc: NatsConnection | undefined, country: string, r: FanOutRequest): Promise<NodeOutcome> {
    const failed = (status: 'TIMEOUT' | 'UNREACHABLE' | 'ERROR', o: { latencyMs?: number | null; reason?: string } = {}): NodeOutcome => ({ country, entry: failedNodeEntry(country, status, o), answer: null });
    if (!this.keys.present) return failed('ERROR', { reason: 'the hub has no signing key (LITTORAL_HUB_KEY_FILE), so it asked no node' });
    if (!nc) return failed('UNREACHABLE', { reason: 'the hub is not connected to NATS' });
    const query = r.queries?.[country] ?? r.query;
    const envelope = await signQueryEnvelope(
      { audience: country, requester: r.requester, purpose: r.purpose, query, correlationId: r.correlationId, requesterToken: r.requesterToken, lifetimeSeconds: this.lifetimeSeconds },
      this.keys.active(),
      this.clock(),
    );
    const started = performance.now();
    let reply;
    try {
      reply = await nc.request(querySubject(this.opts.prefix, country), envelope, { timeout: this.opts.timeoutMs });
    } catch (e) {
      if (e instanceof TimeoutError) return failed('TIMEOUT');
      if (e instanceof RequestError && e.isNoResponders()) return failed('UNREACHABLE', { latencyMs: Math.round(performance.now() - started) });
      this.logger.warn({ country, err: { name: (e as Error).name, message: (e as Error).message } }, 'federated request failed');
      return failed('UNREACHABLE', { latencyMs: Math.round(performance.now() - started), reason: 'the request could not be sent (NATS connection problem)' });
    }
    const latencyMs = Math.round(performance.now() - started);
    const refused = reply.headers?.get(QUERY_ERROR_HEADER);
    if (refused) {
      // The node's text is written to be safe; keep it short anyway.
      const text = reply.string().slice(0, SAFE_NODE_TEXT);
      return failed('ERROR', { latencyMs, reason: `${refused}: ${text}` });
    }
    try {
      const member = await this.trust.member(this.db.manager, country);
      if (!member || member.status !== 'active') return failed('ERROR', { latencyMs, reason: 'MEMBER_REVOKED: the member is no longer active; its answer is not used' });
      const answer = await verifyQueryAnswer(reply.string(), { country, trusted: member.keys, correlationId: r.correlationId, query, receivedAt: this.clock() });
      return { country, entry: entryFromAnswer(country, answer, latencyMs), answer };
    } catch (e) {
      const code = refusalCode(e);
      const problems = ((e as { problems?: { path: string; message: string }[] }).problems ?? []).slice(0, 5);
      this.logger.warn({ country, code, correlationId: r.correlationId, problems }, 'node answer refused');
      return failed('ERROR', { latencyMs, reason: `${code}: the node's answer did not verify and was not used` });
    }
  }
}
