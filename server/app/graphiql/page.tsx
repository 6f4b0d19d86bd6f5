// The analysts' GraphiQL page. Bundled with esbuild at build time (scripts/build-graphiql.mjs) from
// npm packages, so it works on a network without internet: nothing loads from a CDN.
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import { buildClientSchema, getIntrospectionQuery, type GraphQLSchema } from "graphql";
import { useEffect, useMemo, useState } from "react";
import { createRoot } from "react-dom/client";

const TOKEN_KEY = "qn-platform-token";
const ENDPOINT = new URL("/graphql", window.location.href).toString();
const params = new URLSearchParams(window.location.search);

type SchemaState = { schema: GraphQLSchema } | { refused: string } | null;

/**
 * The schema as the current token sees it. GraphiQL's own introspection keeps the error of an
 * earlier fetcher's late answer (one sent before the token was pasted) over a newer success, so
 * the page asks itself, only with a token, and drops answers for a token no longer in the field.
 */
function useSchema(token: string): SchemaState {
  const [state, setState] = useState<SchemaState>(null);
  useEffect(() => {
    setState(null);
    if (!token) return;
    let current = true;
    void fetch(ENDPOINT, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: getIntrospectionQuery(), operationName: "IntrospectionQuery" }),
    })
      .then((response) => response.json())
      .then(
        (answer: {
          data?: Parameters<typeof buildClientSchema>[0];
          errors?: { message: string }[];
        }) =>
          answer.data
            ? { schema: buildClientSchema(answer.data) }
            : { refused: answer.errors?.[0]?.message ?? "?" },
      )
      .catch((error: Error) => ({ refused: error.message }))
      .then((next) => current && setState(next));
    return () => {
      current = false;
    };
  }, [token]);
  return state;
}

function Page() {
  const [token, setToken] = useState(() => localStorage.getItem(TOKEN_KEY) ?? "");
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: ENDPOINT,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      }),
    [token],
  );
  const schema = useSchema(token);
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
        Mã truy cập (token)
        <input
          id="token"
          type="password"
          placeholder="dán bearer token (npm run -s token -- --role ANALYST)"
          value={token}
          onChange={(e) => {
            setToken(e.target.value.trim());
            localStorage.setItem(TOKEN_KEY, e.target.value.trim());
          }}
          style={{ flex: 1 }}
        />
        {schema && "refused" in schema && (
          <span id="token-refused" role="alert" style={{ color: "#b00020" }}>
            {schema.refused}
          </span>
        )}
      </label>
      <div style={{ flex: 1, minHeight: 0 }}>
        <GraphiQL
          fetcher={fetcher}
          // null: GraphiQL does not introspect by itself (see useSchema).
          schema={schema && "schema" in schema ? schema.schema : null}
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
