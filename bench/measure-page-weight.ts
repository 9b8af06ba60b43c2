// First loads of the logged-in home and of /login as a browser with an empty cache makes them (page-weight.ts),
// and what /favicon.ico answers.
import { log } from "./log.js";
import { measurePageWeight, rawGet } from "./page-weight.js";
import type { Measuring } from "./results.js";

export async function measureFirstLoads(bench: Measuring) {
  const { base, creds, results } = bench;
  log("page weight of first loads");
  results.pageWeight.home = await measurePageWeight(`${base}/`, { Cookie: creds.cookie });
  results.pageWeight.login = await measurePageWeight(`${base}/login`);
  for (const w of [results.pageWeight.home, results.pageWeight.login]) {
    for (const p of w.problems) results.failures.push(`first load of ${w.page}: ${p}`);
  }
  // Browsers ask for /favicon.ico on every cold load when the page names no icon: note what it costs.
  const favicon = await rawGet(`${base}/favicon.ico`, { Cookie: creds.cookie });
  results.pageWeight.favicon = { status: favicon.status, bytes: favicon.bytes, contentType: favicon.contentType };
  const namesIcon = results.pageWeight.home.resources.some((x) => x.kind === "icon");
  if (!namesIcon && favicon.status !== 200) {
    results.notes.push(`no <link rel=icon>: browsers will request /favicon.ico on a cold load, which answers ${favicon.status} (${favicon.contentType || "no type"}, ${favicon.bytes} B); not counted`);
  }
}
