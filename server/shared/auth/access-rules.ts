import type { GraphQLSchema } from "graphql";
import { UseMiddleware, type MiddlewareFn } from "type-graphql";
import { DomainError } from "../errors";
import { Role, type Viewer } from "./viewer";

/** Roles allowed to use each operation (root field), by field name. */
const operationRules = new Map<string, readonly Role[]>();

function roleGate(roles: readonly Role[], messageKey: string): MiddlewareFn<{ viewer: Viewer }> {
  return ({ context, info }, next) => {
    if (!roles.includes(context.viewer.role))
      throw new DomainError("FORBIDDEN", messageKey, {
        role: context.viewer.role,
        field: info.fieldName,
      });
    return next();
  };
}

/**
 * Declares which roles may use an operation. Every query, mutation and subscription must carry one:
 * the schema does not build otherwise (`assertEveryOperationHasAccessRule`), so a new operation is
 * closed until someone decides who may use it. Scope (own agency, own ward) is checked where the data
 * is queried; this is the first gate.
 */
export function Allow(...roles: Role[]): MethodDecorator {
  return (target, key, descriptor) => {
    const name = String(key);
    if (operationRules.has(name))
      throw new Error(`two operations are named ${name}: access rules are keyed by name`);
    operationRules.set(name, roles);
    UseMiddleware(roleGate(roles, "error.forbidden.operation"))(target, key, descriptor);
  };
}

/** Restricts a field of an object type (e.g. personal data) to some roles; others get FORBIDDEN for it. */
export function RestrictTo(...roles: Role[]): MethodDecorator & PropertyDecorator {
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor): void => {
    UseMiddleware(roleGate(roles, "error.forbidden.field"))(target, key, descriptor as never);
  };
}

/** Roles that may read personal data and free text about households (names, addresses, members, task notes): all but analysts. */
export const PERSONAL_DATA_READERS = [
  Role.ADMIN,
  Role.AGENCY_STAFF,
  Role.WARD_OFFICER,
  Role.MONITOR,
];

/** The roles allowed to use an operation, or undefined for an operation without a rule. */
export const rolesAllowedFor = (operation: string): readonly Role[] | undefined =>
  operationRules.get(operation);

/** Throws FORBIDDEN unless the viewer's role may use the operation: for subscriptions, whose `subscribe` no middleware guards. */
export function requireAllowed(viewer: Viewer, operation: string): void {
  if (!operationRules.get(operation)?.includes(viewer.role))
    throw new DomainError("FORBIDDEN", "error.forbidden.operation", {
      role: viewer.role,
      field: operation,
    });
}

/** Throws if any query, mutation or subscription of the schema has no `@Allow` rule. */
export function assertEveryOperationHasAccessRule(schema: GraphQLSchema): void {
  const missing = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
    .flatMap((type) =>
      type ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`) : [],
    )
    .filter((qualified) => !operationRules.has(qualified.split(".")[1]));
  if (missing.length > 0)
    throw new Error(`operations without an access rule (@Allow): ${missing.join(", ")}`);
}

/** Throws FORBIDDEN with the message `messageKey` (`error.scope.*`) unless `allowed`. */
export function requireScope(allowed: boolean, messageKey: string): void {
  if (!allowed) throw new DomainError("FORBIDDEN", messageKey);
}
