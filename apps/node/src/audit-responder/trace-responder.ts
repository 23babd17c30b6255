import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { NatsLink, QUERY_ERROR_HEADER, auditTraceQueueGroup, auditTraceSubject } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import type { TraceAnswerer } from './trace-answerer.js';

/** Traces answered at once by one node process; more wait (a trace is a few indexed reads). */
const CONCURRENCY = 4;

/**
 * The NATS side of network audit traces: subscribes to
 * `<prefix>.audit-trace.<CC>` in the node's queue group and replies on each
 * request's own inbox with a signed answer, or — when none can be given —
 * the refusal code in the `Littoral-Error-Code` header and a short safe text,
 * exactly as the query responder does.
 */
export class TraceResponder {
  private sub: Subscription | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly link: NatsLink,
    private readonly answerer: TraceAnswerer,
    private readonly prefix: string,
    private readonly country: string,
    private readonly logger: Logger,
  ) {}

  /** Subscribes as soon as NATS is connected (the app starts without it). */
  start(): void {
    const attempt = () => {
      if (this.stopped || this.sub) return;
      const nc = this.link.connection();
      if (nc) this.subscribe(nc);
      else this.timer = setTimeout(attempt, 200);
    };
    attempt();
  }

  /** True once subscribed. */
  get listening(): boolean {
    return this.sub !== undefined && !this.sub.isClosed();
  }

  private subscribe(nc: NatsConnection): void {
    const subject = auditTraceSubject(this.prefix, this.country);
    this.sub = nc.subscribe(subject, {
      queue: auditTraceQueueGroup(this.prefix, this.country),
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err: { name: err.name, message: err.message } }, 'audit trace subscription failed');
          return;
        }
        const p = this.handle(msg).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      },
    });
    this.logger.info({ subject }, 'answering audit traces');
  }

  private async handle(msg: Msg): Promise<void> {
    if (!msg.reply) return;
    await this.slot();
    try {
      const outcome = await this.answerer.answer(msg.string());
      if (outcome.kind === 'answer') msg.respond(outcome.jws);
      else this.refuse(msg, outcome.code, outcome.message);
    } catch (e) {
      // An audit or signing failure: answer nothing rather than something unrecorded.
      this.logger.error({ err: { name: (e as Error).name, message: (e as Error).message } }, 'audit trace not answered');
      this.refuse(msg, 'INTERNAL', 'The node could not answer (internal error)');
    } finally {
      this.release();
    }
  }

  private refuse(msg: Msg, code: string, text: string): void {
    const h = headers();
    h.set(QUERY_ERROR_HEADER, code);
    msg.respond(text, { headers: h });
  }

  private slot(): Promise<void> {
    if (this.running < CONCURRENCY) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** Stops taking traces and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sub && !this.sub.isClosed()) this.sub.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }
}
