import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NatsLink } from '@littoral/messaging';
import { auditCheckpointMsgId, auditCheckpointSubject, ensureAuditStream, type AuditStreamNames } from '@littoral/messaging';
import type { StoredKey } from '@littoral/crypto';
import type { AuditLog } from './audit-log.js';
import { latestCheckpoint, readHead, storeCheckpoint } from './audit-store.js';
import { signCheckpoint } from './checkpoint.js';
import type { SqlRunner } from './sql.js';

export interface CheckpointerOptions {
  /** Sign after this many new entries (default 1000). */
  everyEntries?: number;
  /** …or after this many ms, whichever comes first (default 60 s). */
  everyMs?: number;
  clock?: () => Date;
  /** Called with a failed pass's error (signing, database or NATS); the next pass tries again. */
  onError?: (err: Error) => void;
}

export interface CheckpointResult {
  /** The checkpoint now latest (null: empty log, or no key to sign with). */
  seq: number | null;
  /** A new checkpoint was signed in this pass. */
  signed: boolean;
  /** The latest checkpoint is on the stream (acknowledged). */
  published: boolean;
}

/**
 * Every N entries or T seconds, signs `{ origin, seq, head, time }` of the log
 * with the active key, stores it in audit_checkpoint and publishes it on
 * JetStream (`<prefix>.audit.<origin>.checkpoint`, Nats-Msg-Id
 * `<origin>.audit.<seq>`). The latest checkpoint covers every earlier one, so
 * while NATS is down nothing queues up: the next pass publishes the latest.
 */
export class AuditCheckpointer {
  private readonly everyEntries: number;
  private readonly everyMs: number;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private sinceLast = 0;
  private running: Promise<CheckpointResult> | null = null;
  private publishedSeq = 0;
  private streamReady = false;

  constructor(
    private readonly log: AuditLog,
    private readonly db: SqlRunner,
    private readonly origin: string,
    private readonly signingKey: () => StoredKey | null,
    private readonly nats: Pick<NatsLink, 'connection'>,
    private readonly names: AuditStreamNames,
    private readonly options: CheckpointerOptions = {},
  ) {
    this.everyEntries = options.everyEntries ?? 1000;
    this.everyMs = options.everyMs ?? 60_000;
    this.clock = options.clock ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.log.onAppended(() => {
      if (++this.sinceLast >= this.everyEntries) void this.checkpoint().catch(() => undefined);
    });
    this.timer = setInterval(() => void this.checkpoint().catch(() => undefined), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    await this.running?.catch(() => undefined);
  }

  /** One pass now (one at a time; a call during a pass shares it). */
  checkpoint(): Promise<CheckpointResult> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  private async pass(): Promise<CheckpointResult> {
    try {
      this.sinceLast = 0;
      let signed = false;
      const head = await readHead(this.db);
      let latest = await latestCheckpoint(this.db, this.origin);
      const key = this.signingKey();
      if (head && key && (!latest || latest.seq < head.seq)) {
        const cp = { origin: this.origin, seq: head.seq, head: head.hash, time: this.clock().toISOString() };
        const jws = await signCheckpoint(cp, key);
        await storeCheckpoint(this.db, { ...cp, jws, kid: key.kid }, this.clock());
        latest = { ...cp, jws };
        signed = true;
      }
      if (!latest) return { seq: null, signed, published: false };
      const published = latest.seq <= this.publishedSeq || (await this.publish(latest.seq, latest.jws));
      return { seq: latest.seq, signed, published };
    } catch (err) {
      this.options.onError?.(err as Error);
      throw err;
    }
  }

  private async publish(seq: number, jws: string): Promise<boolean> {
    const nc = this.nats.connection();
    if (!nc) return false;
    if (!this.streamReady) {
      await ensureAuditStream(nc, this.names);
      this.streamReady = true;
    }
    await jetstream(nc).publish(auditCheckpointSubject(this.names, this.origin), jws, { msgID: auditCheckpointMsgId(this.origin, seq), timeout: 5000 });
    this.publishedSeq = Math.max(this.publishedSeq, seq);
    return true;
  }
}

/**
 * The seq of the latest checkpoint of `origin` held by the JetStream audit
 * stream (a copy outside the database that signed it), or null when there is
 * none or NATS cannot be asked.
 */
export async function latestStreamCheckpointSeq(nc: NatsConnection | null | undefined, names: AuditStreamNames, origin: string): Promise<number | null> {
  if (!nc) return null;
  try {
    const jsm = await jetstreamManager(nc);
    const msg = await jsm.streams.getMessage(names.stream, { last_by_subj: auditCheckpointSubject(names, origin) });
    const id = msg?.header?.get('Nats-Msg-Id') ?? '';
    const m = /\.audit\.(\d+)$/.exec(id);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
