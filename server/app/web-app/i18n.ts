import { createContext, useContext } from "react";
import en from "./messages.en.json";
import vi from "./messages.vi.json";

export type Language = "vi" | "en";
export type MessageKey = keyof typeof vi;
export const CATALOGUES: Record<Language, Record<MessageKey, string>> = { vi, en };

/** Locales for Intl: Vietnamese shows dd/mm/yyyy, 1.234,5 and 1.000.000 ₫; English (en-GB) keeps day-first dates too. */
const LOCALE: Record<Language, string> = { vi: "vi-VN", en: "en-GB" };

/**
 * The app's subset of ICU MessageFormat: `{name}` and `{name, number}`. Plurals and selects are not
 * used by the catalogues (Vietnamese nouns do not inflect for number), so they are not parsed.
 */
export function formatMessage(
  language: Language,
  key: MessageKey,
  args: Record<string, string | number> = {},
): string {
  return CATALOGUES[language][key].replace(/\{(\w+)(?:,\s*number)?\}/g, (whole, name: string) => {
    const value = args[name];
    if (value === undefined) return whole;
    return typeof value === "number"
      ? new Intl.NumberFormat(LOCALE[language]).format(value)
      : value;
  });
}

export interface Formats {
  t(key: MessageKey, args?: Record<string, string | number>): string;
  /** A date (YYYY-MM-DD or ISO timestamp) as dd/mm/yyyy in Vietnamese, the English form otherwise. */
  date(value: string | null | undefined): string;
  dateTime(value: string): string;
  number(value: number | null | undefined, fractionDigits?: number): string;
  vnd(value: number | null | undefined): string;
  language: Language;
  catalogue: Record<MessageKey, string>;
}

export function formatsFor(language: Language): Formats {
  const locale = LOCALE[language];
  const day = new Intl.DateTimeFormat(locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    timeZone: "Asia/Ho_Chi_Minh",
  });
  const moment = new Intl.DateTimeFormat(locale, {
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Ho_Chi_Minh",
  });
  const money = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: "VND",
    maximumFractionDigits: 0,
  });
  return {
    language,
    catalogue: CATALOGUES[language],
    t: (key, args) => formatMessage(language, key, args),
    // A bare calendar date is read at noon in Vietnam's zone so no time zone shifts its day.
    date: (value) =>
      value ? day.format(new Date(value.length === 10 ? `${value}T12:00:00+07:00` : value)) : "—",
    dateTime: (value) => moment.format(new Date(value)),
    number: (value, fractionDigits = 0) =>
      value === null || value === undefined
        ? "—"
        : new Intl.NumberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value),
    vnd: (value) => (value === null || value === undefined ? "—" : money.format(value)),
  };
}

export const FormatsContext = createContext<Formats>(formatsFor("vi"));
export const useFormats = () => useContext(FormatsContext);
