import { entryHash, GENESIS_HASH, validateEntry, type AuditEntry } from './audit-entry.js';
import type { AuditCheckpoint } from './checkpoint.js';

/** Why verification stopped. */
export type ChainFault =
  /** An entry is not a well-formed entry (a column nulled, a bad action…). */
  | 'malformed'
  /** The entry's content does not hash to its stored hash: it was edited (or moved). */
  | 'hash-mismatch'
  /** The entry does not point at the hash of the one before it. */
  | 'prev-hash-mismatch'
  /** The sequence skips this number: the entry was deleted (or the log reordered). */
  | 'missing'
  /** The sequence goes backwards or repeats here. */
  | 'out-of-order'
  /** The hash of this entry differs from the head a signed checkpoint witnessed: the chain was rewritten. */
  | 'checkpoint-mismatch'
  /** A signed checkpoint witnessed entries past the end of the log: its tail was removed. */
  | 'truncated';

export interface ChainFailure {
  /** The exact sequence number where the chain stops being trustworthy. */
  seq: number;
  reason: ChainFault;
  /** One sentence for people. */
  message: string;
  /** The checkpoint that revealed it (checkpoint-mismatch, truncated). */
  checkpoint?: AuditCheckpoint;
}

export interface ChainVerification {
  ok: boolean;
  /** Entries read (including the bad one). */
  checked: number;
  firstBad: ChainFailure | null;
  /** Highest-seq checkpoint given. */
  latestCheckpoint: AuditCheckpoint | null;
  /** The last good entry. */
  head: { seq: number; hash: string } | null;
}

export interface VerifyChainOptions {
  /**
   * The entries are a slice of a longer chain (an export): the first entry's
   * seq and prevHash are taken as given instead of 1 and 64 zeros, and
   * checkpoints past the last entry are not a truncation.
   */
  partial?: boolean;
}

/**
 * Verifies a hash chain read in seq order against checkpoints the caller has
 * already verified (signatures are checked by verifyCheckpoint). Pure: no I/O
 * beyond the iterable, no clock. Stops at the first fault and names its seq:
 * - an edited entry: hash-mismatch at its seq;
 * - a deleted entry: missing at its seq;
 * - reordered entries: hash-mismatch / missing / out-of-order at the first displaced seq;
 * - a removed tail: truncated at the first removed seq, naming the checkpoint;
 * - a rewritten chain with recomputed hashes: checkpoint-mismatch at the first
 *   checkpoint's seq, naming it.
 */
export async function verifyChain(
  entries: Iterable<unknown> | AsyncIterable<unknown>,
  checkpoints: readonly AuditCheckpoint[] = [],
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const bySeq = new Map<number, AuditCheckpoint[]>();
  let latestCheckpoint: AuditCheckpoint | null = null;
  for (const cp of checkpoints) {
    bySeq.set(cp.seq, [...(bySeq.get(cp.seq) ?? []), cp]);
    if (latestCheckpoint === null || cp.seq > latestCheckpoint.seq) latestCheckpoint = cp;
  }
  let checked = 0;
  let prev: { seq: number; hash: string } | null = null;
  const result = (firstBad: ChainFailure | null): ChainVerification => ({ ok: firstBad === null, checked, firstBad, latestCheckpoint, head: prev });

  for await (const raw of entries as AsyncIterable<unknown>) {
    checked++;
    const expectedSeq = prev === null ? (options.partial ? null : 1) : prev.seq + 1;
    let e: AuditEntry;
    try {
      e = validateEntry(raw);
    } catch (err) {
      const seq = seqOf(raw) ?? expectedSeq ?? 0;
      return result({ seq, reason: 'malformed', message: `entry ${seq} is malformed: ${(err as Error).message}` });
    }
    if (expectedSeq !== null && e.seq > expectedSeq) {
      const span = e.seq - 1 === expectedSeq ? `entry ${expectedSeq} is` : `entries ${expectedSeq}–${e.seq - 1} are`;
      return result({ seq: expectedSeq, reason: 'missing', message: `${span} missing (deleted, or the log was reordered): entry ${e.seq} follows entry ${expectedSeq - 1}` });
    }
    if (expectedSeq !== null && e.seq < expectedSeq) {
      return result({ seq: e.seq, reason: 'out-of-order', message: `entry ${e.seq} appears after entry ${expectedSeq - 1}: the log is out of order or repeats an entry` });
    }
    if (entryHash(e) !== e.hash) {
      return result({ seq: e.seq, reason: 'hash-mismatch', message: `entry ${e.seq} does not match its hash: it was altered after it was written` });
    }
    const expectedPrev = prev === null ? (options.partial && e.seq !== 1 ? e.prevHash : GENESIS_HASH) : prev.hash;
    if (e.prevHash !== expectedPrev) {
      return result({ seq: e.seq, reason: 'prev-hash-mismatch', message: `entry ${e.seq} does not link to entry ${e.seq - 1} (its previous hash differs)` });
    }
    for (const cp of bySeq.get(e.seq) ?? []) {
      if (cp.head !== e.hash) {
        return result({ seq: e.seq, reason: 'checkpoint-mismatch', checkpoint: cp, message: `entry ${e.seq} differs from the head signed in the checkpoint of ${cp.origin} at seq ${cp.seq} (${cp.time}): the chain was rewritten` });
      }
    }
    prev = { seq: e.seq, hash: e.hash };
  }

  if (!options.partial && latestCheckpoint !== null && (prev === null || prev.seq < latestCheckpoint.seq)) {
    const first = (prev?.seq ?? 0) + 1;
    return result({
      seq: first,
      reason: 'truncated',
      checkpoint: latestCheckpoint,
      message: `the log ends at entry ${prev?.seq ?? 0}, but the checkpoint of ${latestCheckpoint.origin} at seq ${latestCheckpoint.seq} (${latestCheckpoint.time}) witnessed entries up to ${latestCheckpoint.seq}: entries from ${first} were removed`,
    });
  }
  return result(null);
}

function seqOf(raw: unknown): number | null {
  const seq = (raw as { seq?: unknown } | null)?.seq;
  return typeof seq === 'number' && Number.isSafeInteger(seq) ? seq : null;
}
