import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@littoral/logging';
import { NatsLink } from '@littoral/messaging';
import { NODE_LOGGER } from '../common/tokens.js';
import { NodeKeys } from '../keys/node-keys.js';
import { CataloguePublisher } from './catalogue-publisher.js';
import { CatalogueService, type RefreshFailure, type RefreshResult } from './catalogue.service.js';
import { OutboxBell } from './outbox-bell.js';

/** Injection token of the catalogue loop's settings. */
export const CATALOGUE_LOOP = Symbol('CATALOGUE_LOOP');
export interface CatalogueLoopSettings {
  pollMs: number;
}

/**
 * Drives the catalogue in a running node. At start-up: announces new keys and
 * refreshes every dataset's entry (in full), before the node reports started.
 * Then one loop, ticking every `pollMs` and at once when this process wrote to
 * the outbox or NATS reconnected: refresh the datasets that changed (also those
 * changed by the CLI or another process), then publish the outbox when NATS is
 * up. NATS being down only delays publishing; nothing is dropped.
 */
@Injectable()
export class CatalogueRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private kicked = false;
  private stopped = false;
  private readonly watched = new WeakSet<NatsConnection>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly publisher: CataloguePublisher,
    private readonly link: NatsLink,
    private readonly keys: NodeKeys,
    private readonly bell: OutboxBell,
    @Inject(CATALOGUE_LOOP) private readonly settings: CatalogueLoopSettings,
    @Inject(NODE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.keys.present) {
      const announced = await this.catalogue.announceKeys();
      if (announced.length > 0) this.logger.info({ kids: announced }, 'key hand-over announced');
      this.report(await this.catalogue.refreshAll(), 'start-up');
      const { unannounceable } = this.keys.handOvers();
      for (const k of unannounceable) this.logger.warn({ kid: k.kid }, 'key follows a compromised key and cannot be announced by it; a hub administrator must add it');
    } else {
      this.logger.warn({}, 'no key file (LITTORAL_KEY_FILE): the catalogue is not signed or published');
    }
    this.unsubscribe = this.bell.onRing(() => this.kick());
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Runs a tick as soon as possible (after the current one, if one is running). */
  kick(): void {
    if (this.running) this.kicked = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.kicked = false;
    this.running = this.once().finally(() => {
      this.running = undefined;
      this.schedule(this.kicked ? 0 : this.settings.pollMs);
    });
    await this.running;
  }

  private async once(): Promise<void> {
    try {
      if (this.keys.present) this.report(await this.catalogue.refreshChanged(), 'change');
      const nc = this.link.connection();
      if (!nc) return; // store and forward: the outbox keeps everything until NATS is back
      this.watch(nc);
      const result = await this.publisher.publishPending(nc);
      if (result.published > 0) this.logger.info({ published: result.published, remaining: result.remaining }, 'catalogue published');
      if (result.error) this.logger.warn({ err: result.error.message, remaining: result.remaining }, 'catalogue publishing interrupted; will retry');
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'catalogue tick failed; will retry');
    }
  }

  /** On reconnect: check the stream again and publish what waited. */
  private watch(nc: NatsConnection): void {
    if (this.watched.has(nc)) return;
    this.watched.add(nc);
    void (async () => {
      for await (const s of nc.status()) {
        if (s.type === 'reconnect') {
          this.publisher.reconnected(nc);
          this.kick();
        }
      }
    })().catch(() => undefined);
  }

  private report(results: (RefreshResult | RefreshFailure)[], why: string): void {
    for (const r of results) {
      if (r.outcome === 'failed') this.logger.error({ dataset: r.datasetId, err: r.error.message }, 'catalogue entry not refreshed');
      else if (r.outcome === 'new-version' || r.outcome === 'tombstone') this.logger.info({ dataset: r.datasetId, version: r.version, outcome: r.outcome, why }, 'catalogue entry signed');
    }
  }
}
