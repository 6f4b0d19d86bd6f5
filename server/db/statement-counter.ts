import type { Logger } from "typeorm";

/**
 * TypeORM logger that counts the SQL statements sent, so tests and benchmarks can show how many
 * statements a GraphQL request costs. It never prints statements or their parameters: those hold
 * personal data.
 */
export class StatementCounter implements Logger {
  statements = 0;

  logQuery(): void {
    this.statements++;
  }
  logQueryError(error: string | Error): void {
    const message = error instanceof Error ? error.message : error;
    process.stderr.write(`database error: ${message}\n`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    process.stderr.write(`migration: ${message}\n`);
  }
  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") process.stderr.write(`database warning: ${String(message)}\n`);
  }
}
