import type { Logger } from "../shared/logger";

export interface ScheduledJob {
  name: string;
  run(): Promise<unknown>;
}

export interface Scheduler {
  /**
   * Runs every job once, after any run in progress, and resolves when all have finished: the
   * deterministic way for tests (and operators) to make due work happen now. Rejects, after all
   * jobs have run, with the failures of those that failed. Does nothing once stopped.
   */
  runOnce(): Promise<void>;
  /** Stops re-arming and resolves when the run in progress, if any, has finished. */
  stop(): Promise<void>;
}

/**
 * Runs the jobs at start and then `intervalMs` after each run ends: one run at a time, however long
 * a run takes, `runOnce` included. Every instance runs them; a job claims its work under locks so
 * nothing is done twice.
 */
export function startScheduler(
  jobs: ScheduledJob[],
  intervalMs: number,
  logger: Logger,
): Scheduler {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  /** Every job once; the failures, each already logged. */
  const runAll = async (): Promise<unknown[]> => {
    const failures: unknown[] = [];
    for (const job of jobs) {
      if (stopped) break;
      try {
        await job.run();
      } catch (error) {
        failures.push(error);
        logger.warn(
          {
            job: job.name,
            err: { message: error instanceof Error ? error.message : String(error) },
          },
          "scheduled job failed; it runs again next interval",
        );
      }
    }
    return failures;
  };
  // Runs queue here, so a run never overlaps another.
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };
  const rearm = () => {
    if (stopped) return;
    timer = setTimeout(() => void enqueue(runAll).then(rearm), intervalMs);
    timer.unref();
  };
  void enqueue(runAll).then(rearm);
  return {
    runOnce: async () => {
      const failures = await enqueue(runAll);
      if (failures.length)
        throw new AggregateError(failures, `${failures.length} scheduled job(s) failed`);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await queue;
    },
  };
}
