import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { RequestLimits } from "../config/config";
import type { StatementCounter } from "../db/statement-counter";
import type { Authenticator, Viewer } from "../shared/auth";
import { DomainError } from "../shared/errors";
import { PersonalDataReads } from "../shared/personal-data";
import type { RequestContext } from "../shared/request-context";
import { createErrorFormatter } from "./format-error";
import { graphiqlPage } from "./graphiql-page";
import { createLoaders } from "./loaders";
import { queryShapeRule, requireAffordable } from "./query-safety";
import type { RateLimiter } from "./rate-limiter";
import type { Services } from "./services";
import { requireTrustedDocument } from "./trusted-documents";
import { validateSubscription } from "./ws-guard";

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: Services;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  limits: RequestLimits;
  introspection: boolean;
  /** Hashes of the trusted documents, when enforced. */
  trustedDocuments: Set<string> | null;
  port: number;
  development: boolean;
  statements: StatementCounter;
  reportSqlStatements: boolean;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** graphql-ws close code for a refused or expired token (its "Forbidden"). */
const WS_FORBIDDEN = 4403;

/** Errors of the request pipeline (before a resolver runs) carry their HTTP status. */
const pipelineError = (error: DomainError, status: number) =>
  new GraphQLError(error.message, { extensions: { code: error.code, http: { status } } });

/**
 * Serves GraphQL over HTTP and graphql-ws at /graphql; resolves once listening (port 0 picks a free
 * port). Both transports authenticate, rate-limit and bound the size and cost of every operation.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { services, limits } = options;
  const formatError = createErrorFormatter(options.development);
  const shapeRule = queryShapeRule(limits.maxDepth, limits.maxRecursiveSelections);
  const contextFor = (viewer: Viewer, cache: boolean): RequestContext => ({
    requestId: randomUUID(),
    viewer,
    actor: viewer.userId,
    loaders: createLoaders(services, { cache }),
    personalDataReads: new PersonalDataReads(),
    subscriptions: services.taskSubscriptions,
  });
  const app = express();
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: limits.maxBodyBytes });
  const toClient = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const f = formatError(e.toJSON(), e);
      return new GraphQLError(f.message, { path: f.path, extensions: f.extensions });
    });
  const ws = useServer<Record<string, unknown>, { viewer?: Viewer; expiry?: NodeJS.Timeout }>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        try {
          const viewer = await options.authenticator.fromAuthorization(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
          ctx.extra.viewer = viewer;
          if (viewer.expiresAt) {
            ctx.extra.expiry = setTimeout(() => ctx.extra.socket.close(WS_FORBIDDEN, "Forbidden: the token has expired"), Math.max(0, viewer.expiresAt - Date.now()));
          }
          return true;
        } catch {
          return false;
        }
      },
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      onSubscribe: async (ctx, _id, payload) => {
        const viewer = ctx.extra.viewer!;
        const refused = await validateSubscription(options.schema, payload, viewer, {
          rules: [shapeRule],
          limits,
          rateLimiter: options.rateLimiter,
          trustedDocuments: options.trustedDocuments,
        });
        return refused ? toClient(refused) : undefined;
      },
      context: (ctx) => contextFor(ctx.extra.viewer!, false),
      onError: (_ctx, _id, _payload, errors) => toClient(errors),
      onNext: async (_ctx, _id, payload, args, result) => {
        const context = args.contextValue as RequestContext;
        await services.accessLog.write(context.viewer, payload.operationName ?? null, context.personalDataReads);
        return result.errors ? { ...result, errors: toClient(result.errors) } : result;
      },
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: options.development,
    introspection: options.introspection,
    validationRules: [shapeRule],
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: async () => void (await ws.dispose()) }) },
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ request, document, operationName, contextValue }) => {
            try {
              requireTrustedDocument(options.trustedDocuments, contextValue.viewer, request.query);
            } catch (error) {
              throw error instanceof DomainError ? pipelineError(error, 403) : error;
            }
            requireAffordable(options.schema, document, request.variables ?? {}, operationName ?? undefined, limits.maxCost);
          },
          willSendResponse: async ({ response, contextValue, operationName }) => {
            await services.accessLog.write(contextValue.viewer, operationName ?? null, contextValue.personalDataReads);
            if (options.reportSqlStatements && response.body.kind === "single") {
              response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: options.statements.counted() };
            }
          },
        }),
      },
    ],
  });
  await apollo.start();

  app.use("/graphiql", graphiqlPage());
  app.use(
    "/graphql",
    (_req, _res, next) => options.statements.run(next),
    express.json({ limit: limits.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<RequestContext> => {
        let viewer: Viewer;
        try {
          viewer = await options.authenticator.fromAuthorization(req.headers.authorization);
        } catch (error) {
          throw error instanceof DomainError ? pipelineError(error, 401) : error;
        }
        try {
          await options.rateLimiter.hit(viewer.userId);
        } catch (error) {
          throw error instanceof DomainError ? pipelineError(error, 429) : error;
        }
        return contextFor(viewer, true);
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(options.port, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    close: () => apollo.stop(),
  };
}
