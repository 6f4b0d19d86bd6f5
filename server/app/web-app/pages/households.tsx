import { useState } from "react";
import { Link } from "wouter";
import type {
  Classification,
  DeprivationIndicator,
  PovertyCause,
} from "../../../../client-sdk/src/browser";
import { useFormats } from "../i18n";
import { useApp, usePages } from "../platform";
import { CAUSES, CLASSIFICATIONS, DEPRIVATIONS, ErrorBox, Field, Loading, Select } from "../ui";

/** The ward's households (a ward officer's own ward; the city's for ADMIN and MONITOR), searchable and filtered. */
export function HouseholdsPage() {
  const f = useFormats();
  const { client, session } = useApp();
  const [search, setSearch] = useState("");
  const [classification, setClassification] = useState<Classification | "">("");
  const [deprivation, setDeprivation] = useState<DeprivationIndicator | "">("");
  const [cause, setCause] = useState<PovertyCause | "">("");
  const filter = {
    ...(session.ward ? { wardCodes: [session.ward] } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(classification ? { classifications: [classification] } : {}),
    ...(deprivation ? { deprivationsAnyOf: [deprivation] } : {}),
    ...(cause ? { povertyCauses: [cause] } : {}),
  };
  const { data, error, loading, more } = usePages(
    async (after) => (await client.listHouseholds({ filter, first: 50, after })).households,
    [JSON.stringify(filter)],
  );
  const wardName = data?.nodes[0]?.ward.name;
  return (
    <section aria-labelledby="households-title">
      <h1 id="households-title">
        {session.ward && wardName
          ? f.t("households.title", { ward: wardName })
          : f.t("households.titleAll")}
      </h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label={f.t("households.searchLabel")}>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </Field>
        <Select
          label={f.t("households.classification")}
          value={classification}
          onChange={setClassification}
          options={CLASSIFICATIONS.map((c) => [c, f.t(`class.${c}`)])}
        />
        <Select
          label={f.t("households.deprivation")}
          value={deprivation}
          onChange={setDeprivation}
          options={DEPRIVATIONS.map((d) => [d, f.t(`depr.${d}`)])}
        />
        <Select
          label={f.t("households.cause")}
          value={cause}
          onChange={setCause}
          options={CAUSES.map((c) => [c, f.t(`cause.${c}`)])}
        />
      </form>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <p aria-live="polite" data-testid="household-count">
            {f.t("households.count", { count: data.totalCount })}
          </p>
          <ul className="cards households" data-testid="household-list">
            {data.nodes.map((node) => (
              <li key={node.id}>
                <Link href={`/households/${node.id}`}>
                  <strong>{node.code}</strong> · {f.t(`class.${node.classification}`)}
                </Link>
                <span className="muted">
                  {node.ward.name} ·{" "}
                  {node.deprivations.map((d) => f.t(`depr.${d.indicator}`)).join(", ") ||
                    f.t("common.none")}
                </span>
              </li>
            ))}
          </ul>
          {data.hasNextPage && (
            <button type="button" onClick={more}>
              {f.t("households.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
