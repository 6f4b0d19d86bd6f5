import type http from "node:http";
import { GraphQLError, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocket, WebSocketServer } from "ws";
import { userActor } from "../shared/actor";
import type { Authenticator, Viewer } from "../shared/auth";
import { DomainError } from "../shared/errors";
import type { Language } from "../shared/i18n";
import { isDatabaseUnavailable, toClientError, type ErrorWording } from "./format-error";
import type { PlatformMetrics } from "./metrics";
import type { ContextFor, PlatformContext } from "./operation-context";
import type { Services } from "./services";
import { admitOperation, type AdmissionChecks } from "./ws-guard";

/** graphql-ws close code for a refused or expired token (its "Forbidden"). */
const WS_FORBIDDEN = 4403;
/** WebSocket close code "Service Restart": the client should reconnect (to another instance). */
export const WS_SERVICE_RESTART = 1012;

export interface GraphQLWsInput {
  /** The HTTP server whose upgrades to /graphql this handler takes. */
  server: http.Server;
  schema: GraphQLSchema;
  authenticator: Authenticator;
  contextFor: ContextFor;
  /** What every subscribe message passes before it runs: trusted documents, shape, cost, budget. */
  checks: AdmissionChecks;
  services: Pick<Services, "accessLog" | "userSettings" | "taskSubscriptions">;
  wording: ErrorWording;
  metrics: Pick<PlatformMetrics, "webSockets">;
  /** The largest message accepted, in bytes (the HTTP body limit). */
  maxPayload: number;
  /** graphql-ws pings every socket at this interval and drops those that do not answer. */
  keepAliveMs: number;
}

export interface GraphQLWsHandler {
  /** Refuses new connections and tells every open one to reconnect elsewhere (1012). */
  drain(): void;
  /** Closes the WebSocket server (Apollo calls it while it drains). */
  dispose(): Promise<void>;
}

/**
 * Serves graphql-ws at /graphql: authenticates at connection_init (closing with 4403 when the token
 * expires, 1012 when the database is out of reach or the server drains), admits each subscribe
 * message as HTTP requests are admitted, logs personal data read per event, and words errors in
 * the connection's language.
 */
export function graphqlWsHandler(input: GraphQLWsInput): GraphQLWsHandler {
  const { services, metrics, wording } = input;
  let draining = false;
  const wsServer = new WebSocketServer({
    server: input.server,
    path: "/graphql",
    maxPayload: input.maxPayload,
  });
  // graphql-ws wraps errors thrown while a subscription runs without a path, where Apollo's
  // unwrapping does not look: hand toClientError the domain error itself.
  const toClient = (errors: readonly GraphQLError[], language: Language) =>
    errors.map((e) => {
      const f = toClientError(e.originalError instanceof DomainError ? e.originalError : e, {
        ...wording,
        rendered: e.toJSON(),
        language,
      });
      return new GraphQLError(f.message, { path: f.path, extensions: f.extensions });
    });
  const ws = useServer<
    Record<string, unknown>,
    { viewer?: Viewer; language?: Language; expiry?: NodeJS.Timeout }
  >(
    {
      schema: input.schema,
      onConnect: async (ctx) => {
        if (draining) {
          ctx.extra.socket.close(WS_SERVICE_RESTART, "server shutting down; reconnect");
          return false;
        }
        try {
          const viewer = await input.authenticator.fromAuthorization(
            ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization,
          );
          // The socket may have closed while the token was being checked: then there is nothing to count or time.
          if (ctx.extra.socket.readyState !== WebSocket.OPEN) return false;
          ctx.extra.viewer = viewer;
          // The connection's language, settled once: `language` of connection_init, after the user's own setting.
          const requested = ctx.connectionParams?.language;
          ctx.extra.language = await services.userSettings.languageFor(
            userActor(viewer),
            typeof requested === "string" ? requested : undefined,
          )();
          if (viewer.expiresAt)
            ctx.extra.expiry = closeWhenExpired(ctx.extra.socket, viewer.expiresAt);
          metrics.webSockets.inc();
          return true;
        } catch (error) {
          if (isDatabaseUnavailable(error))
            ctx.extra.socket.close(
              WS_SERVICE_RESTART,
              "the database is out of reach; reconnect shortly",
            );
          return false;
        }
      },
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        if (ctx.extra.viewer) metrics.webSockets.dec();
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Where the event feed stands in the database as the subscription arrives, asked before
        // anything else is awaited: one without `after` starts there, so changes made while it is
        // checked and set up reach it too, and none committed before it arrived.
        const viewer = ctx.extra.viewer!;
        const arriving = services.taskSubscriptions.latestCursor(userActor(viewer));
        arriving.catch(() => undefined); // awaited below, unless the operation is refused first
        const language = ctx.extra.language!;
        const admitted = await admitOperation(input.schema, payload, viewer, input.checks);
        if ("errors" in admitted) return toClient(admitted.errors, language);
        let arrivedAt: string;
        try {
          arrivedAt = await arriving;
        } catch (error) {
          // SERVICE_UNAVAILABLE when the database is out of reach, as over HTTP.
          const f = toClientError(error, { ...wording, language });
          return [new GraphQLError(f.message, { extensions: f.extensions })];
        }
        const contextValue: PlatformContext = {
          ...input.contextFor(viewer, { cache: false }),
          language: async () => language,
          requestedLanguage: language,
          rateLimit: admitted.rateLimit,
          arrivedAt,
        };
        // Already parsed and validated: graphql-ws runs these arguments as they are.
        return {
          schema: input.schema,
          document: admitted.document,
          variableValues: payload.variables,
          operationName: payload.operationName,
          contextValue,
        };
      },
      onError: (ctx, _id, _payload, errors) => toClient(errors, ctx.extra.language ?? "en"),
      onNext: async (ctx, _id, payload, args, result) => {
        const context = args.contextValue as PlatformContext;
        await services.accessLog.write(
          context.actor,
          payload.operationName ?? null,
          context.personalDataReads,
        );
        return result.errors
          ? { ...result, errors: toClient(result.errors, ctx.extra.language!) }
          : result;
      },
    },
    wsServer,
    // Idle subscriptions stay open through load balancers whose idle timeout is longer.
    input.keepAliveMs,
  );
  return {
    drain: () => {
      draining = true;
      for (const socket of wsServer.clients)
        socket.close(WS_SERVICE_RESTART, "server shutting down; reconnect");
    },
    dispose: async () => void (await ws.dispose()),
  };
}

/** Closes the socket with 4403 when the token expires; timers wait at most ~24.8 days, so long waits are re-armed. */
function closeWhenExpired(
  socket: { close(code: number, reason: string): void },
  expiresAt: number,
): NodeJS.Timeout {
  const MAX_TIMER_MS = 2 ** 31 - 1;
  const remaining = expiresAt - Date.now();
  if (remaining > MAX_TIMER_MS)
    return setTimeout(() => closeWhenExpired(socket, expiresAt), MAX_TIMER_MS);
  return setTimeout(
    () => socket.close(WS_FORBIDDEN, "Forbidden: the token has expired"),
    Math.max(0, remaining),
  );
}
