// Debian's Chromium, driven by playwright-core (no browser download). Missing, it fails loudly:
// in CI (CI=true) always, and locally with what to install.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. */
export const chromiumMissing = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH)`;

/** In CI a missing browser is a failure; on a developer's machine, a loud notice and no browser tests. */
export const skipBrowserTests = chromiumMissing !== undefined && process.env.CI !== "true";
if (skipBrowserTests) {
  console.warn(`\n${"!".repeat(78)}\n  THE DOCS BROWSER TESTS DID NOT RUN. ${chromiumMissing}\n${"!".repeat(78)}\n`);
}

export async function launchChromium(): Promise<Browser> {
  if (chromiumMissing) throw new Error(chromiumMissing);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
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
