import type { ResultOf, VariablesOf } from "@graphql-typed-document-node/core";
import { print, type DocumentNode } from "graphql";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
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

/**
 * No answer came from the platform: the connection was refused or dropped, the host is unknown, the
 * network is down. A change sent over a connection that dropped may or may not have been made: read
 * before retrying it (a stale `version` is refused with CONFLICT, so a retry cannot apply it twice).
 */
export class PlatformUnreachableError extends Error {
  /** Why: ECONNREFUSED, ENOTFOUND, … — for a caller that words the message itself. */
  readonly reason: string;

  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
    const inner = (cause as { cause?: { code?: string; message?: string } })?.cause;
    const reason =
      inner?.code ?? inner?.message ?? (cause instanceof Error ? cause.message : String(cause));
    super(`cannot reach the platform at ${url}: ${reason}`, { cause });
    this.name = "PlatformUnreachableError";
    this.reason = reason;
  }
}

/** A subscription that reconnects by itself and resumes after the last event it delivered. */
export interface ResumingSubscription<T> extends AsyncIterableIterator<T> {
  /** The cursor of the last event delivered: subscribe again with it to miss nothing. */
  readonly lastCursor: string | null;
  close(): Promise<void>;
}

export type PlatformClient = {
  [K in keyof typeof queries]: (
    variables: VariablesOf<(typeof queries)[K]>,
  ) => Promise<ResultOf<(typeof queries)[K]>>;
} & {
  [K in keyof typeof mutations]: (
    variables: VariablesOf<(typeof mutations)[K]>,
  ) => Promise<ResultOf<(typeof mutations)[K]>>;
} & {
  [K in keyof typeof subscriptions]: (
    variables: Omit<VariablesOf<(typeof subscriptions)[K]>, "after">,
    after?: string | null,
  ) => ResumingSubscription<ResultOf<(typeof subscriptions)[K]>>;
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
  /**
   * The WebSocket class subscriptions use (default: globalThis.WebSocket, the browser's). This module
   * imports nothing Node-only so that it bundles for browsers; the Node entry (index.ts) passes `ws`.
   */
  webSocketImpl?: unknown;
  /**
   * The language error messages and import reports are written in, e.g. "vi" or "en": sent as the
   * `accept-language` header over HTTP and as `language` in the WebSocket's connection_init payload.
   * Unset, the server answers in the user's own setting (setMyLanguage), else English.
   */
  language?: string;
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
  let disposed = false;
  const live = new Set<ResumingSubscription<unknown>>();
  const socket = () => {
    if (disposed) throw new Error("the client was disposed");
    return (ws ??= createWsClient({
      url: options.url.replace(/^http/, "ws"),
      webSocketImpl: options.webSocketImpl ?? globalThis.WebSocket,
      lazy: true,
      retryAttempts: 0,
      connectionAckWaitTimeout: 10_000,
      connectionParams: async () => ({
        authorization: `Bearer ${await token()}`,
        ...(options.language ? { language: options.language } : {}),
      }),
    }));
  };

  const request = async (document: DocumentNode, variables: unknown) => {
    const files = Object.entries((variables ?? {}) as Record<string, unknown>).filter(
      ([, v]) => v instanceof Blob,
    ) as [string, Blob][];
    const headers: Record<string, string> = {
      authorization: `Bearer ${await token()}`,
      ...(options.language ? { "accept-language": options.language } : {}),
    };
    const res = await fetch(options.url, {
      method: "POST",
      // Files go as a GraphQL multipart request; the preflight header tells the server it is no cross-site form post.
      headers: files.length
        ? { ...headers, "apollo-require-preflight": "true" }
        : { ...headers, "content-type": "application/json" },
      body: files.length
        ? multipartBody(print(document), variables as Record<string, unknown>, files)
        : JSON.stringify({ query: print(document), variables }),
    }).catch((cause: unknown) => {
      throw new PlatformUnreachableError(options.url, cause);
    });
    let body: { data?: unknown; errors?: GraphQLRequestError["errors"] };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new GraphQLRequestError(
        [
          {
            message: `the server answered ${res.status} without a GraphQL body`,
            extensions: { code: `HTTP_${res.status}` },
          },
        ],
        res.status,
      );
    }
    if (body.errors?.length) throw new GraphQLRequestError(body.errors, res.status);
    if (body.data === undefined || body.data === null)
      throw new GraphQLRequestError(
        [
          {
            message: `the server answered ${res.status} without data`,
            extensions: { code: `HTTP_${res.status}` },
          },
        ],
        res.status,
      );
    return body.data;
  };

  const client: Record<string, unknown> = {
    dispose: async () => {
      disposed = true;
      await Promise.all([...live].map((s) => s.close()));
      await ws?.dispose();
      ws = null;
    },
  };
  for (const [name, document] of [...Object.entries(queries), ...Object.entries(mutations)]) {
    client[name] = (variables: unknown) => request(document as DocumentNode, variables);
  }
  // Without a cursor, start from the present: a reconnect must resume from somewhere, or events between would be lost.
  const now = async () =>
    (
      (await request(queries.latestTaskEventCursor as DocumentNode, {})) as {
        latestTaskEventCursor: string;
      }
    ).latestTaskEventCursor;
  for (const [name, document] of Object.entries(subscriptions)) {
    client[name] = (variables: Record<string, unknown>, after?: string | null) => {
      const subscription = resumingSubscription(
        socket,
        print(document as DocumentNode),
        variables,
        after ?? null,
        now,
        {
          maxDelayMs: options.maxReconnectDelayMs ?? 5000,
          tokenRefreshes: typeof options.token === "function",
          onClose: () => live.delete(subscription),
        },
      );
      live.add(subscription);
      return subscription;
    };
  }
  return client as PlatformClient;
}

