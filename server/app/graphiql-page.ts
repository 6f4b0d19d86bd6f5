import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import express, { type RequestHandler } from "express";

/** The repository root: the nearest folder above this file holding package.json (from server/ or dist/server/). */
export function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json")) || existsSync(join(dir, "..", "package.json"))) {
    if (dirname(dir) === dir) throw new Error("cannot find the repository root");
    dir = dirname(dir);
  }
  return dir;
}

/**
 * Serves the bundled GraphiQL page (dist/graphiql, made by scripts/build-graphiql.mjs). Its
 * Content-Security-Policy lets it load only from this server. Answers 503 until the page is built.
 */
export function graphiqlPage(): RequestHandler {
  const built = join(repositoryRoot(), "dist", "graphiql");
  const files = express.static(built, { index: "index.html" });
  return (req, res, next) => {
    if (!existsSync(join(built, "index.html"))) {
      res.status(503).type("text/plain").send("GraphiQL is not built yet: run npm run build");
      return;
    }
    res.setHeader(
      "Content-Security-Policy",
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:",
    );
    files(req, res, next);
  };
}
