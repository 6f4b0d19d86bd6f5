import {
  GraphQLError,
  getIntrospectionQuery,
  getNullableType,
  getOperationAST,
  isListType,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { declaredCost } from "../shared/cost";
import { translate, type MessageParams } from "../shared/i18n";
import { DEFAULT_PAGE_SIZE } from "../shared/pagination";

/** Rough size of a list without a page size or a declared one (members of a household, history of a task). */
const ASSUMED_LIST_SIZE = 25;

/** QUERY_TOO_COMPLEX with the English message of a catalogue key (localized where the answer is sent). */
const tooComplex = ({ key, params }: { key: string; params: MessageParams }) =>
  new GraphQLError(translate("en", key, params), {
    extensions: {
      code: "QUERY_TOO_COMPLEX",
      messageKey: key,
      messageParams: params,
      http: { status: 400 },
    },
  });

/** Bounds on an operation's shape, checked before anything runs. */
export interface ShapeLimits {
  maxDepth: number;
  /** Fields in all, fragments counted each time they are spread. */
  maxSelections: number;
  /** Fields at the top of the operation: each root field is a separate entry into the database. */
  maxRootFields: number;
  /** Aliased fields in all: aliases are how one field is asked for many times over. */
  maxAliases: number;
}

/** Meta fields whose subtrees read the schema, not the database. */
const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);
/** The standard introspection query asks for `__schema` once; a tool may ask for a few types by name besides. */
const MAX_INTROSPECTION_ROOTS = 3;

interface Shape {
  deepest: number;
  deepestIntrospection: number;
  selections: number;
  rootFields: number;
  aliases: number;
  introspectionRoots: number;
}

/**
 * The shape of an operation, walking fragments as they are spread. Depth inside `__schema` and
 * `__type` is measured apart from the rest, so introspection can get an allowance of its own.
 * Stops early once `stop` says a bound is passed.
 */
function shapeOf(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  stop: (shape: Shape) => boolean,
): Shape {
  const shape: Shape = {
    deepest: 0,
    deepestIntrospection: 0,
    selections: 0,
    rootFields: 0,
    aliases: 0,
    introspectionRoots: 0,
  };
  const walk = (
    set: SelectionSetNode | undefined,
    depth: number,
    introspecting: boolean,
    spreading: Set<string>,
  ): boolean => {
    for (const s of set?.selections ?? []) {
      if (s.kind === "Field") {
        const inIntrospection = introspecting || INTROSPECTION_ROOTS.has(s.name.value);
        shape.selections += 1;
        if (depth === 1) shape.rootFields += 1;
        if (s.alias) shape.aliases += 1;
        if (INTROSPECTION_ROOTS.has(s.name.value)) shape.introspectionRoots += 1;
        if (inIntrospection)
          shape.deepestIntrospection = Math.max(shape.deepestIntrospection, depth);
        else shape.deepest = Math.max(shape.deepest, depth);
        if (stop(shape) || !walk(s.selectionSet, depth + 1, inIntrospection, spreading))
          return false;
      } else if (s.kind === "InlineFragment") {
        if (!walk(s.selectionSet, depth, introspecting, spreading)) return false;
      } else if (!spreading.has(s.name.value)) {
        const next = new Set(spreading).add(s.name.value);
        if (!walk(fragments.get(s.name.value)?.selectionSet, depth, introspecting, next))
          return false;
      }
    }
    return true;
  };
  walk(selectionSet, 1, false, new Set());
  return shape;
}

const fragmentsOf = (document: DocumentNode) =>
  new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === "FragmentDefinition")
      .map((d) => [d.name.value, d]),
  );

/**
 * How deep the standard introspection query (every option graphql-js offers, a superset of what
 * GraphiQL sends) nests: its type references unwrap `ofType` several times over. Introspection
 * may go this deep and no deeper, whatever the limit for data.
 */
export const STANDARD_INTROSPECTION_DEPTH = (() => {
  const document = parse(
    getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    }),
  );
  const operation = document.definitions.find((d) => d.kind === "OperationDefinition")!;
  return shapeOf(operation.selectionSet, fragmentsOf(document), () => false).deepestIntrospection;
})();

