import { useState } from "react";
import type { ImportHouseholdsMutation } from "../../../../client-sdk/src/browser";
import { useFormats } from "../i18n";
import { useApp } from "../platform";
import { ErrorBox, Head, Field } from "../ui";

type Result = ImportHouseholdsMutation["importHouseholds"];

/**
 * The review list import: template, a dry run that lists every row's problems and writes nothing,
 * then the commit, which is offered only for a file the dry run found clean.
 */
export function ImportWizardPage() {
  const f = useFormats();
  const { client, session } = useApp();
  const [file, setFile] = useState<File | null>(null);
  const [review, setReview] = useState(`${new Date().getFullYear()}-PERIODIC`);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file || !session.ward) return;
    setBusy(true);
    setError(null);
    try {
      setResult(
        (await client.importHouseholds({ file, wardCode: session.ward, review, dryRun }))
          .importHouseholds,
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{f.t("import.title")}</h1>
      <h2>{f.t("import.step1")}</h2>
      <p>
        <a href="/templates/household-list.xlsx" download>
          {f.t("import.templateXlsx")}
        </a>{" "}
        ·{" "}
        <a href="/templates/household-list.csv" download>
          {f.t("import.templateCsv")}
        </a>
      </p>
      <h2>{f.t("import.step2")}</h2>
      <form onSubmit={(e) => (e.preventDefault(), void run(true))}>
        <Field label={f.t("import.file")}>
          <input
            type="file"
            accept=".xlsx,.csv"
            onChange={(e) => (setFile(e.target.files?.[0] ?? null), setResult(null))}
          />
        </Field>
        <Field label={f.t("import.review")}>
          <input value={review} onChange={(e) => setReview(e.target.value)} />
        </Field>
        <button type="submit" disabled={!file || busy}>
          {f.t("import.check")}
        </button>
      </form>
      <ErrorBox error={error} />
      {result && <Outcome result={result} />}
      {result?.dryRun && result.issueCount === 0 && (
        <>
          <h2>{f.t("import.step3")}</h2>
          <button type="button" disabled={busy} onClick={() => void run(false)}>
            {f.t("import.commit")}
          </button>
        </>
      )}
    </section>
  );
}

function Outcome({ result }: { result: Result }) {
  const f = useFormats();
  if (result.issueCount > 0)
    return (
      <div role="alert" data-testid="import-issues">
        <p className="warn">{f.t("import.issues", { count: result.issueCount })}</p>
        <table>
          <Head
            columns={[
              f.t("import.row"),
              f.t("import.column"),
              f.t("import.value"),
              f.t("import.reason"),
            ]}
          />
          <tbody>
            {result.issues.map((issue, i) => (
              <tr key={i}>
                <td>{issue.row}</td>
                <td>{issue.column}</td>
                <td>{issue.value}</td>
                <td>{issue.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  return (
    <p role="status" data-testid="import-outcome">
      {result.committed
        ? f.t("import.committed", { rows: result.rowsRead, routed: result.tasksRouted ?? 0 })
        : f.t("import.clean", { rows: result.rowsRead })}
    </p>
  );
}
