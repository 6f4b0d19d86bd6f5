import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createClient, GraphQLRequestError } from "../index";
import { commonOptions, fail } from "./args";

/**
 * A ward's live view of its households' tasks, in the terminal:
 *   npm run ward-app -- --ward 21550 [--token <jwt> | QN_TOKEN=<jwt>] [--url ...] [--cursor-file ...]
 * It remembers the cursor of the last update it showed, so neither a dropped connection, a server
 * restart nor a restart of the app itself loses an update.
 */
async function main() {
  const { values, url, token } = commonOptions(process.argv.slice(2), { ward: { type: "string" }, "cursor-file": { type: "string" } });
  const ward = values.ward as string | undefined;
  if (!ward || !/^\d{5}$/.test(ward)) fail("--ward <GSO code> is needed, e.g. --ward 21550");
  const cursorFile = (values["cursor-file"] as string | undefined) ?? `.data/ward-app-${ward}.cursor`;
  const client = createClient({ url, token });
  const saved = existsSync(cursorFile) ? readFileSync(cursorFile, "utf8").trim() : null;
  const after = saved || (await client.latestTaskEventCursor({})).latestTaskEventCursor;
  process.stdout.write(`ward ${ward}: following task updates ${saved ? "from where this app stopped" : "from now"} (Ctrl-C to stop)\n`);

  const updates = client.taskUpdated({ wardCode: ward }, after);
  process.once("SIGINT", () => void updates.close().then(() => client.dispose()).then(() => process.exit(0)));
  mkdirSync(dirname(cursorFile), { recursive: true });
  for await (const { taskUpdated: u } of updates) {
    const t = u.task;
    const line = [
      new Date(u.event.at as string).toISOString().slice(0, 19).replace("T", " "),
      u.event.kind.padEnd(13),
      // A task that has left the ward's scope since (possible only for other roles) has no details.
      ...(t ? [t.measure.code.padEnd(28), t.household.code, `→ ${t.ownerAgency.code}`, `[${t.status}]`] : ["(task out of reach)"]),
      u.event.comment ? `“${u.event.comment}”` : "",
    ];
    process.stdout.write(`${line.join("  ").trimEnd()}\n`);
    // Written aside and renamed: a crash mid-write must not leave half a cursor.
    writeFileSync(`${cursorFile}.tmp`, u.cursor);
    renameSync(`${cursorFile}.tmp`, cursorFile);
  }
}

main().catch((error) => fail(error instanceof GraphQLRequestError ? `refused: ${error.message}` : String(error)));