/**
 * Rejects, before anything runs, operations nested deeper than `maxDepth`, selecting more than
 * `maxSelections` fields in all, more than `maxRootFields` root fields or more than `maxAliases`
 * aliases. Introspection's allowance is the standard introspection query's shape: as deep as it,
 * and a few `__schema` / `__type` fields at most.
 */
export function queryShapeRule(limits: ShapeLimits): ValidationRule {
  const introspectionDepth = Math.max(limits.maxDepth, STANDARD_INTROSPECTION_DEPTH);
  const passed = (shape: Shape): { key: string; params: MessageParams } | null => {
    if (shape.deepest > limits.maxDepth)
      return { key: "error.query.depth", params: { max: limits.maxDepth } };
    if (shape.deepestIntrospection > introspectionDepth)
      return { key: "error.query.introspectionDepth", params: { max: introspectionDepth } };
    if (shape.introspectionRoots > MAX_INTROSPECTION_ROOTS)
      return { key: "error.query.introspectionRoots", params: { max: MAX_INTROSPECTION_ROOTS } };
    if (shape.selections > limits.maxSelections)
      return { key: "error.query.selections", params: { max: limits.maxSelections } };
    if (shape.rootFields > limits.maxRootFields)
      return { key: "error.query.rootFields", params: { max: limits.maxRootFields } };
    if (shape.aliases > limits.maxAliases)
      return { key: "error.query.aliases", params: { max: limits.maxAliases } };
    return null;
  };
  return (context) => {
    const fragments = fragmentsOf(context.getDocument());
    return {
      OperationDefinition(operation) {
        const refusal = passed(
          shapeOf(operation.selectionSet, fragments, (shape) => passed(shape) !== null),
        );
        if (refusal) context.reportError(tooComplex(refusal));
      },
    };
  };
}

/**
 * A field costs what it declares (`@Cost`, default 1) plus what is selected inside it times the
 * rows it stands for: a page's `first` (or the default page size), a list's declared or assumed
 * size. Introspection reads the schema in memory: it costs nothing here, and the shape rule bounds it.
 */
const declaredCostEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name.startsWith("__") || field.name.startsWith("__")) return 0;
  if (field.name === "edges") return childComplexity;
  const declared = declaredCost(field);
  const own = declared?.value ?? 1;
  if (typeof args.first === "number") return own + childComplexity * args.first;
  if (field.args.some((a) => a.name === "first")) return own + childComplexity * DEFAULT_PAGE_SIZE;
  if (isListType(getNullableType(field.type)))
    return own + childComplexity * (declared?.assumedSize ?? ASSUMED_LIST_SIZE);
  return own + childComplexity;
};

/**
 * The operation's estimated cost. Throws QUERY_TOO_COMPLEX when it exceeds `maxCost`. Variables
 * that do not fit the operation are left for execution to report as BAD_USER_INPUT (cost 0 here).
 */
export function requireAffordable(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  maxCost: number,
): number {
  const cost = costOf(schema, document, variables, operationName);
  if (cost !== null && cost > maxCost)
    throw tooComplex({ key: "error.query.cost", params: { cost, max: maxCost } });
  return cost ?? 0;
}

/** A number per parsed document (Apollo hands the same object for the same text), so costs can be kept by it. */
const documentIds = new WeakMap<DocumentNode, number>();
let lastDocumentId = 0;
/** Costs by document, operation and variables; the least recently used go first beyond the bound. */
const knownCosts = new Map<string, number>();
const KNOWN_COSTS = 10_000;
const LONGEST_COST_KEY = 1024;

/** The operation's cost; null when its variables do not fit it. Apps repeat a few operations: each is costed once. */
function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
): number | null {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++lastDocumentId));
  const key = `${id} ${operationName ?? ""} ${JSON.stringify(variables)}`;
  const known = knownCosts.get(key);
  if (known !== undefined) {
    knownCosts.delete(key);
    knownCosts.set(key, known);
    return known;
  }
  const operation = getOperationAST(document, operationName);
  if (
    !operation ||
    getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors
  )
    return null;
  const cost = getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [declaredCostEstimator],
  });
  if (key.length <= LONGEST_COST_KEY) {
    if (knownCosts.size >= KNOWN_COSTS) knownCosts.delete(knownCosts.keys().next().value!);
    knownCosts.set(key, cost);
  }
  return cost;
}
