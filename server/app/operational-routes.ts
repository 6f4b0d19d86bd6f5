import { Router } from "express";
import type { Registry } from "prom-client";
import { csvTemplate, xlsxTemplate } from "../modules/intake";
import { answerWithError, type ErrorWording } from "./format-error";
import { graphiqlPage } from "./graphiql-page";
import { landingPage } from "./landing-page";
import { webAppRoutes, type WebAppOptions } from "./web-app-routes";

export interface OperationalRoutesInput {
  /** Readiness: whether this instance should receive traffic, and why not. */
  readiness: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
  /** False once the server drains: readiness then answers 503 whatever the checks say. */
  accepting: () => boolean;
  /** The Prometheus registry /metrics shows. */
  metrics: Registry;
  webApp: Omit<WebAppOptions, "refuse">;
  wording: ErrorWording;
}

/**
 * The routes beside the API that hold no personal data: the landing page (/), liveness (/healthz),
 * readiness (/readyz: 503 while not ready or draining), Prometheus metrics (/metrics), GraphiQL
 * (/graphiql), the web app (/app) and the household list's import templates (/templates).
 */
export function operationalRoutes(input: OperationalRoutesInput): Router {
  const router = Router();
  router.get("/", landingPage());
  router.get("/healthz", (_req, res) => void res.json({ status: "alive" }));
  router.get("/readyz", async (_req, res) => {
    const { ready, checks } = await input.readiness();
    const accepting = input.accepting();
    const status = ready && accepting;
    res.status(status ? 200 : 503).json({ ready: status, checks: { ...checks, accepting } });
  });
  router.get(
    "/metrics",
    async (_req, res) =>
      void res.type(input.metrics.contentType).send(await input.metrics.metrics()),
  );
  router.use("/graphiql", graphiqlPage());
  router.use(
    "/app",
    webAppRoutes({
      ...input.webApp,
      refuse: (req, res, error) => answerWithError(req, res, error, input.wording),
    }),
  );
  // The import template holds no data: anyone may fetch it.
  router.get(
    "/templates/household-list.xlsx",
    async (_req, res) =>
      void res
        .type("xlsx")
        .attachment("household-list.xlsx")
        .send(await xlsxTemplate()),
  );
  router.get(
    "/templates/household-list.csv",
    (_req, res) =>
      void res.type("text/csv; charset=utf-8").attachment("household-list.csv").send(csvTemplate()),
  );
  return router;
}
