import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NodeKeys } from '../keys/node-keys.js';
import { countUnpublished } from './catalogue-outbox.js';

/** The catalogue's part of GET /health. */
export interface CatalogueHealthReport {
  /** `publishing`: everything signed is on the stream; `behind`: messages wait in the outbox (NATS down, or on their way); `no-key`: the node cannot sign. */
  status: 'publishing' | 'behind' | 'no-key';
  /** Signed messages not yet acknowledged by the stream (null when the database cannot be read). */
  unpublished: number | null;
}

@Injectable()
export class CatalogueHealth {
  constructor(
    private readonly db: DataSource,
    private readonly keys: NodeKeys,
  ) {}

  async report(): Promise<CatalogueHealthReport> {
    let unpublished: number | null = null;
    try {
      unpublished = await countUnpublished(this.db);
    } catch {
      // The database check of /health reports the cause.
    }
    const status = !this.keys.present ? 'no-key' : unpublished === 0 ? 'publishing' : 'behind';
    return { status, unpublished };
  }
}
