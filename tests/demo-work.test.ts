import { createServices } from "../server/app/services";
import { seedDemoWork } from "../server/modules/plan-data";
import { systemActor } from "../server/shared/actor";
import { startTestPlatform, type TestPlatform } from "./harness/test-platform";

const REPORT = `query($from: String!, $to: String!) { monitoringReport(from: $from, to: $to) { agencyMeasures { routed accepted completed declined } } }`;

interface TaskTotal {
  tasks: { totalCount: number };
}

/** The demo city `npm start` loads into an empty database is mid-plan: its work has dates across 2024–2025. */
describe("the demo city's work", () => {
  let api: TestPlatform;
  const totals = async (from: string, to: string) => {
    const lines = (
      await api.graphql<{ monitoringReport: { agencyMeasures: Record<string, number>[] } }>(
        REPORT,
        { from, to },
      )
    ).data!.monitoringReport.agencyMeasures;
    return Object.fromEntries(
      ["routed", "accepted", "completed", "declined"].map((k) => [
        k,
        lines.reduce((n, l) => n + l[k], 0),
      ]),
    );
  };

  beforeAll(async () => {
    api = await startTestPlatform();
    const services = createServices(api.platform.database);
    await seedDemoWork(
      systemActor("demo-secretariat"),
      api.platform.database.dataSource,
      services.routing,
      services.tasks,
    );
  });
  afterAll(() => api.close());

  it("shows tasks routed, accepted and completed in the README's example report, the first half of 2024", async () => {
    const h1 = await totals("2024-01-01", "2024-06-30");
    expect(h1.routed).toBeGreaterThan(300);
    expect(h1.accepted).toBeGreaterThan(0);
    expect(h1.completed).toBeGreaterThan(0);
  });

  it("shows work in every half-year of the plan, every step dated within it", async () => {
    for (const [from, to] of [
      ["2024-07-01", "2024-12-31"],
      ["2025-01-01", "2025-06-30"],
      ["2025-07-01", "2025-12-31"],
    ]) {
      const { completed } = await totals(from, to);
      expect([from, completed > 0]).toEqual([from, true]);
    }
    const all = await totals("2024-01-01", "2025-12-31");
    expect(all.declined).toBeGreaterThan(0);
    const { data } = await api.graphql<{
      tasks: {
        edges: { node: { createdAt: string; history: { kind: string; at: string }[] } }[];
      };
    }>(
      `{ tasks(first: 100) { totalCount edges { node { createdAt dueOn history { kind at } } } } }`,
    );
    for (const { node } of data!.tasks.edges) {
      // Escalations of tasks still open past their due date are the scheduler's, dated when it runs.
      for (const { kind, at } of node.history)
        if (kind !== "OVERDUE")
          expect([kind, at >= "2024-01-01" && at < "2026-01-01"]).toEqual([kind, true]);
      expect(node.createdAt).toBe(node.history[0].at);
    }
  });

  it("is loaded only into a database without tasks", async () => {
    const before = (await api.graphql<TaskTotal>(`{ tasks { totalCount } }`)).data!.tasks
      .totalCount;
    const services = createServices(api.platform.database);
    await seedDemoWork(
      systemActor("demo-secretariat"),
      api.platform.database.dataSource,
      services.routing,
      services.tasks,
    );
    expect((await api.graphql<TaskTotal>(`{ tasks { totalCount } }`)).data!.tasks.totalCount).toBe(
      before,
    );
  });
});
