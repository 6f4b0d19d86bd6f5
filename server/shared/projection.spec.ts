import {
  Kind,
  parse,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLResolveInfo,
  type OperationDefinitionNode,
} from "graphql";
import { Conditions, nest, perField, selectedFields } from "./projection";

/** The resolve info of the document's first root field, as far as the projection reads it. */
function infoOf(document: string): GraphQLResolveInfo {
  const doc = parse(document);
  const operation = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    doc.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  return {
    fieldNodes: [operation.selectionSet.selections[0] as FieldNode],
    fragments,
  } as unknown as GraphQLResolveInfo;
}

describe("selectedFields", () => {
  it("merges aliases, fragments and inline fragments under the path", () => {
    const info =
      infoOf(`{ tasks { edges { node { id a: household { code } ...F ... on TaskAssignment { dueOn household { classification } } } } } }
      fragment F on TaskAssignment { status }`);
    const node = selectedFields(info, ["edges", "node"]);
    expect([...node.keys()].sort()).toEqual(["dueOn", "household", "id", "status"]);
    expect(node.get("household")).toHaveLength(2);
  });

  it("counts a field under @skip or @include as asked for, and finds nothing under a path not asked", () => {
    const info = infoOf(`query($x: Boolean!) { tasks { totalCount @include(if: $x) } }`);
    expect([...selectedFields(info).keys()]).toEqual(["totalCount"]);
    expect(selectedFields(info, ["edges", "node"]).size).toBe(0);
  });
});

describe("perField", () => {
  it("computes once per field node, again for another document's", () => {
    const compute = jest.fn((info: GraphQLResolveInfo) => info.fieldNodes[0].name.value);
    const memo = perField(compute);
    const info = infoOf(`{ tasks { edges { cursor } } }`);
    expect(memo(info)).toBe("tasks");
    expect(memo({ ...info } as GraphQLResolveInfo)).toBe("tasks");
    expect(compute).toHaveBeenCalledTimes(1);
    memo(infoOf(`{ tasks { edges { cursor } } }`));
    expect(compute).toHaveBeenCalledTimes(2);
  });
});

describe("Conditions", () => {
  it("joins conditions with AND, each in parentheses, and gathers their parameters", () => {
    const where = new Conditions()
      .andWhere("t.a = :a OR t.b = :b", { a: 1, b: 2 })
      .andWhere("t.c IS NULL");
    expect(where.whereClause()).toBe("WHERE (t.a = :a OR t.b = :b) AND (t.c IS NULL)");
    expect(where.params).toEqual({ a: 1, b: 2 });
    expect(new Conditions().whereClause()).toBe("");
  });
});

describe("nest", () => {
  it("gathers a joined relation's prefixed columns into an object", () => {
    const rows: Record<string, unknown>[] = [
      { id: "t1", "household.id": "h1", "household.code": "QN-1" },
    ];
    nest(rows, "household", ["id", "code"]);
    expect(rows[0].household).toEqual({ id: "h1", code: "QN-1" });
  });
});
