import type { DataSource } from "typeorm";
import { systemActor, type Actor } from "../../shared/actor";
import type { RoutingService } from "../routing";
import { redateTaskHistory, type TaskService, type TaskStoryStep } from "../tasks";
import { SeededRandom } from "./seeded-random";

/** The demo city's work began with the plan's first year and its last step is before the plan ends. */
const FIRST_ROUTING = Date.UTC(2024, 0, 8);
const ROUTING_DAYS = 170;
const LAST_STEP = Date.UTC(2025, 11, 15);
const DAY = 86_400_000;

type Step = { kind: "ACCEPTED" | "STARTED" | "COMPLETED" | "DECLINED"; at: number };

/**
 * How far a task of the demo city got, and when: most are done, some still in hand, a few declined
 * back to the secretariat, some not yet taken up. Each step follows the one before by days to months.
 */
function demoSteps(random: SeededRandom, routedAt: number): Step[] {
  const after = (at: number, minDays: number, maxDays: number) =>
    Math.min(LAST_STEP, at + random.int(minDays, maxDays) * DAY + random.int(0, 7) * 3_600_000);
  const fate = random.next();
  if (fate >= 0.9) return [];
  if (fate >= 0.84) return [{ kind: "DECLINED", at: after(routedAt, 3, 15) }];
  const accepted = after(routedAt, 2, 20);
  if (fate >= 0.76) return [{ kind: "ACCEPTED", at: accepted }];
  const started = after(accepted, 1, 30);
  if (fate >= 0.6)
    return [
      { kind: "ACCEPTED", at: accepted },
      { kind: "STARTED", at: started },
    ];
  return [
    { kind: "ACCEPTED", at: accepted },
    { kind: "STARTED", at: started },
    { kind: "COMPLETED", at: after(started, 20, 420) },
  ];
}

/**
 * Gives the freshly loaded demo city the history of a plan under way: every household routed in the
 * first half of 2024, its tasks accepted, started, completed or declined over 2024–2025, so that any
 * period a user reports on shows work. The steps go through the task services (events, counts, funds
 * as for real work), then their times are set to the dates of the story. Does nothing when the
 * database already has tasks. Deterministic: the same history on every machine. `secretariat` routes
 * the city (the platform runs it as `systemActor("demo-secretariat")`); each agency's steps are
 * taken by that agency's demo actor.
 */
export async function seedDemoWork(
  secretariat: Actor,
  db: DataSource,
  routing: RoutingService,
  tasks: TaskService,
): Promise<void> {
  const [{ count }]: { count: string }[] = await db.query(`SELECT count(*) FROM task_assignment`);
  if (Number(count) > 0) return;
  await routing.routeHouseholds(secretariat, {});
  const routed: { id: string; version: number; agency: string; due_days: number | null }[] =
    await db.query(
      `SELECT t.id, t.version, a.code AS agency, m.default_due_days AS due_days
       FROM task_assignment t JOIN household h ON h.id = t.household_id JOIN support_measure m ON m.id = t.measure_id JOIN agency a ON a.id = t.owner_agency_id
      ORDER BY h.code, m.code`,
    );
  const random = new SeededRandom(2024);
  const dated: TaskStoryStep[] = [];
  for (const task of routed) {
    const routedAt =
      FIRST_ROUTING + random.int(0, ROUTING_DAYS) * DAY + random.int(1, 8) * 3_600_000;
    const due =
      task.due_days === null
        ? null
        : new Date(routedAt + task.due_days * DAY).toISOString().slice(0, 10);
    dated.push({ task: task.id, kind: "ROUTED", at: new Date(routedAt).toISOString(), due });
    const who = systemActor(`demo-${task.agency.toLowerCase().replace(/_/g, "-")}`);
    let version = task.version;
    for (const step of demoSteps(random, routedAt)) {
      const moved =
        step.kind === "ACCEPTED"
          ? await tasks.accept(who, task.id, version)
          : step.kind === "STARTED"
            ? await tasks.start(who, task.id, version)
            : step.kind === "COMPLETED"
              ? await tasks.complete(who, task.id, version, "support delivered")
              : await tasks.decline(
                  who,
                  task.id,
                  version,
                  "not within this year's budget of the agency; back to the secretariat",
                );
      version = moved.version;
      dated.push({ task: task.id, kind: step.kind, at: new Date(step.at).toISOString(), due });
    }
  }
  await db.transaction((tx) => redateTaskHistory(tx, dated));
}
