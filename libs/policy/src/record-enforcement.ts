// Applying a RECORDS decision to result records: embargo, snapping, redaction.
import { isEmbargoed } from './embargo.js';
import type { Decision } from './policy-engine.js';
import { redact } from './redaction.js';
import { type SnapOptions, snapRecord } from './spatial-snapping.js';

/** Options of {@link applyToRecords}. */
export interface RecordOptions extends SnapOptions {
  /** The field holding the record's date for the embargo; default `eventDate`. */
  readonly dateField?: string;
}

/**
 * Applies a decision to records in memory: drops embargoed records, snaps
 * positions, removes redacted fields. Returns nothing unless the decision
 * allows RECORDS. Queries must still filter, group and sort on snapped
 * positions and exclude embargoed records themselves (before paging); this is
 * the last line, not the only one.
 */
export function applyToRecords(
  records: readonly Readonly<Record<string, unknown>>[],
  decision: Decision,
  now: Date,
  options: RecordOptions = {},
): Record<string, unknown>[] {
  if (!decision.allowed || decision.level !== 'RECORDS') return [];
  const dateField = options.dateField ?? 'eventDate';
  return records
    .filter((r) => {
      const date = r[dateField];
      return !isEmbargoed(typeof date === 'string' || date instanceof Date ? date : undefined, decision, now);
    })
    .map((r) => redact(snapRecord(r, decision, options), decision.constraints.redactedFields));
}
