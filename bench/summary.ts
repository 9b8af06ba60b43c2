// The summary printed at the end of a run: what was seeded, the tables of what was measured, the notes, the
// budgets and the failures.
import { KB } from "./budgets.js";
import type { Results } from "./results.js";
import { benchSeriesName } from "./seed/bench-series.js";

function table(headers: string[], rows: (string | number)[][]) {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const mb = (kib: number) => `${(kib / KB).toFixed(1)} MB`;

export function printSummary(r: Results) {
  const out: string[] = [];
  summarizeRun(r, out);
  summarizeTimes(r, out);
  summarizeWeights(r, out);
  summarizeFirstLoads(r, out);
  summarizeThrottled(r, out);
  summarizeFairness(r, out);
  summarizeVerdict(r, out);
  console.log(out.join("\n"));
}

/** The run, the machine and the seed. */
function summarizeRun(r: Results, out: string[]) {
  out.push("");
  out.push(`Practice bench "${r.label}" — ${r.startedAt}, node ${r.machine.node}, ${r.machine.cpus} CPUs, PostgreSQL ${r.machine.postgres}`);
  out.push(`Scale: ${r.scale.practices} practices (clients ${r.scale.clients}, sessions ${r.scale.sessions}, metrics ${r.scale.metrics})`);
  for (const s of r.seed?.sections ?? []) {
    const rows = Object.entries(s.rows).map(([k, v]) => `${k} ${v}`).join(", ");
    out.push(`  seed ${s.section}: ${s.status}${rows ? ` (${rows}, ${s.ms} ms)` : ""}${s.note ? ` — ${s.note}` : ""}`);
  }
}

/** Under load and unloaded (Server-Timing). */
function summarizeTimes(r: Results, out: string[]) {
  if (r.load.length) {
    out.push("");
    out.push(`Load: autocannon, ${r.config.connections} connections, ${r.config.durationS} s per route after ${r.config.warmupS} s warm-up (client-side latency)`);
    out.push(table(["route", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "non-2xx", "errors", "RSS after"],
      r.load.map((l) => [`${l.method} ${l.path}`, l.requestsPerSecond, l.latencyMs.p50, l.latencyMs.p95, l.latencyMs.p99, l.latencyMs.max, l.non2xx, l.errors + l.timeouts,
        l.memoryAfter ? mb(l.memoryAfter.rssKb) : "?"])));
  }
  if (r.serverTiming.length) {
    out.push("");
    out.push(`Server time: Server-Timing total, ${r.config.samples} sequential requests per route`);
    out.push(table(["route", "p50 ms", "p95 ms", "p99 ms", "max ms", "client p50", "client p95", "failed"],
      r.serverTiming.flatMap((s) => [
        [`${s.method} ${s.path}`, s.serverMs.p50, s.serverMs.p95, s.serverMs.p99, s.serverMs.max, s.clientMs.p50, s.clientMs.p95, s.failures + s.missingHeader],
        ...(s.variants ?? []).map((v) => [`    ${v.label.length > 24 ? `${v.label.slice(0, 8)}…` : v.label} (${v.serverMs.n})`,
          v.serverMs.p50, v.serverMs.p95, v.serverMs.p99, v.serverMs.max, v.clientMs.p50, v.clientMs.p95, ""]),
      ])));
  }
}

/** The search, calendar, check-in, program and metric responses, bytes as sent. */
function summarizeWeights(r: Results, out: string[]) {
  if (r.searchFragments.length) {
    out.push("");
    out.push("Client search fragment (HX-Request, status=current, sort=name): bytes as sent, rows shown, clients matching");
    out.push(table(["q", "purpose", "encoding", "bytes", "raw bytes", "rows", "more", "matches"],
      r.searchFragments.map((f) => [f.q, f.purpose, f.contentEncoding ?? "none", f.bytes, f.rawBytes, f.rows, f.more ? "yes" : "no", f.matches ?? "?"])));
  }
  if (r.calendarFragments.length) {
    out.push("");
    out.push("Calendar fragments (HX-Request, everyone's sessions): bytes as sent, session cards shown, sessions in the database for the range");
    out.push(table(["date", "view", "purpose", "encoding", "bytes", "raw bytes", "cards", "sessions"],
      r.calendarFragments.map((f) => [f.date, f.view, f.purpose, f.contentEncoding ?? "none", f.bytes, f.rawBytes, f.cards, f.sessions ?? "-"])));
  }
  if (r.checkInResponses.length) {
    out.push("");
    out.push("Check-in answer (HX-Request, an attendee already checked in: what every tap after the first gets, and the first one's shape)");
    out.push(table(["button", "status", "encoding", "bytes", "raw bytes", "headers ~"],
      r.checkInResponses.map((c) => [c.variant, c.status, c.contentEncoding ?? "none", c.bytes, c.rawBytes, c.headerBytes])));
  }
  if (r.programGrid) {
    const g = r.programGrid;
    out.push("");
    out.push(`Program page ${g.path} (${benchSeriesName}, whole page): bytes as sent, attendance grid rows and header cells, and what the database holds`);
    out.push(table(["encoding", "bytes", "raw bytes", "rows", "header cells", "participants", "sessions", "marks"],
      [[g.contentEncoding ?? "none", g.bytes, g.rawBytes, g.rows, g.headerCells, g.participants, g.sessions, Object.entries(g.marks).map(([k, v]) => `${k} ${v}`).join(", ")]]));
  }
  if (r.metricResponses.length) {
    out.push("");
    out.push("Metric charts and cards (heavy client's Pain level; the logging answer on the daily client): bytes as sent, points per series (* = down-sampled, with the entries they stand for)");
    out.push(table(["response", "status", "encoding", "bytes", "raw bytes", "points per series", "rows"],
      r.metricResponses.map((x) => [x.what, x.status, x.contentEncoding ?? "none", x.bytes, x.rawBytes,
        x.charts.flatMap((c) => c.series.map((s) => `${s.points}${s.downsampled ? `* (${s.entries ?? "?"})` : ""}`)).join(" + ") || "-",
        x.rows ? `${x.rows.n} ${x.rows.what}` : ""])));
  }
}

function summarizeFirstLoads(r: Results, out: string[]) {
  for (const w of [r.pageWeight.home, r.pageWeight.login]) {
    if (!w) continue;
    out.push("");
    out.push(`First load of ${w.page}: ${w.requests} requests, ${kb(w.countedBytes)} counted (${w.countedBytes} B gzip bodies), print CSS ${w.printBytes} B apart, headers ~${w.headerBytes} B apart`);
    out.push(table(["resource", "kind", "encoding", "bytes"], w.resources.map((x) => [x.url, x.kind, x.contentEncoding ?? "none", x.bytes])));
    for (const p of w.problems) out.push(`  ! ${p}`);
  }
}

function summarizeThrottled(r: Results, out: string[]) {
  if (!r.throttled) return;
  const t = r.throttled;
  out.push("");
  out.push(`Throttled browser: Chromium ${t.browser}, ${t.network.downloadThroughput} B/s down, ${t.network.uploadThroughput} B/s up, ${t.network.latency} ms RTT (CDP); ms from navigation start, bytes as received (headers included)`);
  const loads = [...(t.coldLoad?.runs ?? []).map((x, i) => [`cold load / #${i + 1}`, x] as const), ...(t.todayLoad ? [["cold load /today", t.todayLoad] as const] : [])];
  if (loads.length) {
    // No "first byte": Chrome's emulated latency delays the body, not Navigation Timing's responseStart (kept in the JSON).
    out.push(table(["load", "usable", "calendar shown", "htmx ready", "FCP", "DCL", "load", "requests", "bytes"],
      loads.map(([name, x]) => [name, x.usableMs, x.calendarShownMs ?? "-", x.htmxReadyMs ?? "-", x.firstContentfulPaintMs ?? "-", x.domContentLoadedMs, x.loadMs, x.requests, x.bytes])));
    const first = t.coldLoad?.runs[0];
    if (first) {
      out.push(`  requests of cold load #1: ${first.resources.map((x) => `${x.path} ${x.status ?? "?"} ${x.bytes} B ${x.startMs}-${x.endMs ?? "?"} ms`).join("; ")}`);
    }
  }
  if (t.checkIn) {
    out.push(table(["check-in click on /today", "updated ms", "swapped ms", "requests", "bytes"],
      t.checkIn.runs.map((x) => [x.attendee, x.updatedMs, x.swappedMs, x.requests, x.bytes])));
  }
  if (t.coldLoad) out.push(`  cold load usable: median ${t.coldLoad.usableMs.median} ms, max ${t.coldLoad.usableMs.max} ms; ${t.coldLoad.requests.median} requests, ${t.coldLoad.bytes.median} B`);
  if (t.checkIn) out.push(`  check-in click: median ${t.checkIn.updatedMs.median} ms, max ${t.checkIn.updatedMs.max} ms`);
  for (const p of t.problems) out.push(`  ! ${p}`);
}

/** The noisy neighbour and the login flood: wall times as the client sees them. */
function summarizeFairness(r: Results, out: string[]) {
  const n = r.noisyNeighbour;
  const f = r.loginFlood;
  if (!n && !f) return;
  out.push("");
  out.push("Fairness (client-observed wall time of sequential requests)");
  const rows: (string | number)[][] = [];
  if (n) {
    rows.push(["GET / alone", n.baselineMs.n, n.baselineMs.p50, n.baselineMs.p95, n.baselineMs.max, ""]);
    rows.push([`GET / while ${n.neighbour} books`, n.underLoadMs.n, n.underLoadMs.p50, n.underLoadMs.p95, n.underLoadMs.max,
      `neighbour ${n.writes.requestsPerSecond} req/s (${n.sessionsPerRequest} x ${n.clientsPerRequest} places, ${n.parallel} clients, p50 ${n.writes.latencyMs.p50} ms), ${JSON.stringify(n.writes.statuses)}${n.writes.errors ? `, ${n.writes.errors} errors` : ""}`]);
  }
  if (f) {
    rows.push(["GET /healthz during the login flood", f.healthzMs.n, f.healthzMs.p50, f.healthzMs.p95, f.healthzMs.max,
      `${f.attempts} logins, ${f.attemptsPerSecond}/s, ${f.concurrency} in flight: ${JSON.stringify(f.statuses)}${f.errors ? `, ${f.errors} errors` : ""}`]);
  }
  out.push(table(["requests", "n", "p50 ms", "p95 ms", "max ms", "meanwhile"], rows));
}

/** Memory, notes, budgets, failures, and the verdict. */
function summarizeVerdict(r: Results, out: string[]) {
  if (r.memory.idle || r.memory.afterLoad) {
    out.push("");
    out.push(`Server memory: idle ${r.memory.idle ? mb(r.memory.idle.rssKb) : "?"} RSS, after load ${r.memory.afterLoad ? mb(r.memory.afterLoad.rssKb) : "?"} RSS, peak ${r.memory.afterLoad ? mb(r.memory.afterLoad.hwmKb) : "?"} (VmHWM)`);
  }
  if (r.notes.length) {
    out.push("");
    for (const n of r.notes) out.push(`note: ${n}`);
  }
  out.push("");
  out.push("Budgets:");
  const figure = (unit: string, n: number) => (unit === "bytes" ? kb(n) : unit === "KiB" ? mb(n) : `${n} ${unit}`);
  for (const b of r.budgets) {
    const shown = `${figure(b.unit, b.actual)} of ${figure(b.unit, b.limit)}${b.allowed === undefined ? "" : ` (allowed ${figure(b.unit, Math.round(b.allowed * 10) / 10)})`}`;
    out.push(`  ${b.ok ? "ok  " : b.enforced ? "FAIL" : "over"} ${b.name}: ${shown}${b.enforced ? "" : " (reported, not enforced)"}${b.note ? ` — ${b.note}` : ""}`);
  }
  if (r.failures.length) {
    out.push("");
    out.push("FAILED:");
    for (const f of r.failures) out.push(`  - ${f}`);
  }
  out.push("");
  out.push(r.ok ? "bench: ok" : "bench: FAILED");
}
