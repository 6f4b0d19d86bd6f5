import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import {
  HouseholdMatchingDocument,
  TaskCountDocument,
  WardCodesDocument,
  type HouseholdFilter,
  type TaskFilter,
} from "./operations.generated";
import type { GraphQLResponse, TestPlatform } from "./test-platform";

/** Whoever sends the operation: the platform (as ADMIN) or `api.as(identity)`. */
type Caller = Pick<TestPlatform, "graphql">;
/** The variables argument: left out when the operation has none, required when any is required. */
type VariablesArg<V> = Record<string, never> extends V ? [variables?: V] : [variables: V];

/**
 * The data of a GraphQL answer; fails the test with the errors when there are any. Given a typed
 * operation (the client SDK's, from client-sdk/src/generated/operations, or one of tests/operations,
 * from ./operations.generated), the data and variables are typed; given a string, the data is
 * `unknown` unless the caller names the shape it reads.
 */
export async function data<TData, TVariables>(
  api: Caller,
  document: TypedDocumentNode<TData, TVariables>,
  ...variables: VariablesArg<TVariables>
): Promise<TData>;
export async function data<T = unknown>(
  api: Caller,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T>;
export async function data(
  api: Caller,
  query: string | TypedDocumentNode<unknown, unknown>,
  variables?: unknown,
): Promise<unknown> {
  const res = await api.graphql(textOf(query), variables as Record<string, unknown> | undefined);
  if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  return res.data;
}

/** The whole answer to a typed operation (data, errors, HTTP status), for tests that expect errors. */
export async function answerOf<TData, TVariables>(
  api: Caller,
  document: TypedDocumentNode<TData, TVariables>,
  ...variables: VariablesArg<TVariables>
): Promise<GraphQLResponse<TData> & { status: number }> {
  return api.graphql<TData>(print(document), variables[0] as Record<string, unknown> | undefined);
}

/** The one error of a GraphQL answer, for asserting on its code. */
export async function errorOf<TData, TVariables>(
  api: Caller,
  document: TypedDocumentNode<TData, TVariables>,
  ...variables: VariablesArg<TVariables>
): Promise<GraphQLError>;
export async function errorOf(
  api: Caller,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLError>;
export async function errorOf(
  api: Caller,
  query: string | TypedDocumentNode<unknown, unknown>,
  variables?: unknown,
): Promise<GraphQLError> {
  const res = await api.graphql(textOf(query), variables as Record<string, unknown> | undefined);
  expect(res.errors).toHaveLength(1);
  return res.errors![0];
}

type GraphQLError = NonNullable<GraphQLResponse["errors"]>[number];

const textOf = (query: string | TypedDocumentNode<unknown, unknown>) =>
  typeof query === "string" ? query : print(query);

export async function latestCursor(api: TestPlatform): Promise<string> {
  return (await data<{ latestTaskEventCursor: string }>(api, `{ latestTaskEventCursor }`))
    .latestTaskEventCursor;
}

export async function countTasks(api: TestPlatform, filter: TaskFilter): Promise<number> {
  return (await data(api, TaskCountDocument, { filter })).tasks.totalCount;
}

export async function routeCity(api: TestPlatform) {
  return (
    await data<{
      routeHouseholds: {
        householdsEvaluated: number;
        createdCount: number;
        existingCount: number;
        listsTruncated: boolean;
      };
    }>(
      api,
      `mutation { routeHouseholds(filter: {}) { householdsEvaluated createdCount existingCount listsTruncated } }`,
    )
  ).routeHouseholds;
}

/** The first household matching the filter, its deprivations as their indicators. */
export async function householdWith(api: TestPlatform, filter: HouseholdFilter) {
  const res = await data(api, HouseholdMatchingDocument, { filter });
  const node = res.households.edges[0]?.node;
  if (!node) throw new Error(`no household matches ${JSON.stringify(filter)}`);
  return { ...node, deprivations: node.deprivations.map((d) => d.indicator) };
}

/** Adds a comment to a task of the ward through `api` and returns its text: a marker a subscription test can await. */
export async function commentInWard(
  api: TestPlatform,
  wardCode: string,
  text: string,
): Promise<string> {
  const wards = await data(api, WardCodesDocument);
  const wardId = wards.wards.find((w) => w.code === wardCode)!.id;
  const task = (
    await data<{ tasks: { edges: { node: { id: string; version: number } }[] } }>(
      api,
      `query($w: ID!) { tasks(first: 1, filter: { wardIds: [$w] }) { edges { node { id version } } } }`,
      { w: wardId },
    )
  ).tasks.edges[0].node;
  await data(
    api,
    `mutation($id: ID!, $v: Int!, $t: String!) { commentOnTask(id: $id, version: $v, text: $t) { id } }`,
    { id: task.id, v: task.version, t: text },
  );
  return text;
}
