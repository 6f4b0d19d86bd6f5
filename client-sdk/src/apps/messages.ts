import { IntlMessageFormat } from "intl-messageformat";
import en from "./messages.en.json";
import vi from "./messages.vi.json";

/**
 * What the command-line apps print, in Vietnamese and English: flat keys mapped to ICU
 * MessageFormat, as the server's catalogue (server/shared/i18n). They live here, not there, because
 * the SDK is packed and installed on its own and cannot reach the server's files; their keys
 * (`cli.app.*`, `cli.agency.*`, `cli.ward.*`, and the task labels `cli.status.*`, `cli.event.*`)
 * stay apart from the server's `cli.import.*`.
 */
export type Language = "vi" | "en";
export type AppMessageKey = keyof typeof en;
export const APP_CATALOGUES: Record<Language, Readonly<Record<AppMessageKey, string>>> = { vi, en };

/** The message `key` in `language`, its placeholders filled from `params`. */
export function say(
  language: Language,
  key: AppMessageKey,
  params: Record<string, string | number> = {},
): string {
  // The usage shows `<task-id>` and the like as written: no rich-text tags.
  return String(
    new IntlMessageFormat(APP_CATALOGUES[language][key], language, undefined, {
      ignoreTag: true,
    }).format(params),
  );
}
