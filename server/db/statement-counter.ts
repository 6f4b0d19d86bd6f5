import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "../shared/logger";

/**
 * TypeORM logger that counts the SQL statements each request sends, so tests and benchmarks can
 * show what a GraphQL request costs. Counting follows the async context, so statements of other
 * requests or of background work (the event feed's polls) are not mixed in. It never logs
 * statements or their parameters: those hold personal data.
 */
export class StatementCounter implements TypeOrmLogger {
  private readonly scope = new AsyncLocalStorage<{ statements: number }>();

  constructor(private readonly logger: Logger) {}

  /** Runs `work` in a fresh counting scope; `counted()` inside it tells the statements so far. */
  run<T>(work: () => T): T {
    return this.scope.run({ statements: 0 }, work);
  }

  /** Statements sent so far in the current scope (0 outside any). */
  counted(): number {
    return this.scope.getStore()?.statements ?? 0;
  }

  logQuery(): void {
    const store = this.scope.getStore();
    if (store) store.statements++;
  }
  logQueryError(error: string | Error): void {
    this.logger.warn(
      { err: { message: error instanceof Error ? error.message : error } },
      "database error",
    );
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info({ migration: message }, "migration");
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.logger.warn({ detail: String(message) }, "database warning");
  }
}
