export { createClient, GraphQLRequestError, PlatformUnreachableError, type ClientOptions, type PlatformClient, type ResumingSubscription } from "./client";
export * from "./generated/operations";
