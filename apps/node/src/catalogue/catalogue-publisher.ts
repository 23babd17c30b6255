import { DataSource, type QueryRunner } from 'typeorm';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureCatalogueStream, type CatalogueStreamNames } from '@littoral/messaging';
import { countUnpublished, hasMessages, latestPublishedPerSubject, markAttempted, markPublished, nextPending, requeue, type PendingMessage } from './catalogue-outbox.js';

/** Session advisory lock held by whichever process is publishing this node's outbox. */
const PUBLISHER_LOCK = 0x4c4954_0001; // "LIT" + 1
const BATCH = 100;
const PUBLISH_TIMEOUT_MS = 5000;

export interface PublishResult {
  /** Messages the stream acknowledged in this pass (including ones it already held). */
  published: number;
  /** Messages still waiting. */
  remaining: number;
  /** Another process holds the publisher lock; it publishes instead. */
  skipped: boolean;
  /** Why the pass stopped early (NATS went away, a timeout…), if it did. */
  error?: Error;
}

/**
 * Sends the outbox to JetStream, oldest first, and marks each message published
 * only after its PubAck (store and forward: while NATS is down everything waits
 * in the outbox). Exactly once on the stream:
 * - every message carries a Nats-Msg-Id (`<CC>.<dataset>.<version>`), so a
 *   repeat inside the stream's duplicate window is dropped by the server;
 * - a message whose earlier publish was cut off before the ack (process killed,
 *   timeout) is looked up first: if the stream's last message on its subject
 *   has its id, it is marked published without sending it again — this holds
 *   beyond the duplicate window too;
 * - one publisher at a time per database (a Postgres advisory lock), one pass at
 *   a time per process, so the order of a subject's versions is kept.
 */
export class CataloguePublisher {
  private pass: Promise<PublishResult> | null = null;
  private again = false;
  private readonly prepared = new WeakSet<NatsConnection>();

  constructor(
    private readonly db: DataSource,
    private readonly names: CatalogueStreamNames,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Publishes what is waiting. A call during a pass makes that pass run once more; callers share its result. */
  publishPending(nc: NatsConnection): Promise<PublishResult> {
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      try {
        let result: PublishResult;
        do {
          this.again = false;
          result = await this.locked((runner) => this.drain(runner, nc));
        } while (this.again && !result.error && !result.skipped);
        return result;
      } finally {
        this.pass = null;
      }
    })();
    return this.pass;
  }

  /** After a reconnect the server may have lost the stream (a restart without storage): check again. */
  reconnected(nc: NatsConnection): void {
    this.prepared.delete(nc);
  }

  /**
   * Once per connection, before the first publish: creates the stream if it is
   * missing, and re-queues the latest message of any subject the stream no
   * longer holds (a stream that was deleted or lost its storage), so the stream
   * again has the full catalogue. A subject whose latest message is still there
   * is left alone: nothing is sent twice.
   */
  private async prepare(runner: QueryRunner, nc: NatsConnection): Promise<void> {
    if (this.prepared.has(nc)) return;
    await ensureCatalogueStream(nc, this.names);
    const jsm = await jetstreamManager(nc);
    for (const latest of await latestPublishedPerSubject(runner)) {
      if ((await this.lastMsgId(jsm, this.subjectOf(latest.subject))) !== latest.msgId) await requeue(runner, latest.id);
    }
    this.prepared.add(nc);
  }

  private async drain(runner: QueryRunner, nc: NatsConnection): Promise<PublishResult> {
    let published = 0;
    try {
      // A node that has never signed anything leaves NATS alone (it does not even create the stream).
      if (!(await hasMessages(runner))) return { published, remaining: 0, skipped: false };
      await this.prepare(runner, nc);
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      for (;;) {
        const batch = await nextPending(runner, BATCH);
        if (batch.length === 0) break;
        for (const m of batch) {
          await this.publishOne(runner, js, jsm, m);
          published++;
        }
      }
      return { published, remaining: 0, skipped: false };
    } catch (err) {
      return { published, remaining: await countUnpublished(runner), skipped: false, error: err as Error };
    }
  }

  private async publishOne(runner: QueryRunner, js: ReturnType<typeof jetstream>, jsm: JetStreamManager, m: PendingMessage): Promise<void> {
    const subject = this.subjectOf(m.subject);
    if (m.attempted) {
      const last = await this.lastMessage(jsm, subject);
      if (last?.msgId === m.msgId) {
        await markPublished(runner, m, last.seq, this.clock());
        return;
      }
    }
    await markAttempted(runner, m.id, this.clock());
    const ack = await js.publish(subject, m.jws, { msgID: m.msgId, timeout: PUBLISH_TIMEOUT_MS });
    // `duplicate` means the stream already holds this very message: published all the same.
    await markPublished(runner, m, ack.seq, this.clock());
  }

  /**
   * The subject a stored message goes out on: the stored one under THIS
   * publisher's prefix. A row written by a CLI run whose environment lacked
   * LITTORAL_STREAM_PREFIX still reaches the node's stream (the subject is not
   * part of what is signed).
   */
  private subjectOf(stored: string): string {
    return `${this.names.prefix}.${stored.slice(stored.indexOf('.') + 1)}`;
  }

  private async lastMsgId(jsm: JetStreamManager, subject: string): Promise<string | undefined> {
    return (await this.lastMessage(jsm, subject))?.msgId;
  }

  private async lastMessage(jsm: JetStreamManager, subject: string): Promise<{ msgId: string | undefined; seq: number } | null> {
    try {
      const msg = await jsm.streams.getMessage(this.names.stream, { last_by_subj: subject });
      return msg ? { msgId: msg.header?.get('Nats-Msg-Id') || undefined, seq: msg.seq } : null;
    } catch (err) {
      if (/no message found|not found|10037/i.test((err as Error).message)) return null;
      throw err;
    }
  }

  /** Runs `fn` on one connection holding the publisher lock, or skips when another process holds it. */
  private async locked(fn: (runner: QueryRunner) => Promise<PublishResult>): Promise<PublishResult> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = (await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [PUBLISHER_LOCK])) as { locked: boolean }[];
      if (!locked) return { published: 0, remaining: await countUnpublished(runner), skipped: true };
      try {
        return await fn(runner);
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1)`, [PUBLISHER_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
