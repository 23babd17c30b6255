import type { Queryable } from './dataset-stats.js';

// The outbox: every signed catalogue message is written here, in the same
// transaction as the state change it reports, and leaves only after JetStream
// acknowledged it (store and forward). Rows are published in id order.

export type OutboxKind = 'entry' | 'tombstone' | 'key-announcement';

/** A signed message to publish. */
export interface OutboxMessage {
  kind: OutboxKind;
  /** Null for key announcements. */
  datasetId: string | null;
  /** The dataset version it carries; null for key announcements. */
  version: number | null;
  subject: string;
  /** Nats-Msg-Id: the same message always has the same id. */
  msgId: string;
  jws: string;
}

/** An outbox row not yet acknowledged by the stream. */
export interface PendingMessage extends OutboxMessage {
  id: string;
  /** A publish was started before: it may have reached the stream without its ack reaching us. */
  attempted: boolean;
}

/** Adds a message. A message id already in the outbox is kept as it is (returns false). */
export async function enqueue(q: Queryable, m: OutboxMessage): Promise<boolean> {
  const rows = (await q.query(
    `INSERT INTO catalogue_outbox (kind, dataset_id, version, subject, msg_id, jws)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (msg_id) DO NOTHING
     RETURNING id`,
    [m.kind, m.datasetId, m.version, m.subject, m.msgId, m.jws],
  )) as unknown[];
  return rows.length === 1;
}

/** The oldest unpublished messages, in publishing order. */
export async function nextPending(q: Queryable, limit: number): Promise<PendingMessage[]> {
  const rows = (await q.query(
    `SELECT id::text, kind, dataset_id, version, subject, msg_id, jws, attempted_at IS NOT NULL AS attempted
     FROM catalogue_outbox
     WHERE published_at IS NULL
     ORDER BY id
     LIMIT $1`,
    [limit],
  )) as { id: string; kind: OutboxKind; dataset_id: string | null; version: string | null; subject: string; msg_id: string; jws: string; attempted: boolean }[];
  return rows.map((r) => ({
    id: r.id, kind: r.kind, datasetId: r.dataset_id, version: r.version === null ? null : Number(r.version),
    subject: r.subject, msgId: r.msg_id, jws: r.jws, attempted: r.attempted,
  }));
}

/** Notes that a publish is about to start (committed before the message goes out). */
export async function markAttempted(q: Queryable, id: string, now: Date): Promise<void> {
  await q.query(`UPDATE catalogue_outbox SET attempted_at = $2 WHERE id = $1`, [id, now]);
}

/** Notes the stream's ack, and the dataset's highest published version. */
export async function markPublished(q: Queryable, m: PendingMessage, streamSeq: number, now: Date): Promise<void> {
  await q.query(
    `WITH published AS (
       UPDATE catalogue_outbox SET published_at = $2, stream_seq = $3 WHERE id = $1 AND published_at IS NULL
       RETURNING dataset_id, version
     )
     UPDATE catalogue_state s SET published_version = GREATEST(coalesce(s.published_version, 0), p.version)
     FROM published p
     WHERE s.dataset_id = p.dataset_id`,
    [m.id, now, streamSeq],
  );
}

/** Has anything ever been written to the outbox? */
export async function hasMessages(q: Queryable): Promise<boolean> {
  const rows = (await q.query(`SELECT EXISTS (SELECT 1 FROM catalogue_outbox) AS any`)) as { any: boolean }[];
  return rows[0].any;
}

/** Messages waiting for the stream. */
export async function countUnpublished(q: Queryable): Promise<number> {
  const rows = (await q.query(`SELECT count(*)::int AS n FROM catalogue_outbox WHERE published_at IS NULL`)) as { n: number }[];
  return rows[0].n;
}

/**
 * The last published message of every subject that has nothing newer waiting:
 * what the stream should hold as that subject's latest message. Subjects are
 * compared without their prefix (the publisher's prefix is the one that counts).
 */
export async function latestPublishedPerSubject(q: Queryable): Promise<{ id: string; subject: string; msgId: string }[]> {
  const rows = (await q.query(
    `SELECT DISTINCT ON (substr(subject, strpos(subject, '.') + 1)) id::text, subject, msg_id, published_at IS NOT NULL AS published
     FROM catalogue_outbox
     ORDER BY substr(subject, strpos(subject, '.') + 1), id DESC`,
  )) as { id: string; subject: string; msg_id: string; published: boolean }[];
  return rows.filter((r) => r.published).map((r) => ({ id: r.id, subject: r.subject, msgId: r.msg_id }));
}

/** Puts a published message back in the queue (the stream no longer holds it). */
export async function requeue(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE catalogue_outbox SET published_at = NULL, attempted_at = NULL, stream_seq = NULL WHERE id = $1`, [id]);
}
