// The analysts' GraphiQL page. Bundled with esbuild at build time (scripts/build-graphiql.mjs) from
// npm packages, so it works on a network without internet: nothing loads from a CDN.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import { useMemo, useState } from "react";
import { createRoot } from "react-dom/client";

const TOKEN_KEY = "qn-platform-token";
const params = new URLSearchParams(window.location.search);

function Page() {
  const [token, setToken] = useState(() => localStorage.getItem(TOKEN_KEY) ?? "");
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: new URL("/graphql", window.location.href).toString(),
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    [token],
  );
  return (
    <div style={{ height: "100vh", display: "flex", flexDirection: "column" }}>
      <label
        style={{
          padding: "6px 12px",
          fontFamily: "sans-serif",
          fontSize: 14,
          display: "flex",
          gap: 8,
          alignItems: "center",
        }}
      >
        Token
        <input
          id="token"
          type="password"
          placeholder="paste a bearer token (npm run -s token -- --role ANALYST)"
          value={token}
          onChange={(e) => {
            setToken(e.target.value.trim());
            localStorage.setItem(TOKEN_KEY, e.target.value.trim());
          }}
          style={{ flex: 1 }}
        />
      </label>
      <div style={{ flex: 1, minHeight: 0 }}>
        <GraphiQL
          fetcher={fetcher}
          defaultQuery={
            params.get("query") ??
            "{ stats(groupBy: [CLASSIFICATION]) { classification households } }"
          }
        />
      </div>
    </div>
  );
}

createRoot(document.getElementById("root")!).render(<Page />);
