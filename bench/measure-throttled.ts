// Chromium on a throttled connection (throttled.ts): cold loads of the calendar and check-in clicks on /today,
// skipped with a note when there is no Chromium.
import { chromiumPath } from "../tools/chromium.js";
import { log } from "./log.js";
import type { Measuring } from "./results.js";
import { measureThrottled, THROTTLE } from "./throttled.js";

/** When home or /today was measured. Last: no load is running, and the check-in clicks may put a few of today's bookings back to "registered". */
export async function measureThrottledBrowser(bench: Measuring, benchUrl: string) {
  const { base, creds, results } = bench;
  const runs = bench.config.browserRuns;
  if (bench.measured.some((m) => m.route.path === "/" || m.route.path === "/today")) {
    log(`throttled browser: ${runs} cold loads of / and ${runs} check-in clicks on /today (${THROTTLE.latency} ms RTT, ${THROTTLE.downloadThroughput} B/s)`);
    const throttled = await measureThrottled({ base, cookie: creds.cookie, benchUrl, coldLoads: runs, clicks: runs, log });
    if (!throttled) results.notes.push(`throttled browser measurements skipped: no Chromium at ${chromiumPath}`);
    else {
      results.throttled = throttled;
      for (const p of throttled.problems) results.failures.push(`throttled browser: ${p}`);
      if (throttled.checkIn?.reset) results.notes.push(`throttled check-in: ${throttled.checkIn.reset} attended booking(s) of today put back to "registered" so /today had ${runs} to check in (${throttled.checkIn.clickable} were left)`);
    }
  }
}
