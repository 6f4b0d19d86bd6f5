import { useState } from "react";
import { Link } from "wouter";
import {
  GraphQLRequestError,
  type Classification,
  type DeprivationIndicator,
  type HouseholdPlansQuery,
  type HouseholdStoryQuery,
  type PovertyCause,
} from "../../../../client-sdk/src/browser";
import { useFormats } from "../i18n";
import { useApp, useQuery } from "../platform";
import { PLAN_YEARS } from "../plan-year";
import { CAUSES, CLASSIFICATIONS, DEPRIVATIONS, ErrorBox, Head, Loading } from "../ui";
import { useTaskFeed } from "../task-feed";

/** A household's whole story on one page: members, deprivations, causes, tasks with their history, reviews, the year's plan. */
export function HouseholdPage({ id }: { id: string }) {
  const f = useFormats();
  const { client, session } = useApp();
  const story = useQuery(() => client.householdStory({ id }), [id]);
  const plan = useQuery(async () => {
    const ward = story.data?.household?.ward.code;
    if (!ward) return null;
    // The newest year's plan: a household has at most one per year.
    for (const year of PLAN_YEARS) {
      for (let after: string | null = null, more = true; more;) {
        const page: HouseholdPlansQuery = await client.householdPlans({
          year,
          wardCode: ward,
          first: 100,
          after,
        });
        const found = page.householdPlans.edges.find((e) => e.node.household.id === id)?.node;
        if (found) return found;
        ({ endCursor: after, hasNextPage: more } = page.householdPlans.pageInfo);
      }
    }
    return null;
  }, [story.data?.household?.ward.code, id]);
  // The page follows the ward's task feed: a change to one of this household's tasks shows without a reload.
  const { listening } = useTaskFeed(
    session.ward ? { wardCode: session.ward } : null,
    (notice) => notice.task?.household.id === id && story.reload(),
  );

  if (story.error) return <ErrorBox error={story.error} />;
  if (!story.data) return <Loading />;
  const household = story.data.household;
  // Null both for an unknown id and for another ward's household: the page cannot tell them apart, nor should it.
  if (!household)
    return (
      <ErrorBox
        error={new GraphQLRequestError([{ message: id, extensions: { code: "NOT_FOUND" } }])}
      />
    );
  return (
    <article aria-labelledby="household-title" data-live={listening}>
      <p>
        <Link href="/households">← {f.t("common.back")}</Link>
      </p>
      <h1 id="household-title">{f.t("household.title", { code: household.code })}</h1>
      <p>
        {f.t(`class.${household.classification}`)} · {household.ward.name}
        {household.address && ` · ${f.t("household.address")}: ${household.address}`}
        {household.incomePerPersonMonthly !== null &&
          ` · ${f.t("household.income")}: ${f.vnd(household.incomePerPersonMonthly)}`}
      </p>
      <h2>{f.t("household.members")}</h2>
      <ul>
        {(household.members ?? []).map((m) => (
          <li key={m.position}>
            {m.fullName} ({f.t("household.born", { year: String(m.birthYear) })})
          </li>
        ))}
      </ul>
      <h2>{f.t("household.deprivations")}</h2>
      <p>
        {household.deprivations.map((d) => f.t(`depr.${d.indicator}`)).join(", ") ||
          f.t("common.none")}
      </p>
      <h2>{f.t("household.causes")}</h2>
      <p>
        {household.povertyCauses.map((c) => f.t(`cause.${c}`)).join(", ") || f.t("common.none")}
      </p>
      <h2>{f.t("household.tasks")}</h2>
      <ul className="cards" data-testid="household-tasks">
        {story.data.tasks.edges.map(({ node }) => (
          <li key={node.id} data-task-id={node.id}>
            <strong>{f.language === "vi" ? node.measure.nameVi : node.measure.nameEn}</strong> ·{" "}
            {node.ownerAgency.nameVi} ·{" "}
            <span className={`status status-${node.status}`} data-testid="task-status">
              {f.t(`status.${node.status}`)}
            </span>{" "}
            · {f.t("task.due", { date: f.date(node.dueOn) })}
            <details>
              <summary>{f.t("task.history")}</summary>
              <ol className="timeline">
                {(node.history ?? []).map((h) => (
                  <li key={h.id}>
                    {f.dateTime(String(h.at))} · {f.t(`event.${h.kind}`)} · {h.actor}
                    {h.comment && ` · ${h.comment}`}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ul>
      <h2>{f.t("household.reviews")}</h2>
      <table>
        <Head
          columns={[
            f.t("common.year"),
            f.t("households.classification"),
            f.t("household.income"),
            f.t("household.deprivations"),
          ]}
        />
        <tbody>
          {household.reviewHistory.map((r) => (
            <tr key={r.review.code}>
              <td>{r.review.code}</td>
              <td>{f.t(`class.${r.classification}`)}</td>
              <td>{f.vnd(r.incomePerPersonMonthly)}</td>
              <td>{r.deprivations.map((d) => f.t(`depr.${d}`)).join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>
        {plan.data
          ? f.t("household.plan", { year: String(plan.data.year) })
          : f.t("household.noPlan", { year: PLAN_YEARS.join("–") })}
      </h2>
      {plan.data && (
        <dl data-testid="household-plan">
          <dt>{f.t("household.targetYear")}</dt>
          <dd>{plan.data.targetYear ?? "—"}</dd>
          <dt>{f.t("household.mentors")}</dt>
          <dd>{plan.data.mentors.map((m) => m.name).join(", ") || "—"}</dd>
          <dt>{f.t("household.risk")}</dt>
          <dd>{plan.data.riskReasons.join(", ") || f.t("common.none")}</dd>
        </dl>
      )}
      {session.role === "WARD_OFFICER" && <Reassess household={household} onSaved={story.reload} />}
    </article>
  );
}

type StoryHousehold = NonNullable<HouseholdStoryQuery["household"]>;

/** Re-assess: the officer records the household's classification, deprivations and causes anew; routing follows on the server. */
function Reassess({ household, onSaved }: { household: StoryHousehold; onSaved: () => void }) {
  const f = useFormats();
  const { client } = useApp();
  const [classification, setClassification] = useState<Classification>(household.classification);
  const [deprivations, setDeprivations] = useState<DeprivationIndicator[]>(
    household.deprivations.map((d) => d.indicator),
  );
  const [causes, setCauses] = useState<PovertyCause[]>(household.povertyCauses);
  const [outcome, setOutcome] = useState<{ error?: unknown; saved?: boolean }>({});
  const toggle = <T,>(list: T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  const save = async () => {
    try {
      await client.updateHouseholdAssessment({
        householdId: household.id,
        version: household.version,
        assessment: { classification, deprivations, povertyCauses: causes },
      });
      setOutcome({ saved: true });
      onSaved();
    } catch (error) {
      setOutcome({ error });
    }
  };
  return (
    <details>
      <summary>{f.t("household.reassess")}</summary>
      <form onSubmit={(e) => (e.preventDefault(), void save())}>
        <Choices
          legend={f.t("households.classification")}
          type="radio"
          options={CLASSIFICATIONS.map((c) => [c, f.t(`class.${c}`)])}
          chosen={[classification]}
          onToggle={setClassification}
        />
        <Choices
          legend={f.t("household.deprivations")}
          type="checkbox"
          options={DEPRIVATIONS.map((d) => [d, f.t(`depr.${d}`)])}
          chosen={deprivations}
          onToggle={(d) => setDeprivations(toggle(deprivations, d))}
        />
        <Choices
          legend={f.t("household.causes")}
          type="checkbox"
          options={CAUSES.map((c) => [c, f.t(`cause.${c}`)])}
          chosen={causes}
          onToggle={(c) => setCauses(toggle(causes, c))}
        />
        <button type="submit">{f.t("common.save")}</button>
        {outcome.saved && <p role="status">{f.t("household.reassessSaved")}</p>}
        <ErrorBox error={outcome.error} />
      </form>
    </details>
  );
}

/** A labelled group of radio buttons or checkboxes: a fieldset whose legend names it for screen readers. */
function Choices<T extends string>({
  legend,
  type,
  options,
  chosen,
  onToggle,
}: {
  legend: string;
  type: "radio" | "checkbox";
  options: [T, string][];
  chosen: T[];
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map(([value, text]) => (
        <label key={value}>
          <input
            type={type}
            name={legend}
            checked={chosen.includes(value)}
            onChange={() => onToggle(value)}
          />{" "}
          {text}
        </label>
      ))}
    </fieldset>
  );
}
