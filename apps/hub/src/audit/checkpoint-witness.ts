import type { DataSource } from 'typeorm';
import { isLittoralError, LittoralError } from '@littoral/contracts';
import { AuditLog, auditInput, HUB_ORIGIN, storeCheckpoint, verifyCheckpoint } from '@littoral/audit';
import { SecurityEventsService } from '../security/security-events.service.js';
import { TrustStore } from '../catalogue/trust-store.js';

/** One message of the audit stream. */
export interface CheckpointMessage {
  subject: string;
  data: Uint8Array;
  stream: string;
  streamSeq: number;
}

export type WitnessOutcome =
  | { status: 'stored'; origin: string; seq: number }
  | { status: 'duplicate'; origin: string; seq: number }
  | { status: 'own' }
  | { status: 'rejected'; code: string; detail: string };

const MAX_BYTES = 16 * 1024;

/**
 * The hub as witness of the nodes' audit logs: verifies a node's signed
 * checkpoint against the keys the hub trusts for that member (the member
 * registry, read per message like the catalogue consumer does) and stores it
 * in audit_checkpoint under its origin. A refused checkpoint is recorded as a
 * security event and a `checkpoint.rejected` audit entry, in one transaction.
 * The hub's own checkpoints on the stream are skipped (stored when signed).
 */
export class CheckpointWitness {
  private readonly trust = new TrustStore();
  private readonly events: SecurityEventsService;

  constructor(
    private readonly db: DataSource,
    private readonly log: AuditLog,
    private readonly options: { prefix: string; networkMembers: readonly string[] },
    private readonly now: () => Date = () => new Date(),
  ) {
    this.events = new SecurityEventsService(db);
  }

  async witness(msg: CheckpointMessage): Promise<WitnessOutcome> {
    const receivedAt = this.now();
    const origin = this.originOf(msg.subject);
    if (origin === HUB_ORIGIN) return { status: 'own' };
    try {
      return await this.db.transaction(async (em) => {
        if (origin === null) throw new LittoralError('MESSAGE_MALFORMED', `Checkpoint refused: subject ${msg.subject.slice(0, 200)} is not ${this.options.prefix}.audit.<CC>.checkpoint`);
        if (msg.data.length > MAX_BYTES) throw new LittoralError('PAYLOAD_TOO_LARGE', `Checkpoint refused: it is ${msg.data.length} bytes; at most ${MAX_BYTES} are accepted`);
        if (!this.options.networkMembers.includes(origin)) throw new LittoralError('MEMBER_UNKNOWN', `Checkpoint refused: ${origin} is not a network member (LITTORAL_MEMBERS)`);
        const member = await this.trust.member(em, origin);
        if (!member) throw new LittoralError('MEMBER_UNKNOWN', `Checkpoint refused: ${origin} is not a registered member of this hub`);
        if (member.status !== 'active') throw new LittoralError('MEMBER_REVOKED', `Checkpoint refused: member ${origin} is revoked`);
        const jws = Buffer.from(msg.data).toString('utf8').trim();
        const cp = await verifyCheckpoint(jws, origin, member.keys, receivedAt);
        const stored = await storeCheckpoint(em, cp, receivedAt);
        if (!stored) {
          // The same seq again: fine if it is the same head; a different head is a forked log.
          const [row] = (await em.query(`SELECT head FROM audit_checkpoint WHERE origin = $1 AND seq = $2`, [origin, cp.seq])) as { head: string }[];
          if (row && row.head !== cp.head) throw new LittoralError('MESSAGE_MALFORMED', `Checkpoint refused: ${origin} already signed seq ${cp.seq} with another head; its log was rewritten`);
          return { status: 'duplicate' as const, origin, seq: cp.seq };
        }
        return { status: 'stored' as const, origin, seq: cp.seq };
      });
    } catch (e) {
      if (!isLittoralError(e)) throw e; // database or NATS trouble: the consumer retries
      await this.refuse(msg, origin, e, receivedAt);
      return { status: 'rejected', code: e.code, detail: e.message };
    }
  }

  private async refuse(msg: CheckpointMessage, origin: string | null, e: LittoralError, at: Date): Promise<void> {
    await this.db.transaction(async (em) => {
      const known = (await em.query(`SELECT 1 FROM security_event WHERE stream = $1 AND msg_seq = $2`, [msg.stream, msg.streamSeq])) as unknown[];
      if (known.length > 0) return; // a redelivery: recorded once
      await this.events.record({ kind: 'MESSAGE_REJECTED', at, country: origin, subject: msg.subject, reasonCode: e.code, detail: e.message, stream: msg.stream, msgSeq: msg.streamSeq }, em);
      await this.log.appendIn(em, auditInput({
        actor: { subject: origin ? `member:${origin}` : 'anonymous', country: origin, organisation: null, roles: [] },
        action: 'checkpoint.rejected',
        decision: 'denied',
        reason: /^[A-Z][A-Z0-9_]{0,63}$/.test(e.code) ? e.code : 'INTERNAL',
      }));
    });
  }

  private originOf(subject: string): string | null {
    const m = new RegExp(`^${this.options.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.audit\\.([A-Z]{2}|hub)\\.checkpoint$`).exec(subject);
    return m ? m[1] : null;
  }
}
