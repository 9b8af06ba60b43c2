// The budgets of the issues and docs/architecture.md (Budgets), one row each: its name, how its figure is read from the results, the
// limit and its unit. `enforced` ones fail the run. A row measures nothing when the run did not reach it (a --routes
// run, a seed too small to have it): it is then left out, as it is from the JSON; a --quick run, which exists to check
// every budget, fails instead.
import { hasChromium } from "../tools/chromium.js";
import { nodeScriptArguments } from "../tools/server-command.js";
import type { Results } from "./results.js";
import { benchSeriesName } from "./seed/bench-series.js";
import { benchSearches } from "./seed/clients.js";
import { THROTTLE } from "./throttled.js";

export const KB = 1024;


/** What a budget row reads from the results: the measured value and what it was measured on. */
type Figure = {
  actual: number;
  note: string;
  /** Put in place of "{variant}" in the row's name, for a row with a budget per URL. */
  variant?: string;
  /** For a budget on gzip bytes: false when the answer was not compressed, which fails it whatever its size. */
  gzipped?: boolean;
};
type BudgetRow = {
  name: string;
  limit: number;
  unit: "bytes" | "KiB" | "ms" | "points";
  enforced: boolean;
  /** Measured in Chromium, which a machine may lack (the run then notes that it skipped the browser). */
  inBrowser?: boolean;
  figure: (r: Results) => Figure | Figure[] | undefined;
};

/** Budget: the client page at 2,000 clients (measured here at --clients); it holds for clients with packages
 *  and with metric cards (90-day charts) too. */
const CLIENT_PAGE_SERVER_P95_MS = 25;
/** Calendar week: home (full page) and the week fragment, at --sessions (100,000) in the practice. */
const CALENDAR_WEEK_SERVER_P95_MS = 25;
/** Points per series in any chart the app ships (the page, the overlay, the cards). */
export const CHART_MAX_POINTS = 1000;
/** listClients' default page: the fragment budget is checked on a full page. */
const CLIENT_PAGE_SIZE = 50;
/** The issue's busy week; checked when the seed is at scale. */
const BUSY_WEEK_MIN_SESSIONS = 40;

const timingOf = (r: Results, path: string) => r.serverTiming.find((t) => t.path === path);
const heaviest = <T extends { bytes: number }>(list: T[]) => list.reduce((a, b) => (b.bytes > a.bytes ? b : a));
const seededRows = (r: Results, section: string, key: string) => r.seed?.sections.find((x) => x.section === section)?.rows[key] ?? "?";
const sessionsNote = (r: Results) => `${seededRows(r, "sessions", "bench_practice_sessions")} sessions in the practice`;
const metricsNote = (r: Results) => `${seededRows(r, "metrics", "bench_practice_points")} metric points in the practice`;
const busyWeek = (r: Results) => r.calendarFragments.find((f) => f.view === "week" && f.date === r.fixtures?.calendar?.currentMonday);
const throttledNet = (browser: string) => `${THROTTLE.downloadThroughput * 8 / 1000} kbit/s, ${THROTTLE.latency} ms RTT, Chromium ${browser}`;

/** The home and the week fragment: Server-Timing of the calendar week. */
const calendarWeekTiming = (path: string) => (r: Results): Figure | undefined => {
  const t = timingOf(r, path);
  return t && {
    actual: t.serverMs.p95,
    note: `Server-Timing total over ${t.serverMs.n} sequential requests${t.variants ? ` cycling ${t.variants.length} weeks` : ""}, ${sessionsNote(r)}`,
  };
};

