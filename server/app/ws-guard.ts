import { GraphQLError, parse, specifiedRules, validate, type GraphQLSchema, type ValidationRule } from "graphql";
import type { SubscribePayload } from "graphql-ws";
import type { RequestLimits } from "../config/config";
import type { Viewer } from "../shared/auth";
import { DomainError } from "../shared/errors";
import { requireAffordable } from "./query-safety";
import { requireTrustedDocument } from "./trusted-documents";
import type { RateLimiter } from "./rate-limiter";

/**
 * The checks Apollo's pipeline applies to HTTP requests, for a graphql-ws subscribe message (graphql-ws
 * executes with graphql-js directly): the rate limit, parsing, validation with the same extra rules,
 * and the cost limit. Returns the errors to refuse it with, or null to let it run.
 */
export async function validateSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  viewer: Viewer,
  checks: { rules: ValidationRule[]; limits: RequestLimits; rateLimiter: RateLimiter; trustedDocuments: Set<string> | null },
): Promise<readonly GraphQLError[] | null> {
  try {
    await checks.rateLimiter.hit(viewer.userId);
    requireTrustedDocument(checks.trustedDocuments, viewer, payload.query);
    const document = parse(payload.query);
    const errors = validate(schema, document, [...specifiedRules, ...checks.rules]);
    if (errors.length > 0) return errors;
    requireAffordable(schema, document, payload.variables ?? {}, payload.operationName ?? undefined, checks.limits.maxCost);
    return null;
  } catch (error) {
    if (error instanceof GraphQLError) return [error];
    if (error instanceof DomainError) return [new GraphQLError(error.message, { extensions: { code: error.code } })];
    throw error;
  }
}
