import { badInput } from "./errors";

/** `value` trimmed; throws BAD_USER_INPUT naming `argument` when it is empty or longer than `max` characters. */
export function requiredText(value: string, argument: string, max: number): string {
  const text = value.trim();
  if (!text) throw badInput("error.input.empty", { argument }, { argument });
  if (text.length > max) throw badInput("error.input.tooLong", { argument, max }, { argument });
  return text;
}
