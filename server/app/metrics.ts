import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Database } from "../db/data-source";
import type { TaskEventFeed } from "../modules/notifications";

/**
 * The platform's Prometheus metrics, in a registry of its own (several instances may share a
 * process in tests). Operation labels are `<type>.<root field>`, bounded by the schema, never the
 * client's free-text operation name.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "qn_graphql_requests_total",
    help: "GraphQL operations by operation and outcome (ok or the error code).",
    labelNames: ["operation", "outcome"] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: "qn_graphql_request_duration_seconds",
    help: "GraphQL operation latency.",
    labelNames: ["operation"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly executions = new Counter({
    name: "qn_graphql_executions_total",
    help: "GraphQL operations executed over HTTP, by executor: compiled (the client SDK's trusted documents) or graphql-js (ad-hoc).",
    labelNames: ["executor"] as const,
    registers: [this.registry],
  });
  readonly webSockets = new Gauge({
    name: "qn_websocket_connections",
    help: "Open graphql-ws connections.",
    registers: [this.registry],
  });
  readonly deliveryLag = new Histogram({
    name: "qn_event_delivery_lag_seconds",
    help: "From a task event's commit to its delivery to this instance's subscribers.",
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(database: Pick<Database, "poolUse">, feed: () => TaskEventFeed) {
    collectDefaultMetrics({ register: this.registry, prefix: "qn_" });
    new Gauge({
      name: "qn_subscriptions_active",
      help: "Task-event subscriptions served by this instance.",
      registers: [this.registry],
      collect() {
        this.set(feed().subscriberCount);
      },
    });
    new Gauge({
      name: "qn_db_pool_connections",
      help: "Database pool connections by state.",
      labelNames: ["state"] as const,
      registers: [this.registry],
      collect() {
        const use = database.poolUse();
        this.set({ state: "total" }, use.total);
        this.set({ state: "idle" }, use.idle);
        this.set({ state: "waiting" }, use.waiting);
      },
    });
  }
}
