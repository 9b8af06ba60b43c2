// The routes the bench measures (load, Server-Timing samples), each with the URLs it cycles through once the
// seeded ids are known, and the requests a browser (or htmx) would send for them.
import { authHeaders, type Auth, type Credentials } from "./credentials.js";
import { benchSeriesName } from "./seed/bench-series.js";
import { benchSearches } from "./seed/clients.js";
import type { CalendarFixtures, Fixtures, MetricFixtures, ProgramFixtures } from "./seed/fixtures.js";
import type { Scale } from "./seed/section.js";

/** One URL of a route; routes with several (searches, client pages) cycle through them. A POST sends `body` (default empty). */
export type Variant = { label: string; path: string; body?: string };
export type Route = {
  name: string;
  /** Shown in the tables and matched by --routes; the URL itself when the route has a single one. */
  path: string;
  /** GET unless said; a POST is sent as a same-origin form post (Origin and the variant's urlencoded body), as htmx does. */
  method?: "GET" | "POST";
  /** Under load, hand the URLs out across all connections in turn instead of each connection cycling the
   *  list from the start: writes that lock a row (check-in) would otherwise run in lock-step and queue. */
  spread?: boolean;
  /** Measured only when --routes names it. */
  optIn?: boolean;
  auth: Auth;
  expect: RegExp;
  /** Checked on the preflight body: a fragment route must answer the fragment, not the whole page. */
  expectBody?: RegExp;
  headers?: Record<string, string>;
  /** The URLs to cycle through, once the seeded ids are known; default [path]. */
  variants?: (fixtures: Fixtures) => Variant[];
};
export type MeasuredRoute = { route: Route; variants: Variant[] };

export const searchUrl = (q: string) => `/clients?${new URLSearchParams({ q, status: "current", sort: "name" })}`;
export const htmx = { "HX-Request": "true" };
export const calendarUrl = (view: "week" | "day", date: string) => `/calendar?${new URLSearchParams({ view, date })}`;
export const checkInUrl = (c: { sessionId: string; clientId: string }) => `/sessions/${c.sessionId}/attendees/${c.clientId}/check-in`;
const calendarOf = (fx: Fixtures): CalendarFixtures | null => fx.calendar;
const programsOf = (fx: Fixtures): ProgramFixtures | null => fx.programs;
const metricsOf = (fx: Fixtures): MetricFixtures | null => fx.metrics;
export const chartUrl = (m: MetricFixtures, query: Record<string, string>) => `/clients/${m.heavy.clientId}/metrics/${m.painTemplateId}?${new URLSearchParams(query)}`;
/** What the logging form posts (htmx sends the same): the template and a value, recordedAt empty (now). */
export const logBody = (templateId: string, value: string) => new URLSearchParams({ templateId, value, recordedAt: "" }).toString();
const weekLabel = (cal: CalendarFixtures, monday: string) => `${monday}${monday === cal.currentMonday ? " busy" : ""}`;
export const methodOf = (route: Route) => route.method ?? "GET";

