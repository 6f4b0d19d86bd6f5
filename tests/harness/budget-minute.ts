const wallMinute = () => Math.floor(Date.now() / 60_000);

/**
 * Runs `attempt` within one budget minute. The rate limit's budgets and leases are per minute, so
 * an attempt that straddled a minute's end met two budgets and paid a fresh charge's statement:
 * its assertions prove nothing either way, and it runs once more (`round` 1) — a caller that needs
 * a fresh budget names a fresh user by the round. The server's minutes are this clock's
 * (PostgreSQL's date_trunc on the same machine).
 */
export async function withinOneBudgetMinute<T>(attempt: (round: number) => Promise<T>): Promise<T> {
  for (let round = 0; ; round++) {
    const began = wallMinute();
    try {
      return await attempt(round);
    } catch (failure) {
      if (round === 1 || wallMinute() === began) throw failure;
    }
  }
}
