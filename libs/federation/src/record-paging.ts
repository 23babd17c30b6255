// Paging of records across nodes. The federated order is: by country code,
// then each node's own order. The hub asks every node that still has records
// for `first` records after its position, concatenates the pages in country
// order and keeps the first `first`; a node's new position is that of the
// last record kept from it. So pages never overlap or skip, whatever the
// nodes' speed. A node that did not answer keeps its position (the manifest
// says so) and is asked again for the next page.
import type { CursorPositions } from './envelope.js';
import type { RecordItem } from './summary-contracts.js';

/** One node's page, from a verified answer. */
export interface NodePage<R> {
  country: string;
  records: readonly RecordItem<R>[];
  /** True when the node has nothing after its last record. */
  exhausted: boolean;
}

export interface MergedPage<R> {
  records: R[];
  /** Positions for the next cursor. */
  positions: CursorPositions;
  /** False when every node asked is done. */
  hasNextPage: boolean;
}

/** Countries to ask for the next page: those not yet done (`null` position means done). */
export function countriesToAsk(countries: readonly string[], positions: CursorPositions): string[] {
  return countries.filter((c) => positions[c] !== null);
}

/**
 * Merges node pages into one page of at most `first` records (see the order
 * above). `previous` are the positions the nodes were asked from.
 */
export function mergeRecordPages<R>(first: number, previous: CursorPositions, pages: readonly NodePage<R>[]): MergedPage<R> {
  const positions: CursorPositions = { ...previous };
  const records: R[] = [];
  const ordered = [...pages].sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
  for (const page of ordered) {
    const room = first - records.length;
    const taken = page.records.slice(0, Math.max(room, 0));
    for (const item of taken) records.push(item.record);
    if (taken.length > 0) positions[page.country] = taken[taken.length - 1].position;
    if (taken.length === page.records.length && page.exhausted) positions[page.country] = null;
  }
  const hasNextPage = Object.values(positions).some((p) => p !== null) || ordered.some((p) => positions[p.country] !== null);
  return { records, positions, hasNextPage };
}
