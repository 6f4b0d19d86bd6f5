import type { Logger } from "../shared/logger";
import { startScheduler, type ScheduledJob } from "./scheduler";

const warnings: string[] = [];
const logger = {
  warn: (_fields: unknown, message: string) => warnings.push(message),
} as unknown as Logger;
const HOUR = 3_600_000;

/** A job that records when it starts and ends, and finishes only when released. */
function gatedJob(name: string, log: string[]) {
  let release = () => {};
  const job: ScheduledJob = {
    name,
    run: async () => {
      log.push(`${name} start`);
      await new Promise<void>((resolve) => (release = resolve));
      log.push(`${name} end`);
    },
  };
  return { job, release: () => release() };
}

describe("the scheduler's runOnce", () => {
  it("runs every job once, after the run in progress, and resolves when they have finished", async () => {
    const log: string[] = [];
    const a = gatedJob("a", log);
    const b: ScheduledJob = { name: "b", run: async () => void log.push("b") };
    const scheduler = startScheduler([a.job, b], HOUR, logger);
    // The run at start is in `a`; runOnce waits for it rather than overlapping it.
    const once = scheduler.runOnce();
    await Promise.resolve();
    expect(log).toEqual(["a start"]);
    a.release();
    await new Promise((resolve) => setImmediate(resolve));
    a.release();
    await once;
    expect(log).toEqual(["a start", "a end", "b", "a start", "a end", "b"]);
    await scheduler.stop();
  });

  it("runs the other jobs when one fails, then rejects with the failure", async () => {
    const ran: string[] = [];
    const failing: ScheduledJob = {
      name: "failing",
      run: async () => Promise.reject(new Error("no database")),
    };
    const scheduler = startScheduler(
      [failing, { name: "next", run: async () => void ran.push("next") }],
      HOUR,
      logger,
    );
    await expect(scheduler.runOnce()).rejects.toMatchObject({
      errors: [expect.objectContaining({ message: "no database" })],
    });
    expect(ran).toEqual(["next", "next"]);
    expect(warnings).toContain("scheduled job failed; it runs again next interval");
    await scheduler.stop();
  });

  it("does nothing once stopped", async () => {
    const ran: string[] = [];
    const scheduler = startScheduler(
      [{ name: "j", run: async () => void ran.push("j") }],
      HOUR,
      logger,
    );
    await scheduler.runOnce();
    await scheduler.stop();
    await scheduler.runOnce();
    expect(ran).toEqual(["j", "j"]);
  });
});
