import { useState } from "react";
import { useFormats } from "../i18n";
import { BarChart } from "../bar-chart";
import { downloadWithToken } from "../download";
import { useApp, useQuery } from "../platform";
import { PLAN_YEARS } from "../plan-year";
import { ErrorBox, Head, Field, Loading } from "../ui";

/** Leaders' and analysts' dashboard: the figures of planProgress, monitoringReport and planForecast, as charts and tables. */
export function DashboardPage() {
  const f = useFormats();
  const { client, session } = useApp();
  const [year, setYear] = useState<number>(PLAN_YEARS[0]);
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const data = useQuery(async () => {
    const [progress, report, forecast] = await Promise.all([
      client.planProgress({ year }),
      client.monitoringReport(period),
      client.planForecast({ year }),
    ]);
    return {
      year,
      progress: progress.planProgress,
      report: report.monitoringReport,
      forecast: forecast.planForecast,
    };
  }, [year]);
  // useQuery keeps the last answer while the next loads: another year's figures must not stand under this year's label.
  const figures = data.data?.year === year ? data.data : null;
  const [atRiskWard, setAtRiskWard] = useState<{ code: string; name: string } | null>(null);
  const locale = f.language === "vi" ? "vi-VN" : "en-GB";
  return (
    <section aria-labelledby="dashboard-title" data-year={figures?.year}>
      <h1 id="dashboard-title">{f.t("dashboard.title")}</h1>
      <div className="filters">
        <Field label={f.t("common.year")}>
          <select
            value={year}
            onChange={(e) => (setYear(Number(e.target.value)), setAtRiskWard(null))}
          >
            {PLAN_YEARS.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </Field>
        <button
          type="button"
          onClick={() =>
            void downloadWithToken(
              `/reports/monitoring.xlsx?from=${period.from}&to=${period.to}`,
              session.token,
              `bao-cao-giam-sat-${year}.xlsx`,
            )
          }
        >
          {f.t("dashboard.export")}
        </button>
      </div>
      <ErrorBox error={data.error} />
      {!figures && !data.error && <Loading />}
      {figures && (
        <>
          <h2>{f.t("dashboard.rates")}</h2>
          <BarChart
            title={f.t("dashboard.rates")}
            locale={locale}
            labels={figures.report.wards.map((w) => w.wardName)}
            series={[
              {
                label: f.t("dashboard.poorRate"),
                data: figures.report.wards.map((w) => w.poorRate),
              },
              {
                label: f.t("dashboard.nearPoorRate"),
                data: figures.report.wards.map((w) => w.nearPoorRate),
              },
            ]}
          />
          <table className="figures" data-testid="wards">
            <Head
              columns={[
                f.t("common.ward"),
                f.t("dashboard.households"),
                f.t("dashboard.poor"),
                f.t("dashboard.poorRate"),
                f.t("dashboard.nearPoor"),
                f.t("dashboard.nearPoorRate"),
              ]}
            />
            <tbody>
              {[...figures.report.wards, figures.report.city].map((w) => (
                <tr key={w.wardCode ?? "city"} data-ward={w.wardCode ?? "city"}>
                  <th scope="row">{w.wardName}</th>
                  <td>{f.number(w.householdsTotal)}</td>
                  <td data-testid="poor">{f.number(w.poor)}</td>
                  <td>{f.number(w.poorRate, 2)}</td>
                  <td>{f.number(w.nearPoor)}</td>
                  <td>{f.number(w.nearPoorRate, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{f.t("dashboard.targets")}</h2>
          <table className="figures" data-testid="progress">
            <Head
              columns={[
                f.t("dashboard.target"),
                f.t("dashboard.value"),
                f.t("dashboard.actual"),
                f.t("dashboard.gap"),
              ]}
            />
            <tbody>
              {figures.progress.map((p) => (
                <tr key={p.target.code} data-target={p.target.code}>
                  <th scope="row">{p.target.code}</th>
                  <td>{f.number(p.target.value, 2)}</td>
                  <td data-testid="actual">{f.number(p.actual, 2)}</td>
                  <td>{f.number(p.gap, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{f.t("dashboard.agencies")}</h2>
          <table className="figures" data-testid="agencies">
            <Head
              columns={[
                f.t("dashboard.agency"),
                f.t("dashboard.measure"),
                f.t("dashboard.routed"),
                f.t("dashboard.completed"),
                f.t("dashboard.overdue"),
              ]}
            />
            <tbody>
              {figures.report.agencyMeasures.map((a) => (
                <tr key={`${a.agencyCode}/${a.measureCode}`}>
                  <td>{a.agencyName}</td>
                  <td>{a.measureName}</td>
                  <td>{f.number(a.routed)}</td>
                  <td>{f.number(a.completed)}</td>
                  <td>{f.number(a.overdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{f.t("dashboard.funds")}</h2>
          <BarChart
            title={f.t("dashboard.funds")}
            locale={locale}
            labels={figures.report.funds.map((s) => s.sourceName)}
            series={[
              { label: f.t("dashboard.budget"), data: figures.report.funds.map((s) => s.budget) },
              {
                label: f.t("dashboard.allocated"),
                data: figures.report.funds.map((s) => s.allocated),
              },
              { label: f.t("dashboard.spent"), data: figures.report.funds.map((s) => s.spent) },
            ]}
          />
          <table className="figures" data-testid="funds">
            <Head
              columns={[
                f.t("dashboard.source"),
                f.t("dashboard.budget"),
                f.t("dashboard.allocated"),
                f.t("dashboard.spent"),
              ]}
            />
            <tbody>
              {figures.report.funds.map((s) => (
                <tr key={s.sourceCode}>
                  <th scope="row">{s.sourceName}</th>
                  <td>{f.vnd(s.budget)}</td>
                  <td>{f.vnd(s.allocated)}</td>
                  <td>{f.vnd(s.spent)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{f.t("dashboard.training")}</h2>
          <p data-testid="training">
            {f.t("dashboard.trained", {
              trained: figures.report.capacity.toDate.trained,
              target: figures.report.capacity.toDate.trainedTarget,
            })}
            {" · "}
            {f.t("dashboard.villageTrained", {
              trained: figures.report.capacity.toDate.villageOfficersTrained,
              target: figures.report.capacity.toDate.villageOfficersTarget,
            })}
          </p>
          <h2>{f.t("dashboard.forecast")}</h2>
          <table className="figures" data-testid="forecast">
            <Head
              columns={[
                f.t("common.ward"),
                f.t("dashboard.poor"),
                f.t("dashboard.plans"),
                f.t("dashboard.onTrack"),
                f.t("dashboard.atRisk"),
                f.t("dashboard.projectedPoorRate"),
              ]}
            />
            <tbody>
              {figures.forecast.wards.map((w) => (
                <tr key={w.wardCode} data-ward={w.wardCode}>
                  <th scope="row">{w.wardName}</th>
                  <td>{f.number(w.poorNow)}</td>
                  <td>{f.number(w.plans)}</td>
                  <td>{f.number(w.onTrack)}</td>
                  <td>
                    {w.atRisk > 0 ? (
                      <button
                        type="button"
                        className="link"
                        onClick={() => setAtRiskWard({ code: w.wardCode!, name: w.wardName! })}
                      >
                        {f.number(w.atRisk)}
                      </button>
                    ) : (
                      f.number(w.atRisk)
                    )}
                  </td>
                  <td>{f.number(w.projectedPoorRate, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {atRiskWard && <AtRisk year={year} ward={atRiskWard} />}
        </>
      )}
    </section>
  );
}

/** The ward's at-risk plans, with why each is at risk. */
function AtRisk({ year, ward }: { year: number; ward: { code: string; name: string } }) {
  const f = useFormats();
  const { client } = useApp();
  const list = useQuery(
    () => client.planForecastAtRisk({ year, wardCode: ward.code, first: 100 }),
    [year, ward.code],
  );
  return (
    <section aria-labelledby="at-risk-title" data-testid="at-risk">
      <h3 id="at-risk-title">{f.t("dashboard.atRiskList", { ward: ward.name })}</h3>
      <ErrorBox error={list.error} />
      <ul>
        {list.data?.planForecast.atRisk.map((p) => (
          <li key={p.id}>
            {p.household.code} · {p.riskReasons.join(", ")}
          </li>
        ))}
      </ul>
    </section>
  );
}
