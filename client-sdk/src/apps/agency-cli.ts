import { createClient, type PlatformClient, type TaskStatus } from "../index";
import { commonOptions, fail, failOn } from "./args";
import { localDate, localDateTime } from "./local-time";
import { say, type Language } from "./messages";
import { eventLabel, labelWidth, statusLabel } from "./task-labels";

const OPEN = ["ROUTED", "ACCEPTED", "IN_PROGRESS", "DECLINED"] as const;
/** The most tasks the API gives in one page. */
const PAGE = 100;

/** An agency's command line on the client SDK: list its tasks, move them along, route a household. */
async function main() {
  const { values, positionals, url, token, language } = commonOptions(process.argv.slice(2), {
    all: { type: "boolean" },
    after: { type: "string" },
    assignee: { type: "string" },
    outcome: { type: "string" },
    reason: { type: "string" },
    text: { type: "string" },
  });
  const [command, target] = positionals;
  const client = createClient({ url, token, language });
  try {
    await run(client, language, command, target, values);
  } finally {
    await client.dispose();
  }
}

async function run(
  client: PlatformClient,
  language: Language,
  command: string | undefined,
  target: string | undefined,
  values: Record<string, string | boolean | undefined>,
) {
  const print = (key: Parameters<typeof say>[1], params?: Parameters<typeof say>[2]) =>
    void process.stdout.write(`${say(language, key, params)}\n`);
  /** Says what a task became after a move along its workflow: "đã nhận: <id> [Đã nhận]". */
  const moved = (key: Parameters<typeof say>[1], task: { id: string; status: TaskStatus }) =>
    print(key, { id: task.id, status: statusLabel(language, task.status) });
  const usage = say(language, "cli.agency.usage");
  const need = (what: string, value: unknown): string =>
    typeof value === "string" && value
      ? value
      : fail(`${say(language, "cli.agency.needs", { command: String(command), what })}\n${usage}`);
  const noTask = (id: string) => fail(say(language, "cli.agency.noTask", { id }));
  const versionOf = async (id: string) => {
    const { task } = await client.getTask({ id });
    return task ? task.version : noTask(id);
  };
  switch (command) {
    case "tasks": {
      const page = await client.listTasks({
        filter: values.all ? {} : { statuses: [...OPEN] },
        first: PAGE,
        after: values.after as string | undefined,
      });
      const statusWidth = labelWidth(language, "status");
      for (const { node: t } of page.tasks.edges) {
        print("cli.agency.task", {
          id: t.id,
          status: statusLabel(language, t.status).padEnd(statusWidth),
          measure: t.measure.code.padEnd(28),
          household: t.household.code,
          due: t.dueOn ? localDate(t.dueOn as string) : "-",
        });
      }
      const { totalCount: count, pageInfo } = page.tasks;
      if (!pageInfo.hasNextPage) return print("cli.agency.total", { count });
      return print("cli.agency.totalWithMore", {
        count,
        shown: page.tasks.edges.length,
        command: `npm run agency -- tasks${values.all ? " --all" : ""} --after ${pageInfo.endCursor}`,
      });
    }
    case "show": {
      const id = need("<task-id>", target);
      const [{ task }, { task: withHistory }] = await Promise.all([
        client.getTask({ id }),
        client.taskHistory({ id }),
      ]);
      if (!task) return noTask(id);
      print("cli.agency.taskDetails", {
        measure: task.measure.code,
        household: task.household.code,
        ward: task.household.ward.name,
        status: statusLabel(language, task.status),
        owner: task.ownerAgency.code,
        version: String(task.version),
      });
      for (const e of withHistory?.history ?? []) {
        process.stdout.write(
          `${say(language, "cli.agency.historyLine", { at: localDateTime(e.at as string), kind: eventLabel(language, e.kind), actor: e.actor })}${e.comment ? `: ${e.comment}` : ""}\n`,
        );
      }
      return;
    }
    case "accept": {
      const id = need("<task-id>", target);
      const r = await client.acceptTask({
        id,
        version: await versionOf(id),
        assignee: values.assignee as string | undefined,
      });
      return moved("cli.agency.accepted", r.acceptTask);
    }
    case "start": {
      const id = need("<task-id>", target);
      const r = await client.startTask({ id, version: await versionOf(id) });
      return moved("cli.agency.started", r.startTask);
    }
    case "complete": {
      const id = need("<task-id>", target);
      const r = await client.completeTask({
        id,
        version: await versionOf(id),
        outcome: need("--outcome", values.outcome),
      });
      return moved("cli.agency.completed", r.completeTask);
    }
    case "decline": {
      const id = need("<task-id>", target);
      const r = await client.declineTask({
        id,
        version: await versionOf(id),
        reason: need("--reason", values.reason),
      });
      return moved("cli.agency.declined", r.declineTask);
    }
    case "comment": {
      const id = need("<task-id>", target);
      await client.commentOnTask({
        id,
        version: await versionOf(id),
        text: need("--text", values.text),
      });
      return print("cli.agency.commented", { id });
    }
    case "route": {
      const code = need("<household-code>", target);
      const found = await client.listHouseholds({ filter: { search: code }, first: 2 });
      const household =
        found.households.edges.map((e) => e.node).find((h) => h.code === code) ??
        fail(say(language, "cli.agency.noHousehold", { code }));
      const r = await client.routeHousehold({ householdId: household.id });
      for (const t of r.routeHousehold.created)
        print("cli.agency.routed", { measure: t.measure.code, agency: t.ownerAgency.code });
      return print("cli.agency.routeSummary", {
        household: household.code,
        created: r.routeHousehold.createdCount,
        existing: r.routeHousehold.existingCount,
      });
    }
    default:
      fail(usage);
  }
}

main().catch(failOn);