export const budgetTable: BudgetRow[] = [
  {
    // Logged-in home: HTML + CSS + htmx (+ app.js), gzip.
    name: "logged-in home first load (HTML + CSS + scripts, gzip)", limit: 30 * KB, unit: "bytes", enforced: true,
    figure: (r) => r.pageWeight.home && { actual: r.pageWeight.home.countedBytes, note: "1 KB = 1024 B; media=print CSS not counted" },
  },
  {
    // The client portal's home on a client's phone: HTML + CSS + htmx (+ app.js), gzip; no charts there.
    name: "client portal home first load (HTML + CSS + scripts, gzip)", limit: 25 * KB, unit: "bytes", enforced: true,
    figure: (r) => r.pageWeight.portalHome && { actual: r.pageWeight.portalHome.countedBytes, note: "the bench practice's busiest client; media=print CSS not counted" },
  },
  {
    // At full scale, under the load of every measured route.
    name: "server RSS peak (VmHWM) after load", limit: 200 * KB, unit: "KiB", enforced: true,
    figure: (r) => ({
      actual: r.memory.afterLoad?.hwmKb ?? NaN,
      note: `budget at full scale (2,000 clients / 100,000 sessions / 1,000,000 metrics), which the default seed reaches; measured on the compiled server as \`npm run serve\` runs it (node ${nodeScriptArguments("serve").join(" ")})`,
    }),
  },
  {
    // Issue "Clients, services and SOAP notes": search over 5,000 clients.
    name: "client search fragment server time p95", limit: 20, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/clients?q=*");
      return t && {
        actual: t.serverMs.p95,
        note: `Server-Timing total over ${t.serverMs.n} sequential requests cycling ${benchSearches.length} searches, ${seededRows(r, "clients", "bench_practice_clients")} clients in the practice`,
      };
    },
  },
  {
    // The same issue: the search fragment, gzip, for a full page of rows.
    name: "client search fragment (gzip, heaviest search)", limit: 4 * KB, unit: "bytes", enforced: true,
    figure: (r) => {
      if (!r.searchFragments.length) return undefined;
      const f = heaviest(r.searchFragments);
      return { actual: f.bytes, note: `q=${f.q}: ${f.rows} rows, ${f.contentEncoding ?? "not compressed"}` };
    },
  },
  {
    name: "client page server time p95", limit: CLIENT_PAGE_SERVER_P95_MS, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/clients/:id");
      return t && {
        actual: t.serverMs.p95,
        note: `the budget is set at 2,000 clients; measured at ${r.scale.clients}, ${r.fixtures?.clientsWithNotes.length ?? 0} clients with notes in turn`,
      };
    },
  },
  // Issue "Calendar, sessions and attendance check-in" and docs/architecture.md, at --sessions (100,000) in the practice:
  {
    // Week navigation fragment, gzip, for the busy week (~40 sessions).
    name: "week navigation fragment, busy week (gzip)", limit: 4 * KB, unit: "bytes", enforced: true,
    figure: (r) => {
      const busy = busyWeek(r);
      return busy && {
        actual: busy.bytes, gzipped: busy.contentEncoding === "gzip",
        note: `week of ${busy.date}: ${busy.cards} session cards, ${busy.rawBytes} B raw, ${busy.contentEncoding ?? "not compressed"}`,
      };
    },
  },
  {
    // Check-in answer (one attendee row), as sent.
    name: "check-in response (as sent)", limit: 1 * KB, unit: "bytes", enforced: true,
    figure: (r) => r.checkInResponses.length ? {
      actual: heaviest(r.checkInResponses).bytes,
      note: r.checkInResponses.map((c) => `${c.variant}: ${c.bytes} B ${c.contentEncoding ?? "uncompressed"}, ${c.rawBytes} B raw`).join("; "),
    } : undefined,
  },
  {
    name: "home (calendar week, full page) server time p95", limit: CALENDAR_WEEK_SERVER_P95_MS, unit: "ms", enforced: true,
    figure: calendarWeekTiming("/"),
  },
  {
    name: "week navigation fragment server time p95", limit: CALENDAR_WEEK_SERVER_P95_MS, unit: "ms", enforced: true,
    figure: calendarWeekTiming("/calendar?view=week&date=*"),
  },
  {
    // Issue "Programs, phases, enrollments and package credits with a ledger": the program page with the attendance
    // grid of a 12-session series, 15 participants.
    name: "program page with attendance grid server time p95", limit: 25, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/programs/:id");
      const g = r.programGrid;
      return t && {
        actual: t.serverMs.p95,
        note: `Server-Timing total over ${t.serverMs.n} sequential requests, ${benchSeriesName}: ${g ? `${g.rows} participants x ${g.headerCells - 1} sessions in the grid` : "grid not counted"}`,
      };
    },
  },
  {
    // The client page now also loads programs, credits and ledgers: the client page budget holds for clients with packages too.
    name: "client page with packages and ledger server time p95", limit: CLIENT_PAGE_SERVER_P95_MS, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/clients/:id#programs");
      const withCredits = r.fixtures?.programs?.clientsWithCredits ?? [];
      return t && {
        actual: t.serverMs.p95,
        note: `client page budget (docs/architecture.md); ${withCredits.length} clients in turn with ${withCredits.map((c) => c.enrollments).join("/")} enrollments and ${withCredits.map((c) => c.ledgerRows).join("/")} ledger rows`,
      };
    },
  },
  {
    name: "check-in server time p95", limit: 25, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/sessions/:id/attendees/:clientId/check-in");
      return t && {
        actual: t.serverMs.p95,
        note: `Server-Timing total over ${t.serverMs.n} sequential POSTs cycling ${t.variants?.length ?? 1} bookings, ${sessionsNote(r)}`,
      };
    },
  },
  // Issue "Metric templates, progress logging and charts", at --metrics (1,000,000) with 200,000 in one client's series:
  {
    // The one-year chart page of that client, on PostgreSQL.
    name: "one-year chart page server time p95", limit: 60, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/clients/:id/metrics/:templateId?range=1y");
      const m = r.fixtures?.metrics;
      return t && m ? {
        actual: t.serverMs.p95,
        note: `heavy client's Pain level, ${m.heavy.pointsLastYear} entries in the year of ${m.heavy.points}; Server-Timing total over ${t.serverMs.n} sequential requests, ${metricsNote(r)}`,
      } : undefined;
    },
  },
  {
    // ... and the client page, now loading metric cards with 90-day charts, keeps the client page budget (docs/architecture.md): a line per client.
    name: "client page with metric cards ({variant}) server time p95", limit: CLIENT_PAGE_SERVER_P95_MS, unit: "ms", enforced: true,
    figure: (r) => {
      const t = timingOf(r, "/clients/:id#metrics");
      const m = r.fixtures?.metrics;
      if (!t || !m) return undefined;
      return (t.variants ?? []).map((v) => ({
        variant: v.label, actual: v.serverMs.p95,
        note: `client page budget (docs/architecture.md); ${v.path === `/clients/${m.heavy.clientId}` ? `${m.heavy.templates} cards, ${m.heavy.pointsLast90Days} Pain level entries in the 90-day chart` : `${m.several.templates} cards, ${m.several.points} entries in all`}; ${v.serverMs.n} sequential requests`,
      }));
    },
  },
  {
    name: "points per chart series (largest)", limit: CHART_MAX_POINTS, unit: "points", enforced: true,
    figure: (r) => {
      const series = r.metricResponses.flatMap((x) => x.charts.flatMap((c) => c.series.map((sr) => ({ x, sr }))));
      if (!series.length) return undefined;
      const most = series.reduce((a, b) => (b.sr.points > a.sr.points ? b : a));
      return {
        actual: most.sr.points,
        note: `${most.x.what}, ${most.sr.label}${most.sr.downsampled ? `, down-sampled from ${most.sr.entries ?? "?"} entries` : ""}; ${series.length} series in ${r.metricResponses.length} responses`,
      };
    },
  },
  {
    // The card answering a logged value, gzip, with 90 days of daily points in its chart.
    name: "metric card answering a logged value (gzip)", limit: 6 * KB, unit: "bytes", enforced: true,
    figure: (r) => {
      const cards = r.metricResponses.filter((x) => x.card);
      if (!cards.length) return undefined;
      const card = heaviest(cards);
      return {
        actual: card.bytes, gzipped: card.contentEncoding === "gzip",
        note: cards.map((c) => `${c.what.replace("logging card, ", "")}: ${c.bytes} B ${c.contentEncoding ?? "uncompressed"}, ${c.rawBytes} B raw, ${c.charts[0]?.series[0]?.points ?? 0} points`).join("; "),
      };
    },
  },
  // Fairness: one practice's heavy writes, and a flood of failed logins, must not slow everyone else down.
  {
    // measure-fairness.ts: the largest booking one request may make (MAX_PLACES_PER_REQUEST), in a loop from parallel clients.
    name: "home (calendar week) client-observed p95 while a neighbour books big series", limit: 100, unit: "ms", enforced: true,
    figure: (r) => {
      const n = r.noisyNeighbour;
      return n && {
        actual: n.underLoadMs.p95,
        note: `wall time of ${n.underLoadMs.n} sequential GET / (max ${n.underLoadMs.max} ms; ${n.baselineMs.p95} ms p95 alone) while ${n.neighbour} posted ${n.sessionsPerRequest}-session x ${n.clientsPerRequest}-client weekly series from ${n.parallel} clients: ${n.bookingsInFlight.min}-${n.bookingsInFlight.max} in flight per sample, ${n.writes.requestsPerSecond} req/s (${n.writes.requests} in ${n.writes.seconds} s, p50 ${n.writes.latencyMs.p50} ms), statuses ${JSON.stringify(n.writes.statuses)}${n.writes.errors ? `, ${n.writes.errors} errors` : ""}`,
      };
    },
  },
  {
    // measure-login-flood.ts: over-limit attempts are refused before hashing (src/domain/sign-in-limits.ts).
    name: "/healthz client-observed p95 during a login flood", limit: 100, unit: "ms", enforced: true,
    figure: (r) => {
      const f = r.loginFlood;
      return f && {
        actual: f.healthzMs.p95,
        note: `wall time of ${f.healthzMs.n} sequential GET /healthz (max ${f.healthzMs.max} ms) during ${f.attempts} wrong-password logins for ${f.emails} emails, ${f.concurrency} in flight, ${f.attemptsPerSecond}/s over ${f.seconds} s: statuses ${JSON.stringify(f.statuses)}`,
      };
    },
  },
  // On a throttled connection (400 kbit/s, 400 ms RTT), in Chromium (bench/throttled.ts), the worst of a few runs:
  {
    // The calendar usable after a cold load of the logged-in home.
    name: "calendar usable after a cold load, throttled (worst run)", limit: 2500, unit: "ms", enforced: true, inBrowser: true,
    figure: (r) => {
      const c = r.throttled?.coldLoad;
      return c ? {
        actual: c.usableMs.max,
        note: `docs/architecture.md; ${throttledNet(r.throttled!.browser)}; #calendar shown and htmx ready, median ${c.usableMs.median} ms over ${c.runs.length} fresh contexts; DOMContentLoaded median ${c.domContentLoadedMs.median} ms, load ${c.loadMs.median} ms; ${c.requests.median} requests, ${c.bytes.median} B received`,
      } : undefined;
    },
  },
  {
    // A check-in click on /today updates the row.
    name: "check-in click updates the row, throttled (worst click)", limit: 1000, unit: "ms", enforced: true, inBrowser: true,
    figure: (r) => {
      const k = r.throttled?.checkIn;
      return k ? {
        actual: k.updatedMs.max,
        note: `docs/architecture.md; ${throttledNet(r.throttled!.browser)}; /today, click to the "attended" row swapped in and the next frame, median ${k.updatedMs.median} ms over ${k.runs.length} attendees`,
      } : undefined;
    },
  },
];

