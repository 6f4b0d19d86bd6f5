import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium (Playwright's own download cannot reach its host here), started the way this
 * machine allows: headless, no background networking, no sandbox as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
