import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Did the query select `name` directly on this field's result (through
 * fragments too)? Used to skip `count(*)` when nobody asked for totalCount.
 * @skip/@include are not evaluated: a conditional selection counts as selected.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name;
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}
