// Asking the nodes for their entries of one correlation id: one hub-signed
// trace request per node, all at once over core NATS request/reply with a
// per-node deadline (as federated queries are asked). A node that does not
// answer, refuses, or whose answer does not verify is reported with its
// status; it never fails the trace.
import { randomBytes } from 'node:crypto';
import { RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import type { DataSource } from 'typeorm';
import { MAX_TRACE_LIFETIME_S, signTraceRequest, verifyTraceAnswer, type AuditEntry, type TraceAuditor, type TraceSummaryEntry, type TraceView } from '@littoral/audit';
import { isLittoralError } from '@littoral/contracts';
import type { StoredKey } from '@littoral/crypto';
import type { Logger } from '@littoral/logging';
import { QUERY_ERROR_HEADER, auditTraceSubject } from '@littoral/messaging';
import type { TrustStore } from '../catalogue/trust-store.js';

export type NodeTraceStatus = 'OK' | 'DENIED' | 'ERROR' | 'TIMEOUT' | 'UNREACHABLE';

/** One node's part of a trace, verified. */
export interface NodeTrace {
  country: string;
  status: NodeTraceStatus;
  /** Safe text: the node's reason for DENIED, or what went wrong. */
  reason: string | null;
  latencyMs: number | null;
  view: TraceView | null;
  entries: (AuditEntry | TraceSummaryEntry)[];
  truncated: boolean;
  /** The node's latest signed checkpoint, verified against its keys; `covers`: it is at or past every entry shown. */
  checkpoint: { seq: number; head: string; time: string; kid: string; covers: boolean } | null;
}

export interface TraceAsk {
  correlationId: string;
  traceId: string;
  auditor: TraceAuditor;
  auditorToken: string;
}

const SAFE_NODE_TEXT = 200;

export class TraceFanOut {
  constructor(
    private readonly db: DataSource,
    private readonly hubKey: () => StoredKey | null,
    private readonly trust: TrustStore,
    private readonly opts: { prefix: string; timeoutMs: number },
    private readonly logger: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  ask(nc: NatsConnection | undefined, countries: readonly string[], r: TraceAsk): Promise<NodeTrace[]> {
    return Promise.all(countries.map((c) => this.askOne(nc, c, r)));
  }

  private async askOne(nc: NatsConnection | undefined, country: string, r: TraceAsk): Promise<NodeTrace> {
    const failed = (status: NodeTraceStatus, reason: string | null, latencyMs: number | null = null): NodeTrace => ({ country, status, reason, latencyMs, view: null, entries: [], truncated: false, checkpoint: null });
    const member = await this.trust.member(this.db.manager, country);
    if (!member) return failed('ERROR', 'MEMBER_UNKNOWN: not a registered member of this hub; not asked');
    if (member.status !== 'active') return failed('ERROR', 'MEMBER_REVOKED: the member is revoked; not asked');
    const key = this.hubKey();
    if (!key) return failed('ERROR', 'FEDERATION_NOT_CONFIGURED: the hub has no signing key (LITTORAL_HUB_KEY_FILE), so it asked no node');
    if (!nc) return failed('UNREACHABLE', 'the hub is not connected to NATS');
    const lifetimeSeconds = Math.min(MAX_TRACE_LIFETIME_S, Math.ceil(this.opts.timeoutMs / 1000) + 5);
    const request = await signTraceRequest({ audience: country, ...r, nonce: randomBytes(16).toString('base64url'), lifetimeSeconds }, key, this.clock());
    const started = performance.now();
    let reply;
    try {
      reply = await nc.request(auditTraceSubject(this.opts.prefix, country), request, { timeout: this.opts.timeoutMs });
    } catch (e) {
      if (e instanceof TimeoutError) return failed('TIMEOUT', null);
      const latency = Math.round(performance.now() - started);
      if (e instanceof RequestError && e.isNoResponders()) return failed('UNREACHABLE', 'no responder on the node\'s trace subject (node down)', latency);
      this.logger.warn({ country, err: { name: (e as Error).name, message: (e as Error).message } }, 'audit trace request failed');
      return failed('UNREACHABLE', 'the request could not be sent (NATS connection problem)', latency);
    }
    const latencyMs = Math.round(performance.now() - started);
    const refused = reply.headers?.get(QUERY_ERROR_HEADER);
    if (refused) return failed('ERROR', `${refused}: ${reply.string().slice(0, SAFE_NODE_TEXT)}`, latencyMs);
    try {
      const a = await verifyTraceAnswer(reply.string(), { country, trusted: member.keys, correlationId: r.correlationId, traceId: r.traceId, receivedAt: this.clock() });
      const lastSeq = a.entries.length > 0 ? a.entries[a.entries.length - 1].seq : 0;
      return {
        country, status: a.status, reason: a.reason ?? null, latencyMs, view: a.view, entries: a.entries, truncated: a.truncated,
        checkpoint: a.checkpoint && { seq: a.checkpoint.seq, head: a.checkpoint.head, time: a.checkpoint.time, kid: a.checkpoint.kid, covers: a.checkpoint.seq >= lastSeq },
      };
    } catch (e) {
      const code = isLittoralError(e) ? e.code : 'INTERNAL';
      this.logger.warn({ country, code, traceId: r.traceId }, 'audit trace answer refused');
      return failed('ERROR', `${code}: ${isLittoralError(e) ? e.message.slice(0, SAFE_NODE_TEXT) : 'the node\'s answer did not verify and was not used'}`, latencyMs);
    }
  }
}
