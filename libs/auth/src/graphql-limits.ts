import {
  GraphQLError, Kind, getNamedType, getNullableType, isInterfaceType, isListType, isObjectType,
  type FieldNode, type GraphQLField, type GraphQLNamedType, type OperationDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule,
} from 'graphql';
import { LittoralError } from '@littoral/contracts';

/** How much one GraphQL document may ask for; checked during validation, before any resolver runs. */
export interface GraphqlLimits {
  /**
   * Deepest field nesting, e.g. `{ a { b { c } } }` is 3. 15 is the depth of
   * graphql-js's standard introspection query; data queries of the node and
   * the hub nest at most 6 deep.
   */
  maxDepth: number;
  /** Aliased fields per operation, fragments expanded. */
  maxAliases: number;
  /** Estimated cost per operation: every field counts once per item it may be fetched for (see {@link queryLimitsRule}). */
  maxCost: number;
  /** Lexical tokens of the document, checked by the parser (Apollo `parseOptions.maxTokens`). */
  maxTokens: number;
  /** The largest page (`first`) a list field accepts: what a `first: $variable` is costed at. */
  maxPageSize: number;
  /** What a list field without a page argument is costed at. */
  listSize: number;
}

/** Limits for the node's and the hub's APIs; legitimate queries stay far below them. */
export const DEFAULT_GRAPHQL_LIMITS: Readonly<GraphqlLimits> = Object.freeze({
  maxDepth: 15,
  maxAliases: 30,
  // One full page (500) of the node's richest list, samples with counts and concentrations, costs about 77 000.
  maxCost: 100_000,
  maxTokens: 3_000,
  maxPageSize: 500,
  listSize: 10,
});

/** Why a document was refused; sent in `extensions.details.reason` with code INPUT_INVALID. */
export type QueryLimitReason = 'QUERY_TOO_DEEP' | 'TOO_MANY_ALIASES' | 'QUERY_TOO_COSTLY' | 'QUERY_TOO_LARGE';

/** INPUT_INVALID with the limit that was exceeded. */
export function queryLimitError(reason: QueryLimitReason, message: string, limit: number): LittoralError {
  return new LittoralError('INPUT_INVALID', message, { reason, limit });
}

const PAGE_ARGUMENTS = new Set(['first', 'last', 'limit']);

/**
 * A validation rule refusing, per operation, a document nested deeper than
 * `maxDepth`, with more than `maxAliases` aliases, or whose estimated cost
 * exceeds `maxCost`. Cost: each field adds the number of items it may be
 * fetched for. A list field multiplies that number for its sub-fields by its
 * page size (`first`, `last` or `limit`: a literal, else `maxPageSize` for a
 * variable, else the argument's default); a connection's page size applies to
 * the first list below it (its edges); any other list counts as `listSize`. Fragments are expanded; the walk stops at the first limit
 * passed, so a fragment bomb costs no more than `maxCost` steps.
 */
export function queryLimitsRule(limits: GraphqlLimits = DEFAULT_GRAPHQL_LIMITS): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation: OperationDefinitionNode) {
      const error = new OperationWalk(context, limits).run(operation);
      if (error) context.reportError(new GraphQLError(error.message, { nodes: [operation], originalError: error }));
      return false;
    },
  });
}

class OperationWalk {
  private aliases = 0;
  private cost = 0;
  private exceeded: LittoralError | null = null;
  private readonly expanding = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly limits: GraphqlLimits,
  ) {}

  run(operation: OperationDefinitionNode): LittoralError | null {
    const root = this.context.getSchema().getRootType(operation.operation) ?? undefined;
    this.walk(operation.selectionSet, root, 1, 1, null);
    return this.exceeded;
  }

  /** `page`: a page size given above and not yet applied to a list (a connection's `first` applies to its edges). */
  private walk(set: SelectionSetNode, parent: GraphQLNamedType | undefined, depth: number, items: number, page: number | null): void {
    for (const selection of set.selections) {
      if (this.exceeded) return;
      if (selection.kind === Kind.FIELD) {
        this.field(selection, parent, depth, items, page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.context.getSchema().getType(selection.typeCondition.name.value) : parent;
        this.walk(selection.selectionSet, type ?? undefined, depth, items, page);
      } else {
        const name = selection.name.value;
        const fragment = this.context.getFragment(name);
        // A cycle is reported by the standard NoFragmentCycles rule; here it just ends.
        if (!fragment || this.expanding.has(name)) continue;
        this.expanding.add(name);
        this.walk(fragment.selectionSet, this.context.getSchema().getType(fragment.typeCondition.name.value) ?? undefined, depth, items, page);
        this.expanding.delete(name);
      }
    }
  }

  private field(node: FieldNode, parent: GraphQLNamedType | undefined, depth: number, items: number, page: number | null): void {
    const { maxDepth, maxAliases, maxCost } = this.limits;
    if (depth > maxDepth) {
      this.exceeded = queryLimitError('QUERY_TOO_DEEP', `The query nests fields more than ${maxDepth} levels deep; ask for less nested data`, maxDepth);
      return;
    }
    if (node.alias && ++this.aliases > maxAliases) {
      this.exceeded = queryLimitError('TOO_MANY_ALIASES', `The query uses more than ${maxAliases} aliases; send several smaller queries`, maxAliases);
      return;
    }
    this.cost += items;
    if (this.cost > maxCost) {
      this.exceeded = queryLimitError('QUERY_TOO_COSTLY', `The query may fetch too much (estimated cost above ${maxCost}); ask for smaller pages (first) or fewer fields`, maxCost);
      return;
    }
    if (!node.selectionSet) return;
    const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    const isList = definition !== undefined && isListType(getNullableType(definition.type));
    const own = this.pageSize(node, definition);
    let below = page;
    let factor = 1;
    if (own !== null) {
      // A paged list counts its page now; a connection passes the page down to its edges.
      if (isList) factor = own;
      below = isList ? null : own;
    } else if (isList) {
      factor = page ?? this.limits.listSize;
      below = null;
    }
    this.walk(node.selectionSet, definition ? getNamedType(definition.type) : undefined, depth + 1, items * factor, below);
  }

  /** The page size a field asks for through `first`, `last` or `limit`, or null if it has no such argument. */
  private pageSize(node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number | null {
    const given = node.arguments?.find((a) => PAGE_ARGUMENTS.has(a.name.value));
    if (given) {
      if (given.value.kind === Kind.INT) return Math.max(1, Number.parseInt(given.value.value, 10));
      if (given.value.kind === Kind.VARIABLE) return this.limits.maxPageSize;
      return 1; // null or a wrong kind: the standard rules or the resolver refuse it
    }
    const declared = definition?.args.find((a) => PAGE_ARGUMENTS.has(a.name));
    if (!declared) return null;
    return typeof declared.defaultValue === 'number' ? Math.max(1, declared.defaultValue) : this.limits.maxPageSize;
  }
}
