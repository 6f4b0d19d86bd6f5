import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

// In development, as `npm start` runs: errors used to carry stack traces of absolute server paths.
describe("stack traces in error answers", () => {
  let plain: TestPlatform;
  let debugging: TestPlatform;
  beforeAll(async () => {
    plain = await startTestPlatform({ NODE_ENV: "development" });
    debugging = await startTestPlatform({ NODE_ENV: "development", EXPOSE_STACK_TRACES: "true" });
  });
  afterAll(async () => {
    await plain?.close();
    await debugging?.close();
  });

  const failures = [
    `{ noSuchField }`,
    `{ household(id: "not-a-uuid") { code } }`,
    `query { wards { code } `,
  ];

  it("are never sent in development unless an operator enables them", async () => {
    for (const query of failures) {
      const res = await plain.graphql(query);
      expect(res.errors!.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|\.ts:\d+|\/server\//);
    }
  });

  it("are sent when EXPOSE_STACK_TRACES is true", async () => {
    const res = await debugging.graphql(failures[0]);
    expect(res.errors![0].extensions!.stacktrace).toEqual(
      expect.arrayContaining([expect.any(String)]),
    );
  });
});
