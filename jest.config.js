/** Unit specs live beside the code (`*.spec.ts`); end-to-end tests drive the API (`tests/*.test.ts`). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/server", "<rootDir>/tests", "<rootDir>/scripts"],
  testMatch: ["**/*.spec.ts", "**/tests/**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  setupFiles: ["reflect-metadata"],
  moduleNameMapper: { "^@quy-nhon/client-sdk$": "<rootDir>/client-sdk/src/index.ts" },
  globalSetup: "<rootDir>/tests/harness/global-setup.ts",
  globalTeardown: "<rootDir>/tests/harness/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 2,
};
