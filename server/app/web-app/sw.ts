// The app's service worker: keeps the shell (index.html, app.js, app.css) so /app opens offline.
// Data never goes through its cache: GraphQL answers are personal data and must be fresh.
declare const SHELL_VERSION: string;
const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `qn-app-shell-${SHELL_VERSION}`;
const SHELL = ["/app/", "/app/app.js", "/app/app.css"];

sw.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener("activate", (event) => {
  // A new build has a new version: the older shells go.
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((k) => k.startsWith("qn-app-shell-") && k !== CACHE)
            .map((k) => caches.delete(k)),
        ),
      )
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (
    event.request.method !== "GET" ||
    url.origin !== location.origin ||
    !url.pathname.startsWith("/app/") ||
    url.pathname.endsWith(".json")
  )
    return;
  // Network first, so a deployment shows at once; the cached shell when the network is gone. Any page of
  // the app is the same index.html (the router picks the page).
  const shellPath = SHELL.includes(url.pathname) ? url.pathname : "/app/";
  event.respondWith(
    fetch(event.request).catch(async () => (await caches.match(shellPath)) ?? Response.error()),
  );
});

export {};
