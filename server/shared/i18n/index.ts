import { IntlMessageFormat } from "intl-messageformat";
import en from "./messages.en.json";
import vi from "./messages.vi.json";
import { TERM_PLACEHOLDERS } from "./terms";

/**
 * One catalogue for every message a person reads, in Vietnamese and English: flat keys mapped to
 * ICU MessageFormat strings (plural, number and date formats) in `messages.vi.json` and
 * `messages.en.json`. The server owns the keys it uses (`error.*`, `intake.*`, `plan.*`,
 * `template.*`, `cli.*`, and the words for the API values its sentences name: see terms.ts). The
 * web app keeps its screens' texts in the same format beside its code
 * (server/app/web-app/messages.*.json) and shows the server's messages as they come.
 */
export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
/** What a message's placeholders are filled with. */
export type MessageParams = Record<string, string | number | Date>;

export const CATALOGUES: Record<Language, Readonly<Record<string, string>>> = { vi, en };

const compiled = new Map<string, IntlMessageFormat>();

/**
 * The message `key` in `language`, its placeholders filled from `params`, API values among them in
 * the language's words (see terms.ts). A key missing from the catalogue, or an API value it has no
 * words for, is a programming error and throws, so a test finds it rather than a user reading a key.
 */
export function translate(language: Language, key: string, params: MessageParams = {}): string {
  const id = `${language}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    const text = CATALOGUES[language][key];
    if (text === undefined) throw new Error(`no ${language} message has the key ${key}`);
    // Messages show `<token>` and the like as written: no rich-text tags.
    format = new IntlMessageFormat(text, language, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return String(format.format(withTerms(language, key, params)));
}

const alternatives = Object.fromEntries(
  LANGUAGES.map((l) => [l, new Intl.ListFormat(l, { type: "disjunction" })]),
) as Record<Language, Intl.ListFormat>;

/** `params` with the placeholders TERM_PLACEHOLDERS names for `key` worded in `language`. */
function withTerms(language: Language, key: string, params: MessageParams): MessageParams {
  const terms = TERM_PLACEHOLDERS[key];
  if (!terms) return params;
  const worded = { ...params };
  for (const [name, kind] of Object.entries(terms)) {
    if (params[name] === undefined) continue; // IntlMessageFormat names the missing placeholder
    const words = String(params[name])
      .split(", ")
      .map((value) => {
        const word = CATALOGUES[language][`${kind}.${value}`];
        if (word === undefined) throw new Error(`no ${language} words for the ${kind} ${value}`);
        return word;
      });
    worded[name] = alternatives[language].format(words);
  }
  return worded;
}

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

/**
 * The language to answer in. A user's own setting (`setMyLanguage`) comes first: it is a choice the
 * person made, while a browser's `Accept-Language` merely echoes the operating system. Then the
 * first supported language of `Accept-Language` (or a WebSocket's `language`), by its q-values;
 * then `fallback` — English for API clients, Vietnamese for files and the web app.
 */
export function resolveLanguage(
  acceptLanguage: string | null | undefined,
  userSetting?: string | null,
  fallback: Language = "en",
): Language {
  if (isLanguage(userSetting)) return userSetting;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, index) => {
      const [tag, ...options] = part.trim().split(";");
      const q = options
        .map((o) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(o)?.[1])
        .find((v) => v !== undefined);
      // "vi-VN" from a browser, "en_US.UTF-8" from a shell's LANG.
      return {
        base: tag.trim().toLowerCase().split(/[-_.]/)[0],
        q: q === undefined ? 1 : Number(q),
        index,
      };
    })
    .filter((entry) => entry.q > 0 && isLanguage(entry.base))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.base as Language | undefined) ?? fallback;
}
