// The hub's trace of one correlation id, joined across the network: the hub's
// own entries, then each node involved — asked over NATS under the auditor's
// own token — with the entries that node lets this auditor see and its latest
// signed checkpoint, compared with what the hub witnessed of that node's log.
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AuditorReads, checkAuditFilter, entriesByCorrelation, type AuditEntry, type TraceAuditor } from '@littoral/audit';
import type { Requester } from '@littoral/auth';
import { LittoralError } from '@littoral/contracts';
import type { NatsLink } from '@littoral/messaging';
import type { NodeTrace, TraceFanOut } from './trace-fan-out.js';

const DATASET_URN = /^urn:littoral:dataset:([A-Z]{2}):/;
const COUNTRY = /^[A-Z]{2}$/;
/** Most nodes one trace asks. */
const MAX_NODES = 64;

/** A node's part, with what the hub itself knows of that node. */
export interface HubNodeTrace extends NodeTrace {
  nodeId: string | null;
  /** Latest checkpoint of that node's log the hub witnessed (from the audit stream). */
  witnessedSeq: number | null;
  witnessedAt: Date | null;
  /** The node's checkpoint in the answer is one the hub witnessed (same seq, same head); null without one. */
  checkpointWitnessed: boolean | null;
}

export interface HubTrace {
  correlationId: string;
  /** Id of this trace: the hub's and each node's audit.read entry of it carry it. */
  traceId: string;
  origin: string;
  entries: AuditEntry[];
  nodes: HubNodeTrace[];
}

export class HubTraceService {
  constructor(
    private readonly db: DataSource,
    private readonly reads: AuditorReads,
    private readonly link: NatsLink,
    private readonly fanOut: TraceFanOut,
  ) {}

  /**
   * Traces `correlationId`: the nodes asked are the countries named by the
   * hub's entries' dataset URNs, plus `countries` (e.g. a node that answered
   * DENIED, which the hub's entry does not name). One audit.read entry is
   * written at the hub, under the trace's own id, before the result returns.
   */
  async trace(by: Requester, auditorToken: string, correlationId: string, countries: readonly string[] = []): Promise<HubTrace> {
    checkAuditFilter({ correlationId });
    const extra = [...new Set(countries)];
    const wrong = extra.findIndex((c) => !COUNTRY.test(c));
    if (wrong >= 0) throw new LittoralError('INPUT_INVALID', `countries[${wrong}] must be an ISO 3166-1 alpha-2 code in capitals, such as TH`, { argument: `countries[${wrong}]` });
    const entries = await entriesByCorrelation(this.db, correlationId);
    const asked = [...new Set([...entries.flatMap((e) => e.datasets.map((d) => DATASET_URN.exec(d)?.[1]).filter((c): c is string => !!c)), ...extra])].sort();
    if (asked.length > MAX_NODES) throw new LittoralError('INPUT_INVALID', `a trace asks at most ${MAX_NODES} nodes`, { argument: 'countries' });
    const traceId = randomUUID();
    const auditor: TraceAuditor = { subject: by.subject, ...(by.country ? { country: by.country } : {}), ...(by.organisation ? { organisation: by.organisation } : {}), roles: [...by.roles] };
    const parts = asked.length === 0 ? [] : await this.fanOut.ask(this.link.connection(), asked, { correlationId, traceId, auditor, auditorToken });
    const nodes = await this.withWitness(parts);
    const shown = entries.length + nodes.reduce((n, p) => n + p.entries.length, 0);
    await this.reads.recordRead(by, { operation: 'trace', correlationId, countries: asked }, shown, {
      correlationId: traceId,
      decision: nodes.every((n) => n.status === 'OK') ? 'allowed' : 'partial',
    });
    return { correlationId, traceId, origin: this.reads.origin, entries, nodes };
  }

  private async withWitness(parts: NodeTrace[]): Promise<HubNodeTrace[]> {
    if (parts.length === 0) return [];
    const rows = (await this.db.query(
      `SELECT c.country, m.node_id, cp.seq::text AS seq, cp.received_at, same.head AS same_head
         FROM unnest($1::text[], $2::bigint[], $3::text[]) AS c(country, cp_seq, cp_head)
         LEFT JOIN member m ON m.country = c.country
         LEFT JOIN LATERAL (SELECT seq, received_at FROM audit_checkpoint WHERE origin = c.country ORDER BY seq DESC LIMIT 1) cp ON true
         LEFT JOIN audit_checkpoint same ON same.origin = c.country AND same.seq = c.cp_seq`,
      [parts.map((p) => p.country), parts.map((p) => p.checkpoint?.seq ?? null), parts.map((p) => p.checkpoint?.head ?? null)],
    )) as { country: string; node_id: string | null; seq: string | null; received_at: Date | null; same_head: string | null }[];
    return parts.map((p) => {
      const r = rows.find((x) => x.country === p.country);
      return {
        ...p,
        nodeId: r?.node_id ?? null,
        witnessedSeq: r?.seq == null ? null : Number(r.seq),
        witnessedAt: r?.received_at ?? null,
        checkpointWitnessed: p.checkpoint === null ? null : r?.same_head === p.checkpoint.head,
      };
    });
  }
}
