import type { Client } from "pg";
import { Role } from "../server/shared/auth";
import { percentile, round, type BenchServer, type Figure } from "./harness";

const CHUNK = 100_000;
const RUNS = 10;

/**
 * 2024 escape plans for the generated households (`B-…` codes): 7 in 8 households get one, half
 * registered, a quarter expected (in 2024 or 2025), an eighth protected; 1 in 10 without a mentor
 * and 1 in 5 unsigned, so about a quarter are at risk. Their risk reasons are written as the
 * platform would evaluate them: the generated households' tasks are new, none overdue or declined.
 */
export async function generatePlans(pg: Client, households: number): Promise<void> {
  for (let from = 1; from <= households; from += CHUNK) {
    await pg.query(
      `INSERT INTO household_plan (household_id, ward_id, classification, year, status, not_expected_reason, target_year, mentors, commitment_signed_on, risk_reasons)
       SELECT h.id, h.ward_id, h.classification, 2024, s.status, CASE WHEN s.status = 'NOT_EXPECTED' THEN 'NO_WORKING_AGE_MEMBER' END,
              CASE WHEN s.status <> 'NOT_EXPECTED' THEN 2024 + (hashtext(h.code) >> 4 & 1) END,
              CASE WHEN r.mentor THEN jsonb_build_array(jsonb_build_object('name', 'Cán bộ giảm nghèo', 'userId', 'mentor-' || h.ward_id, 'wardCode', null, 'agencyCode', 'LABOUR')) ELSE '[]' END,
              CASE WHEN r.signed THEN DATE '2024-07-15' END,
              array_remove(ARRAY[CASE WHEN NOT r.mentor THEN 'NO_MENTOR' END, CASE WHEN NOT r.signed THEN 'NO_SIGNED_COMMITMENT' END], NULL)
         FROM household h
         CROSS JOIN LATERAL (SELECT CASE WHEN hashtext(h.code) & 7 < 4 THEN 'REGISTERED' WHEN hashtext(h.code) & 7 < 6 THEN 'EXPECTED' ELSE 'NOT_EXPECTED' END AS status) s
         CROSS JOIN LATERAL (SELECT random() < 0.9 AS mentor, random() < 0.8 AS signed) r
        WHERE h.code BETWEEN 'B-' || lpad($1::text, 8, '0') AND 'B-' || lpad($2::text, 8, '0') AND hashtext(h.code) & 7 <> 7`,
      [from, Math.min(households, from + CHUNK - 1)],
    );
  }
  await pg.query(`ANALYZE household_plan`);
}

/** The forecast's time as an analyst asks it: for the whole country's generated wards, and for one ward. */
export async function forecastFigures(server: BenchServer, wards: number): Promise<Figure[]> {
  const analyst = await server.token(Role.ANALYST);
  const city = `{ planForecast(year: 2024) { city { plans registered expected onTrack atRisk projectedPoor projectedNearPoor } targets { met } } }`;
  const cityMs: number[] = [];
  for (let i = 0; i < RUNS; i++) cityMs.push(await timed(server, city, analyst));
  const wardMs: number[] = [];
  for (let i = 0; i < RUNS * 2; i++) {
    const code = String(30001 + Math.floor(Math.random() * wards));
    wardMs.push(
      await timed(
        server,
        `{ planForecast(year: 2024, wardCode: "${code}") { wards { registered atRisk projectedPoor } } }`,
        analyst,
      ),
    );
  }
  return [
    {
      name: `planForecast(2024) for all ${wards.toLocaleString("en-US")} wards and the total (${RUNS} requests), p50`,
      value: round(percentile(cityMs, 50)),
      unit: "ms",
      target: "≤ 500",
      met: percentile(cityMs, 50) <= 500,
    },
    {
      name: `planForecast(2024, wardCode) for one ward (${RUNS * 2} requests), p50`,
      value: round(percentile(wardMs, 50)),
      unit: "ms",
      target: "—",
      met: null,
    },
  ];
}

async function timed(server: BenchServer, query: string, token: string): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await server.call(query, undefined, token);
  if (res.errors) throw new Error(`planForecast failed: ${JSON.stringify(res.errors)}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}
