import { badInput } from "./errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string =>
  typeof value === "string" && UUID.test(value);

/** Returns the id unchanged, or throws BAD_USER_INPUT naming the argument when it is not a UUID. */
export function requireUuid(value: string, argument: string): string {
  if (!isUuid(value))
    throw badInput("error.input.id", { argument, value: truncate(value) }, { argument });
  return value.toLowerCase();
}

export function truncate(value: string, max = 40): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}
