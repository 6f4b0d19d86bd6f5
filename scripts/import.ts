import "reflect-metadata";
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createClient, GraphQLRequestError } from "@quy-nhon/client-sdk";
import { createServices } from "../server/app/services";
import { openConfiguredDatabase } from "../server/app/platform";
import { loadConfig, type PlatformConfig } from "../server/config/config";
import { lockHolderOf, type LockHolder } from "../server/db/data-dir-lock";
import { prepareDatabase } from "../server/db/prepare";
import {
  csvTemplate,
  xlsxTemplate,
  type ImportReport,
  type ImportRequest,
} from "../server/modules/intake";
import { Role, signToken } from "../server/shared/auth";
import { systemActor } from "../server/shared/actor";
import { StartupError } from "../server/shared/startup-error";
import { DomainError } from "../server/shared/errors";
import { todayIso } from "../server/shared/dates";
import {
  resolveLanguage,
  translate,
  type Language,
  type MessageParams,
} from "../server/shared/i18n";

const USAGE = `npm run import -- <list.xlsx|list.csv> --ward <GSO code> [--review 2024-PERIODIC] [--dry-run] [--distinct CODE,CODE] [--lang vi|en]
npm run import -- --template <household-list.xlsx|household-list.csv>`;

/** The language the command writes in: Vietnamese, which ward officers read, unless English is asked for (--lang en, or an English LANG). */
const LANGUAGE = resolveLanguage(
  (parseArgs({ strict: false, options: { lang: { type: "string" } } }).values.lang as
    string | undefined) ?? process.env.LANG,
  null,
  "vi",
);

/**
 * \`npm run import\`: takes a ward's review list into the configured database as an administrator
 * would through the API (same checks, same all-or-nothing commit, same re-routing; running servers
 * deliver the routing events). An embedded database held by a running server is not opened a second
 * time: the list goes through that server's API. Exits 0 when imported or a dry run is clean, 1 when
 * the file has problems or likely duplicates, 2 on any other error.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      ward: { type: "string" },
      review: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      distinct: { type: "string" },
      template: { type: "string" },
      lang: { type: "string" },
    },
  });
  const language = LANGUAGE;
  if (values.template) {
    await writeFile(
      values.template,
      /\.csv$/i.test(values.template) ? csvTemplate() : await xlsxTemplate(),
    );
    process.stdout.write(
      `${translate(language, "cli.import.templateWritten", { file: values.template })}\n`,
    );
    return 0;
  }
  const [file] = positionals;
  if (!file || !values.ward) throw new Error(USAGE);
  const input: ImportRequest = {
    fileName: basename(file),
    bytes: await readFile(file),
    wardCode: values.ward,
    reviewCode: values.review ?? currentPeriodicReview(),
    dryRun: values["dry-run"],
    distinctHouseholdCodes: (values.distinct ?? "")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
  };
  const config = loadConfig();
  const server = config.databaseUrl ? null : lockHolderOf(config.pgliteDataDir);
  const report = server?.url
    ? await importThroughServer(config, server, server.url, input, language)
    : await importIntoDatabase(config, input, language);
  process.stdout.write(describe(report, language));
  return report.issueCount === 0 && report.likelyDuplicates.every((d) => d.settled || report.dryRun)
    ? 0
    : 1;
}

async function importIntoDatabase(
  config: PlatformConfig,
  input: ImportRequest,
  language: Language,
): Promise<Report> {
  const database = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(database, async () => undefined);
    return await createServices(database).intake.importList(
      { ...systemActor(cliActor()), language },
      input,
    );
  } finally {
    await database.close();
  }
}

/** The same import as an upload to the server holding the embedded database, as the CLI's user with an ADMIN token. */
async function importThroughServer(
  config: PlatformConfig,
  server: LockHolder,
  url: string,
  input: ImportRequest,
  language: Language,
): Promise<Report> {
  process.stderr.write(
    `${translate(language, "cli.import.throughServer", { url, pid: server.pid })}\n`,
  );
  const client = createClient({ url, token: () => cliToken(config), language });
  const { importHouseholds } = await client.importHouseholds({
    file: new File([input.bytes], input.fileName),
    wardCode: input.wardCode,
    review: input.reviewCode,
    dryRun: input.dryRun,
    distinctHouseholdCodes: input.distinctHouseholdCodes,
  });
  return importHouseholds;
}

/** QN_TOKEN when given, else an ADMIN token signed with the server's own key (development key or JWT_SECRET). */
async function cliToken(config: PlatformConfig): Promise<string> {
  if (process.env.QN_TOKEN) return process.env.QN_TOKEN;
  if (config.auth.kind === "jwks")
    throw new StartupError(
      "a server holds the embedded database and tokens come from an identity provider: set QN_TOKEN to an ADMIN token and run again",
    );
  return signToken(config.auth, { sub: cliActor(), role: Role.ADMIN }, 1);
}

/** The periodic review running or last finished: this year's from 1 September, else last year's. */
function currentPeriodicReview(today = todayIso()): string {
  const year = Number(today.slice(0, 4));
  return `${today.slice(5) >= "09-01" ? year : year - 1}-PERIODIC`;
}

const cliActor = () => `cli:${userInfo().username}`;

/** What the report says, from the service or over the API. */
type Report = Pick<
  ImportReport,
  | "message"
  | "fileName"
  | "wardCode"
  | "reviewCode"
  | "rowsRead"
  | "householdsInFile"
  | "householdsCreated"
  | "householdsUpdated"
  | "householdsUnchanged"
  | "tasksRouted"
  | "tasksNeedGone"
  | "tasksNeedReturned"
  | "issueCount"
  | "dryRun"
> & {
  issues: { row: number; column: string; value: string; reason: string }[];
  likelyDuplicates: {
    row: number;
    householdCode: string;
    otherHouseholdCode: string;
    matchedBy: string;
    settled: boolean;
  }[];
};

function describe(r: Report, language: Language): string {
  const say = (key: string, params?: MessageParams) =>
    translate(language, `cli.import.${key}`, params);
  const lines = [
    `${r.message}`,
    say("file", {
      file: r.fileName,
      ward: r.wardCode,
      review: r.reviewCode,
      rows: r.rowsRead,
      households: r.householdsInFile,
    }),
    say("counts", {
      created: r.householdsCreated,
      updated: r.householdsUpdated,
      unchanged: r.householdsUnchanged,
      routed: r.tasksRouted,
      gone: r.tasksNeedGone,
      returned: r.tasksNeedReturned,
    }),
    ...r.issues.map((i) =>
      say("issue", { row: i.row, column: i.column, value: i.value, reason: i.reason }),
    ),
    ...(r.issueCount > r.issues.length
      ? [say("moreIssues", { count: r.issueCount - r.issues.length })]
      : []),
    ...r.likelyDuplicates.map((d) =>
      say(d.settled ? "duplicateSettled" : "duplicate", {
        row: d.row,
        code: d.householdCode,
        other: d.otherHouseholdCode,
        match: d.matchedBy,
      }),
    ),
  ];
  return `${lines.join("\n")}\n`;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    // The server's refusal reads the same as the service's own: its messages, without codes.
    const message =
      e instanceof GraphQLRequestError
        ? e.errors.map((m) => m.message).join("; ")
        : e instanceof DomainError
          ? e.messageIn(LANGUAGE)
          : e instanceof Error
            ? e.message
            : e;
    process.stderr.write(`${message}\n`);
    process.exit(2);
  },
);