/**
 * The budgets of this run, into results.budgets in the table's order; an enforced one exceeded fails the run.
 * `margin` > 1 lets a figure pass up to limit x margin (recorded as `allowed`); with `everyBudget`, an enforced
 * budget the run did not measure fails it too, but for the browser's when there is no Chromium.
 */
export function judgeBudgets(r: Results, { margin = 1, everyBudget = false } = {}) {
  checkBudgetsMeasuredWhereTheyMatter(r);
  for (const row of budgetTable) {
    const figures = row.figure(r);
    const list = figures === undefined ? [] : Array.isArray(figures) ? figures : [figures];
    if (!list.length && row.enforced && everyBudget) {
      if (row.inBrowser && !hasChromium) r.notes.push(`budget not checked without Chromium: ${row.name}`);
      else r.failures.push(`budget not measured: ${row.name}`);
    }
    const allowed = row.limit * margin;
    for (const f of list) {
      r.budgets.push({
        name: row.name.replace("{variant}", () => f.variant ?? ""), limit: row.limit, actual: f.actual, unit: row.unit, enforced: row.enforced,
        ok: f.actual <= allowed && f.gzipped !== false, note: f.note, ...(margin !== 1 ? { allowed } : {}),
      });
    }
  }
  for (const b of r.budgets) {
    if (b.enforced && !b.ok) r.failures.push(`budget exceeded: ${b.name}: ${b.actual} ${b.unit}, ${b.allowed === undefined ? "limit" : `limit ${b.limit} x ${margin} =`} ${b.allowed ?? b.limit}`);
  }
}

