import { createClient, type PlatformClient } from "../client";
import { commonOptions, fail, failOn } from "./args";
import { localDate, localDateTime } from "./local-time";

const USAGE = `usage: npm run agency -- <command> [options]   (token: --token <jwt> or QN_TOKEN)
  tasks [--all] [--after <cursor>]   my agency's open tasks, 100 a page (--all: every status; --after: the next page)
  show <task-id>                     a task and its history
  accept <task-id> [--assignee name]
  start <task-id>
  complete <task-id> --outcome "…"
  decline <task-id> --reason "…"
  comment <task-id> --text "…"
  route <household-code>             route a household (ADMIN or the household's ward officer)`;

const OPEN = ["ROUTED", "ACCEPTED", "IN_PROGRESS", "DECLINED"] as const;
/** The most tasks the API gives in one page. */
const PAGE = 100;

/** An agency's command line on the client SDK: list its tasks, move them along, route a household. */
async function main() {
  const { values, positionals, url, token } = commonOptions(process.argv.slice(2), {
    all: { type: "boolean" },
    after: { type: "string" },
    assignee: { type: "string" },
    outcome: { type: "string" },
    reason: { type: "string" },
    text: { type: "string" },
  });
  const [command, target] = positionals;
  const client = createClient({ url, token });
  try {
    await run(client, command, target, values);
  } finally {
    await client.dispose();
  }
}

async function run(client: PlatformClient, command: string | undefined, target: string | undefined, values: Record<string, string | boolean | undefined>) {
  const need = (what: string, value: unknown): string => (typeof value === "string" && value ? value : fail(`${command} needs ${what}\n${USAGE}`));
  const versionOf = async (id: string) => {
    const { task } = await client.getTask({ id });
    return task ? task.version : fail(`no task ${id} within your reach`);
  };
  switch (command) {
    case "tasks": {
      const page = await client.listTasks({ filter: values.all ? {} : { statuses: [...OPEN] }, first: PAGE, after: values.after as string | undefined });
      for (const { node: t } of page.tasks.edges) {
        process.stdout.write(`${t.id}  ${t.status.padEnd(11)}  ${t.measure.code.padEnd(28)}  ${t.household.code}  due ${t.dueOn ? localDate(t.dueOn as string) : "-"}\n`);
      }
      const { totalCount, pageInfo } = page.tasks;
      process.stdout.write(`${totalCount} task(s)${pageInfo.hasNextPage ? `; ${page.tasks.edges.length} shown, more: npm run agency -- tasks${values.all ? " --all" : ""} --after ${pageInfo.endCursor}` : ""}\n`);
      return;
    }
    case "show": {
      const id = need("<task-id>", target);
      const [{ task }, { task: withHistory }] = await Promise.all([client.getTask({ id }), client.taskHistory({ id })]);
      if (!task) fail(`no task ${id} within your reach`);
      process.stdout.write(`${task.measure.code} for ${task.household.code} (${task.household.ward.name}) — ${task.status}, owner ${task.ownerAgency.code}, version ${task.version}\n`);
      for (const e of withHistory?.history ?? []) process.stdout.write(`  ${localDateTime(e.at as string)}  ${e.kind}  by ${e.actor}${e.comment ? `: ${e.comment}` : ""}\n`);
      return;
    }
    case "accept": {
      const id = need("<task-id>", target);
      const r = await client.acceptTask({ id, version: await versionOf(id), assignee: values.assignee as string | undefined });
      return void process.stdout.write(`accepted: ${r.acceptTask.id} [${r.acceptTask.status}]\n`);
    }
    case "start": {
      const id = need("<task-id>", target);
      const r = await client.startTask({ id, version: await versionOf(id) });
      return void process.stdout.write(`started: ${r.startTask.id} [${r.startTask.status}]\n`);
    }
    case "complete": {
      const id = need("<task-id>", target);
      const r = await client.completeTask({ id, version: await versionOf(id), outcome: need("--outcome", values.outcome) });
      return void process.stdout.write(`completed: ${r.completeTask.id} [${r.completeTask.status}]\n`);
    }
    case "decline": {
      const id = need("<task-id>", target);
      const r = await client.declineTask({ id, version: await versionOf(id), reason: need("--reason", values.reason) });
      return void process.stdout.write(`declined: ${r.declineTask.id} [${r.declineTask.status}]\n`);
    }
    case "comment": {
      const id = need("<task-id>", target);
      await client.commentOnTask({ id, version: await versionOf(id), text: need("--text", values.text) });
      return void process.stdout.write(`commented on ${id}\n`);
    }
    case "route": {
      const code = need("<household-code>", target);
      const found = await client.listHouseholds({ filter: { search: code }, first: 2 });
      const household = found.households.edges.map((e) => e.node).find((h) => h.code === code) ?? fail(`no household ${code} within your reach`);
      const r = await client.routeHousehold({ householdId: household.id });
      for (const t of r.routeHousehold.created) process.stdout.write(`routed: ${t.measure.code} → ${t.ownerAgency.code}\n`);
      return void process.stdout.write(`${household.code}: ${r.routeHousehold.createdCount} task(s) created, ${r.routeHousehold.existingCount} already open\n`);
    }
    default:
      fail(USAGE);
  }
}

main().catch(failOn);
