import type { RequestHandler } from "express";

/** What a person opening the server's address can go to, as [path, what it is]. */
const PLACES: [string, string][] = [
  [
    "/app/",
    "the web app (Vietnamese, English switchable) for ward officers, agency staff and leaders; sign in there",
  ],
  [
    "/graphiql",
    "GraphiQL: query the API with a token; its Docs pane documents every type and field",
  ],
  ["/graphql", "the GraphQL endpoint (HTTP POST, and WebSocket subscriptions)"],
  ["/healthz", "health: whether the server is alive"],
  ["/readyz", "readiness: database, migrations, event listener"],
  ["/templates/household-list.xlsx", "the wards' household-list template"],
];

/** The addresses `npm start` prints, for a server at `origin` (e.g. http://localhost:4000). */
export const landingAddresses = (origin: string): string[] => [
  `${origin}/  (this list)`,
  ...PLACES.map(([path, what]) => `${origin}${path}  ${what}`),
];

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/**
 * `/`: a page linking what the server offers, instead of "Cannot GET /". Static, no script, no data:
 * anyone may see it. The documentation proper is the repository's README.md and docs/.
 */
export function landingPage(): RequestHandler {
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Quy Nhơn poverty-reduction platform</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; line-height: 1.5">
<h1>Quy Nhơn poverty-reduction platform</h1>
<p>The GraphQL platform coordinating the city's sustainable poverty-reduction plan 2024–2025. Every request needs a bearer token.</p>
<ul>
${PLACES.map(([path, what]) => `<li><a href="${path}">${path}</a>: ${escape(what)}</li>`).join("\n")}
</ul>
<p>Documentation: <code>README.md</code> and <code>docs/</code> (deployment, analysts' questions, performance) in the platform's repository; <code>schema/schema.graphql</code> is the schema.</p>
</body>
</html>
`;
  return (_req, res) =>
    void res
      .type("html")
      .setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
      .send(html);
}
