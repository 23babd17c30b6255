// The completeness manifest: per node asked, what happened and what was used.
// A node that is down, slow or refuses never fails a query; it appears here
// with its status, and the answer is complete only when every node asked
// answered OK with nothing suppressed.
import type { DatasetRef, NodeAnswerBody } from './summary-contracts.js';

/** Per-node outcome. TIMEOUT and UNREACHABLE are decided by the hub; the others come from the node's answer (ERROR also for an answer that fails verification). */
export const MANIFEST_STATUSES = ['OK', 'DENIED', 'PARTIAL', 'TIMEOUT', 'ERROR', 'UNREACHABLE'] as const;
export type ManifestStatus = (typeof MANIFEST_STATUSES)[number];

/** One node's line of the manifest. */
export interface ManifestEntry {
  country: string;
  status: ManifestStatus;
  /** Access level the node applied; null when it did not answer or denied. */
  level: 'METADATA' | 'AGGREGATE' | 'RECORDS' | null;
  /** Groups the node suppressed (small cells, primary + complementary). */
  suppressedGroups: number;
  /** Round trip measured by the hub, ms; null when there was no answer in time. */
  latencyMs: number | null;
  /** The node's own compute time, ms, as it reported. */
  nodeQueryMs: number | null;
  /** Newest data modification among the datasets used (ISO date-time). */
  freshness: string | null;
  /** Datasets used, with version, licence and citation. */
  datasets: DatasetRef[];
  /** Safe reason for anything but OK. */
  reason: string | null;
}

/** The manifest of one federated answer. */
export interface Manifest {
  /** True only when every node asked answered OK and suppressed nothing: then the figures are totals. */
  complete: boolean;
  nodes: ManifestEntry[];
}

/** Manifest line for a node whose answer arrived and verified. */
export function entryFromAnswer(country: string, answer: NodeAnswerBody, latencyMs: number): ManifestEntry {
  return {
    country,
    status: answer.status,
    level: answer.level,
    suppressedGroups: answer.suppressedGroups,
    latencyMs,
    nodeQueryMs: answer.queryMs,
    freshness: answer.freshness,
    datasets: answer.datasets,
    reason: answer.reason ?? null,
  };
}

const DEFAULT_REASONS: Record<'TIMEOUT' | 'UNREACHABLE' | 'ERROR', string> = {
  TIMEOUT: 'the node did not answer before the deadline; a later answer is dropped',
  UNREACHABLE: 'the node could not be reached (no responder on the network)',
  ERROR: 'the node answered, but its answer could not be used',
};

/**
 * Manifest line for a node that gave no usable answer: TIMEOUT (no answer by
 * the deadline), UNREACHABLE (no responder), or ERROR (e.g. an answer whose
 * signature, issuer or correlation id did not verify — `reason` should name
 * the refusal code, never the payload).
 */
export function failedNodeEntry(
  country: string,
  status: 'TIMEOUT' | 'UNREACHABLE' | 'ERROR',
  opts: { latencyMs?: number | null; reason?: string } = {},
): ManifestEntry {
  return {
    country,
    status,
    level: null,
    suppressedGroups: 0,
    latencyMs: status === 'TIMEOUT' ? null : (opts.latencyMs ?? null),
    nodeQueryMs: null,
    freshness: null,
    datasets: [],
    reason: opts.reason ?? DEFAULT_REASONS[status],
  };
}

/** Manifest of all nodes asked, sorted by country; complete only if all are OK with nothing suppressed. */
export function buildManifest(entries: readonly ManifestEntry[]): Manifest {
  const nodes = [...entries].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
  return { complete: nodes.length > 0 && nodes.every((e) => e.status === 'OK' && e.suppressedGroups === 0), nodes };
}
