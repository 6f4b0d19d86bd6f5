import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

/**
 * Whether the query asks, below the field being resolved, for the field at `path` (through
 * fragments too), so a resolver can read a relation in the same statement as the page. A field
 * under @skip or @include counts as asked for: reading it along costs a join, never a wrong answer.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const within = (set: SelectionSetNode | undefined, rest: readonly string[]): boolean =>
    !!set &&
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD)
        return (
          s.name.value === rest[0] && (rest.length === 1 || within(s.selectionSet, rest.slice(1)))
        );
      if (s.kind === Kind.INLINE_FRAGMENT) return within(s.selectionSet, rest);
      return within(info.fragments[s.name.value]?.selectionSet, rest);
    });
  return info.fieldNodes.some((field) => within(field.selectionSet, path));
}
