import { headers, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { NatsLink, QUERY_ERROR_HEADER, queryQueueGroup, querySubject } from '@littoral/messaging';
import type { Logger } from '@littoral/logging';
import type { QueryAnswerer } from './query-answerer.js';

/**
 * The NATS side of federated queries: subscribes to `<prefix>.query.<CC>` in
 * the node's queue group (core NATS request/reply) and replies to each
 * envelope on its own reply subject, with a signed answer or — when no signed
 * answer can be given — an empty-signature refusal: the code in the
 * `Littoral-Error-Code` header and a short safe text as the body.
 * At most `concurrency` queries are computed at once; the rest wait their turn
 * (the hub's deadline bounds how long that may be).
 */
export class QueryResponder {
  private sub: Subscription | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly link: NatsLink,
    private readonly answerer: QueryAnswerer,
    private readonly prefix: string,
    private readonly country: string,
    private readonly concurrency: number,
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
    const subject = querySubject(this.prefix, this.country);
    this.sub = nc.subscribe(subject, {
      queue: queryQueueGroup(this.prefix, this.country),
      callback: (err, msg) => {
        if (err) {
          this.logger.error({ err: { name: err.name, message: err.message } }, 'query subscription failed');
          return;
        }
        const p = this.handle(msg).finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      },
    });
    this.logger.info({ subject }, 'answering federated queries');
  }

  private async handle(msg: Msg): Promise<void> {
    if (!msg.reply) return; // not a request: nobody to answer
    await this.slot();
    try {
      const outcome = await this.answerer.answer(msg.string());
      if (outcome.kind === 'answer') msg.respond(outcome.jws);
      else {
        const h = headers();
        h.set(QUERY_ERROR_HEADER, outcome.code);
        msg.respond(outcome.message, { headers: h });
      }
    } catch (e) {
      // Only an audit or signing failure gets here: answer nothing rather than something unrecorded.
      this.logger.error({ err: { name: (e as Error).name, message: (e as Error).message } }, 'federated query not answered');
      const h = headers();
      h.set(QUERY_ERROR_HEADER, 'INTERNAL');
      msg.respond('The node could not answer (internal error)', { headers: h });
    } finally {
      this.release();
    }
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
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

  /** Stops taking queries and waits for those in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sub && !this.sub.isClosed()) this.sub.unsubscribe();
    await Promise.allSettled([...this.inFlight]);
  }
}
