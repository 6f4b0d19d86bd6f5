import type { Logger } from "../shared/logger";

export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs the jobs at start and then `intervalMs` after each run ends: one run at a time, however long
 * a run takes. Every instance runs them; a job claims its work under locks so nothing is done twice.
 */
export function startScheduler(jobs: ScheduledJob[], intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const runAll = async () => {
    for (const job of jobs) {
      if (stopped) return;
      try {
        await job.run();
      } catch (error) {
        logger.warn({ job: job.name, err: { message: error instanceof Error ? error.message : String(error) } }, "scheduled job failed; it runs again next interval");
      }
    }
  };
  let running = runAll();
  const rearm = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = runAll().then(rearm);
    }, intervalMs);
    timer.unref();
  };
  running = running.then(rearm);
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
