import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { Router, type Request, type Response } from "express";
import type { AuthConfig, OidcClientConfig } from "../config/config";
import { systemActor } from "../shared/actor";
import { signToken } from "../shared/auth";
import { DomainError } from "../shared/errors";
import { DEMO_IDENTITIES, namedDemoIdentities, type DemoScopeNames } from "./demo-tokens";
import { repositoryRoot } from "./graphiql-page";

/** The platform reading for the anonymous sign-in page (names of agencies and wards only). */
const SIGN_IN_PAGE = systemActor("web-app-sign-in");

export interface WebAppOptions {
  oidc: OidcClientConfig | null;
  /** Development only: the key demo tokens are signed with; null refuses demo sign-in (always in production). */
  demoSigning: AuthConfig | null;
  /** Where the sign-in page's demo identities get the names of their agency and ward. */
  demoScopeNames: DemoScopeNames;
  /** Answers a refusal as every route outside GraphQL does: its HTTP status, the message in the reader's language. */
  refuse: (req: Request, res: Response, error: DomainError) => void;
}

/**
 * The web app at /app (dist/web-app, made by scripts/build-web-app.mjs): its files, its settings
 * (/app/config.json) and, in development only, demo sign-in (/app/demo-token). Any other path under
 * /app is the app's page, whose router shows the right screen. Answers 503 until the app is built.
 */
export function webAppRoutes(options: WebAppOptions): Router {
  const built = join(repositoryRoot(), "dist", "web-app");
  const router = Router();
  // Scripts, styles and connections only from this server (and the provider's token endpoint, which the browser calls for PKCE).
  const connect = [
    "'self'",
    "ws:",
    "wss:",
    ...(options.oidc ? [new URL(options.oidc.tokenUrl).origin] : []),
  ].join(" ");
  router.use((_req, res, next) => {
    res.setHeader(
      "Content-Security-Policy",
      `default-src 'self'; connect-src ${connect}; img-src 'self' data: blob:; style-src 'self'; frame-ancestors 'none'`,
    );
    next();
  });
  // The service worker's scope is /app/: the bare /app would be outside it.
  router.get("/", (req, res, next) =>
    req.originalUrl === "/app" ? res.redirect(301, "/app/") : next(),
  );
  // Names are read on every request, not once at start: an administrative change may hand a
  // ward's code to another ward.
  router.get("/config.json", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({
      oidc: options.oidc,
      demoIdentities: options.demoSigning
        ? await namedDemoIdentities(SIGN_IN_PAGE, options.demoScopeNames)
        : [],
    });
  });
  router.post("/demo-token", express.json({ limit: "1kb" }), async (req, res) => {
    const identity = DEMO_IDENTITIES.find((i) => i.sub === req.body?.sub);
    if (!options.demoSigning)
      return options.refuse(req, res, new DomainError("FORBIDDEN", "error.forbidden.demoSignIn"));
    if (!identity)
      return options.refuse(
        req,
        res,
        new DomainError("BAD_USER_INPUT", "error.notFound.demoIdentity", {
          sub: String(req.body?.sub),
        }),
      );
    res.setHeader("Cache-Control", "no-store");
    res.json({ token: await signToken(options.demoSigning, identity) });
  });
  router.use((req, res, next) => {
    if (!existsSync(join(built, "index.html")))
      return void res
        .status(503)
        .type("text/plain")
        .send("The web app is not built yet: run npm run build");
    // The service worker must be fetched fresh, or a browser would keep an old shell for a day.
    if (req.path === "/sw.js") res.setHeader("Cache-Control", "no-cache");
    next();
  });
  router.use(express.static(built, { index: false }));
  router.get(/.*/, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(join(built, "index.html"));
  });
  return router;
}