/** The GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec): the operation with its files as parts. */
function multipartBody(
  query: string,
  variables: Record<string, unknown>,
  files: [string, Blob][],
): FormData {
  const form = new FormData();
  form.append(
    "operations",
    JSON.stringify({
      query,
      variables: { ...variables, ...Object.fromEntries(files.map(([name]) => [name, null])) },
    }),
  );
  form.append(
    "map",
    JSON.stringify(
      Object.fromEntries(files.map(([name], i) => [String(i), [`variables.${name}`]])),
    ),
  );
  files.forEach(([, file], i) =>
    form.append(String(i), file, file instanceof File ? file.name : `${files[i][0]}.bin`),
  );
  return form;
}

interface ResumeOptions {
  maxDelayMs: number;
  /** The token is a function: a refused token may be an expired one, worth one retry with a fresh token. */
  tokenRefreshes: boolean;
  onClose: () => void;
}

function resumingSubscription<T>(
  socket: () => WsClient,
  query: string,
  variables: Record<string, unknown>,
  after: string | null,
  now: () => Promise<string>,
  options: ResumeOptions,
): ResumingSubscription<T> {
  let cursor = after;
  let closed = false;
  let current: AsyncIterableIterator<unknown> | null = null;
  let wake: (() => void) | null = null;
  let backoff: ReturnType<typeof setTimeout> | null = null;

  async function* run(): AsyncGenerator<T> {
    let delay = 100;
    let refusedInARow = 0;
    while (!closed) {
      try {
        cursor ??= await now();
        current = socket().iterate({ query, variables: { ...variables, after: cursor } });
        for await (const result of current as AsyncIterable<{
          data?: Record<string, { cursor: string }>;
          errors?: GraphQLRequestError["errors"];
        }>) {
          if (result.errors?.length) throw new GraphQLRequestError(result.errors);
          const payload = result.data!;
          cursor = Object.values(payload)[0].cursor;
          delay = 100;
          refusedInARow = 0;
          yield payload as T;
        }
      } catch (error) {
        if (closed) break;
        if (refusedForGood(error)) {
          const tokenRefused = !(error instanceof GraphQLRequestError) && !Array.isArray(error);
          if (!(tokenRefused && options.tokenRefreshes && refusedInARow++ === 0))
            throw error instanceof GraphQLRequestError ? error : toRequestError(error);
        }
      }
      if (closed) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        backoff = setTimeout(resolve, delay);
      });
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }

  const iterator = run();
  return Object.assign(iterator, {
    get lastCursor() {
      return cursor;
    },
    close: async () => {
      if (closed) return;
      closed = true;
      if (backoff) clearTimeout(backoff);
      wake?.();
      options.onClose();
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
  const errors =
    error instanceof GraphQLRequestError
      ? error.errors
      : Array.isArray(error)
        ? (error as GraphQLRequestError["errors"])
        : null;
  if (errors) return !errors.every((e) => RESUMABLE.includes(String(e.extensions?.code)));
  const code = (error as { code?: unknown } | null)?.code;
  return code === 4403 || code === 4401 || code === 4400;
}

function toRequestError(error: unknown): GraphQLRequestError {
  if (Array.isArray(error)) return new GraphQLRequestError(error);
  const e = error as { code?: number; reason?: string };
  return new GraphQLRequestError([
    {
      message: e.reason || "the server refused the connection",
      extensions: { code: e.code === 4403 ? "FORBIDDEN" : "UNAUTHENTICATED" },
    },
  ]);
}
