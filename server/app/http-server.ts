import { randomUUID } from "node:crypto";
import http from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import express, { type NextFunction, type Request, type Response } from "express";
import { GraphQLError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { graphqlUploadExpress } from "graphql-upload-minimal";
import { useServer } from "graphql-ws/use/ws";
import { WebSocket, WebSocketServer } from "ws";
import type { RequestLimits } from "../config/config";
import type { StatementCounter } from "../db/statement-counter";
import { MAX_FILE_BYTES, csvTemplate, xlsxTemplate } from "../modules/intake";
import { CSV_DIALECTS, REPORT_SECTIONS, reportCsv, reportXlsx, type CsvDialect } from "../modules/monitoring";
import type { Authenticator, Viewer } from "../shared/auth";
import { declaredCost } from "../shared/cost";
import { DomainError } from "../shared/errors";
import { PersonalDataReads } from "../shared/personal-data";
import type { SubscriptionContext } from "../modules/notifications";
import type { Logger } from "../shared/logger";
import { resolveLanguage, type Language } from "../shared/i18n";
import { fixedSchemaGateway, trustedDocumentExecutor } from "./compiled-execution";
import { answerWithError, createErrorFormatter, httpHeadersOf, httpStatusOf, isDatabaseUnavailable, localized, RequestRefusal, toClientError, type ErrorWording } from "./format-error";
import type { PlatformMetrics } from "./metrics";
import { graphiqlPage } from "./graphiql-page";
import { landingPage } from "./landing-page";
import { graphqlOverHttp } from "./graphql-over-http";
import type { BoundPort } from "./http-port";
import { createLoaders } from "./loaders";
import { queryShapeRule, requireAffordable } from "./query-safety";
import type { RateLimiter } from "./rate-limiter";
import type { Services } from "./services";
import { requireTrustedDocument } from "./trusted-documents";
import { answerAfterBody, rolesThatUpload } from "./upload-gate";
import { webAppRoutes, type WebAppOptions } from "./web-app-routes";
import { admitOperation } from "./ws-guard";
import { userActor } from "../shared/actor";

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

/** graphql-ws close code for a refused or expired token (its "Forbidden"). */
const WS_FORBIDDEN = 4403;
/** WebSocket close code "Service Restart": the client should reconnect (to another instance). */
const WS_SERVICE_RESTART = 1012;


/** The context every operation runs with: the shared request context, and what modules add to it. */
type PlatformContext = SubscriptionContext;


/**
 * Serves GraphQL over HTTP and graphql-ws at /graphql; resolves once listening (port 0 picks a free
 * port). Both transports authenticate, rate-limit and bound the size and cost of every operation.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const { services, limits } = options;
  const { logger, metrics } = options;
  const wording: ErrorWording = { development: options.development, logger };
  const formatError = createErrorFormatter(options.development, logger);
  let draining = false;
  const shapeRule = queryShapeRule({ maxDepth: limits.maxDepth, maxSelections: limits.maxRecursiveSelections, maxRootFields: limits.maxRootFields, maxAliases: limits.maxAliases });
  // A download costs what the monitoring report query costs: both read a whole report's worth.
  const reportCost = declaredCost(options.schema.getQueryType()!.getFields().monitoringReport)?.value ?? 1;
  const contextFor = (viewer: Viewer, cache: boolean, requestedLanguage: string | undefined): PlatformContext => ({
    requestId: randomUUID(),
    viewer,
    language: services.userSettings.languageFor(viewer.userId, requestedLanguage),
    requestedLanguage: resolveLanguage(requestedLanguage),
    actor: userActor(viewer),
    loaders: createLoaders(services, { cache }),
    personalDataReads: new PersonalDataReads(),
    subscriptions: services.taskSubscriptions,
    rateLimit: null,
  });
  const app = express();
  // JSON requests to /graphql skip Express (see graphqlOverHttp); uploads and every other route use it.
  let serveGraphQL: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  const httpServer = options.bound.server;

  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: limits.maxBodyBytes });
  // graphql-ws wraps errors thrown while a subscription runs without a path, where Apollo's
  // unwrapping does not look: hand the formatter the domain error itself.
  const toClient = (errors: readonly GraphQLError[], language: Language) =>
    errors.map((e) => {
      const f = toClientError(e.originalError instanceof DomainError ? e.originalError : e, { ...wording, rendered: e.toJSON(), language });
      return new GraphQLError(f.message, { path: f.path, extensions: f.extensions });
    });
  const ws = useServer<Record<string, unknown>, { viewer?: Viewer; language?: Language; expiry?: NodeJS.Timeout }>(
    {
      schema: options.schema,
      onConnect: async (ctx) => {
        if (draining) {
          ctx.extra.socket.close(WS_SERVICE_RESTART, "server shutting down; reconnect");
          return false;
        }
        try {
          const viewer = await options.authenticator.fromAuthorization(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
          // The socket may have closed while the token was being checked: then there is nothing to count or time.
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
          ctx.extra.viewer = viewer;
          // The connection's language, settled once: `language` of connection_init, after the user's own setting.
          const requested = ctx.connectionParams?.language;
          ctx.extra.language = await services.userSettings.languageFor(viewer.userId, typeof requested === "string" ? requested : undefined)();
          if (viewer.expiresAt) ctx.extra.expiry = closeWhenExpired(ctx.extra.socket, viewer.expiresAt);
          metrics.webSockets.inc();
          return true;
        } catch (error) {
          if (isDatabaseUnavailable(error)) ctx.extra.socket.close(WS_SERVICE_RESTART, "the database is out of reach; reconnect shortly");
          return false;
        }
      },
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        if (ctx.extra.viewer) metrics.webSockets.dec();
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Where the feed stands as the subscription arrives, before anything is awaited: one without
        // `after` starts there, so changes made while it is checked and set up reach it too.
        const arrivedAt = services.taskSubscriptions.latestCursor();
        const viewer = ctx.extra.viewer!;
        const admitted = await admitOperation(options.schema, payload, viewer, {
          rules: [shapeRule],
          limits,
          rateLimiter: options.rateLimiter,
          trustedDocuments: options.trustedDocuments,
        });
        if ("errors" in admitted) return toClient(admitted.errors, ctx.extra.language!);
        const language = ctx.extra.language!;
        const contextValue: PlatformContext = { ...contextFor(viewer, false, undefined), language: async () => language, requestedLanguage: language, rateLimit: admitted.rateLimit, arrivedAt };
        // Already parsed and validated: graphql-ws runs these arguments as they are.
        return {
          schema: options.schema,
          document: admitted.document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue,
        };
      },
      onError: (ctx, _id, _payload, errors) => toClient(errors, ctx.extra.language ?? "en"),
      onNext: async (ctx, _id, payload, args, result) => {
        const context = args.contextValue as PlatformContext;
        await services.accessLog.write(context.actor, payload.operationName ?? null, context.personalDataReads);
        return result.errors ? { ...result, errors: toClient(result.errors, ctx.extra.language!) } : result;
      },
    },
    wsServer,
    // graphql-ws pings every socket at this interval and drops those that do not answer: idle
    // subscriptions stay open through load balancers whose idle timeout is longer.
    options.wsKeepAliveMs,
  );

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
      throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: httpStatusOf(refusal), headers: new HeaderMap(httpHeadersOf(refusal)) } } });
    }
  };
  const charge = (context: PlatformContext, cost: number) => pipelineStep(() => options.rateLimiter.charge(context.actor, cost), context.requestedLanguage);

  const executor = trustedDocumentExecutor(options.schema, options.compiledDocuments, (kind) => metrics.executions.inc({ executor: kind }));
  const apollo = new ApolloServer<PlatformContext>({
    gateway: fixedSchemaGateway(options.schema, executor),
    // The platform stops on SIGTERM/SIGINT itself (server/main.ts) and closes the database after
    // Apollo; Apollo's own handlers would stop only Apollo and then re-raise the signal (exit 143).
    stopOnTerminationSignals: false,
    formatError,
    includeStacktraceInErrorResponses: options.exposeStackTraces,
    introspection: options.introspection,
    validationRules: [shapeRule],
    plugins: [
      // Apollo installs these unless told not to: cache hints wrap every field's resolver (we set
      // none; graphqlOverHttp says no-store itself), and the default landing page loads Apollo's
      // sandbox from a CDN (ours is /graphiql).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs }),
      { serverWillStart: async () => ({ drainServer: async () => void (await ws.dispose()) }) },
      {
        requestDidStart: async () => {
          const started = process.hrtime.bigint();
          return {
          didResolveOperation: async ({ request, document, operationName, contextValue }) => {
            await pipelineStep(async () => requireTrustedDocument(options.trustedDocuments, contextValue.viewer, request.query), contextValue.requestedLanguage);
            // Charged only once it is known to be affordable: an operation refused for its shape or cost runs no SQL at all.
            const cost = requireAffordable(options.schema, document, request.variables ?? {}, operationName ?? undefined, limits.maxCost);
            contextValue.rateLimit = await charge(contextValue, cost);
          },
          willSendResponse: async ({ response, contextValue, operationName, operation, errors }) => {
            await services.accessLog.write(contextValue.actor, operationName ?? null, contextValue.personalDataReads);
            if (response.body.kind === "single") {
              const failures = response.body.singleResult.errors;
              if (failures?.length) {
                // An operation refused before it was charged (its shape, cost or budget) reaches no database, not even for the user's language.
                const language = contextValue.rateLimit ? await contextValue.language() : contextValue.requestedLanguage;
                response.body.singleResult.errors = failures.map((e) => localized(e, language));
              }
              const extensions = { ...response.body.singleResult.extensions };
              if (contextValue.rateLimit) extensions.rateLimit = { ...contextValue.rateLimit, resetAt: contextValue.rateLimit.resetAt.toISOString() };
              if (options.reportSqlStatements) extensions.sqlStatements = options.statements.counted();
              if (Object.keys(extensions).length > 0) response.body.singleResult.extensions = extensions;
            }
            const label = operationLabel(operation);
            const outcome = String((response.body.kind === "single" ? response.body.singleResult.errors?.[0]?.extensions?.code : undefined) ?? (errors?.length ? "ERROR" : "ok"));
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            metrics.requests.inc({ operation: label, outcome });
            metrics.latency.observe({ operation: label }, seconds);
            logger.info({ requestId: contextValue.requestId, operation: label, operationName, role: contextValue.viewer?.role, outcome, ms: Math.round(seconds * 1000) }, "graphql");
          },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get("/", landingPage());
  app.get("/healthz", (_req, res) => void res.json({ status: "alive" }));
  app.get("/readyz", async (_req, res) => {
    const { ready, checks } = await options.readiness();
    const status = ready && !draining;
    res.status(status ? 200 : 503).json({ ready: status, checks: { ...checks, accepting: !draining } });
  });
  app.get("/metrics", async (_req, res) => void res.type(metrics.registry.contentType).send(await metrics.registry.metrics()));
  app.use("/graphiql", graphiqlPage());
  app.use("/app", webAppRoutes({ ...options.webApp, refuse: (req, res, error) => answerWithError(req, res, error, wording) }));
  // The import template holds no data: anyone may fetch it.
  app.get("/templates/household-list.xlsx", async (_req, res) => void res.type("xlsx").attachment("household-list.xlsx").send(await xlsxTemplate()));
  app.get("/templates/household-list.csv", (_req, res) => void res.type("text/csv; charset=utf-8").attachment("household-list.csv").send(csvTemplate()));
  /** A download: authenticated and charged what the monitoringReport query costs, refused as every route outside GraphQL. */
  const download = (serve: (viewer: Viewer, req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      const viewer = await options.authenticator.fromAuthorization(req.headers.authorization);
      await options.rateLimiter.charge(userActor(viewer), reportCost);
      await serve(viewer, req, res);
    } catch (caught) {
      answerWithError(req, res, caught, wording);
    }
  };
  // The same report, and the same access rules, as the monitoringReport query.
  app.get(
    /^\/reports\/monitoring\.(xlsx|csv)$/,
    download(async (viewer, req, res) => {
      const format = req.path.endsWith(".xlsx") ? "xlsx" : "csv";
      const section = String(req.query.section ?? "agencies");
      if (format === "csv" && !REPORT_SECTIONS.some((s) => s.key === section)) throw new DomainError("BAD_USER_INPUT", "error.report.section", { sections: REPORT_SECTIONS.map((s) => s.key).join(", ") }, { argument: "section" });
      // ?format=excel-vi: semicolons and decimal commas, for Excel set to Vietnamese.
      const dialect = String(req.query.format ?? "plain") as CsvDialect;
      if (format === "csv" && !CSV_DIALECTS.includes(dialect)) throw new DomainError("BAD_USER_INPUT", "error.report.csvFormat", { formats: CSV_DIALECTS.join(", ") }, { argument: "format" });
      const report = await services.monitoringReports.report(userActor(viewer), String(req.query.from ?? ""), String(req.query.to ?? ""));
      const name = `bao-cao-giam-sat-${report.from}-${report.to}${format === "csv" ? `-${section}${dialect === "plain" ? "" : `-${dialect}`}` : ""}.${format}`;
      res.attachment(name);
      if (format === "xlsx") res.type("xlsx").send(await reportXlsx(report));
      else res.type("text/csv; charset=utf-8").send(reportCsv(report, section, dialect));
    }),
  );
  // A ward's plan sheet names households' heads: for the ward's officers, ADMIN and MONITOR, and logged as personal data read.
  app.get(
    "/exports/household-plans.xlsx",
    download(async (viewer, req, res) => {
      const sheet = await services.planSheets.exportSheet(viewer, String(req.query.ward ?? ""), Number(req.query.year));
      const reads = new PersonalDataReads();
      for (const id of sheet.householdIds) reads.record(id, ["headName"]);
      await services.accessLog.write(userActor(viewer), "exportHouseholdPlans", reads);
      res.type("xlsx").attachment(sheet.fileName).send(sheet.bytes);
    }),
  );
  const graphql = graphqlOverHttp(
    apollo,
    async (req): Promise<PlatformContext> => {
      const requested = req.headers["accept-language"];
      const viewer = await pipelineStep(() => options.authenticator.fromAuthorization(req.headers.authorization), resolveLanguage(requested));
      return contextFor(viewer, true, requested);
    },
    limits.maxBodyBytes,
  );
  const answer = (req: http.IncomingMessage, res: http.ServerResponse) => graphql(req, res).catch((error) => answerWithError(req, res, error, wording));
  // Counting follows the async context, which costs every promise a hook: only when reported.
  serveGraphQL = options.reportSqlStatements ? (req, res) => options.statements.run(() => answer(req, res)) : answer;
  // Busboy flags a file `truncated` once it reaches its limit, even when that is its last byte: one
  // byte more lets a file of exactly MAX_FILE_BYTES through whole, and the import refuses any truncated one.
  // The multipart request's JSON (`operations`, `map`) is held to the same limit as a JSON body.
  const uploads = graphqlUploadExpress({ maxFileSize: MAX_FILE_BYTES + 1, maxFieldSize: limits.maxBodyBytes, maxFiles: 1 });
  const uploaders = rolesThatUpload(options.schema);
  app.use(
    "/graphql",
    ...(options.reportSqlStatements ? [(_req: Request, _res: Response, next: NextFunction) => options.statements.run(next)] : []),
    async (req, res, next) => {
      if (!req.is("multipart/form-data")) return next();
      // An answer may come before the file has arrived (a refusal): it waits for the rest, read and
      // dropped, up to a few times the largest file; this connection then carries no further request.
      res.setHeader("Connection", "close");
      answerAfterBody(req, res, 3 * MAX_FILE_BYTES);
      // A file is read only for a valid token of a role that may upload: no one else makes the server take one.
      try {
        const viewer = await options.authenticator.fromAuthorization(req.headers.authorization);
        if (!uploaders.has(viewer.role)) throw new DomainError("FORBIDDEN", "error.forbidden.upload", { role: viewer.role });
      } catch (error) {
        return answerWithError(req, res, error, wording);
      }
      // A malformed or oversized multipart request is answered as JSON with its status (400, 413), like a JSON body.
      uploads(req, res, (error?: unknown) => {
        const status = (error as { status?: number } | undefined)?.status;
        if (!error) next();
        else if (status && status < 500) answerWithError(req, res, new RequestRefusal(status, "error.request.multipart", { detail: (error as Error).message }), wording);
        else answerWithError(req, res, error, wording);
      });
    },
    (req: Request, res: Response) => void answer(req, res),
  );

  options.bound.serve((req, res) => {
    if (serveGraphQL && (req.url === "/graphql" || req.url?.startsWith("/graphql?")) && !isMultipart(req)) serveGraphQL(req, res);
    else app(req, res);
  });
  return {
    url: options.bound.url,
    port: options.bound.port,
    close: async () => {
      // Readiness answers 503 from now on (a load balancer probing in the grace period stops sending);
      // WebSocket clients are told to reconnect elsewhere; Apollo stops accepting and waits for in-flight requests.
      draining = true;
      for (const socket of wsServer.clients) socket.close(WS_SERVICE_RESTART, "server shutting down; reconnect");
      await apollo.stop();
    },
  };
}

const isMultipart = (req: http.IncomingMessage) => /^multipart\/form-data\b/i.test(req.headers["content-type"] ?? "");

/** `<type>.<first root field>`: bounded by the schema, unlike the client's operation name. */
function operationLabel(operation: OperationDefinitionNode | undefined): string {
  const first = operation?.selectionSet.selections.find((s) => s.kind === "Field");
  return operation && first?.kind === "Field" ? `${operation.operation}.${first.name.value}` : "unparsed";
}

/** Closes the socket with 4403 when the token expires; timers wait at most ~24.8 days, so long waits are re-armed. */
function closeWhenExpired(socket: { close(code: number, reason: string): void }, expiresAt: number): NodeJS.Timeout {
  const MAX_TIMER_MS = 2 ** 31 - 1;
  const remaining = expiresAt - Date.now();
  if (remaining > MAX_TIMER_MS) return setTimeout(() => closeWhenExpired(socket, expiresAt), MAX_TIMER_MS);
  return setTimeout(() => socket.close(WS_FORBIDDEN, "Forbidden: the token has expired"), Math.max(0, remaining));
}
