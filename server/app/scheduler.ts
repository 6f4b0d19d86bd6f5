import type { Logger } from "../shared/logger";

export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

/**
 * Runs each job at start and then every `intervalMs`, one run at a time. Every instance runs them:
 * a job claims its work with row locks (FOR UPDATE SKIP LOCKED) so nothing is done twice.
 */
export function startScheduler(jobs: ScheduledJob[], intervalMs: number, logger: Logger): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = (async () => {
      for (const job of jobs) {
        if (stopped) return;
        try {
          await job.run();
        } catch (error) {
          logger.warn({ job: job.name, err: { message: error instanceof Error ? error.message : String(error) } }, "scheduled job failed; it runs again next interval");
        }
      }
    })();
  };
  tick();
  const timer = setInterval(() => void running.then(tick), intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
