// The node's side of a network audit trace, transport-free: verify the hub's
// trace request (signature, typ, audience, expiry, nonce), verify the
// auditor's own token, decide what that auditor may see under
// LITTORAL_TRACE_AUDITORS, read this node's entries of the correlation id,
// record the read (one audit.read entry, before anything leaves) and sign the
// answer with the node's key, with the latest signed checkpoint attached.
import { createHash } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import {
  MAX_TRACE_ENTRIES, MAX_TRACE_REQUEST_BYTES, entriesByCorrelation, latestCheckpoint, signTraceAnswer, summaryEntry, traceViewFor, verifyTraceRequest,
  type ActorClaims, type AuditorReads, type SqlRunner, type TraceAnswer, type TraceAuditorScope, type TraceNonceMemory, type TraceRequest,
} from '@littoral/audit';
import type { TokenVerifier } from '@littoral/auth';
import { refusalCode } from '@littoral/federation';
import type { Logger } from '@littoral/logging';
import type { HubTrust } from '../query-responder/hub-trust.js';
import type { NodeKeys } from '../keys/node-keys.js';
import { checkAuditor } from './auditor-check.js';

/** What to send back: a signed answer, or a refusal code with a safe text (sent as the error header). */
export type TraceOutcome = { kind: 'answer'; jws: string; answer: Omit<TraceAnswer, 'use'> } | { kind: 'refusal'; code: string; message: string };

export interface TraceAnswererDeps {
  db: SqlRunner;
  reads: AuditorReads;
  keys: NodeKeys;
  country: string;
  /** The hub's trusted keys; null = LITTORAL_HUB_JWKS unset: every trace is refused. */
  hub: HubTrust | null;
  /** Verifies the auditor's token (node's issuer, hub's audience); null = no issuer configured. */
  tokens: TokenVerifier | null;
  scope: TraceAuditorScope;
  nonces: TraceNonceMemory;
  logger: Logger;
  clock?: () => Date;
}

/** Answers one trace request. Never throws for anything a message can cause (only an audit or signing failure). */
export class TraceAnswerer {
  private readonly clock: () => Date;

  constructor(private readonly deps: TraceAnswererDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  async answer(jws: string): Promise<TraceOutcome> {
    const receivedAt = this.clock();
    const requestHash = createHash('sha256').update(jws).digest('hex');
    const refuse = async (code: string, message: string): Promise<TraceOutcome> => {
      // The request did not verify: nothing in it is trusted, not even its ids.
      await this.deps.reads.recordRead(null, { operation: 'trace' }, null, { decision: 'denied', reason: code, requestHash });
      this.deps.logger.warn({ code }, 'audit trace request refused');
      return { kind: 'refusal', code, message };
    };
    if (this.deps.hub === null) return refuse('FEDERATION_NOT_CONFIGURED', 'This node does not accept traces: it trusts no hub key (LITTORAL_HUB_JWKS is not set)');
    if (!this.deps.keys.present) return refuse('NODE_CANNOT_SIGN', 'This node cannot sign answers (it has no key file)');
    if (Buffer.byteLength(jws) > MAX_TRACE_REQUEST_BYTES) return refuse('PAYLOAD_TOO_LARGE', `Message refused: larger than ${MAX_TRACE_REQUEST_BYTES} bytes`);

    let request: TraceRequest;
    try {
      request = await verifyTraceRequest(jws, { trusted: await this.deps.hub.trusted(headerKid(jws)), country: this.deps.country, receivedAt, nonces: this.deps.nonces });
    } catch (e) {
      // Library messages name the check, never the payload or a key (NONCE_CACHE_FULL comes from the federation library's cache).
      const code = refusalCode(e);
      return refuse(code, code !== 'INTERNAL' && e instanceof Error ? e.message : 'Message refused');
    }
    const ids = { correlationId: request.correlationId, traceId: request.traceId };
    const read = { operation: 'trace', correlationId: request.correlationId };
    const denied = async (by: ActorClaims, code: string, reason: string): Promise<TraceOutcome> => {
      await this.deps.reads.recordRead(by, read, 0, { correlationId: request.traceId, decision: 'denied', reason: code, requestHash });
      return this.signed({ ...ids, status: 'DENIED', view: null, reason, entries: [], truncated: false, checkpoint: null });
    };

    const checked = await checkAuditor(this.deps.tokens, request.auditor, request.auditorToken, receivedAt);
    if (!checked.ok) return denied(request.auditor, checked.refusal.code, checked.refusal.reason);
    const auditor = checked.auditor;
    const view = traceViewFor(auditor, this.deps.country, this.deps.scope);
    if (view === null) {
      const reason = this.deps.scope === 'none'
        ? 'this node answers no traces through the hub (LITTORAL_TRACE_AUDITORS=none); its own auditors trace on the node'
        : `this node shows its audit entries through the hub only to auditors of ${this.deps.country} (LITTORAL_TRACE_AUDITORS=${this.deps.scope})`;
      return denied(auditor, 'FORBIDDEN', reason);
    }

    const found = await entriesByCorrelation(this.deps.db, request.correlationId, MAX_TRACE_ENTRIES + 1);
    const entries = found.slice(0, MAX_TRACE_ENTRIES);
    const checkpoint = await latestCheckpoint(this.deps.db, this.deps.country);
    // The read is recorded before the answer leaves (fail closed: no entry, no answer).
    await this.deps.reads.recordRead(auditor, read, entries.length, { correlationId: request.traceId, requestHash });
    return this.signed({
      ...ids, status: 'OK', view, entries: view === 'FULL' ? entries : entries.map(summaryEntry), truncated: found.length > MAX_TRACE_ENTRIES, checkpoint: checkpoint?.jws ?? null,
    });
  }

  private async signed(answer: Omit<TraceAnswer, 'use'>): Promise<TraceOutcome> {
    return { kind: 'answer', jws: await signTraceAnswer(answer, this.deps.keys.active(), this.deps.country, this.clock()), answer };
  }
}

function headerKid(jws: string): string | undefined {
  try {
    const kid = decodeProtectedHeader(jws).kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
