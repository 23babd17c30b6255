import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SecurityEventEntity } from '../database/entities/index.js';
import type { SecurityEventCreate } from './security-event.model.js';
import { type Page, type PageRequest } from '@littoral/graphql';

const MAX_DETAIL = 2000;

// Keeps what is recorded printable and bounded: message text can come from
// the network (a claimed subject, a kid), so it is cut and stripped of control characters.
function clean(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return printable.length > max ? `${printable.slice(0, max - 1)}…` : printable;
}

/** Writes and reads the append-only security event log. */
@Injectable()
export class SecurityEventsService {
  constructor(private readonly db: DataSource) {}

  /**
   * Appends one event, inside `em`'s transaction when given. A message already
   * recorded (same stream and sequence: a redelivery) is not recorded twice.
   */
  async record(event: SecurityEventCreate, em: EntityManager = this.db.manager): Promise<void> {
    await em.query(
      `INSERT INTO security_event (at, kind, country, subject, reason_code, detail, kid, stream, msg_seq, actor)
       VALUES (coalesce($1, now()), $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (stream, msg_seq) WHERE msg_seq IS NOT NULL DO NOTHING`,
      [
        event.at ?? null,
        event.kind,
        clean(event.country, 16),
        clean(event.subject, 300),
        event.reasonCode ?? null,
        clean(event.detail, MAX_DETAIL) ?? '',
        clean(event.kid, 100),
        event.stream ?? null,
        event.msgSeq ?? null,
        event.actor ?? null,
      ],
    );
  }

  /** Newest first; the cursor is the last event's id. */
  async page(filter: { country?: string; reasonCode?: string; kind?: string }, page: PageRequest, withTotal: boolean): Promise<Page<SecurityEventEntity>> {
    const qb = this.db.getRepository(SecurityEventEntity).createQueryBuilder('ev');
    if (filter.country !== undefined) qb.andWhere('ev.country = :country', { country: filter.country });
    if (filter.reasonCode !== undefined) qb.andWhere('ev.reasonCode = :reasonCode', { reasonCode: filter.reasonCode });
    if (filter.kind !== undefined) qb.andWhere('ev.kind = :kind', { kind: filter.kind });
    const countQb = qb.clone();
    if (page.afterKey !== null) qb.andWhere('ev.id < :afterKey', { afterKey: page.afterKey });
    const [rows, totalCount] = await Promise.all([
      qb.orderBy('ev.id', 'DESC').limit(page.limit + 1).getMany(),
      withTotal ? countQb.getCount() : undefined,
    ]);
    return { rows: rows.slice(0, page.limit), hasNextPage: rows.length > page.limit, totalCount };
  }
}
