import { createRoot } from "react-dom/client";
import { App } from "./app";
import "./styles.css";

createRoot(document.getElementById("root")!).render(<App />);

// The shell (page, script, stylesheet) is cached by the service worker: the app opens without a network.
if ("serviceWorker" in navigator)
  void navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => undefined);
