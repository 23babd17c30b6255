// Small-cell suppression of aggregate results, primary and complementary.
import { LittoralError } from '@littoral/contracts';
import type { Decision } from './policy-engine.js';

/** Which columns of an aggregate row are what. */
export interface AggregateColumns {
  /** The column holding the number of records in the group (a number, or digits as text as Postgres returns them). */
  readonly countField: string;
  /** Statistics computed over the group (sums, means…): hidden with the count when suppressed. */
  readonly valueFields: readonly string[];
  /** The grouping columns, computed on positions already snapped (see snapPosition). */
  readonly groupFields: readonly string[];
}

/** An output row: group values, count and values (null when suppressed) and the `suppressed` flag. */
export type AggregateRow = Record<string, unknown> & { readonly suppressed: boolean };

interface Cell {
  readonly key: string;
  readonly groups: readonly unknown[];
  readonly row: Readonly<Record<string, unknown>>;
  /** Valid count, or undefined when it cannot be read (such a cell is always suppressed). */
  readonly count: number | undefined;
  suppressed: boolean;
}

function readCount(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  if (typeof v === 'bigint') return v >= 0n && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
  return undefined;
}

const keyOf = (values: readonly unknown[]): string => JSON.stringify(values.map((v) => (v === undefined ? null : v)));
const byKey = (a: Cell, b: Cell): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Complementary suppression. For every grouping dimension, the cells that
 * share all their other grouping values form a line whose total a requester
 * can obtain from a coarser query; if exactly one cell of a line is
 * suppressed it could be recovered as total minus the visible cells, so the
 * visible cell with the smallest count (ties: smallest group key) is suppressed
 * too. Repeated until nothing changes, since a new suppression can leave a
 * single suppressed cell in another line.
 */
function suppressComplements(cells: readonly Cell[], dimensions: number): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (let d = 0; d < dimensions; d++) {
      const lines = new Map<string, Cell[]>();
      for (const c of cells) {
        const lineKey = keyOf(c.groups.filter((_, i) => i !== d));
        lines.set(lineKey, [...(lines.get(lineKey) ?? []), c]);
      }
      for (const line of lines.values()) {
        if (line.filter((c) => c.suppressed).length !== 1) continue;
        const visible = line.filter((c) => !c.suppressed).sort((a, b) => (a.count as number) - (b.count as number) || byKey(a, b));
        const next = visible[0];
        if (next) {
          next.suppressed = true;
          changed = true;
        }
      }
    }
  }
}

/**
 * Applies the decision to aggregate rows. Groups with a count below the
 * decision's k are suppressed — count and values replaced by null and
 * `suppressed: true`, so a suppressed group reads the same whatever its true
 * size — and so are complementary cells (see docs/policy.md). Only the named
 * columns are returned, in the order of their group values (never in an order
 * that could rank the suppressed groups). A count that cannot be read
 * suppresses its group. A denial, or a METADATA decision, returns no rows.
 * Throws `INPUT_INVALID` for programming errors: a redacted column, or two rows
 * with the same group values.
 */
export function applyToAggregateRows(
  rows: readonly Readonly<Record<string, unknown>>[],
  decision: Decision,
  columns: AggregateColumns,
): AggregateRow[] {
  if (!decision.allowed || decision.level === null || decision.level === 'METADATA') return [];
  const { countField, valueFields, groupFields } = columns;
  const redacted = decision.constraints.redactedFields;
  const hidden = [countField, ...valueFields, ...groupFields].find((f) => redacted.includes(f.trim().toLowerCase()));
  if (hidden !== undefined) throw new LittoralError('INPUT_INVALID', `column '${hidden}' is redacted and cannot appear in aggregate rows`);

  const k = decision.constraints.minGroupSize;
  const seen = new Set<string>();
  const cells: Cell[] = rows.map((row) => {
    const groups = groupFields.map((f) => row[f]);
    const key = keyOf(groups);
    if (seen.has(key)) throw new LittoralError('INPUT_INVALID', 'two aggregate rows have the same group values');
    seen.add(key);
    const count = readCount(row[countField]);
    return { key, groups, row, count, suppressed: count === undefined || (k > 1 && count < k) };
  });
  if (k > 1) suppressComplements(cells, groupFields.length);

  return [...cells].sort(byKey).map((c) => {
    const out: Record<string, unknown> = {};
    groupFields.forEach((f, i) => (out[f] = c.groups[i] ?? null));
    out[countField] = c.suppressed ? null : c.count;
    for (const f of valueFields) out[f] = c.suppressed ? null : (c.row[f] ?? null);
    return { ...out, suppressed: c.suppressed };
  });
}
