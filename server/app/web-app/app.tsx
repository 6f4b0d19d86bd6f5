import { useEffect, useMemo, useState } from "react";
import { Link, Redirect, Route, Router, Switch } from "wouter";
import { formatsFor, FormatsContext, type Language, type MessageKey } from "./i18n";
import { completeSignIn, endSessionUrl } from "./oidc";
import { AppContext, clientFor, type AppConfig } from "./platform";
import { loadSession, saveSession, type Session } from "./session";
import { DashboardPage } from "./pages/dashboard";
import { FeedPage } from "./pages/feed";
import { HouseholdPage } from "./pages/household";
import { HouseholdsPage } from "./pages/households";
import { ImportWizardPage } from "./pages/import-wizard";
import { InboxPage } from "./pages/inbox";
import { SignInPage } from "./pages/sign-in";
import { ErrorBox, Loading } from "./ui";

/** Each role's pages, its first one being where it lands: a ward officer never sees the city, an analyst never a name. */
const PAGES: Record<Session["role"], [string, MessageKey][]> = {
  WARD_OFFICER: [
    ["/households", "nav.households"],
    ["/feed", "nav.feed"],
    ["/import", "nav.import"],
  ],
  AGENCY_STAFF: [["/inbox", "nav.inbox"]],
  ANALYST: [["/dashboard", "nav.dashboard"]],
  MONITOR: [
    ["/dashboard", "nav.dashboard"],
    ["/households", "nav.households"],
  ],
  ADMIN: [
    ["/dashboard", "nav.dashboard"],
    ["/households", "nav.households"],
  ],
};

const LANGUAGE_KEY = "qn.language";

export function App() {
  const [language, setLanguage] = useState<Language>(() =>
    localStorage.getItem(LANGUAGE_KEY) === "en" ? "en" : "vi",
  );
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [problem, setProblem] = useState<unknown>(null);
  const f = useMemo(() => formatsFor(language), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = f.t("app.title");
    // The language is a preference, not a secret: it may outlive the tab.
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language, f]);
  useEffect(() => {
    fetch("/app/config.json")
      .then((r) => r.json())
      .then(setConfig, setProblem);
  }, []);
  const signIn = (next: Session | null) => {
    saveSession(next);
    setSession(next);
  };
  // The provider sends the browser back to /app/callback with a code: trade it for tokens once.
  useEffect(() => {
    if (!config?.oidc || location.pathname !== "/app/callback") return;
    completeSignIn(config.oidc, new URL(location.href)).then(
      (s) => (signIn(s), history.replaceState(null, "", "/app/")),
      (e) => setProblem(e),
    );
  }, [config]);
  const client = useMemo(
    () =>
      session && config
        ? clientFor(session, language, config.oidc, (s) => s === null && signIn(null))
        : null,
    [session?.sub, session?.via, language, config],
  );
  useEffect(() => () => void client?.dispose(), [client]);
  const signOut = () => {
    const leave = session?.via === "oidc" && config?.oidc ? endSessionUrl(config.oidc) : null;
    signIn(null);
    if (leave) location.assign(leave);
  };

  return (
    <FormatsContext.Provider value={f}>
      <a className="skip" href="#main">
        {f.t("app.skip")}
      </a>
      <header>
        <strong>{f.t("app.title")}</strong>
        <label className="language">
          <span>{f.t("nav.language")}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <Router base="/app">
        {session && client && config ? (
          <AppContext.Provider value={{ session, client, config }}>
            <nav aria-label={f.t("nav.main")}>
              {PAGES[session.role].map(([path, key]) => (
                <Link key={path} href={path}>
                  {f.t(key)}
                </Link>
              ))}
              <span className="muted">
                {f.t(`role.${session.role}`)} {session.ward ?? session.agency ?? ""}
              </span>
              <button type="button" onClick={signOut}>
                {f.t("nav.signOut")}
              </button>
            </nav>
            <main id="main">
              <Pages role={session.role} />
            </main>
          </AppContext.Provider>
        ) : (
          <main id="main">
            <ErrorBox error={problem} />
            {config ? <SignInPage config={config} onSession={signIn} /> : <Loading />}
          </main>
        )}
      </Router>
    </FormatsContext.Provider>
  );
}

function Pages({ role }: { role: Session["role"] }) {
  const allowed = new Set(PAGES[role].map(([path]) => path));
  const home = PAGES[role][0][0];
  return (
    <Switch>
      {allowed.has("/households") && <Route path="/households">{() => <HouseholdsPage />}</Route>}
      {allowed.has("/households") && (
        <Route path="/households/:id">{(params) => <HouseholdPage id={params.id} />}</Route>
      )}
      {allowed.has("/feed") && <Route path="/feed">{() => <FeedPage />}</Route>}
      {allowed.has("/import") && <Route path="/import">{() => <ImportWizardPage />}</Route>}
      {allowed.has("/inbox") && <Route path="/inbox">{() => <InboxPage />}</Route>}
      {allowed.has("/dashboard") && <Route path="/dashboard">{() => <DashboardPage />}</Route>}
      <Route>{() => <Redirect to={home} replace />}</Route>
    </Switch>
  );
}
