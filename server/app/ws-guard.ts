import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { ApolloServerErrorCode } from "@apollo/server/errors";
import type { RequestLimits } from "../config/config";
import { userActor } from "../shared/actor";
import type { Viewer } from "../shared/auth";
import { DomainError } from "../shared/errors";
import type { RateLimitState } from "../shared/request-context";
import { requireAffordable } from "./query-safety";
import { requireTrustedDocument } from "./trusted-documents";
import type { RateLimiter } from "./rate-limiter";

/** What admitOperation checks against: validation rules beyond the specified ones, the limits, the budgets, the trusted documents (null: any document). */
export interface AdmissionChecks {
  rules: ValidationRule[];
  limits: RequestLimits;
  rateLimiter: RateLimiter;
  trustedDocuments: Set<string> | null;
}

/**
 * The checks Apollo's pipeline applies to HTTP requests, for a graphql-ws subscribe message (graphql-ws
 * executes with graphql-js directly): trusted documents, parsing, validation with the same extra
 * rules, the cost limit, and then the user's request and cost budget — so an operation refused for
 * its shape or cost reaches no database. Returns the errors to refuse it with, or the parsed
 * document and the budget after charging it.
 */
export async function admitOperation(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  viewer: Viewer,
  checks: AdmissionChecks,
): Promise<
  { errors: readonly GraphQLError[] } | { document: DocumentNode; rateLimit: RateLimitState }
> {
  try {
    requireTrustedDocument(checks.trustedDocuments, viewer, payload.query);
    let document: DocumentNode;
    try {
      document = parse(payload.query);
    } catch (error) {
      if (error instanceof GraphQLError)
        return { errors: [withCode(error, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED)] };
      throw error;
    }
    const errors = validate(schema, document, [...specifiedRules, ...checks.rules]);
    if (errors.length > 0)
      return {
        errors: errors.map((e) => withCode(e, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED)),
      };
    const cost = requireAffordable(
      schema,
      document,
      payload.variables ?? {},
      payload.operationName ?? undefined,
      checks.limits.maxCost,
    );
    return { document, rateLimit: await checks.rateLimiter.charge(userActor(viewer), cost) };
  } catch (error) {
    // A refusal (untrusted document, cost, budget) goes out as the GraphQL error graphql-ws sends; toClientError words it.
    if (error instanceof GraphQLError) return { errors: [error] };
    if (error instanceof DomainError)
      return { errors: [new GraphQLError(error.message, { originalError: error })] };
    throw error;
  }
}

/**
 * The error with the code Apollo gives it over HTTP (graphql-js leaves parse and validation errors
 * without one), so toClientError words it the same on both transports instead of taking it for a bug.
 * A code a rule set itself is kept.
 */
function withCode(error: GraphQLError, code: ApolloServerErrorCode): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: error.extensions.code ?? code },
  });
}
