// Chromium on a throttled connection (throttled.ts): cold loads of the calendar and check-in clicks on /today,
// skipped with a note when there is no Chromium.
import { chromiumPath } from "../tools/chromium.js";
import { log } from "./log.js";
import type { Measuring } from "./results.js";
import { measureThrottled, THROTTLE } from "./throttled.js";

const THROTTLED_COLD_LOADS = 3;
const THROTTLED_CLICKS = 3;

/** When home or /today was measured. Last: no load is running, and the check-in clicks may put a few of today's bookings back to "registered". */
export async function measureThrottledBrowser(bench: Measuring, benchUrl: string) {
  const { base, creds, results } = bench;
  if (bench.measured.some((m) => m.route.path === "/" || m.route.path === "/today")) {
    log(`throttled browser: ${THROTTLED_COLD_LOADS} cold loads of / and ${THROTTLED_CLICKS} check-in clicks on /today (${THROTTLE.latency} ms RTT, ${THROTTLE.downloadThroughput} B/s)`);
    const throttled = await measureThrottled({ base, cookie: creds.cookie, benchUrl, coldLoads: THROTTLED_COLD_LOADS, clicks: THROTTLED_CLICKS, log });
    if (!throttled) results.notes.push(`throttled browser measurements skipped: no Chromium at ${chromiumPath}`);
    else {
      results.throttled = throttled;
      for (const p of throttled.problems) results.failures.push(`throttled browser: ${p}`);
      if (throttled.checkIn?.reset) results.notes.push(`throttled check-in: ${throttled.checkIn.reset} attended booking(s) of today put back to "registered" so /today had ${THROTTLED_CLICKS} to check in (${throttled.checkIn.clickable} were left)`);
    }
  }
}
