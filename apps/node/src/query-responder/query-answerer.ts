// The node's side of a federated query, transport-free: verify the hub's
// envelope (signature, typ, audience, expiry, nonce), verify the analyst's own
// token, decide per dataset with the node's grants (@littoral/policy decide),
// compute the rows in SQL (apps/node/src/federation executors), sign the answer
// with the node's key. Refusals that happen before the envelope is trusted are
// returned as codes (the NATS adapter sends them as an error header); every
// other outcome is a signed answer.
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { decodeProtectedHeader } from 'jose';
import type { TokenVerifier } from '@littoral/auth';
import { isLittoralError } from '@littoral/contracts';
import {
  NonceCache,
  isRecordKind,
  refusalCode,
  signQueryAnswer,
  verifyQueryEnvelope,
  type FederatedQuery,
  type NodeAnswerBody,
  type OccurrenceRecord,
  type QueryEnvelope,
  type SampleRecord,
  type SummaryRow,
} from '@littoral/federation';
import { decide, type AccessRequest, type Decision, type Requester as PolicyRequester } from '@littoral/policy';
import type { Logger } from '@littoral/logging';
import type { GrantsService } from '../grants/index.js';
import type { NodeKeys } from '../keys/node-keys.js';
import { MicroplasticSummaryExecutor } from '../federation/microplastic-summary.executor.js';
import { BeachLitterSummaryExecutor } from '../federation/beach-litter-summary.executor.js';
import { SpeciesSummaryExecutor } from '../federation/species-summary.executor.js';
import { OccurrenceRecordsExecutor } from '../federation/occurrence-records.executor.js';
import { SampleRecordsExecutor } from '../federation/sample-records.executor.js';
import type { DecisionsFor, SummaryResult } from '../federation/summary-core.js';
import type { RecordsResult } from '../federation/records-core.js';
import type { HubTrust } from './hub-trust.js';
import { checkRequester } from './requester-check.js';
import type { QueryAuditRecord, QueryAuditSink } from './query-audit.js';

/** Largest envelope read (the requester token included). */
export const MAX_ENVELOPE_BYTES = 64 * 1024;

/** What to send back: a signed answer, or a refusal code with a safe text. */
export type QueryOutcome =
  | { kind: 'answer'; jws: string; body: NodeAnswerBody }
  | { kind: 'refusal'; code: string; message: string };

export interface QueryAnswererDeps {
  db: DataSource;
  grants: GrantsService;
  keys: NodeKeys;
  country: string;
  /** The hub's trusted keys; null = LITTORAL_HUB_JWKS unset: every query is refused. */
  hub: HubTrust | null;
  /** Verifies the analyst's token (node's issuer, hub's audience); null = no issuer configured. */
  tokens: TokenVerifier | null;
  audit: QueryAuditSink;
  logger: Logger;
  clock?: () => Date;
  nonces?: NonceCache;
}

const refusal = (code: string, message: string): QueryOutcome => ({ kind: 'refusal', code, message });

/** The empty result of a query's kind: no rows for a summary, no records (and nothing after) for a record page. */
const nothingFor = (query: FederatedQuery): Pick<NodeAnswerBody, 'rows'> | Pick<NodeAnswerBody, 'records' | 'exhausted'> =>
  isRecordKind(query.kind) ? { records: [], exhausted: true } : { rows: [] };

/** Answers one envelope. Never throws for anything a message can cause. */
export class QueryAnswerer {
  private readonly clock: () => Date;
  private readonly nonces: NonceCache;
  private readonly microplastics: MicroplasticSummaryExecutor;
  private readonly beachLitter: BeachLitterSummaryExecutor;
  private readonly species: SpeciesSummaryExecutor;
  private readonly occurrences: OccurrenceRecordsExecutor;
  private readonly samples: SampleRecordsExecutor;

  constructor(private readonly deps: QueryAnswererDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.nonces = deps.nonces ?? new NonceCache();
    this.microplastics = new MicroplasticSummaryExecutor(deps.db);
    this.beachLitter = new BeachLitterSummaryExecutor(deps.db);
    this.species = new SpeciesSummaryExecutor(deps.db);
    this.occurrences = new OccurrenceRecordsExecutor(deps.db);
    this.samples = new SampleRecordsExecutor(deps.db);
  }