const allRoutes: Route[] = [
  // Home is this week's calendar, the whole page.
  { name: "home (HTML)", path: "/", auth: "cookie", expect: /^text\/html/, expectBody: /<section id="calendar"/ },
  { name: "settings (HTML)", path: "/settings", auth: "cookie", expect: /^text\/html/ },
  { name: "api user/me", path: "/api/user/me", auth: "bearer", expect: /^application\/json/ },
  { name: "healthz", path: "/healthz", auth: "none", expect: /^application\/json/ },
  { name: "clients list (HTML)", path: "/clients", auth: "cookie", expect: /^text\/html/, expectBody: /<tbody id="client-rows">/ },
  {
    name: "client search (htmx fragment)", path: "/clients?q=*", auth: "cookie", expect: /^text\/html/, headers: htmx,
    expectBody: /^<tbody id="client-rows">/,
    variants: () => benchSearches.map((s) => ({ label: s.q, path: searchUrl(s.q) })),
  },
  { name: "clients by last visit (HTML)", path: "/clients?sort=last_visit", auth: "cookie", expect: /^text\/html/, expectBody: /<tbody id="client-rows">/ },
  {
    name: "client page (HTML)", path: "/clients/:id", auth: "cookie", expect: /^text\/html/, expectBody: /id="notes"/,
    variants: (fx) => fx.clientsWithNotes.map((id) => ({ label: id, path: `/clients/${id}` })),
  },
  {
    name: "api clients search", path: "/api/clients?q=*", auth: "bearer", expect: /^application\/json/,
    variants: () => benchSearches.map((s) => ({ label: s.q, path: `/api/clients?${new URLSearchParams({ q: s.q })}` })),
  },
  {
    // Previous/next week as htmx asks for it: the current (busy) week and two either side.
    name: "calendar week (htmx fragment)", path: "/calendar?view=week&date=*", auth: "cookie", expect: /^text\/html/, headers: htmx,
    expectBody: /^<section id="calendar"/,
    variants: (fx) => { const cal = calendarOf(fx); return cal ? cal.weeks.map((w) => ({ label: weekLabel(cal, w.monday), path: calendarUrl("week", w.monday) })) : []; },
  },
  {
    // A week at the density of the rest of the seed (~490 sessions): how the fragment scales. No budget; only
    // with --routes (its load would move the RSS peak of a default run); its weight is always in the fragment table.
    name: "calendar dense week (htmx fragment)", path: "/calendar?view=week&date=dense", optIn: true, auth: "cookie", expect: /^text\/html/, headers: htmx,
    expectBody: /^<section id="calendar"/,
    variants: (fx) => { const d = calendarOf(fx)?.denseWeek; return d ? [{ label: d.monday, path: calendarUrl("week", d.monday) }] : []; },
  },
  {
    name: "calendar day (htmx fragment)", path: "/calendar?view=day&date=today", auth: "cookie", expect: /^text\/html/, headers: htmx,
    expectBody: /^<section id="calendar"/,
    variants: (fx) => { const cal = calendarOf(fx); return cal ? [{ label: cal.today, path: calendarUrl("day", cal.today) }] : []; },
  },
  { name: "today (HTML)", path: "/today", auth: "cookie", expect: /^text\/html/, expectBody: /<h1>Today/ },
  {
    name: "session page (HTML)", path: "/sessions/:id", auth: "cookie", expect: /^text\/html/, expectBody: /id="session-summary"/,
    variants: (fx) => (calendarOf(fx)?.sessionIds ?? []).map((s) => ({ label: s.label, path: `/sessions/${s.id}` })),
  },
  {
    // Idempotent: the first tap checks in, every later one answers with the same row.
    name: "check-in (htmx fragment)", path: "/sessions/:id/attendees/:clientId/check-in", method: "POST", spread: true,
    auth: "cookie", expect: /^text\/html/, headers: htmx, expectBody: /^<li id="attendee-[0-9a-f-]{36}" class="attendee attended"/,
    variants: (fx) => (calendarOf(fx)?.checkIns ?? []).map((c) => ({ label: c.sessionId, path: checkInUrl(c) })),
  },
  {
    name: "api sessions (one week)", path: "/api/sessions?from=*&to=*", auth: "bearer", expect: /^application\/json/,
    variants: (fx) => { const w = calendarOf(fx)?.apiWeek; return w ? [{ label: w.from.slice(0, 10), path: `/api/sessions?${new URLSearchParams(w)}` }] : []; },
  },
  { name: "programs list (HTML)", path: "/programs", auth: "cookie", expect: /^text\/html/, expectBody: /<h1>Programs<\/h1>/ },
  {
    // The whole program page: details, participants, the enroll form and the attendance grid (clients x sessions).
    name: "program page with attendance grid (HTML)", path: "/programs/:id", auth: "cookie", expect: /^text\/html/, expectBody: /<table class="list attendance-grid">/,
    variants: (fx) => { const p = programsOf(fx); return p ? [{ label: benchSeriesName, path: `/programs/${p.seriesId}` }] : []; },
  },
  {
    // Clients with an active package whose ledger has bookings, and an earlier enrollment: notes, bookings, programs and credits.
    name: "client page with packages (HTML)", path: "/clients/:id#programs", auth: "cookie", expect: /^text\/html/,
    expectBody: /<section id="programs"[\s\S]*Credit history \([1-9]/,
    variants: (fx) => (programsOf(fx)?.clientsWithCredits ?? []).map((c) => ({ label: c.id, path: `/clients/${c.id}` })),
  },
  {
    name: "api client credits", path: "/api/clients/:id/credits", auth: "bearer", expect: /^application\/json/, expectBody: /"ledger":\[\{/,
    variants: (fx) => (programsOf(fx)?.clientsWithCredits ?? []).map((c) => ({ label: c.id, path: `/api/clients/${c.id}/credits` })),
  },
  {
    // The heavy client's Pain level over a year: ~133,000 of its 200,000 entries, shipped down-sampled.
    name: "metric chart, one year (HTML)", path: "/clients/:id/metrics/:templateId?range=1y", auth: "cookie", expect: /^text\/html/,
    expectBody: /<figure id="metric-chart" class="chart" data-chart="/,
    variants: (fx) => { const m = metricsOf(fx); return m ? [{ label: "heavy client, 1y", path: chartUrl(m, { range: "1y" }) }] : []; },
  },
  {
    // The same series over all of its ~1.5 years and over three months (~33,000 entries); no budget of their own.
    name: "metric chart, all and 3 months (HTML)", path: "/clients/:id/metrics/:templateId?range=*", auth: "cookie", expect: /^text\/html/,
    expectBody: /<figure id="metric-chart" class="chart" data-chart="/,
    variants: (fx) => { const m = metricsOf(fx); return m ? [{ label: "all", path: chartUrl(m, { range: "all" }) }, { label: "3m", path: chartUrl(m, { range: "3m" }) }] : []; },
  },
  {
    // The client page with its Progress cards: the heavy client (four cards, one over ~33,000 entries in 90 days)
    // and the client with seven templates. the client page budget, a line each.
    name: "client page with metric cards (HTML)", path: "/clients/:id#metrics", auth: "cookie", expect: /^text\/html/,
    expectBody: /<section id="metrics"[\s\S]*<article id="metric-/,
    variants: (fx) => { const m = metricsOf(fx); return m ? [{ label: "heavy client", path: `/clients/${m.heavy.clientId}` }, { label: "several templates", path: `/clients/${m.several.clientId}` }] : []; },
  },
  {
    // Logging a value as the card's form does with htmx: the answer is the card alone, its chart with the new point.
    // Each post adds a point to one of a few ordinary clients' Pain level (never the heavy or the daily client).
    name: "log a metric value (htmx card)", path: "/clients/:id/metrics", method: "POST", spread: true,
    auth: "cookie", expect: /^text\/html/, headers: htmx, expectBody: /^<article id="metric-[0-9a-f-]{36}" class="metric-card">/,
    variants: (fx) => { const m = metricsOf(fx); return (m?.loggers ?? []).map((id) => ({ label: id, path: `/clients/${id}/metrics`, body: logBody(m!.painTemplateId, "4") })); },
  },
  {
    name: "api client metrics", path: "/api/clients/:id/metrics?templateId=*", auth: "bearer", expect: /^application\/json/, expectBody: /^\{"metrics":\[\{/,
    variants: (fx) => { const m = metricsOf(fx); return m ? [{ label: "heavy client, Pain level", path: `/api/clients/${m.heavy.clientId}/metrics?${new URLSearchParams({ templateId: m.painTemplateId })}` }] : []; },
  },
  {
    // Who is improving: every client's first and last week of Pain level over 8 weeks.
    name: "metrics overview (HTML)", path: "/metrics?template=*&weeks=8", auth: "cookie", expect: /^text\/html/, expectBody: /<h2 id="overview-heading">[\s\S]*<table class="list">/,
    variants: (fx) => { const m = metricsOf(fx); return m ? [{ label: "Pain level, 8 weeks", path: `/metrics?${new URLSearchParams({ template: m.painTemplateId, weeks: "8" })}` }] : []; },
  },
];

/** The routes whose measuring also weighs the metric charts and cards. */
export const metricRoutePaths = ["/clients/:id/metrics/:templateId?range=1y", "/clients/:id/metrics/:templateId?range=*", "/clients/:id#metrics", "/clients/:id/metrics",
  "/api/clients/:id/metrics?templateId=*", "/metrics?template=*&weeks=8"];

/** The routes --routes names, or every route but the opt-in ones; exits with code 2 when it names one that is not. */
export function selectRoutes(only: string[] | undefined): Route[] {
  const routes = only ? allRoutes.filter((r) => only.includes(r.path)) : allRoutes.filter((r) => !r.optIn);
  if (only && routes.length !== only.length) {
    console.error(`--routes: choose from ${allRoutes.map((r) => r.path).join(", ")}`);
    process.exit(2);
  }
  return routes;
}

/** What a browser (or htmx) sends; a POST also carries the Origin the CSRF guard checks and a form body type. */
export const requestHeaders = (route: Route, creds: Credentials, base: string): Record<string, string> => ({
  "Accept-Encoding": "gzip", ...route.headers, ...authHeaders(route.auth, creds),
  ...(methodOf(route) === "POST" ? { Origin: new URL(base).origin, "Content-Type": "application/x-www-form-urlencoded" } : {}),
});
export const requestBody = (route: Route, variant: Variant) => (methodOf(route) === "POST" ? variant.body ?? "" : undefined);
const variantsOf = (route: Route, fixtures: Fixtures): Variant[] => route.variants?.(fixtures) ?? [{ label: route.path, path: route.path }];

/** One request per URL before the load: a redirect to /login would otherwise be measured as "fast". */
async function preflight(base: string, route: Route, variants: Variant[], creds: Credentials) {
  const { "Accept-Encoding": _, ...headers } = requestHeaders(route, creds, base);
  for (const v of variants) {
    const res = await fetch(base + v.path, { method: methodOf(route), body: requestBody(route, v), headers, redirect: "manual", signal: AbortSignal.timeout(10_000) });
    const body = await res.text();
    const type = res.headers.get("Content-Type") ?? "";
    const what = `preflight ${methodOf(route)} ${v.path}`;
    if (res.status !== 200 || !route.expect.test(type)) throw new Error(`${what}: status ${res.status}, Content-Type ${type}: ${body.slice(0, 200)}`);
    if (route.expectBody && !route.expectBody.test(body)) throw new Error(`${what}: the body does not match ${route.expectBody}: ${body.slice(0, 120)}`);
  }
}

/** The routes with something seeded to ask for, each preflighted; the others are noted as not measured. */
export async function routesToMeasure(base: string, routes: Route[], fixtures: Fixtures, creds: Credentials, notes: string[], scale: Scale): Promise<MeasuredRoute[]> {
  const measured: MeasuredRoute[] = [];
  for (const route of routes) {
    const variants = variantsOf(route, fixtures);
    if (!variants.length) {
      notes.push(`${methodOf(route)} ${route.path} not measured: nothing seeded to ask for (--clients ${scale.clients}, --sessions ${scale.sessions})`);
      continue;
    }
    await preflight(base, route, variants, creds);
    measured.push({ route, variants });
  }
  return measured;
}
