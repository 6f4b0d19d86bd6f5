import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("defaults to PGlite in .data/pglite on port 4000 in development", () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: "development",
      port: 4000,
      databaseUrl: undefined,
      pgliteDataDir: ".data/pglite",
      databasePoolSize: 10,
      seedDemoData: true,
      reportSqlStatements: false,
    });
  });

  it("reads the settings it is given", () => {
    const config = loadConfig({ PORT: "8080", DATABASE_URL: "postgres://u@db:5432/qn", PGLITE_DATA_DIR: "/var/qn", SEED_DEMO_DATA: "false", NODE_ENV: "production" });
    expect(config).toMatchObject({ port: 8080, databaseUrl: "postgres://u@db:5432/qn", pgliteDataDir: "/var/qn", seedDemoData: false, nodeEnv: "production" });
  });

  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: expected a postgres:\/\//],
    [{ SEED_DEMO_DATA: "maybe" }, /SEED_DEMO_DATA: expected true or false/],
    [{ NODE_ENV: "staging" }, /NODE_ENV/],
  ])("stops on %j naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
