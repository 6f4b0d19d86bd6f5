import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  SelectionSetNode,
} from "graphql";

/**
 * The personal-data reads of one request: which household's which fields. Resolvers of personal
 * fields record here; the request's end writes them to the access log in one statement.
 */
export class PersonalDataReads {
  private readonly byHousehold = new Map<string, Set<string>>();

  record(householdId: string, fields: Iterable<string>): void {
    const set = this.byHousehold.get(householdId) ?? new Set<string>();
    for (const f of fields) set.add(f);
    this.byHousehold.set(householdId, set);
  }

  /** Takes what was recorded so far and forgets it. */
  drain(): { householdId: string; fields: string[] }[] {
    const entries = [...this.byHousehold].map(([householdId, fields]) => ({
      householdId,
      fields: [...fields].sort(),
    }));
    this.byHousehold.clear();
    return entries;
  }
}

/** Names of the fields selected under the current field (fragments included), e.g. ["fullName", "birthYear"]. */
export function selectedFieldNames(info: GraphQLResolveInfo): string[] {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === "Field") names.add(s.name.value);
      else if (s.kind === "InlineFragment") visit(s.selectionSet);
      else
        visit((info.fragments[s.name.value] as FragmentDefinitionNode | undefined)?.selectionSet);
    }
  };
  for (const node of info.fieldNodes as FieldNode[]) visit(node.selectionSet);
  names.delete("__typename");
  return [...names];
}
