import WebSocket from "ws";
import {
  createClient as createPortableClient,
  type ClientOptions,
  type PlatformClient,
} from "./client";

export {
  GraphQLRequestError,
  PlatformUnreachableError,
  type ClientOptions,
  type PlatformClient,
  type ResumingSubscription,
} from "./client";
export * from "./generated/operations";

/**
 * The typed client (see client.ts) for Node: Node 20 has no stable global WebSocket, so subscriptions
 * use `ws` unless `webSocketImpl` says otherwise. Browsers import the package's browser entry instead.
 */
export function createClient(options: ClientOptions): PlatformClient {
  return createPortableClient({ webSocketImpl: WebSocket, ...options });
}
