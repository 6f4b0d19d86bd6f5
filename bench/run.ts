import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { costAnalysis } from "./cost-analysis";
import type { Figure } from "./harness";
import { nationalScale } from "./national";
import { sqlPerRequest } from "./sql-per-request";
import { subscriptions } from "./subscriptions";
import { throughput } from "./throughput";
import { webApp } from "./web-app";

/**
 * `npm run bench`: every benchmark against the PostgreSQL server of DATABASE_URL (the web app's on PGlite), each on a fresh
 * database of its own; prints a table and writes bench/results/latest.json. BENCH_HOUSEHOLDS sets
 * the national generator's size (default 2,000,000; CI's smoke run uses a small one); BENCH_ONLY
 * runs the sections whose name contains it.
 */
async function main() {
  const households = Number(process.env.BENCH_HOUSEHOLDS ?? 2_000_000);
  const only = process.env.BENCH_ONLY;
  const sections: [string, () => Promise<Figure[]>][] = [
    ["SQL statements per request", sqlPerRequest],
    ["Throughput against a bare handler", throughput],
    ["Cost analysis of the staff query", costAnalysis],
    ["Subscriptions on two instances", subscriptions],
    ["National scale", () => nationalScale(households)],
    ["Web app", webApp],
  ];
  const results: Record<string, Figure[]> = {};
  const started = Date.now();
  for (const [name, run] of sections.filter(
    ([name]) => !only || name.toLowerCase().includes(only.toLowerCase()),
  )) {
    process.stdout.write(`running: ${name}\n`);
    results[name] = await run();
    printSection(name, results[name]);
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const out = join(__dirname, "..", "..", "bench", "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(
    join(out, "latest.json"),
    `${JSON.stringify({ at: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), households, machine, results }, null, 2)}\n`,
  );
  process.stdout.write(
    `\n${Math.round((Date.now() - started) / 1000)} s; written to bench/results/latest.json\n`,
  );
}

function printSection(name: string, figures: Figure[]) {
  process.stdout.write(`\n${name}\n`);
  for (const f of figures) {
    const mark = f.met === null ? " " : f.met ? "✓" : "✗";
    process.stdout.write(
      `  ${mark} ${f.name.padEnd(92)} ${`${f.value} ${f.unit}`.padEnd(22)} target ${f.target}\n`,
    );
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
