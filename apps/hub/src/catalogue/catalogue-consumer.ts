import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { ensureCatalogueStream, type CatalogueStreamNames, type NatsLink } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import { TransientIngestError, type CatalogueIngestService } from './catalogue-ingest.service.js';

export type ConsumerState = 'starting' | 'waiting-for-nats' | 'running' | 'stopped';

export interface ConsumerStatus {
  state: ConsumerState;
  consumer: string;
  stream: string;
  /** Stream sequence of the last message handled (stored, refused or duplicate). */
  lastSequence: number | null;
  handled: number;
  rejected: number;
  /** Deliveries that failed for a transient reason (database down) and were nak'ed for redelivery. */
  retried: number;
}

const ACK_WAIT_NS = 30_000_000_000;

/**
 * The hub's one durable JetStream consumer of the catalogue stream (NATS 2.9:
 * no filter — the stream holds only catalogue and key subjects). Explicit
 * acks, and at most one unacknowledged message (max_ack_pending 1), so
 * messages are handled strictly in stream order even when one is retried.
 * A message is acked only after its transaction committed (or its refusal
 * was recorded); a transient failure naks it with a growing delay. The
 * durable consumer remembers the position, so a restarted hub resumes where
 * it stopped; NATS reconnects are the client's, and a lost consumer or
 * stream is recreated.
 */
export class CatalogueConsumer {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  private wake: (() => void) | undefined;
  private readonly current: ConsumerStatus;

  constructor(
    private readonly link: NatsLink,
    private readonly names: CatalogueStreamNames,
    private readonly consumerName: string,
    private readonly ingest: CatalogueIngestService,
    private readonly logger: Logger,
  ) {
    this.current = { state: 'starting', consumer: consumerName, stream: names.stream, lastSequence: null, handled: 0, rejected: 0, retried: 0 };
  }

  status(): ConsumerStatus {
    return { ...this.current };
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.messages?.close().catch(() => undefined);
    await this.loop;
    this.current.state = 'stopped';
  }

  private async run(): Promise<void> {
    let warned = false;
    while (!this.stopping) {
      const nc = this.link.connection();
      if (!nc) {
        this.current.state = 'waiting-for-nats';
        await this.sleep(500);
        continue;
      }
      try {
        await this.consume(nc);
        warned = false;
      } catch (e) {
        if (!this.stopping && !warned) this.logger.warn({ err: (e as Error).message, consumer: this.consumerName }, 'catalogue consumer interrupted; retrying');
        warned = true;
      }
      if (!this.stopping) await this.sleep(1000);
    }
  }

  private async consume(nc: NatsConnection): Promise<void> {
    await ensureCatalogueStream(nc, this.names);
    await this.ensureConsumer(nc);
    const consumer = await jetstream(nc).consumers.get(this.names.stream, this.consumerName);
    const messages = await consumer.consume({ max_messages: 1 });
    this.messages = messages;
    void this.watch(messages);
    if (this.stopping) {
      await messages.close();
      return;
    }
    this.current.state = 'running';
    this.logger.info({ consumer: this.consumerName, stream: this.names.stream }, 'catalogue consumer running');
    try {
      for await (const m of messages) {
        await this.handle(m);
        if (this.stopping) break;
      }
    } finally {
      this.messages = undefined;
      await messages.close().catch(() => undefined);
    }
  }

  // The client recovers from disconnects on its own; a deleted consumer or
  // stream ends this round so the loop creates them again.
  private async watch(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const s of messages.status()) {
        if (s.type === 'consumer_deleted' || s.type === 'consumer_not_found' || s.type === 'stream_not_found') {
          this.logger.warn({ consumer: this.consumerName, event: s.type }, 'catalogue consumer lost; recreating');
          await messages.close().catch(() => undefined);
          return;
        }
      }
    } catch {
      // The iterator ended with the messages.
    }
  }

  private async ensureConsumer(nc: NatsConnection): Promise<void> {
    const jsm = await jetstreamManager(nc);
    try {
      const info = await jsm.consumers.info(this.names.stream, this.consumerName);
      if (info.config.max_ack_pending !== 1) await jsm.consumers.update(this.names.stream, this.consumerName, { max_ack_pending: 1 });
      return;
    } catch (e) {
      if (!/not found/i.test((e as Error).message)) throw e;
    }
    try {
      await jsm.consumers.add(this.names.stream, {
        durable_name: this.consumerName,
        description: 'Littoral hub: verifies and stores signed catalogue entries',
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ACK_WAIT_NS,
        max_ack_pending: 1,
      });
    } catch (e) {
      // Another hub process sharing this database created it first.
      if (!/already (exists|in use)/i.test((e as Error).message)) throw e;
    }
  }

  private async handle(m: JsMsg): Promise<void> {
    try {
      const outcome = await this.ingest.ingest({
        subject: m.subject,
        data: m.data,
        stream: m.info.stream,
        streamSeq: m.info.streamSequence,
        deliveryCount: m.info.deliveryCount,
      });
      this.current.lastSequence = m.info.streamSequence;
      this.current.handled++;
      if (outcome.status === 'rejected') {
        this.current.rejected++;
        this.logger.warn({ subject: m.subject, seq: m.info.streamSequence, code: outcome.code, detail: outcome.detail }, 'catalogue message refused');
        // Recorded: never redeliver it.
        m.term();
      } else {
        this.logger.debug({ subject: m.subject, seq: m.info.streamSequence, outcome }, 'catalogue message handled');
        m.ack();
      }
    } catch (e) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(6, m.info.deliveryCount - 1));
      const err = e instanceof TransientIngestError ? e.cause : e;
      this.current.retried++;
      this.logger.warn({ subject: m.subject, seq: m.info.streamSequence, attempt: m.info.deliveryCount, retryInMs: delay, err: (err as Error)?.message }, 'catalogue message not stored; will retry');
      m.nak(delay);
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
