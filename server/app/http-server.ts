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
import type { StatementCounter } from "../db/statement-counter";
import type { RequestContext } from "../shared/request-context";
import { createErrorFormatter } from "./format-error";
import { createLoaders } from "./loaders";
import type { Services } from "./services";

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: Services;
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

// Until identity arrives (access issue), history records every change as made by this actor.
const UNIDENTIFIED_ACTOR = "unidentified";

/** Serves GraphQL over HTTP and graphql-ws at /graphql; resolves once listening (port 0 picks a free port). */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { services } = options;
  const formatError = createErrorFormatter(options.development);
  const app = express();
  const httpServer = http.createServer(app);

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const toClient = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const f = formatError(e.toJSON(), e);
      return new GraphQLError(f.message, { path: f.path, extensions: f.extensions });
    });
  const ws = useServer<Record<string, unknown>, Record<string, unknown>>(
    {
      schema: options.schema,
      context: (): RequestContext => ({
        requestId: randomUUID(),
        actor: UNIDENTIFIED_ACTOR,
        loaders: createLoaders(services, { cache: false }),
        subscriptions: services.taskSubscriptions,
      }),
      onError: (_ctx, _id, _payload, errors) => toClient(errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? { ...result, errors: toClient(result.errors) } : result),
    },
    wsServer,
  );

  const apollo = new ApolloServer<RequestContext>({
    schema: options.schema,
    formatError,
    includeStacktraceInErrorResponses: options.development,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: async () => void (await ws.dispose()) }) },
      {
        requestDidStart: async () => ({
          willSendResponse: async ({ response }) => {
            if (options.reportSqlStatements && response.body.kind === "single") {
              response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: options.statements.counted() };
            }
          },
        }),
      },
    ],
  });
  await apollo.start();

  app.use(
    "/graphql",
    (_req, _res, next) => options.statements.run(next),
    express.json({ limit: "1mb" }),
    expressMiddleware(apollo, {
      context: async (): Promise<RequestContext> => ({
        requestId: randomUUID(),
        actor: UNIDENTIFIED_ACTOR,
        loaders: createLoaders(services),
        subscriptions: services.taskSubscriptions,
      }),
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
