import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createClient, GraphQLRequestError, type PlatformClient } from "../index";
import { commonOptions, fail, failOn } from "./args";
import { localDateTime } from "./local-time";
import { say, type Language } from "./messages";
import { eventLabel, labelWidth, statusLabel } from "./task-labels";

/**
 * A ward's live view of its households' tasks, in the terminal:
 *   npm run ward-app -- --ward 21550 [--token <jwt> | QN_TOKEN=<jwt>] [--url ...] [--cursor-file ...]
 * It remembers the cursor of the last update it showed, so neither a dropped connection, a server
 * restart nor a restart of the app itself loses an update. A saved cursor of another database (the
 * server's database was replaced, or the app points at another server) is refused by the server:
 * the app says so and follows from now.
 */
async function main() {
  const { values, url, token, language } = commonOptions(process.argv.slice(2), {
    ward: { type: "string" },
    "cursor-file": { type: "string" },
  });
  const ward = values.ward as string | undefined;
  if (!ward || !/^\d{5}$/.test(ward)) fail(say(language, "cli.ward.wardNeeded"));
  const cursorFile =
    (values["cursor-file"] as string | undefined) ?? `.data/ward-app-${ward}.cursor`;
  const client = createClient({ url, token, language });
  process.once("SIGINT", () => void client.dispose().then(() => process.exit(0)));
  mkdirSync(dirname(cursorFile), { recursive: true });
  const saved = existsSync(cursorFile) ? readFileSync(cursorFile, "utf8").trim() : null;
  const now = async () => (await client.latestTaskEventCursor({})).latestTaskEventCursor;
  try {
    await follow(
      client,
      language,
      ward,
      cursorFile,
      saved || (await now()),
      saved ? "resumed" : "now",
    );
  } catch (error) {
    if (!(saved && error instanceof GraphQLRequestError && error.code === "FOREIGN_CURSOR"))
      throw error;
    process.stderr.write(`${say(language, "cli.ward.foreignCursor", { file: cursorFile })}\n`);
    await follow(client, language, ward, cursorFile, await now(), "now");
  }
}

/** Prints the ward's updates after `after` as they come, saving each one's cursor; returns only when the subscription is refused. */
async function follow(
  client: PlatformClient,
  language: Language,
  ward: string,
  cursorFile: string,
  after: string,
  since: "resumed" | "now",
): Promise<void> {
  process.stdout.write(`${say(language, "cli.ward.following", { ward, since })}\n`);
  const kindWidth = labelWidth(language, "event");
  for await (const { taskUpdated: u } of client.taskUpdated({ wardCode: ward }, after)) {
    const t = u.task;
    const line = [
      localDateTime(u.event.at as string),
      eventLabel(language, u.event.kind).padEnd(kindWidth),
      // A task that has left the ward's scope since (possible only for other roles) has no details.
      ...(t
        ? [
            t.measure.code.padEnd(28),
            t.household.code,
            `→ ${t.ownerAgency.code}`,
            `[${statusLabel(language, t.status)}]`,
          ]
        : [say(language, "cli.ward.outOfReach")]),
      u.event.comment ? `“${u.event.comment}”` : "",
    ];
    process.stdout.write(`${line.join("  ").trimEnd()}\n`);
    // Written aside and renamed: a crash mid-write must not leave half a cursor.
    writeFileSync(`${cursorFile}.tmp`, u.cursor);
    renameSync(`${cursorFile}.tmp`, cursorFile);
  }
}

main().catch(failOn);
