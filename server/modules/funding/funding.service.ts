import type { DataSource, EntityManager } from "typeorm";
import { Role, requireScope, type Viewer } from "../../shared/auth";
import { DomainError, badInput, notFound } from "../../shared/errors";
import { requireUuid } from "../../shared/ids";
import { WORKING_TASK_STATUSES } from "../tasks";
import type {
  FundingAllocation,
  FundingAllocationInput,
  FundingBudget,
  FundingSource,
} from "./funding.types";
import type { Actor } from "../../shared/actor";

/** The agency that allocates the plan's money (section V: Finance and Planning). */
export const FUNDS_ALLOCATOR = "FINANCE_PLANNING";
const num = (v: string | number | null): number => (v === null ? 0 : Number(v));
/** Ten trillion VND a budget line: far above any city's, and low enough that every sum of them stays an exact JavaScript number. */
export const MAX_BUDGET = 10_000_000_000_000;

/** Sources, yearly budgets, allocations to tasks and spending, in whole VND (bigint in the database). */
export class FundingService {
  constructor(private readonly db: DataSource) {}

  async sources(_actor: Actor): Promise<FundingSource[]> {
    const sources: Omit<FundingSource, "budgets">[] = await this.db.query(
      `SELECT id, code, name, kind, legal_basis AS "legalBasis" FROM funding_source ORDER BY code`,
    );
    const budgets: (FundingBudget & { sourceId: string })[] = (
      await this.db.query(
        `SELECT b.source_id AS "sourceId", b.year, b.amount,
                coalesce(sum(a.amount) FILTER (WHERE a.released_at IS NULL), 0) AS allocated, coalesce(sum(a.spent_amount), 0) AS spent
           FROM funding_budget b LEFT JOIN funding_allocation a ON a.source_id = b.source_id AND a.year = b.year
          GROUP BY b.source_id, b.year, b.amount ORDER BY b.year`,
      )
    ).map((b: Record<string, string>) => ({
      sourceId: b.sourceId,
      year: num(b.year),
      amount: num(b.amount),
      allocated: num(b.allocated),
      spent: num(b.spent),
      remaining: num(b.amount) - num(b.allocated),
    }));
    return sources.map((s) => ({ ...s, budgets: budgets.filter((b) => b.sourceId === s.id) }));
  }

