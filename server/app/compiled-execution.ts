import type { ApolloServerOptionsWithGateway, BaseContext } from "@apollo/server";
import { execute, GraphQLError, type ExecutionResult, type GraphQLSchema } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";

type Gateway = ApolloServerOptionsWithGateway<BaseContext>["gateway"];
type Executor = (request: {
  source: string;
  document: Parameters<typeof execute>[0]["document"];
  operationName: string | null;
  context: unknown;
  request: { variables?: Record<string, unknown> };
}) => Promise<ExecutionResult>;

/** Which executor ran an operation: a compiled trusted document, or graphql-js. */
export type ExecutorKind = "compiled" | "graphql-js";

/**
 * Runs the client SDK's operations (the trusted documents: a fixed manifest of texts) through
 * graphql-jit, each compiled once on first use into a function specialised to its selection —
 * about half of graphql-js's per-field work disappears — and every other operation (an analyst's
 * ad-hoc query) through graphql-js. Both call the same resolvers with the same context, so
 * authorisation, scoping, cost and the access log are the schema's and the services' as before.
 * A document graphql-jit cannot compile stays on graphql-js.
 */
export function trustedDocumentExecutor(
  schema: GraphQLSchema,
  trustedTexts: Iterable<string>,
  ran: (kind: ExecutorKind) => void,
): Executor {
  const compiled = new Map<string, CompiledQuery | null | undefined>();
  for (const text of trustedTexts) compiled.set(text, undefined);
  return async (request) => {
    const key = request.source;
    let query = compiled.get(key);
    if (query === undefined && compiled.has(key)) {
      const result = compileQuery(schema, request.document, request.operationName ?? undefined);
      query = isCompiledQuery(result) ? result : null;
      compiled.set(key, query);
    }
    if (query) {
      ran("compiled");
      const result = await query.query(undefined, request.context, request.request.variables ?? {});
      return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
    }
    ran("graphql-js");
    return execute({
      schema,
      document: request.document,
      contextValue: request.context,
      variableValues: request.request.variables,
      operationName: request.operationName ?? undefined,
    });
  };
}

/**
 * graphql-jit's errors are GraphQLErrors without `extensions` (which Apollo's error handling reads)
 * that graphql-js would make with them; the same error as graphql-js makes it, keeping the
 * resolver's own error (a DomainError) for the formatter.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
  });
  return Object.assign(made, { locations: error.locations });
}

/**
 * Apollo Server's one way to take another executor: a gateway that serves a fixed schema (no
 * federation is involved) and hands over `executor`.
 */
export function fixedSchemaGateway(schema: GraphQLSchema, executor: Executor): Gateway {
  return {
    load: async () => ({ executor: executor as never }),
    onSchemaLoadOrUpdate: (callback) => {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    stop: async () => undefined,
  };
}
