import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createServices } from "../server/app/services";
import { openConfiguredDatabase } from "../server/app/platform";
import { loadConfig } from "../server/config/config";
import { prepareDatabase } from "../server/db/prepare";
import { csvTemplate, xlsxTemplate, type ImportReport } from "../server/modules/intake";
import { Role, type Viewer } from "../server/shared/auth";
import { todayIso } from "../server/shared/dates";

const USAGE = `npm run import -- <list.xlsx|list.csv> --ward <GSO code> [--review 2024-PERIODIC] [--dry-run] [--distinct CODE,CODE]
npm run import -- --template <household-list.xlsx|household-list.csv>`;

/**
 * \`npm run import\`: takes a ward's review list into the configured database as an administrator
 * would through the API (same checks, same all-or-nothing commit, same re-routing; running servers
 * deliver the routing events). Exits 0 when imported or a dry run is clean, 1 when the file has
 * problems or likely duplicates, 2 on any other error.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ward: { type: "string" }, review: { type: "string" }, "dry-run": { type: "boolean", default: false }, distinct: { type: "string" }, template: { type: "string" } },
  });
  if (values.template) {
    await writeFile(values.template, /\.csv$/i.test(values.template) ? csvTemplate() : await xlsxTemplate());
    process.stdout.write(`wrote the import template to ${values.template}\n`);
    return 0;
  }
  const [file] = positionals;
  if (!file || !values.ward) throw new Error(USAGE);
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(database, async () => undefined);
    const services = createServices(database);
    const who = { actor: `cli:${userInfo().username}`, viewer: cliViewer() };
    const report = await services.intake.importList(who, {
      fileName: basename(file),
      bytes: await readFile(file),
      wardCode: values.ward,
      reviewCode: values.review ?? currentPeriodicReview(),
      dryRun: values["dry-run"],
      distinctHouseholdCodes: (values.distinct ?? "").split(",").map((c) => c.trim()).filter(Boolean),
    });
    process.stdout.write(describe(report));
    return report.issueCount === 0 && report.likelyDuplicates.every((d) => d.settled || report.dryRun) ? 0 : 1;
  } finally {
    await database.close();
  }
}

/** The periodic review running or last finished: this year's from 1 September, else last year's. */
function currentPeriodicReview(today = todayIso()): string {
  const year = Number(today.slice(0, 4));
  return `${today.slice(5) >= "09-01" ? year : year - 1}-PERIODIC`;
}

function cliViewer(): Viewer {
  return { userId: `cli:${userInfo().username}`, role: Role.ADMIN, agencyId: null, agencyCode: null, secretariat: false, wardId: null, wardCode: null, expiresAt: null };
}

function describe(r: ImportReport): string {
  const lines = [
    `${r.message}`,
    `file ${r.fileName}, ward ${r.wardCode}, review ${r.reviewCode}: ${r.rowsRead} rows, ${r.householdsInFile} households`,
    `created ${r.householdsCreated}, updated ${r.householdsUpdated}, unchanged ${r.householdsUnchanged}; tasks routed ${r.tasksRouted}, need gone ${r.tasksNeedGone}, need returned ${r.tasksNeedReturned}`,
    ...r.issues.map((i) => `row ${i.row}, ${i.column}: "${i.value}" — ${i.reason}`),
    ...(r.issueCount > r.issues.length ? [`… and ${r.issueCount - r.issues.length} more problems`] : []),
    ...r.likelyDuplicates.map((d) => `row ${d.row}: ${d.householdCode} may be ${d.otherHouseholdCode} (${d.matchedBy})${d.settled ? ", settled" : ""}`),
  ];
  return `${lines.join("\n")}\n`;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
    process.exit(2);
  },
);