  /** Sets a source's budget for a year. Throws NOT_FOUND for the source, BAD_USER_INPUT for an amount below what is already allocated. */
  async setBudget(actor: Actor, sourceCode: string, year: number, amount: number): Promise<void> {
    requireAllocator(actor.viewer);
    if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_BUDGET)
      throw badInput("error.funding.budgetAmount", { max: MAX_BUDGET }, { argument: "amount" });
    if (!(year >= 2000 && year <= 2100))
      throw badInput("error.input.year", {}, { argument: "year" });
    await this.db.transaction(async (tx) => {
      const sourceId = await this.sourceId(tx, sourceCode);
      await tx.query(
        `INSERT INTO funding_budget (source_id, year, amount) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
        [sourceId, year],
      );
      // Locked before summing, as allocations lock it: none can slip in between.
      await tx.query(`SELECT 1 FROM funding_budget WHERE source_id = $1 AND year = $2 FOR UPDATE`, [
        sourceId,
        year,
      ]);
      const [{ allocated }] = await tx.query(
        `SELECT coalesce(sum(a.amount) FILTER (WHERE a.released_at IS NULL), 0) AS allocated
           FROM funding_budget b LEFT JOIN funding_allocation a ON a.source_id = b.source_id AND a.year = b.year
          WHERE b.source_id = $1 AND b.year = $2 GROUP BY b.source_id, b.year`,
        [sourceId, year],
      );
      if (amount < num(allocated))
        throw badInput(
          "error.funding.belowAllocated",
          { allocated: num(allocated) },
          { argument: "amount" },
        );
      await tx.query(`UPDATE funding_budget SET amount = $3 WHERE source_id = $1 AND year = $2`, [
        sourceId,
        year,
        amount,
      ]);
    });
  }

  /**
   * Allocates money of a source's yearly budget to an open task. The budget row is locked, so
   * concurrent allocations never overspend it. Throws NOT_FOUND for the task, source or budget,
   * BAD_USER_INPUT for a bad amount or a closed task, CONFLICT beyond the remaining budget.
   */
  allocate(who: Actor, input: FundingAllocationInput): Promise<FundingAllocation> {
    return this.db.transaction((tx) => this.allocateIn(who, tx, input));
  }

  /** As `allocate`, in the caller's transaction (a household plan's funding line records the allocation with it). */
  async allocateIn(
    who: Actor,
    tx: EntityManager,
    input: FundingAllocationInput,
  ): Promise<FundingAllocation> {
    requireAllocator(who.viewer);
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
      throw badInput("error.funding.positiveAmount", {}, { argument: "amount" });
    const sourceId = await this.sourceId(tx, input.sourceCode);
    const [budget] = await tx.query(
      `SELECT amount FROM funding_budget WHERE source_id = $1 AND year = $2 FOR UPDATE`,
      [sourceId, input.year],
    );
    if (!budget)
      throw notFound("error.notFound.budget", { year: input.year, code: input.sourceCode });
    // Shared lock: a completion or cancellation settling the task's money waits, or is waited for.
    const [task] = await tx.query(`SELECT status FROM task_assignment WHERE id = $1 FOR SHARE`, [
      requireUuid(input.taskId, "taskId"),
    ]);
    if (!task) throw notFound("error.notFound.task", { id: input.taskId });
    if (!WORKING_TASK_STATUSES.includes(task.status))
      throw badInput("error.funding.closedTask", { status: task.status }, { argument: "taskId" });
    const [{ allocated }] = await tx.query(
      `SELECT coalesce(sum(amount), 0) AS allocated FROM funding_allocation WHERE source_id = $1 AND year = $2 AND released_at IS NULL`,
      [sourceId, input.year],
    );
    const remaining = num(budget.amount) - num(allocated);
    if (input.amount > remaining)
      throw new DomainError(
        "CONFLICT",
        "error.funding.insufficient",
        { remaining, year: input.year, code: input.sourceCode },
        { remaining },
      );
    const [row] = await tx.query(
      `INSERT INTO funding_allocation (source_id, year, task_id, amount, allocated_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [sourceId, input.year, input.taskId, input.amount, who.name],
    );
    return {
      id: row.id,
      sourceCode: input.sourceCode,
      year: input.year,
      taskId: input.taskId,
      amount: input.amount,
      spentAmount: null,
      releasedAt: null,
    };
  }

  private async sourceId(tx: EntityManager, code: string): Promise<string> {
    const [source] = await tx.query(`SELECT id FROM funding_source WHERE code = $1`, [code]);
    if (!source) throw notFound("error.notFound.fundingSource", { code });
    return source.id;
  }
}

function requireAllocator(viewer: Viewer): void {
  requireScope(
    viewer.role === Role.ADMIN ||
      (viewer.role === Role.AGENCY_STAFF && viewer.agencyCode === FUNDS_ALLOCATOR),
    "error.scope.fundsAllocator",
  );
}

/**
 * Follows a task's end in the ledger, in the transaction that ends it: a completed task's money is
 * spent; a cancelled or reassigned task's unspent money goes back to its budget.
 */
export async function settleAllocations(
  tx: EntityManager,
  taskId: string,
  status: string,
): Promise<void> {
  if (status === "COMPLETED") {
    await tx.query(
      `UPDATE funding_allocation SET spent_amount = amount, spent_at = now() WHERE task_id = $1 AND spent_at IS NULL AND released_at IS NULL`,
      [taskId],
    );
  } else if (status === "CANCELLED" || status === "REASSIGNED") {
    await tx.query(
      `UPDATE funding_allocation SET released_at = now() WHERE task_id = $1 AND spent_at IS NULL AND released_at IS NULL`,
      [taskId],
    );
  }
}
