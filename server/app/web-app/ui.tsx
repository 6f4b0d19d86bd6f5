import type { ReactNode } from "react";
import { useFormats } from "./i18n";
import { describeError } from "./platform";

/** An error the user can act on: what happened in their language, then the server's words. */
export function ErrorBox({ error }: { error: unknown }) {
  const f = useFormats();
  if (!error) return null;
  const { title, detail, code } = describeError(f, error);
  return (
    <div className="error" role="alert" data-code={code}>
      <strong>{title}</strong>
      {detail && <p>{detail}</p>}
    </div>
  );
}

/** A table's column headings, each a column header for screen readers. */
export function Head({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th scope="col" key={column}>
            {column}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function Loading() {
  return <p aria-live="polite">{useFormats().t("common.loading")}</p>;
}

/** A labelled field: the label names the control for screen readers and is clickable. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Select<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T | "";
  options: [T, string][];
  onChange: (v: T | "") => void;
}) {
  const f = useFormats();
  return (
    <Field label={label}>
      <select value={value} onChange={(e) => onChange(e.target.value as T | "")}>
        <option value="">{f.t("common.all")}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
}

export const CLASSIFICATIONS = ["POOR", "NEAR_POOR", "NOT_POOR"] as const;
export const DEPRIVATIONS = [
  "EMPLOYMENT",
  "DEPENDANTS",
  "NUTRITION",
  "HEALTH_INSURANCE",
  "ADULT_EDUCATION",
  "CHILD_SCHOOL_ATTENDANCE",
  "HOUSING_QUALITY",
  "HOUSING_AREA",
  "DOMESTIC_WATER",
  "HYGIENIC_LATRINE",
  "TELECOM_SERVICES",
  "INFORMATION_ACCESS_MEANS",
] as const;
export const CAUSES = [
  "NO_PRODUCTION_LAND",
  "NO_PRODUCTION_CAPITAL",
  "NO_LABOUR",
  "NO_MEANS_OF_PRODUCTION",
  "NO_PRODUCTION_KNOWLEDGE",
  "NO_LABOUR_SKILLS",
  "ILLNESS_OR_ACCIDENT",
  "OTHER",
] as const;

/** Days from today (Vietnam's calendar) to a YYYY-MM-DD date; negative when past. */
export function daysUntil(date: string): number {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(
    new Date(),
  );
  return Math.round((Date.parse(date) - Date.parse(today)) / 86_400_000);
}
