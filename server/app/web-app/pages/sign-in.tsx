import { useState } from "react";
import { useFormats } from "../i18n";
import { beginSignIn } from "../oidc";
import type { AppConfig } from "../platform";
import { sessionFromToken, type Session } from "../session";
import { ErrorBox } from "../ui";

/** Sign-in: the city's OIDC provider when configured; in development also a demo role or a pasted token. */
export function SignInPage({
  config,
  onSession,
}: {
  config: AppConfig;
  onSession: (s: Session) => void;
}) {
  const f = useFormats();
  const [token, setToken] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const pickDemo = async (sub: string) => {
    try {
      const res = await fetch("/app/demo-token", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sub }),
      });
      if (!res.ok) throw new Error(`${res.status}`);
      const session = sessionFromToken(((await res.json()) as { token: string }).token, "demo");
      if (session) onSession(session);
    } catch (caught) {
      setError(caught);
    }
  };
  const usePasted = () => {
    const session = sessionFromToken(token.trim(), "token");
    if (session) onSession(session);
    else setProblem(f.t("signIn.badToken"));
  };
  return (
    <section aria-labelledby="sign-in-title" className="sign-in">
      <h1 id="sign-in-title">{f.t("signIn.title")}</h1>
      {config.oidc && (
        <p>
          <button type="button" className="primary" onClick={() => void beginSignIn(config.oidc!)}>
            {f.t("signIn.oidc")}
          </button>
        </p>
      )}
      {config.demoIdentities.length > 0 && (
        <fieldset>
          <legend>{f.t("signIn.demo")}</legend>
          <ul className="demo-roles">
            {config.demoIdentities.map((identity) => {
              // The stored name in either language (a proper noun); the code only when no name is known.
              const scope = identity.scopeName ?? identity.ward ?? identity.agency;
              return (
                <li key={identity.sub}>
                  <button type="button" onClick={() => void pickDemo(identity.sub)}>
                    {f.t(`role.${identity.role}`)}
                    {scope && ` — ${scope}`}
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      {config.demoIdentities.length > 0 && (
        <form onSubmit={(e) => (e.preventDefault(), usePasted())}>
          <label className="field">
            <span>{f.t("signIn.token")}</span>
            <textarea rows={3} value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <button type="submit">{f.t("signIn.tokenSubmit")}</button>
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
        </form>
      )}
      <ErrorBox error={error} />
    </section>
  );
}
