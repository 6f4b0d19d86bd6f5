// The browser's entry: the same client with the browser's own WebSocket, and nothing Node-only to bundle.
export {
  createClient,
  GraphQLRequestError,
  PlatformUnreachableError,
  type ClientOptions,
  type PlatformClient,
  type ResumingSubscription,
} from "./client";
export * from "./generated/operations";
