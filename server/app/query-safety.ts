import {
  GraphQLError,
  getNamedType,
  getNullableType,
  getOperationAST,
  isListType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationRule,
} from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { getComplexity, simpleEstimator, type ComplexityEstimator } from "graphql-query-complexity";
import { DEFAULT_PAGE_SIZE } from "../shared/pagination";

/** Rough size of a list without a page size (members of a household, history of a task, wards). */
const ASSUMED_LIST_SIZE = 25;

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });

/**
 * Rejects operations nested deeper than `maxDepth` or selecting more than `maxSelections` fields
 * in all (fragments counted each time they are spread), before anything runs.
 */
export function queryShapeRule(maxDepth: number, maxSelections: number): ValidationRule {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of context.getDocument().definitions) if (d.kind === "FragmentDefinition") fragments.set(d.name.value, d);
    return {
      OperationDefinition(operation) {
        let selections = 0;
        let deepest = 0;
        const walk = (set: SelectionSetNode | undefined, depth: number, spreading: Set<string>): boolean => {
          for (const s of set?.selections ?? []) {
            if (s.kind === "Field") {
              selections += 1;
              deepest = Math.max(deepest, depth);
              if (selections > maxSelections || deepest > maxDepth) return false;
              if (!walk(s.selectionSet, depth + 1, spreading)) return false;
            } else if (s.kind === "InlineFragment") {
              if (!walk(s.selectionSet, depth, spreading)) return false;
            } else if (!spreading.has(s.name.value)) {
              const next = new Set(spreading).add(s.name.value);
              if (!walk(fragments.get(s.name.value)?.selectionSet, depth, next)) return false;
            }
          }
          return true;
        };
        walk(operation.selectionSet, 1, new Set());
        if (deepest > maxDepth) context.reportError(tooComplex(`the operation is nested deeper than ${maxDepth} levels`));
        else if (selections > maxSelections) context.reportError(tooComplex(`the operation selects more than ${maxSelections} fields`));
      },
    };
  };
}

/** A page field costs its page size times its rows; a plain list an assumed 25 times its items. */
const pageAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (typeof args.first === "number") return 1 + childComplexity * args.first;
  if ("first" in Object.fromEntries(field.args.map((a) => [a.name, a]))) return 1 + childComplexity * DEFAULT_PAGE_SIZE;
  if (field.name === "edges") return childComplexity;
  if (isListType(getNullableType(field.type)) && getNamedType(field.type)) return 1 + childComplexity * ASSUMED_LIST_SIZE;
  return undefined;
};

/**
 * Throws QUERY_TOO_COMPLEX when the operation's estimated cost exceeds `maxCost`. Variables that do
 * not fit the operation are left for execution to report as BAD_USER_INPUT.
 */
export function requireAffordable(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined, maxCost: number): void {
  const cost = costOf(schema, document, variables, operationName);
  if (cost !== null && cost > maxCost) throw tooComplex(`the operation's estimated cost ${cost} exceeds ${maxCost}; ask for smaller pages or fewer nested lists`);
}

/** A number per parsed document (Apollo hands the same object for the same text), so costs can be kept by it. */
const documentIds = new WeakMap<DocumentNode, number>();
let lastDocumentId = 0;
/** Costs by document, operation and variables; the least recently used go first beyond the bound. */
const knownCosts = new Map<string, number>();
const KNOWN_COSTS = 10_000;
const LONGEST_COST_KEY = 1024;

/** The operation's cost; null when its variables do not fit it. Apps repeat a few operations: each is costed once. */
function costOf(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number | null {
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
  if (!operation || getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors) return null;
  const cost = getComplexity({
    schema,
    query: document,
    variables,
    operationName,
    estimators: [pageAwareEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  if (key.length <= LONGEST_COST_KEY) {
    if (knownCosts.size >= KNOWN_COSTS) knownCosts.delete(knownCosts.keys().next().value!);
    knownCosts.set(key, cost);
  }
  return cost;
}
