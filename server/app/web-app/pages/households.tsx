import { useState } from "react";
import { Link } from "wouter";
import type { Classification, DeprivationIndicator, PovertyCause } from "../../../../client-sdk/src/browser";
import { useFormats } from "../i18n";
import { useApp, useQuery } from "../platform";
import { CAUSES, CLASSIFICATIONS, DEPRIVATIONS, ErrorBox, Field, Loading, Select } from "../ui";

/** The ward's households (a ward officer's own ward; the city's for ADMIN and MONITOR), searchable and filtered. */
export function HouseholdsPage() {
  const f = useFormats();
  const { client, session } = useApp();
  const [search, setSearch] = useState("");
  const [classification, setClassification] = useState<Classification | "">("");
  const [deprivation, setDeprivation] = useState<DeprivationIndicator | "">("");
  const [cause, setCause] = useState<PovertyCause | "">("");
  const [first, setFirst] = useState(50);
  const filter = {
    ...(session.ward ? { wardCodes: [session.ward] } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
    ...(classification ? { classifications: [classification] } : {}),
    ...(deprivation ? { deprivationsAnyOf: [deprivation] } : {}),
    ...(cause ? { povertyCauses: [cause] } : {}),
  };
  const { data, error, loading } = useQuery(() => client.listHouseholds({ filter, first }), [JSON.stringify(filter), first]);
  const wardName = data?.households.edges[0]?.node.ward.name;
  return (
    <section aria-labelledby="households-title">
      <h1 id="households-title">{session.ward && wardName ? f.t("households.title", { ward: wardName }) : f.t("households.titleAll")}</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <Field label={f.t("households.searchLabel")}>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </Field>
        <Select label={f.t("households.classification")} value={classification} onChange={setClassification} options={CLASSIFICATIONS.map((c) => [c, f.t(`class.${c}`)])} />
        <Select label={f.t("households.deprivation")} value={deprivation} onChange={setDeprivation} options={DEPRIVATIONS.map((d) => [d, f.t(`depr.${d}`)])} />
        <Select label={f.t("households.cause")} value={cause} onChange={setCause} options={CAUSES.map((c) => [c, f.t(`cause.${c}`)])} />
      </form>
      <ErrorBox error={error} />
      {loading && !data && <Loading />}
      {data && (
        <>
          <p aria-live="polite" data-testid="household-count">{f.t("households.count", { count: data.households.totalCount })}</p>
          <ul className="cards households" data-testid="household-list">
            {data.households.edges.map(({ node }) => (
              <li key={node.id}>
                <Link href={`/households/${node.id}`}>
                  <strong>{node.code}</strong> · {f.t(`class.${node.classification}`)}
                </Link>
                <span className="muted">
                  {node.ward.name} · {node.deprivations.map((d) => f.t(`depr.${d.indicator}`)).join(", ") || f.t("common.none")}
                </span>
              </li>
            ))}
          </ul>
          {data.households.pageInfo.hasNextPage && (
            <button type="button" onClick={() => setFirst((n) => n + 50)}>
              {f.t("households.more")}
            </button>
          )}
        </>
      )}
    </section>
  );
}
