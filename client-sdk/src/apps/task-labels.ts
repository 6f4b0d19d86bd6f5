import type { TaskEventKind, TaskStatus } from "../index";
import { APP_CATALOGUES, say, type Language } from "./messages";

/*
 * A task's status and its events' kinds as the apps print them: in the reader's language, not as
 * the API's English enum values, and worded as the web app words them (its `status.*`, `event.*`),
 * so a ward officer reads the same word in the browser and in the terminal. The key is made from
 * the generated enum: a status or kind the schema gains fails the SDK's build until the catalogue
 * has its label. catalogue.spec.ts keeps the wording the web app's.
 */

/** The label of `status` in `language` (ROUTED → "Mới giao" / "Routed"). */
export const statusLabel = (language: Language, status: TaskStatus): string =>
  say(language, `cli.status.${status}`);

/** The label of an event's `kind` in `language` (ROUTED → "Giao nhiệm vụ" / "Routed"). */
export const eventLabel = (language: Language, kind: TaskEventKind): string =>
  say(language, `cli.event.${kind}`);

/**
 * The length of the longest status or event label in `language`: a column of labels padded to it
 * lines up whatever each row's value, in either language (Vietnamese labels run longer).
 */
export function labelWidth(language: Language, of: "status" | "event"): number {
  const prefix = `cli.${of}.`;
  return Math.max(
    ...Object.entries(APP_CATALOGUES[language])
      .filter(([key]) => key.startsWith(prefix))
      .map(([, label]) => label.length),
  );
}