/** A budget met on a partial page, a quiet week or no click at all proves little: at scale that fails the run. */
function checkBudgetsMeasuredWhereTheyMatter(r: Results) {
  if (r.searchFragments.length && !r.searchFragments.some((f) => f.rows >= CLIENT_PAGE_SIZE)) {
    // At the issue's scale one search must fill a page, or the fragment budget was not checked where it matters.
    const message = `no bench search returned a full page of ${CLIENT_PAGE_SIZE} rows, so the fragment budget was checked on a partial page`;
    if (r.scale.clients >= 1000) r.failures.push(`${message} (seed or searches changed?)`);
    else r.notes.push(`${message} (--clients ${r.scale.clients})`);
  }
  for (const f of r.searchFragments) {
    if (f.bytes > 1024 && f.contentEncoding !== "gzip") r.failures.push(`search fragment for q=${f.q}: ${f.bytes} bytes not compressed`);
  }
  const busy = busyWeek(r);
  if (busy && busy.cards < BUSY_WEEK_MIN_SESSIONS) {
    const message = `the busy week shows ${busy.cards} sessions, fewer than the issue's ${BUSY_WEEK_MIN_SESSIONS}`;
    if (r.scale.sessions >= 10_000) r.failures.push(`${message} (seed changed?)`);
    else r.notes.push(`${message} (--sessions ${r.scale.sessions})`);
  }
  if (r.throttled?.coldLoad && !r.throttled.checkIn) r.failures.push("throttled browser: no check-in click was measured on /today");
}
