import pg from "pg";
import { DataSource, type MixedList, type EntitySchema } from "typeorm";
import { migrations } from "../../migrations";
import { DEFAULT_TIME_ZONE, useTimeZone } from "../shared/dates";
import type { Logger } from "../shared/logger";
import { StartupError } from "../shared/startup-error";
import { openEmbedded, type Holder } from "./embedded";
import { listenOnPGlite, listenOnPostgres, type Listening } from "./listener";
import { PGliteExclusivePool } from "./pglite-pool";
import { StatementCounter } from "./statement-counter";

// Dates of the plan are calendar days, not instants: keep DATE columns as 'YYYY-MM-DD' text on
// both drivers instead of letting them become midnight in the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface DatabaseOptions {
  /** PostgreSQL server URL; without it an embedded PGlite database is opened. */
  databaseUrl?: string;
  pgliteDataDir: string;
  poolSize: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  logger: Logger;
  /** IANA zone of calendar dates (`current_date`, a timestamp's date) in every session, and in Node (useTimeZone); default DEFAULT_TIME_ZONE. */
  timeZone?: string;
  /**
   * What this process is, for anyone who finds the embedded database taken (default: the npm script
   * or program running); a server gives its URL, through which commands then reach the data.
   */
  holder?: Holder;
}

export interface Database {
  dataSource: DataSource;
  kind: "postgres" | "pglite";
  statements: StatementCounter;
  /** Calls `onSignal` on every NOTIFY on `channel` and after a lost listening connection is back. */
  listen(channel: string, onSignal: () => void): Promise<Listening>;
  /** Connections of the pool: in use, idle, and requests waiting for one. */
  poolUse(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Opens (and for PGlite, creates) the database, its sessions and Node's calendar in one time zone; does not run migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const statements = new StatementCounter(options.logger);
  const timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
  useTimeZone(timeZone);
  const common = {
    type: "postgres" as const,
    entities: options.entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: "pgcrypto" as const,
    logger: statements,
    logging: true,
  };
  if (options.databaseUrl) {
    // Every pooled connection starts in the zone (a startup parameter, so no statement can run before it).
    const dataSource = new DataSource({
      ...common,
      url: options.databaseUrl,
      poolSize: options.poolSize,
      extra: { options: `-c TimeZone=${timeZone}` },
    });
    await dataSource.initialize().catch((error: unknown) => {
      throw new StartupError(
        `could not connect to the PostgreSQL server of DATABASE_URL (${describeUrl(options.databaseUrl!)}): ${withoutPassword(error, options.databaseUrl!)}`,
      );
    });
    const url = options.databaseUrl;
    return {
      dataSource,
      kind: "postgres",
      statements,
      listen: (channel, onSignal) => listenOnPostgres(url, channel, onSignal),
      poolUse: () => {
        const pool = (
          dataSource.driver as unknown as {
            master?: { totalCount: number; idleCount: number; waitingCount: number };
          }
        ).master;
        return {
          total: pool?.totalCount ?? 0,
          idle: pool?.idleCount ?? 0,
          waiting: pool?.waitingCount ?? 0,
        };
      },
      close: () => dataSource.destroy(),
    };
  }
  const embedded = await openEmbedded(options.pgliteDataDir, options.holder);
  const pglite = embedded.pglite;
  // PGlite has one session, shared by every lease: set once, the zone holds for all.
  await pglite.query(`SELECT set_config('TimeZone', $1, false)`, [timeZone]);
  const Pool = class extends PGliteExclusivePool {
    constructor() {
      super(pglite);
    }
  };
  const dataSource = new DataSource({ ...common, driver: { Pool } });
  await dataSource.initialize().catch(async (error: unknown) => {
    await embedded.close();
    throw error;
  });
  return {
    dataSource,
    kind: "pglite",
    statements,
    listen: (channel, onSignal) => listenOnPGlite(pglite, channel, onSignal),
    // One session, leased exclusively: it is either in use or idle.
    poolUse: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      try {
        await dataSource.destroy();
      } finally {
        await embedded.close();
      }
    },
  };
}

/** host:port/database of a PostgreSQL URL, never its user or password. */
function describeUrl(url: string): string {
  const u = URL.parse(url);
  if (!u) return "a URL that does not parse";
  return `${u.hostname || "localhost"}:${u.port || 5432}${u.pathname.length > 1 ? u.pathname : "/(default database)"}`;
}

/** The driver's message, with the password taken out should it ever repeat the URL. */
function withoutPassword(error: unknown, url: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const password = URL.parse(url)?.password;
  return password ? message.split(decodeURIComponent(password)).join("***") : message;
}