  async answer(jws: string): Promise<QueryOutcome> {
    const receivedAt = this.clock();
    const base: QueryAuditRecord = {
      correlationId: null, receivedAt, requester: null, purpose: null, kind: null, outcome: 'REFUSED', code: null, level: null, datasets: [], suppressedGroups: 0, hubKid: null,
      resultSize: null, requestHash: createHash('sha256').update(jws).digest('hex'),
    };
    const refuse = async (code: string, message: string): Promise<QueryOutcome> => {
      await this.deps.audit.record({ ...base, code });
      this.deps.logger.warn({ code }, 'federated query refused');
      return refusal(code, message);
    };
    if (this.deps.hub === null) {
      return refuse('FEDERATION_NOT_CONFIGURED', 'This node does not accept federated queries: it trusts no hub key (LITTORAL_HUB_JWKS is not set)');
    }
    if (!this.deps.keys.present) return refuse('NODE_CANNOT_SIGN', 'This node cannot sign answers (it has no key file)');
    if (Buffer.byteLength(jws) > MAX_ENVELOPE_BYTES) return refuse('PAYLOAD_TOO_LARGE', `Message refused: larger than ${MAX_ENVELOPE_BYTES} bytes`);

    let envelope: QueryEnvelope & { kid: string };
    try {
      envelope = await verifyQueryEnvelope(jws, { trusted: await this.deps.hub.trusted(headerKid(jws)), country: this.deps.country, receivedAt, nonces: this.nonces });
    } catch (e) {
      // The library's messages name the check, never the payload or a key.
      return refuse(refusalCode(e), e instanceof Error && refusalCode(e) !== 'INTERNAL' ? e.message : 'Message refused');
    }
    const audit: QueryAuditRecord = {
      ...base, correlationId: envelope.correlationId, requester: envelope.requester, purpose: envelope.purpose, kind: envelope.query.kind, hubKid: envelope.kid,
    };

    const checked = await checkRequester(this.deps.tokens, envelope.requester, envelope.requesterToken, receivedAt);
    if (!checked.ok) {
      return this.signed(envelope, { status: 'DENIED', level: null, reason: checked.refusal.reason, ...nothingFor(envelope.query), suppressedGroups: 0, freshness: null, datasets: [], queryMs: 0 }, { ...audit, code: checked.refusal.code });
    }

    const started = performance.now();
    try {
      const result = await this.execute(envelope.query, envelope, receivedAt);
      const denied = result.status === 'DENIED';
      const body: Omit<NodeAnswerBody, 'correlationId' | 'kind'> = {
        status: result.status,
        level: result.level,
        ...(result.reason === undefined ? {} : { reason: result.reason }),
        ...('records' in result
          ? { records: denied ? [] : result.records, exhausted: denied ? true : result.exhausted, suppressedGroups: 0 }
          : { rows: denied ? [] : result.rows, suppressedGroups: result.suppressedGroups }),
        freshness: result.freshness,
        datasets: result.datasets.map((d) => ({ id: d.id, version: d.version, licence: d.licence, citation: d.citation })),
        queryMs: Math.round(performance.now() - started),
      };
      return this.signed(envelope, body, { ...audit, level: result.level, datasets: result.datasets.map((d) => d.id), suppressedGroups: body.suppressedGroups, code: denied ? 'POLICY_DENIED' : null });
    } catch (e) {
      // Only a message written for the requester goes out (e.g. too many rows); anything else stays in the log.
      const safe = isLittoralError(e) && e.code === 'INPUT_INVALID';
      this.deps.logger.error({ err: { name: (e as Error).name, message: (e as Error).message }, correlationId: envelope.correlationId }, 'federated query failed');
      const reason = safe ? (e as Error).message : 'the node could not compute the answer (internal error)';
      return this.signed(envelope, { status: 'ERROR', level: null, reason, ...nothingFor(envelope.query), suppressedGroups: 0, freshness: null, datasets: [], queryMs: Math.round(performance.now() - started) }, { ...audit, code: safe ? 'INPUT_INVALID' : 'INTERNAL' });
    }
  }

  private async execute(query: FederatedQuery, envelope: QueryEnvelope, now: Date): Promise<SummaryResult<SummaryRow> | RecordsResult<SampleRecord | OccurrenceRecord>> {
    const decisionsFor = this.decisionsFor(envelope, now);
    const input = { decisionsFor, now, nodeCountry: this.deps.country };
    switch (query.kind) {
      case 'microplasticSummary':
        return this.microplastics.execute({ ...input, query });
      case 'beachLitterSummary':
        return this.beachLitter.execute({ ...input, query });
      case 'speciesSummary':
        return this.species.execute({ ...input, query });
      case 'occurrences':
        return this.occurrences.execute({ ...input, query });
      case 'samples':
        return this.samples.execute({ ...input, query });
    }
  }

  /** Per dataset, the policy engine's decision over the dataset's stored grants, now, with the node as owner. */
  private decisionsFor(envelope: QueryEnvelope, now: Date): DecisionsFor {
    const r = envelope.requester;
    const requester: PolicyRequester = { country: r.country, roles: [...r.roles], ...(r.organisation ? { organisation: r.organisation } : {}) };
    return async (datasetIds: readonly string[], request: AccessRequest) => {
      const out = new Map<string, Decision>();
      for (const datasetId of datasetIds) {
        const grants = (await this.deps.grants.list(datasetId, { includeRevoked: true })).map((g) => g.grant);
        out.set(datasetId, decide({ datasetId, datasetOwnerCountry: this.deps.country, requester, purpose: envelope.purpose, grants, request, now }));
      }
      return out;
    };
  }

  private async signed(envelope: QueryEnvelope, body: Omit<NodeAnswerBody, 'correlationId' | 'kind'>, audit: QueryAuditRecord): Promise<QueryOutcome> {
    const full: NodeAnswerBody = { correlationId: envelope.correlationId, kind: envelope.query.kind, ...body };
    // Audit seam: the entry is written before the answer leaves the node.
    const resultSize = 'records' in full && full.records ? full.records.length : 'rows' in full && full.rows ? full.rows.length : 0;
    await this.deps.audit.record({ ...audit, outcome: full.status, resultSize });
    const jws = await signQueryAnswer(full, this.deps.keys.active(), this.deps.country, this.clock());
    return { kind: 'answer', jws, body: full };
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
