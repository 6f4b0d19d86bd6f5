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
      auth: {
        kind: "development-key",
        keyFile: ".data/dev-signing-key",
        maxTokenLifetimeSeconds: 12 * 3600,
      },
      limits: {
        maxDepth: 12,
        maxCost: 20_000,
        maxRecursiveSelections: 10_000,
        maxRootFields: 20,
        maxAliases: 50,
        maxBodyBytes: 200_000,
        requestsPerMinute: 600,
        costPerMinute: 300_000,
      },
      introspection: true,
      exposeStackTraces: false,
      enforceTrustedDocuments: false,
      logLevel: "info",
      shutdownGraceMs: 10_000,
      wsKeepAliveMs: 20_000,
      schedulerIntervalMs: 60_000,
      timeZone: "Asia/Ho_Chi_Minh",
      oidc: null,
    });
  });

  it("reads the settings it is given", () => {
    const secret = "s".repeat(32);
    const config = loadConfig({
      PORT: "8080",
      DATABASE_URL: "postgres://u@db:5432/qn",
      PGLITE_DATA_DIR: "/var/qn",
      SEED_DEMO_DATA: "false",
      NODE_ENV: "production",
      JWT_SECRET: secret,
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "postgres://u@db:5432/qn",
      pgliteDataDir: "/var/qn",
      seedDemoData: false,
      nodeEnv: "production",
    });
    expect(config.auth).toEqual({
      kind: "secret",
      secret,
      issuer: undefined,
      audience: undefined,
      maxTokenLifetimeSeconds: 12 * 3600,
    });
    expect(config.introspection).toBe(false);
    expect(loadConfig({ TIME_ZONE: "UTC" }).timeZone).toBe("UTC");
  });

  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DATABASE_URL: "mysql://x" }, /DATABASE_URL: expected a postgres:\/\//],
    [{ SEED_DEMO_DATA: "maybe" }, /SEED_DEMO_DATA: expected true or false/],
    [{ NODE_ENV: "staging" }, /NODE_ENV/],
    [{ JWT_SECRET: "short" }, /JWT_SECRET: expected at least 32 characters/],
    [{ JWKS_URL: "https://id.example/jwks" }, /JWKS_URL needs JWT_ISSUER and JWT_AUDIENCE/],
    [
      { NODE_ENV: "production" },
      /production \(NODE_ENV=production\) needs real token verification/,
    ],
    [{ TIME_ZONE: "Quy Nhon" }, /TIME_ZONE: expected an IANA time zone/],
  ])("stops on %j naming the variable", (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe("token verification settings", () => {
  it("use an OIDC provider's JWKS with issuer and audience", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      JWKS_URL: "https://id.example/realms/qn/protocol/openid-connect/certs",
      JWT_ISSUER: "https://id.example/realms/qn",
      JWT_AUDIENCE: "qn-platform",
    });
    expect(config.auth).toEqual({
      kind: "jwks",
      jwksUrl: "https://id.example/realms/qn/protocol/openid-connect/certs",
      issuer: "https://id.example/realms/qn",
      audience: "qn-platform",
      maxTokenLifetimeSeconds: 12 * 3600,
    });
  });

  it("allow introspection in production only when asked", () => {
    expect(
      loadConfig({ NODE_ENV: "production", JWT_SECRET: "s".repeat(32), INTROSPECTION: "true" })
        .introspection,
    ).toBe(true);
  });
});

describe("the web app's OIDC client settings", () => {
  const endpoints = {
    OIDC_AUTHORIZATION_URL: "https://id.example.vn/auth",
    OIDC_TOKEN_URL: "https://id.example.vn/token",
    OIDC_CLIENT_ID: "quy-nhon-app",
  };
  it("are read together, or are absent", () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig(endpoints).oidc).toEqual({
      authorizationUrl: endpoints.OIDC_AUTHORIZATION_URL,
      tokenUrl: endpoints.OIDC_TOKEN_URL,
      clientId: "quy-nhon-app",
    });
  });
  it("are refused when only some are set", () => {
    expect(() => loadConfig({ OIDC_CLIENT_ID: "quy-nhon-app" })).toThrow(/go together/);
  });
});
