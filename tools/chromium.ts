// Debian's Chromium driven by playwright-core: no browser download, ever. Shared by the e2e tests and
// the bench's throttled-network measurements, so both run the browser the same way.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(chromiumPath);

export function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`${chromiumPath} not found: install Debian's chromium (apt-get install chromium)`);
  return chromium.launch({
    executablePath: chromiumPath,
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
