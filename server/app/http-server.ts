import type http from "node:http";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { RequestLimits } from "../config/config";
import type { StatementCounter } from "../db/statement-counter";
import type { Authenticator } from "../shared/auth";
import { declaredCost } from "../shared/cost";
import type { Logger } from "../shared/logger";
import { downloadRoutes } from "./download-routes";
import type { ErrorWording } from "./format-error";
import { graphqlHttpHandler } from "./graphql-http-handler";
import { graphqlWsHandler } from "./graphql-ws-handler";
import type { BoundPort } from "./http-port";
import type { PlatformMetrics } from "./metrics";
import { contextFactory } from "./operation-context";
import { operationalRoutes } from "./operational-routes";
import { queryShapeRule } from "./query-safety";
import type { RateLimiter } from "./rate-limiter";
import type { Services } from "./services";
import { uploadGate } from "./upload-gate";
import type { WebAppOptions } from "./web-app-routes";

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: Services;
  authenticator: Authenticator;
  rateLimiter: RateLimiter;
  limits: RequestLimits;
  introspection: boolean;
  /** Hashes of the trusted documents, when enforced. */
  trustedDocuments: Set<string> | null;
  /** Texts of the operations run compiled (the client SDK's); all others run on graphql-js. */
  compiledDocuments: string[];
  /** The port, bound already (see bindPort). */
  bound: BoundPort;
  development: boolean;
  /** Whether error answers carry stack traces: off unless an operator enables it (EXPOSE_STACK_TRACES). */
  exposeStackTraces: boolean;
  statements: StatementCounter;
  reportSqlStatements: boolean;
  logger: Logger;
  metrics: PlatformMetrics;
  /** Readiness: whether this instance should receive traffic, and why not. */
  readiness: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  shutdownGraceMs: number;
  wsKeepAliveMs: number;
  webApp: Omit<WebAppOptions, "refuse">;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves GraphQL over HTTP and graphql-ws at /graphql, and the operational routes and downloads
 * beside it, on the bound port. Composes the handlers only: GraphQL over HTTP
 * (graphql-http-handler.ts), over WebSocket (graphql-ws-handler.ts), uploads (upload-gate.ts),
 * downloads (download-routes.ts), the rest (operational-routes.ts). Both transports authenticate,
 * rate-limit and bound the size and cost of every operation alike.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { services, limits, schema, authenticator, rateLimiter, metrics } = options;
  const wording: ErrorWording = { development: options.development, logger: options.logger };
  const contextFor = contextFactory(services);
  const shapeRule = queryShapeRule({
    maxDepth: limits.maxDepth,
    maxSelections: limits.maxRecursiveSelections,
    maxRootFields: limits.maxRootFields,
    maxAliases: limits.maxAliases,
  });
  let accepting = true;

  const ws = graphqlWsHandler({
    server: options.bound.server,
    schema,
    authenticator,
    contextFor,
    checks: { rules: [shapeRule], limits, rateLimiter, trustedDocuments: options.trustedDocuments },
    services,
    wording,
    metrics,
    maxPayload: limits.maxBodyBytes,
    keepAliveMs: options.wsKeepAliveMs,
  });
  const graphql = await graphqlHttpHandler({
    schema,
    authenticator,
    contextFor,
    rateLimiter,
    limits,
    shapeRule,
    trustedDocuments: options.trustedDocuments,
    compiledDocuments: options.compiledDocuments,
    introspection: options.introspection,
    exposeStackTraces: options.exposeStackTraces,
    sqlStatements: options.reportSqlStatements ? options.statements : null,
    services,
    wording,
    metrics,
    drain: {
      server: options.bound.server,
      graceMs: options.shutdownGraceMs,
      also: () => ws.dispose(),
    },
  });
  const app = express();
  app.use(
    operationalRoutes({
      readiness: options.readiness,
      accepting: () => accepting,
      metrics: metrics.registry,
      webApp: options.webApp,
      wording,
    }),
  );
  // A download costs what the monitoring report query costs: both read a whole report's worth.
  const reportCost = declaredCost(schema.getQueryType()!.getFields().monitoringReport)?.value ?? 1;
  app.use(downloadRoutes({ authenticator, rateLimiter, cost: reportCost, services, wording }));
  // Counting follows the async context, which costs every promise a hook: only when reported.
  const counter = options.reportSqlStatements ? options.statements : null;
  // An upload (multipart) to /graphql goes through Express, its file read only once admitted (see uploadGate).
  app.use(
    "/graphql",
    ...(counter
      ? [
          (_req: express.Request, _res: express.Response, next: express.NextFunction) =>
            counter.run(next),
        ]
      : []),
    uploadGate({ schema, authenticator, maxBodyBytes: limits.maxBodyBytes, wording }),
    (req: express.Request, res: express.Response) => graphql.serve(req, res),
  );

  // JSON requests to /graphql skip Express (see graphqlOverHttp); uploads and every other route use it.
  const serveJson: http.RequestListener = counter
    ? (req, res) => counter.run(() => graphql.serve(req, res))
    : graphql.serve;
  options.bound.serve((req, res) => {
    if ((req.url === "/graphql" || req.url?.startsWith("/graphql?")) && !isMultipart(req))
      serveJson(req, res);
    else app(req, res);
  });
  return {
    url: options.bound.url,
    port: options.bound.port,
    close: async () => {
      // Readiness answers 503 from now on (a load balancer probing in the grace period stops sending);
      // WebSocket clients are told to reconnect elsewhere; Apollo stops accepting and waits for in-flight requests.
      accepting = false;
      ws.drain();
      await graphql.stop();
    },
  };
}

const isMultipart = (req: http.IncomingMessage) =>
  /^multipart\/form-data\b/i.test(req.headers["content-type"] ?? "");
