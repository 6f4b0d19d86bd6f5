import type http from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import {
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";
import type { RequestLimits } from "../config/config";
import type { StatementCounter } from "../db/statement-counter";
import type { Authenticator } from "../shared/auth";
import { DomainError } from "../shared/errors";
import { resolveLanguage, type Language } from "../shared/i18n";
import { fixedSchemaGateway, trustedDocumentExecutor } from "./compiled-execution";
import {
  answerWithError,
  createErrorFormatter,
  httpHeadersOf,
  httpStatusOf,
  isDatabaseUnavailable,
  localized,
  toClientError,
  type ErrorWording,
} from "./format-error";
import { graphqlOverHttp } from "./graphql-over-http";
import type { PlatformMetrics } from "./metrics";
import type { ContextFor, PlatformContext } from "./operation-context";
import { requireAffordable } from "./query-safety";
import type { RateLimiter } from "./rate-limiter";
import type { Services } from "./services";
import { requireTrustedDocument } from "./trusted-documents";

export interface GraphQLHttpInput {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  contextFor: ContextFor;
  rateLimiter: RateLimiter;
  limits: RequestLimits;
  /** The query-shape rule validation adds (depth, selections, root fields, aliases). */
  shapeRule: ValidationRule;
  /** Hashes of the trusted documents, when enforced. */
  trustedDocuments: Set<string> | null;
  /** Texts of the operations run compiled (the client SDK's); all others run on graphql-js. */
  compiledDocuments: string[];
  introspection: boolean;
  /** Whether error answers carry stack traces (EXPOSE_STACK_TRACES). */
  exposeStackTraces: boolean;
  /** Reports the SQL statements counted for each request in `extensions.sqlStatements` (the caller runs requests in its scope); null: not reported. */
  sqlStatements: StatementCounter | null;
  services: Pick<Services, "accessLog">;
  wording: ErrorWording;
  metrics: Pick<PlatformMetrics, "requests" | "latency" | "executions">;
  /** What stopping drains: the HTTP server's connections (within the grace period), then `also` (the WebSocket server). */
  drain: { server: http.Server; graceMs: number; also: () => Promise<void> };
}

export interface GraphQLHttpHandler {
  /** Answers a request for /graphql (its body, if parsed already — a multipart upload's — is used as it is). */
  serve(req: http.IncomingMessage, res: http.ServerResponse): void;
  /** Stops accepting and waits for requests in flight (then drains `drain.also`). */
  stop(): Promise<void>;
}

/**
 * GraphQL over HTTP with Apollo: authenticates each request, refuses before any resolver runs an
 * operation that is untrusted, too deep or wide, too costly or over the user's budget (with its
 * HTTP status: 401, 403, 429, 503), words errors in the reader's language, writes the access log,
 * reports the budget (and counted SQL) in `extensions`, and counts and logs every operation.
 */
export async function graphqlHttpHandler(input: GraphQLHttpInput): Promise<GraphQLHttpHandler> {
  const { wording, metrics, limits } = input;
  /**
   * Runs a step of the request pipeline (before a resolver runs), its refusals — a DomainError, a
   * database out of reach — becoming errors in the request's language that carry their HTTP status.
   */
  const pipelineStep = async <T>(step: () => Promise<T>, language: Language): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof DomainError) && !isDatabaseUnavailable(error)) throw error;
      const refusal = toClientError(error, { ...wording, language });
      throw new GraphQLError(refusal.message, {
        extensions: {
          ...refusal.extensions,
          http: { status: httpStatusOf(refusal), headers: new HeaderMap(httpHeadersOf(refusal)) },
        },
      });
    }
  };
  const charge = (context: PlatformContext, cost: number) =>
    pipelineStep(() => input.rateLimiter.charge(context.actor, cost), context.requestedLanguage);

  const executor = trustedDocumentExecutor(input.schema, input.compiledDocuments, (kind) =>
    metrics.executions.inc({ executor: kind }),
  );
  const apollo = new ApolloServer<PlatformContext>({
    gateway: fixedSchemaGateway(input.schema, executor),
    // The platform stops on SIGTERM/SIGINT itself (server/main.ts) and closes the database after
    // Apollo; Apollo's own handlers would stop only Apollo and then re-raise the signal (exit 143).
    stopOnTerminationSignals: false,
    formatError: createErrorFormatter(wording.development, wording.logger),
    includeStacktraceInErrorResponses: input.exposeStackTraces,
    introspection: input.introspection,
    validationRules: [input.shapeRule],
    plugins: [
      // Apollo installs these unless told not to: cache hints wrap every field's resolver (we set
      // none; graphqlOverHttp says no-store itself), and the default landing page loads Apollo's
      // sandbox from a CDN (ours is /graphiql).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({
        httpServer: input.drain.server,
        stopGracePeriodMillis: input.drain.graceMs,
      }),
      { serverWillStart: async () => ({ drainServer: input.drain.also }) },
      {
        requestDidStart: async () => {
          const started = process.hrtime.bigint();
          return {
            didResolveOperation: async ({ request, document, operationName, contextValue }) => {
              await pipelineStep(
                async () =>
                  requireTrustedDocument(
                    input.trustedDocuments,
                    contextValue.viewer,
                    request.query,
                  ),
                contextValue.requestedLanguage,
              );
              // Charged only once it is known to be affordable: an operation refused for its shape or cost runs no SQL at all.
              const cost = requireAffordable(
                input.schema,
                document,
                request.variables ?? {},
                operationName ?? undefined,
                limits.maxCost,
              );
              contextValue.rateLimit = await charge(contextValue, cost);
            },
            willSendResponse: async ({
              response,
              contextValue,
              operationName,
              operation,
              errors,
            }) => {
              await input.services.accessLog.write(
                contextValue.actor,
                operationName ?? null,
                contextValue.personalDataReads,
              );
              if (response.body.kind === "single") {
                const failures = response.body.singleResult.errors;
                if (failures?.length) {
                  // An operation refused before it was charged (its shape, cost or budget) reaches no database, not even for the user's language.
                  const language = contextValue.rateLimit
                    ? await contextValue.language()
                    : contextValue.requestedLanguage;
                  response.body.singleResult.errors = failures.map((e) => localized(e, language));
                }
                const extensions = { ...response.body.singleResult.extensions };
                if (contextValue.rateLimit)
                  extensions.rateLimit = {
                    ...contextValue.rateLimit,
                    resetAt: contextValue.rateLimit.resetAt.toISOString(),
                  };
                if (input.sqlStatements) extensions.sqlStatements = input.sqlStatements.counted();
                if (Object.keys(extensions).length > 0)
                  response.body.singleResult.extensions = extensions;
              }
              const label = operationLabel(operation);
              const outcome = String(
                (response.body.kind === "single"
                  ? response.body.singleResult.errors?.[0]?.extensions?.code
                  : undefined) ?? (errors?.length ? "ERROR" : "ok"),
              );
              const seconds = Number(process.hrtime.bigint() - started) / 1e9;
              metrics.requests.inc({ operation: label, outcome });
              metrics.latency.observe({ operation: label }, seconds);
              wording.logger.info(
                {
                  requestId: contextValue.requestId,
                  operation: label,
                  operationName,
                  role: contextValue.viewer?.role,
                  outcome,
                  ms: Math.round(seconds * 1000),
                },
                "graphql",
              );
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const graphql = graphqlOverHttp(
    apollo,
    async (req): Promise<PlatformContext> => {
      const requested = req.headers["accept-language"];
      const viewer = await pipelineStep(
        () => input.authenticator.fromAuthorization(req.headers.authorization),
        resolveLanguage(requested),
      );
      return input.contextFor(viewer, { cache: true, requestedLanguage: requested });
    },
    limits.maxBodyBytes,
  );
  return {
    serve: (req, res) =>
      void graphql(req, res).catch((error) => answerWithError(req, res, error, wording)),
    stop: () => apollo.stop(),
  };
}

/** `<type>.<first root field>`: bounded by the schema, unlike the client's operation name. */
function operationLabel(operation: OperationDefinitionNode | undefined): string {
  const first = operation?.selectionSet.selections.find((s) => s.kind === "Field");
  return operation && first?.kind === "Field"
    ? `${operation.operation}.${first.name.value}`
    : "unparsed";
}
