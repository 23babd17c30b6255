import { connect, type NatsConnection } from '@nats-io/transport-node';
import { redactNatsUrls } from '@littoral/config';
import type { NatsLogin } from './nats-login.js';

export interface NatsLinkLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * An app's one outward link to NATS. `open()` returns at once: the app starts
 * and serves while NATS is unreachable, and the client keeps reconnecting.
 */
export class NatsLink {
  private nc: NatsConnection | undefined;
  private connecting: Promise<void> | undefined;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly servers: string[],
    private readonly name: string,
    private readonly logger: NatsLinkLogger,
    /** How to log in (readNatsLogin); none by default. */
    private readonly login: NatsLogin = {},
  ) {}

  open(): void {
    if (!this.connecting && !this.closed) this.connecting = this.connectOnce();
  }

  // Our own retry loop for the first connection (the client's waitOnFirstConnect
  // cannot be cancelled, which would keep a closed app alive). Once connected,
  // the client's own reconnect logic takes over.
  private async connectOnce(): Promise<void> {
    let warned = false;
    while (!this.closed) {
      try {
        const nc = await connect({ ...this.login, servers: this.servers, name: this.name, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 2000, timeout: 2000 });
        if (this.closed) {
          await nc.close();
          return;
        }
        this.nc = nc;
        this.logger.info({ servers: redactNatsUrls(this.servers) }, 'connected to NATS');
        return;
      } catch (e) {
        if (!warned) this.logger.warn({ err: (e as Error).message, servers: redactNatsUrls(this.servers) }, 'NATS unreachable; retrying in the background');
        warned = true;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, 2000);
        });
      }
    }
  }

  /** The live connection, if any. */
  connection(): NatsConnection | undefined {
    return this.status() === 'up' ? this.nc : undefined;
  }

  /** 'up' when connected, 'down' otherwise (never throws). */
  status(): 'up' | 'down' {
    const nc = this.nc;
    return nc && !nc.isClosed() && !nc.isDraining() && nc.info !== undefined ? 'up' : 'down';
  }

  /** Round-trip time to the server in ms, or null when down. */
  async rtt(): Promise<number | null> {
    const nc = this.connection();
    if (!nc) return null;
    try {
      return await nc.rtt();
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.connecting;
    if (this.nc && !this.nc.isClosed()) await this.nc.drain().catch(() => this.nc?.close());
  }
}
