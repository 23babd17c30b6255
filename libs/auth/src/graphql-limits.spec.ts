import { buildSchema, getIntrospectionQuery, parse, validate, specifiedRules } from 'graphql';
import { DEFAULT_GRAPHQL_LIMITS, queryLimitsRule, type GraphqlLimits } from './graphql-limits.js';

const schema = buildSchema(`
  type Query {
    datasets(first: Int = 50): DatasetConnection!
    nodes: [Node!]!
    records(limit: Int): [Record!]!
    me: Person
  }
  type Mutation { revoke(id: ID!): Node! }
  type DatasetConnection { totalCount: Int! edges: [Edge!]! }
  type Edge { cursor: String! node: Dataset! }
  type Dataset { id: ID! title: String! themes: [String!]! }
  type Node { country: String! keys: [Key!]! }
  type Key { kid: String! }
  type Record { id: ID! }
  type Person { name: String! friend: Person }
`);

function check(query: string, limits: Partial<GraphqlLimits> = {}) {
  const errors = validate(schema, parse(query), [...specifiedRules, queryLimitsRule({ ...DEFAULT_GRAPHQL_LIMITS, ...limits })]);
  return errors.map((e) => {
    const original = e.originalError as { code?: string; details?: { reason?: string } } | undefined;
    return `${original?.code ?? 'GRAPHQL'}:${original?.details?.reason ?? e.message}`;
  });
}

const nest = (n: number) => `{ me { ${'friend { '.repeat(n - 2)}name${' }'.repeat(n - 2)} } }`;

describe('queryLimitsRule', () => {
  it('accepts ordinary queries, the standard introspection query and one full page', () => {
    expect(check('{ datasets { totalCount edges { cursor node { id title themes } } } nodes { country keys { kid } } }')).toEqual([]);
    expect(check(getIntrospectionQuery())).toEqual([]);
    expect(check('{ datasets(first: 500) { edges { cursor node { id title themes } } } }')).toEqual([]);
  });

  it('counts depth through fragments and refuses beyond maxDepth', () => {
    expect(check(nest(15))).toEqual([]);
    expect(check(nest(16))).toEqual(['INPUT_INVALID:QUERY_TOO_DEEP']);
    expect(check('{ me { ...F } } fragment F on Person { friend { friend { name } } }', { maxDepth: 3 })).toEqual(['INPUT_INVALID:QUERY_TOO_DEEP']);
  });

  it('counts aliases, also inside fragments spread several times', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: nodes { country }`).join(' ');
    expect(check(`{ ${aliases(30)} }`)).toEqual([]);
    expect(check(`{ ${aliases(31)} }`)).toEqual(['INPUT_INVALID:TOO_MANY_ALIASES']);
    expect(check(`{ ...F ...G } fragment F on Query { ${aliases(3)} } fragment G on Query { ...F }`, { maxAliases: 5 })).toEqual(['INPUT_INVALID:TOO_MANY_ALIASES']);
    expect(check(`mutation { ${Array.from({ length: 31 }, (_, i) => `r${i}: revoke(id: "x") { country }`).join(' ')} }`)).toEqual(['INPUT_INVALID:TOO_MANY_ALIASES']);
  });

  it('costs a connection by its page size once (edges), and lists without a page by listSize', () => {
    const limits = { maxCost: 1000 };
    // datasets 1 + totalCount 1 + edges 1 + 100 × (node 1 + id 1) = 203
    expect(check('{ datasets(first: 100) { totalCount edges { node { id } } } }', { maxCost: 203 })).toEqual([]);
    expect(check('{ datasets(first: 100) { totalCount edges { node { id } } } }', { maxCost: 202 })).toEqual(['INPUT_INVALID:QUERY_TOO_COSTLY']);
    // nodes 1 + 10 × (country 1 + keys 1 + 10 × kid 1) = 121
    expect(check('{ nodes { country keys { kid } } }', { maxCost: 121 })).toEqual([]);
    expect(check('{ nodes { country keys { kid } } }', { maxCost: 120 })).toEqual(['INPUT_INVALID:QUERY_TOO_COSTLY']);
    // A variable page size costs as the largest page; the default applies when none is given.
    expect(check('query ($n: Int) { records(limit: $n) { id } }', limits)).toEqual([]);
    expect(check('query ($n: Int) { records(limit: $n) { id } }', { maxCost: 500 })).toEqual(['INPUT_INVALID:QUERY_TOO_COSTLY']);
    expect(check('{ datasets { edges { node { id } } } }', { maxCost: 102 })).toEqual([]);
  });

  it('stops a fragment bomb after maxCost steps', () => {
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join(' ');
    const started = Date.now();
    expect(check(`{ ...F30 } fragment F0 on Query { me { name } } ${levels}`)).toContain('INPUT_INVALID:QUERY_TOO_COSTLY');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('leaves fragment cycles to the standard rule', () => {
    expect(check('{ me { ...A } } fragment A on Person { friend { ...B } } fragment B on Person { friend { ...A } }')).toEqual([
      'GRAPHQL:Cannot spread fragment "A" within itself via "B".',
    ]);
  });
});
