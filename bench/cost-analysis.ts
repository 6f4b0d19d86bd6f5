import "reflect-metadata";
import { parse, specifiedRules, validate } from "graphql";
import { queryShapeRule, requireAffordable } from "../server/app/query-safety";
import { buildPlatformSchema } from "../server/app/schema";
import { loadConfig } from "../server/config/config";
import { Role } from "../server/shared/auth";
import { cpuMillis, freshBenchDatabase, round, startBenchServer, type Figure } from "./harness";
import { STAFF_QUERY } from "./throughput";

const REQUESTS = 1000;
const ANALYSES = 2000;

/**
 * What the query-cost analysis (shape bounds and the declared-cost estimate) adds to the staff
 * query: its time per request, measured here in-process, against the CPU the server spends on the
 * whole request. Per request the server finds a repeated document's cost in its cache (Apollo also
 * keeps the validated document); a document it has not seen is analysed in full, once.
 */
export async function costAnalysis(): Promise<Figure[]> {
  const db = await freshBenchDatabase("cost");
  const server = await startBenchServer(db.url);
  try {
    await server.call(`mutation { routeHouseholds(filter: {}) { createdCount } }`);
    const token = await server.token(Role.AGENCY_STAFF, { agency: "LABOUR" });
    for (let i = 0; i < 100; i++) await server.call(STAFF_QUERY, undefined, token);
    const before = cpuMillis(server.process.pid!);
    for (let i = 0; i < REQUESTS; i++) await server.call(STAFF_QUERY, undefined, token);
    const after = cpuMillis(server.process.pid!);
    if (before === null || after === null) throw new Error("cannot read the server's CPU time");
    const requestMs = (after - before) / REQUESTS;

    const schema = await buildPlatformSchema();
    const { limits } = loadConfig({});
    const rule = queryShapeRule({
      maxDepth: limits.maxDepth,
      maxSelections: limits.maxRecursiveSelections,
      maxRootFields: limits.maxRootFields,
      maxAliases: limits.maxAliases,
    });
    // A new document object each time: the estimate is not kept for it, as for a text never sent
    // before. The shape rule rides along graphql-js's validation, which runs anyway: what it adds
    // is the difference.
    const validated = timePerCall(
      () => parse(STAFF_QUERY),
      (document) => validate(schema, document, specifiedRules),
    );
    const analysed = timePerCall(
      () => parse(STAFF_QUERY),
      (document) => {
        const errors = validate(schema, document, [...specifiedRules, rule]);
        if (errors.length > 0) throw new Error(`the staff query is refused: ${errors[0].message}`);
        requireAffordable(schema, document, {}, undefined, limits.maxCost);
      },
    );
    const full = Math.max(0, analysed - validated);
    const document = parse(STAFF_QUERY);
    const repeated = timePerCall(
      () => document,
      (same) => requireAffordable(schema, same, {}, undefined, limits.maxCost),
    );
    const share = (ms: number) => round((100 * ms) / requestMs, 2);
    return [
      {
        name: `staff query: CPU of the server process per request (${REQUESTS} sequential)`,
        value: round(requestMs, 3),
        unit: "ms",
        target: "—",
        met: null,
      },
      {
        name: "  cost analysis per request (repeated document: the cost is kept)",
        value: round(repeated * 1000, 1),
        unit: "µs",
        target: "—",
        met: null,
      },
      {
        name: "  its share of the request",
        value: share(repeated),
        unit: "%",
        target: "≤ 2",
        met: share(repeated) <= 2,
      },
      {
        name: "  analysis of a document not seen before, once (shape rule + cost estimate)",
        value: round(full * 1000, 1),
        unit: "µs",
        target: "—",
        met: null,
      },
      {
        name: "  its share of one request",
        value: share(full),
        unit: "%",
        target: "— (once per document)",
        met: null,
      },
    ];
  } finally {
    await server.stop();
    await db.drop();
  }
}

/** Milliseconds per call of `work` on what `prepare` made beforehand (so preparing is not timed), after a warm-up of as many calls. */
function timePerCall<T>(prepare: () => T, work: (input: T) => void): number {
  const inputs = () => Array.from({ length: ANALYSES }, prepare);
  for (const input of inputs()) work(input);
  const measured = inputs();
  const started = process.hrtime.bigint();
  for (const input of measured) work(input);
  return Number(process.hrtime.bigint() - started) / 1e6 / ANALYSES;
}
