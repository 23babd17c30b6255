import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import type { Type } from '@nestjs/common';
import { LittoralError } from '@littoral/contracts';

// Relay-style keyset pagination, one implementation for the node's and the
// hub's APIs. A cursor is the base64 of a unique key and nothing else: it
// survives deletes and inserts, and pages never overlap or skip because every
// list is ordered by that key.

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 0–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return the items after this cursor (an endCursor or edge cursor of a previous page)' })
  after?: string | null;
}

/** What kind of key a list's cursors carry. */
export type CursorKey = 'bigint' | 'uuid' | 'text';

/** A checked page request: how many rows, and the key to continue after. */
export interface PageRequest {
  limit: number;
  afterKey: string | null;
}

/** One page read from the database, before mapping to GraphQL. */
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  /** Only computed when the caller selected `totalCount`. */
  totalCount?: number;
}

const BIGINT_MAX = 9223372036854775807n;
const KEY_CHECKS: Record<CursorKey, (key: string) => boolean> = {
  bigint: (key) => /^[1-9][0-9]{0,18}$/.test(key) && BigInt(key) <= BIGINT_MAX,
  uuid: (key) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key),
  text: (key) => key.length > 0 && key.length <= 2048 && !key.includes('\0'),
};

export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64');
}

/** Decodes a cursor strictly: it must re-encode to itself and hold a key of the expected kind. */
export function decodeCursor(cursor: string, kind: CursorKey): string {
  const key = Buffer.from(cursor, 'base64').toString('utf8');
  if (encodeCursor(key) !== cursor || !KEY_CHECKS[kind](key)) {
    const shown = cursor.length > 60 ? `${cursor.slice(0, 60)}…` : cursor;
    throw new LittoralError('INPUT_INVALID', `after "${shown}" is not a cursor of this list; pass the endCursor or an edge cursor returned by the previous page`, { argument: 'after' });
  }
  return key;
}

/** Checks `first` and `after`; throws INPUT_INVALID naming the argument. */
export function toPageRequest(args: PageArgs, kind: CursorKey): PageRequest {
  const limit = args.first ?? DEFAULT_PAGE_SIZE;
  if (limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new LittoralError('INPUT_INVALID', `first must be between 0 and ${MAX_PAGE_SIZE} (got ${limit}); page through larger results with after`, { argument: 'first', max: MAX_PAGE_SIZE });
  }
  return { limit, afterKey: args.after == null ? null : decodeCursor(args.after, kind) };
}

@ObjectType('PageInfo')
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; null on an empty page' }) endCursor!: string | null;
}

export interface ConnectionShape<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: PageInfo;
  totalCount?: number;
}

/** Builds `<Name>Edge` and an abstract connection class to extend as `<Name>Connection`. */
export function Connection<N>(nodeType: Type<N>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field() cursor!: string;
    @Field(() => nodeType) node!: N;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType implements ConnectionShape<N> {
    @Field(() => [Edge]) edges!: Edge[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Items matching the filter, over all pages' }) totalCount?: number;
  }
  return ConnectionType;
}

/** Maps a database page to a connection; `keyOf` gives the key the cursor carries. */
export function toConnection<R, N>(page: Page<R>, keyOf: (row: R) => string, map: (row: R) => N): ConnectionShape<N> {
  const edges = page.rows.map((row) => ({ cursor: encodeCursor(keyOf(row)), node: map(row) }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: page.totalCount,
  };
}
