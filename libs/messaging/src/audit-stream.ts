import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { addStreamIfMissing } from './catalogue-stream.js';

/**
 * Subjects and stream of audit checkpoints: every node (and the hub) publishes
 * its signed `{ origin, seq, head, time }` on `<prefix>.audit.<CC|hub>.checkpoint`;
 * the hub stores every member's. The stream keeps every checkpoint (a witness
 * must not forget). Works on NATS 2.9 (one filter per consumer).
 */
export interface AuditStreamNames {
  stream: string;
  prefix: string;
}

export const DEFAULT_AUDIT_STREAM: AuditStreamNames = { stream: 'LITTORAL_AUDIT', prefix: 'littoral' };

/** The default stream for the default prefix, `<PREFIX>_AUDIT` for another, unless named explicitly. */
export function resolveAuditStream(prefix: string, stream: string | null = null): AuditStreamNames {
  const name = stream ?? (prefix === DEFAULT_AUDIT_STREAM.prefix ? DEFAULT_AUDIT_STREAM.stream : `${prefix.toUpperCase().replace(/-/g, '_')}_AUDIT`);
  return { stream: name, prefix };
}

/** Subject of one origin's checkpoints (`origin` a country code, or `hub`). */
export function auditCheckpointSubject(names: AuditStreamNames, origin: string): string {
  return `${names.prefix}.audit.${origin}.checkpoint`;
}

/** Subject filter matching every origin's checkpoints. */
export function auditCheckpointFilter(names: AuditStreamNames): string {
  return `${names.prefix}.audit.*.checkpoint`;
}

/** Message id for JetStream de-duplication: one message per origin and seq. */
export function auditCheckpointMsgId(origin: string, seq: number): string {
  return `${origin}.audit.${seq}`;
}

/** Creates the audit stream if it does not exist (idempotent; nodes and the hub both call it). */
export async function ensureAuditStream(nc: NatsConnection, names: AuditStreamNames = DEFAULT_AUDIT_STREAM): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: names.stream,
    subjects: [`${names.prefix}.audit.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: 120_000_000_000,
  };
  await addStreamIfMissing(jsm, config);
}
