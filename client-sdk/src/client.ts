import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import WebSocket from "ws";
import { mutations, queries, subscriptions } from "./generated/operations";

/** An answer with errors: `errors[i].extensions.code` says what went wrong (FORBIDDEN, CONFLICT, …). */
export class GraphQLRequestError extends Error {
  constructor(
    readonly errors: { message: string; extensions?: { code?: string; [key: string]: unknown } }[],
    readonly status?: number,
  ) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
    this.name = "GraphQLRequestError";
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

type ResultOf<D> = D extends TypedDocumentNode<infer R, any> ? R : never;
type VariablesOf<D> = D extends TypedDocumentNode<any, infer V> ? V : never;

/** A subscription that reconnects by itself and resumes after the last event it delivered. */
export interface ResumingSubscription<T> extends AsyncIterableIterator<T> {
  /** The cursor of the last event delivered: subscribe again with it to miss nothing. */
  readonly lastCursor: string | null;
  close(): Promise<void>;
}

export type PlatformClient = {
  [K in keyof typeof queries]: (variables: VariablesOf<(typeof queries)[K]>) => Promise<ResultOf<(typeof queries)[K]>>;
} & {
  [K in keyof typeof mutations]: (variables: VariablesOf<(typeof mutations)[K]>) => Promise<ResultOf<(typeof mutations)[K]>>;
} & {
  [K in keyof typeof subscriptions]: (variables: Omit<VariablesOf<(typeof subscriptions)[K]>, "after">, after?: string | null) => ResumingSubscription<ResultOf<(typeof subscriptions)[K]>>;
} & {
  /** Closes the WebSocket, if one is open. */
  dispose(): Promise<void>;
};

export interface ClientOptions {
  /** The platform's GraphQL URL, e.g. http://localhost:4000/graphql (WebSocket on the same URL). */
  url: string;
  /** A bearer token, or a function giving the current one (called for every request and reconnect). */
  token: string | (() => string | Promise<string>);
  /** Longest wait between reconnection attempts, ms (default 5000; attempts start at 100 ms). */
  maxReconnectDelayMs?: number;
}

/**
 * A typed client: one function per operation of client-sdk/operations. Queries and mutations resolve
 * to their data or reject with GraphQLRequestError. Subscriptions are async iterators that survive
 * dropped connections and server restarts: they reconnect with growing delays and resubscribe with the
 * cursor of the last event delivered, so none is lost or repeated. They end with an error only when
 * the server refuses them (FORBIDDEN, BAD_USER_INPUT, an invalid token).
 */
export function createClient(options: ClientOptions): PlatformClient {
  const token = async () => (typeof options.token === "function" ? options.token() : options.token);
  let ws: WsClient | null = null;
  const socket = () =>
    (ws ??= createWsClient({
      url: options.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionParams: async () => ({ authorization: `Bearer ${await token()}` }),
    }));

  const request = async (document: DocumentNode, variables: unknown) => {
    const res = await fetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: GraphQLRequestError["errors"] };
    if (body.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
    return body.data;
  };

  const client: Record<string, unknown> = {
    dispose: async () => {
      await ws?.dispose();
      ws = null;
    },
  };
  for (const [name, document] of [...Object.entries(queries), ...Object.entries(mutations)]) {
    client[name] = (variables: unknown) => request(document as DocumentNode, variables);
  }
  for (const [name, document] of Object.entries(subscriptions)) {
    client[name] = (variables: Record<string, unknown>, after?: string | null) =>
      resumingSubscription(socket, print(document as DocumentNode), variables, after ?? null, options.maxReconnectDelayMs ?? 5000);
  }
  return client as PlatformClient;
}

function resumingSubscription<T>(socket: () => WsClient, query: string, variables: Record<string, unknown>, after: string | null, maxDelayMs: number): ResumingSubscription<T> {
  let cursor = after;
  let closed = false;
  let current: AsyncIterableIterator<unknown> | null = null;
  let wake: (() => void) | null = null;

  async function* run(): AsyncGenerator<T> {
    let delay = 100;
    while (!closed) {
      current = socket().iterate({ query, variables: { ...variables, after: cursor } });
      try {
        for await (const result of current as AsyncIterable<{ data?: Record<string, { cursor: string }>; errors?: GraphQLRequestError["errors"] }>) {
          if (result.errors?.length) throw new GraphQLRequestError(result.errors);
          const payload = result.data!;
          cursor = Object.values(payload)[0].cursor;
          delay = 100;
          yield payload as T;
        }
      } catch (error) {
        if (refusedForGood(error)) throw error instanceof GraphQLRequestError ? error : toRequestError(error);
      }
      if (closed) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, delay);
      });
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }

  const iterator = run();
  return Object.assign(iterator, {
    get lastCursor() {
      return cursor;
    },
    close: async () => {
      closed = true;
      wake?.();
      await current?.return?.();
      await iterator.return(undefined);
    },
  });
}

/** Codes after which subscribing again with the last cursor is the remedy. */
const RESUMABLE = ["CONFLICT", "SERVICE_UNAVAILABLE"];

/**
 * GraphQL errors and refused tokens (4403, 4401) end a subscription; lost connections, a server
 * that could not keep up (CONFLICT) or lost its database (SERVICE_UNAVAILABLE) do not.
 */
function refusedForGood(error: unknown): boolean {
  const errors = error instanceof GraphQLRequestError ? error.errors : Array.isArray(error) ? (error as GraphQLRequestError["errors"]) : null;
  if (errors) return !errors.every((e) => RESUMABLE.includes(String(e.extensions?.code)));
  const code = (error as { code?: unknown } | null)?.code;
  return code === 4403 || code === 4401 || code === 4400;
}

function toRequestError(error: unknown): GraphQLRequestError {
  if (Array.isArray(error)) return new GraphQLRequestError(error);
  const e = error as { code?: number; reason?: string };
  return new GraphQLRequestError([{ message: e.reason || "the server refused the connection", extensions: { code: e.code === 4403 ? "FORBIDDEN" : "UNAUTHENTICATED" } }]);
}
