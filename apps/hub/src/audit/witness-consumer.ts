import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { auditCheckpointFilter, ensureAuditStream, type AuditStreamNames, type NatsLink } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import type { CheckpointWitness } from './checkpoint-witness.js';

export interface WitnessStatus {
  state: 'starting' | 'waiting-for-nats' | 'running' | 'stopped';
  stored: number;
  rejected: number;
  lastSequence: number | null;
}

/**
 * The hub's durable consumer of the audit stream: one filter subject
 * (`<prefix>.audit.*.checkpoint`, NATS 2.9), explicit acks, one message at a
 * time. A message is acked after its checkpoint is stored, terminated after
 * its refusal is recorded, and nak'ed with a delay when the database is down.
 */
export class WitnessConsumer {
  private stopping = false;
  private loop: Promise<void> | undefined;
  private messages: ConsumerMessages | undefined;
  private wake: (() => void) | undefined;
  private readonly current: WitnessStatus = { state: 'starting', stored: 0, rejected: 0, lastSequence: null };

  constructor(
    private readonly link: NatsLink,
    private readonly names: AuditStreamNames,
    private readonly consumerName: string,
    private readonly witness: CheckpointWitness,
    private readonly logger: Logger,
  ) {}

  status(): WitnessStatus {
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
    while (!this.stopping) {
      const nc = this.link.connection();
      if (!nc) {
        this.current.state = 'waiting-for-nats';
        await this.sleep(500);
        continue;
      }
      try {
        await this.consume(nc);
      } catch (e) {
        if (!this.stopping) this.logger.warn({ err: (e as Error).message, consumer: this.consumerName }, 'audit witness consumer interrupted; retrying');
      }
      if (!this.stopping) await this.sleep(1000);
    }
  }

  private async consume(nc: NatsConnection): Promise<void> {
    await ensureAuditStream(nc, this.names);
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.consumers.info(this.names.stream, this.consumerName);
    } catch (e) {
      if (!/not found/i.test((e as Error).message)) throw e;
      await jsm.consumers
        .add(this.names.stream, {
          durable_name: this.consumerName,
          description: 'Littoral hub: verifies and stores the nodes\' signed audit checkpoints',
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          filter_subject: auditCheckpointFilter(this.names),
          ack_wait: 30_000_000_000,
          max_ack_pending: 1,
        })
        .catch((err: Error) => {
          if (!/already (exists|in use)/i.test(err.message)) throw err;
        });
    }
    const messages = await (await jetstream(nc).consumers.get(this.names.stream, this.consumerName)).consume({ max_messages: 1 });
    this.messages = messages;
    if (this.stopping) return void (await messages.close());
    this.current.state = 'running';
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

  private async handle(m: JsMsg): Promise<void> {
    try {
      const outcome = await this.witness.witness({ subject: m.subject, data: m.data, stream: m.info.stream, streamSeq: m.info.streamSequence });
      this.current.lastSequence = m.info.streamSequence;
      if (outcome.status === 'rejected') {
        this.current.rejected++;
        this.logger.warn({ subject: m.subject, seq: m.info.streamSequence, code: outcome.code, detail: outcome.detail }, 'audit checkpoint refused');
        m.term();
      } else {
        if (outcome.status === 'stored') this.current.stored++;
        m.ack();
      }
    } catch (e) {
      const delay = Math.min(30_000, 500 * 2 ** Math.min(6, m.info.deliveryCount - 1));
      this.logger.warn({ subject: m.subject, err: (e as Error).message, retryInMs: delay }, 'audit checkpoint not stored; will retry');
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
