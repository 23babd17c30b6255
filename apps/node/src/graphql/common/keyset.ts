import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page, PageRequest } from '@littoral/graphql';

/**
 * Reads one page of a filtered query, ordered by `idColumn` ascending
 * (`alias.property`, e.g. `site.id`): `WHERE … AND id > :afterKey ORDER BY id
 * LIMIT first + 1`. The extra row only tells whether another page exists. The
 * count, when asked for, runs on the same filter without the cursor.
 */
export async function readKeysetPage<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  idColumn: string,
  page: PageRequest,
  withTotal: boolean,
): Promise<Page<E>> {
  const countQb = qb.clone();
  if (page.afterKey !== null) qb.andWhere(`${idColumn} > :afterKey`, { afterKey: page.afterKey });
  const [rows, totalCount] = await Promise.all([
    qb.orderBy(idColumn, 'ASC').limit(page.limit + 1).getMany(),
    withTotal ? countQb.getCount() : undefined,
  ]);
  return { rows: rows.slice(0, page.limit), hasNextPage: rows.length > page.limit, totalCount };
}

/** Groups child rows by their parent id, keeping their order. */
export function groupBy<T>(rows: readonly T[], keyOf: (row: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}
