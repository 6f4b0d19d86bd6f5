import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { ADMIN, type TestPlatform } from "./test-platform";

export interface Subscription<T = unknown> {
  /** The next event, or rejects with the subscription's error. Waits at most `timeoutMs`. */
  next(timeoutMs?: number): Promise<T>;
  /** Events received and not yet taken by `next`. */
  buffered(): T[];
  close(): Promise<void>;
}

export interface SubscriptionError {
  errors: { message: string; extensions?: { code?: string } }[];
}

/** A graphql-ws client that authenticates with `token` in connection_init. */
export function wsClient(
  httpUrl: string,
  token: string,
  options: { onClosed?: (code: number, reason: string) => void } = {},
): Client {
  return createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: { authorization: `Bearer ${token}` },
    on: {
      closed: (event) =>
        options.onClosed?.((event as { code: number }).code, (event as { reason: string }).reason),
    },
  });
}

/** Whose subscription it is: ADMIN's unless given another identity's token or a client. */
type SubscribeAs = { token?: Promise<string>; client?: Client };

/**
 * Subscribes over graphql-ws (as ADMIN unless given another identity's token or client) and buffers
 * what arrives, so a test awaits events instead of sleeping.
 */
export function subscribe<TData, TVariables>(
  api: TestPlatform,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
  as?: SubscribeAs,
): Subscription<TData>;
export function subscribe<T = unknown>(
  api: TestPlatform,
  query: string,
  variables?: Record<string, unknown>,
  as?: SubscribeAs,
): Subscription<T>;
export function subscribe<T>(
  api: TestPlatform,
  operation: string | TypedDocumentNode<T, unknown>,
  variables?: unknown,
  as: SubscribeAs = {},
): Subscription<T> {
  const query = typeof operation === "string" ? operation : print(operation);
  let owned: Client | null = as.client ?? null;
  const client = (async () =>
    owned ?? (owned = wsClient(api.platform.url, await (as.token ?? api.tokenFor(ADMIN)))))();
  const queue: T[] = [];
  const waiters: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  let failure: unknown = null;
  const dispose = client.then((c) =>
    c.subscribe<T>(
      { query, variables: variables as Record<string, unknown> | undefined },
      {
        next: (result) => {
          if (result.errors) return fail({ errors: result.errors });
          const value = result.data as T;
          const waiter = waiters.shift();
          if (waiter) waiter.resolve(value);
          else queue.push(value);
        },
        error: (error) => fail(Array.isArray(error) ? { errors: error } : error),
        complete: () => undefined,
      },
    ),
  );
  function fail(error: unknown) {
    failure = error;
    for (const w of waiters.splice(0)) w.reject(error);
  }
  return {
    next: (timeoutMs = 10_000) => {
      if (queue.length > 0) return Promise.resolve(queue.shift()!);
      if (failure) return Promise.reject(failure);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no event within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiters.push({
          resolve: (v) => (clearTimeout(timer), resolve(v)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
    },
    buffered: () => [...queue],
    close: async () => {
      (await dispose)();
      if (!as.client) await (await client).dispose();
    },
  };
}

/** Takes exactly `n` events. */
export async function take<T>(
  subscription: Subscription<T>,
  n: number,
  timeoutMs?: number,
): Promise<T[]> {
  const events: T[] = [];
  while (events.length < n) events.push(await subscription.next(timeoutMs));
  return events;
}

/**
 * The next event `wanted` accepts, passing over others. A cursor for "now" stands below every
 * transaction still running on the server, in any of its databases (other test files' too): events
 * committed meanwhile by younger transactions come after it, once each, before this test's own.
 * Fails as `next` does when the wanted event does not come.
 */
export async function nextWhere<T>(
  subscription: Subscription<T>,
  wanted: (event: T) => boolean,
  timeoutMs?: number,
): Promise<T> {
  for (;;) {
    const event = await subscription.next(timeoutMs);
    if (wanted(event)) return event;
  }
}
