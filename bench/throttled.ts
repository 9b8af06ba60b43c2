// docs/architecture.md (Budgets) on a slow phone line: "On a throttled connection (400 kbit/s, 400 ms RTT) the calendar is usable
// within 2.5 s of a cold load and a check-in click updates within 1 s." Measured in Debian's Chromium driven by
// playwright-core, the network throttled through the DevTools protocol (Network.emulateNetworkConditions).
//
//   - cold load of the logged-in home (this week's calendar): a fresh browser context each run (empty cache),
//     the session cookie added beforehand (the login itself is not throttled). "Usable" is the later of
//     #calendar first shown in a rendered frame and htmx ready (window.htmx defined and DOMContentLoaded
//     handled: htmx wires the hx- attributes in its DOMContentLoaded listener);
//   - check-in click on /today (the front desk's page, big buttons): after a throttled load of the page, a
//     real click on a "Check in" button of an attendee still booked, until the server's row (class "attended")
//     is swapped in and the next frame has run. A different attendee each click.
import postgres from "postgres";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { CHECK_IN_OPENS_HOURS } from "../src/lib/attendance.js";
import { chromiumPath, hasChromium, launchChromium } from "../tools/chromium.js";
import { benchPracticeTimezone } from "./seed/accounts.js";

/** 400 kbit/s = 50,000 B/s both ways, 400 ms round trip (Chrome adds it to each request). */
export const THROTTLE = { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 } as const;
const NAV_TIMEOUT_MS = 60_000;
const CLICK_TIMEOUT_MS = 20_000;

export type Stat = { median: number; max: number };
export type RequestSeen = { path: string; type: string; status: number | null; bytes: number; startMs: number; endMs: number | null; fromCache: boolean };
export type ColdLoadRun = {
  /** ms from navigation start (performance.timeOrigin). responseStartMs is Navigation Timing's, which Chrome's
   *  emulated latency does not delay (it holds back the body): the document's own end is in resources[0]. */
  usableMs: number; calendarShownMs: number | null; htmxReadyMs: number | null;
  responseStartMs: number; domContentLoadedMs: number; loadMs: number; firstContentfulPaintMs: number | null;
  /** Wall clock around page.goto(waitUntil "load"). */
  gotoMs: number;
  requests: number; bytes: number; resources: RequestSeen[];
};
export type ClickRun = {
  attendee: string; path: string;
  /** From the click event to the swapped-in "attended" row, and to the next frame after it. */
  swappedMs: number; updatedMs: number;
  requests: number; bytes: number;
};
export type ThrottledResult = {
  browser: string; executablePath: string; network: typeof THROTTLE;
  coldLoad: { path: string; runs: ColdLoadRun[]; usableMs: Stat; domContentLoadedMs: Stat; loadMs: Stat; bytes: Stat; requests: Stat } | null;
  todayLoad: ColdLoadRun | null;
  checkIn: { path: string; runs: ClickRun[]; updatedMs: Stat; swappedMs: Stat; clickable: number; reset: number } | null;
  problems: string[];
};

const round = (x: number) => Math.round(x * 10) / 10;
export function stat(values: number[]): Stat {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return { median: NaN, max: NaN };
  const mid = s.length >> 1;
  return { median: round(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2), max: round(s[s.length - 1]!) };
}

/** Runs in every page before its own scripts: the first rendered frame showing #calendar, and when htmx appears. */
const PAGE_PROBE = `(() => {
  const b = window.__bench = { calendarMs: null, htmxSeenMs: null, htmxAtDcl: null };
  const tick = () => {
    if (b.htmxSeenMs === null && window.htmx) b.htmxSeenMs = performance.now();
    if (b.calendarMs === null) {
      const el = document.getElementById("calendar");
      if (el) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden") b.calendarMs = performance.now();
      }
    }
    // Pages without a calendar (/today) stop looking a second after their load event.
    const done = b.htmxSeenMs !== null && (b.calendarMs !== null || (loadedAt !== null && performance.now() - loadedAt > 1000));
    if (!done) requestAnimationFrame(tick);
  };
  let loadedAt = null;
  requestAnimationFrame(tick);
  document.addEventListener("DOMContentLoaded", () => { b.htmxAtDcl = !!window.htmx; }, { once: true });
  window.addEventListener("load", () => { loadedAt = performance.now(); }, { once: true });
})();`;

/** Every request of a page as the DevTools protocol reports it, bytes as received (encodedDataLength, headers included). */
class NetworkLog {
  private byId = new Map<string, RequestSeen & { t0: number }>();
  private origin: number | null = null;
  constructor(cdp: CDPSession, base: string) {
    cdp.on("Network.requestWillBeSent", (e) => {
      if (e.request.url.startsWith("data:")) return;
      this.origin ??= e.timestamp;
      const u = new URL(e.request.url);
      this.byId.set(e.requestId, { path: u.origin === new URL(base).origin ? u.pathname + u.search : u.href, type: e.type ?? "?", status: null, bytes: 0,
        startMs: round((e.timestamp - this.origin!) * 1000), endMs: null, fromCache: false, t0: e.timestamp });
    });
    cdp.on("Network.responseReceived", (e) => {
      const r = this.byId.get(e.requestId);
      if (r) { r.status = e.response.status; r.fromCache = !!(e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache); }
    });
    cdp.on("Network.requestServedFromCache", (e) => { const r = this.byId.get(e.requestId); if (r) r.fromCache = true; });
    cdp.on("Network.loadingFinished", (e) => {
      const r = this.byId.get(e.requestId);
      if (r) { r.bytes = e.encodedDataLength; r.endMs = round((e.timestamp - this.origin!) * 1000); }
    });
    cdp.on("Network.loadingFailed", (e) => {
      const r = this.byId.get(e.requestId);
      if (r) { r.endMs = round((e.timestamp - this.origin!) * 1000); r.status ??= 0; }
    });
  }
  reset() { this.byId.clear(); this.origin = null; }
  pending() { return [...this.byId.values()].filter((r) => r.endMs === null).length; }
  list(): RequestSeen[] { return [...this.byId.values()].map(({ t0: _, ...r }) => r); }
  async settle(timeoutMs = 5000) {
    const until = Date.now() + timeoutMs;
    while (this.pending() > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  }
}

async function throttledPage(context: BrowserContext, base: string) {
  const page = await context.newPage();
  page.setDefaultTimeout(NAV_TIMEOUT_MS);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  await cdp.send("Network.emulateNetworkConditions", { ...THROTTLE });
  return { page, net: new NetworkLog(cdp, base) };
}

async function freshContext(browser: Browser, base: string, cookie: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const eq = cookie.indexOf("=");
  await context.addCookies([{ name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url: base, httpOnly: true, sameSite: "Lax" }]);
  await context.addInitScript(PAGE_PROBE);
  return context;
}

type Probe = { calendarMs: number | null; htmxSeenMs: number | null; htmxAtDcl: boolean | null; nav: { responseStart: number; dclEnd: number; loadEnd: number } | null; fcp: number | null; url: string; hasCalendar: boolean };

async function load(page: Page, net: NetworkLog, url: string, needCalendar: boolean): Promise<ColdLoadRun> {
  net.reset();
  const started = performance.now();
  const res = await page.goto(url, { waitUntil: "load", timeout: NAV_TIMEOUT_MS });
  const gotoMs = performance.now() - started;
  if (!res || res.status() !== 200) throw new Error(`GET ${url} in the browser answered ${res?.status() ?? "nothing"}`);
  if (needCalendar) await page.waitForFunction(() => (window as unknown as { __bench: { calendarMs: number | null } }).__bench.calendarMs !== null, null, { timeout: NAV_TIMEOUT_MS });
  await net.settle();
  const p = await page.evaluate((): Probe => {
    const b = (window as unknown as { __bench: { calendarMs: number | null; htmxSeenMs: number | null; htmxAtDcl: boolean | null } }).__bench;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const fcp = performance.getEntriesByType("paint").find((e) => e.name === "first-contentful-paint");
    return {
      ...b, fcp: fcp ? fcp.startTime : null, url: location.href, hasCalendar: !!document.getElementById("calendar"),
      nav: nav ? { responseStart: nav.responseStart, dclEnd: nav.domContentLoadedEventEnd, loadEnd: nav.loadEventEnd } : null,
    };
  });
  if (new URL(p.url).pathname !== new URL(url).pathname) throw new Error(`GET ${url} in the browser ended at ${p.url} (not logged in?)`);
  if (needCalendar && !p.hasCalendar) throw new Error(`GET ${url} in the browser: no #calendar`);
  if (!p.nav) throw new Error(`GET ${url}: no Navigation Timing entry`);
  // htmx is ready once its script ran and its DOMContentLoaded listener processed the page.
  const htmxReadyMs = p.htmxAtDcl ? p.nav.dclEnd : p.htmxSeenMs;
  const resources = net.list();
  return {
    usableMs: round(Math.max(needCalendar ? p.calendarMs ?? Infinity : 0, htmxReadyMs ?? Infinity)),
    calendarShownMs: p.calendarMs === null ? null : round(p.calendarMs), htmxReadyMs: htmxReadyMs === null ? null : round(htmxReadyMs),
    responseStartMs: round(p.nav.responseStart), domContentLoadedMs: round(p.nav.dclEnd), loadMs: round(p.nav.loadEnd),
    firstContentfulPaintMs: p.fcp === null ? null : round(p.fcp), gotoMs: round(gotoMs),
    requests: resources.length, bytes: resources.reduce((a, r) => a + r.bytes, 0), resources,
  };
}

/**
 * /today must offer CLICKS check-in buttons. Its sessions follow the clock: late in the day they are completed
 * and nearly everyone is checked in (and the load phase has checked in the fixtures' bookings). Then a few
 * attended bookings of today without a package are put back to "registered", as the front desk would find them
 * in the morning. Check-in opens 2 hours before a session's start, so only sessions starting before then count;
 * in the small hours there are none, and a class starting now is added for the clicks (bench data only).
 * Returns the clickable attendees before, and how many were reset or added.
 */
/** A group class of the bench practitioner starting now with `people` booked; 0 when it would clash. */
async function addClassStartingNow(sql: postgres.Sql, people: number) {
  try {
    return await sql.begin(async (tx) => {
      const [session] = await tx<{ id: string }[]>`
        insert into sessions (practice_id, practitioner_id, title, start_time, end_time, capacity)
        values (md5('bench-practice:1')::uuid, md5('bench-user:1')::uuid, 'Bench night class', date_trunc('minute', now()),
                date_trunc('minute', now()) + interval '1 hour', ${people})
        returning id`;
      const rows = await tx`
        insert into session_attendees (practice_id, session_id, client_id)
        select practice_id, ${session!.id}, id from clients where practice_id = md5('bench-practice:1')::uuid order by id limit ${people}
        returning id`;
      return rows.length;
    });
  } catch {
    return 0; // the practitioner is busy right now: the run notes the missing clicks
  }
}

export async function prepareToday(benchUrl: string, clicks: number) {
  const sql = postgres(benchUrl, { max: 1, onnotice: () => {} });
  try {
    const tz = benchPracticeTimezone;
    const today = sql`
      a.practice_id = md5('bench-practice:1')::uuid and s.status <> 'canceled'
      and s.start_time >= ((now() at time zone ${tz})::date)::timestamp at time zone ${tz}
      and s.start_time < ((now() at time zone ${tz})::date + 1)::timestamp at time zone ${tz}
      and s.start_time <= now() + make_interval(hours => ${CHECK_IN_OPENS_HOURS})`;
    const [{ n: clickable } = { n: 0 }] = await sql<{ n: number }[]>`
      select count(*)::int as n from session_attendees as a join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
      where ${today} and a.attendance_status in ('registered', 'no_show')`;
    let reset = 0;
    if (clickable < clicks) {
      const rows = await sql`
        update session_attendees set attendance_status = 'registered', check_in_time = null, updated_at = now()
        where id in (
          select a.id from session_attendees as a join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
          where ${today} and a.attendance_status = 'attended' and a.enrollment_id is null
          order by s.start_time desc, a.id limit ${clicks - clickable})
        returning id`;
      reset = rows.length;
    }
    if (clickable + reset < clicks) reset += await addClassStartingNow(sql, clicks - clickable - reset);
    return { clickable, reset };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Clicks the first "Check in" button still offered and waits for the server's row. */
async function clickCheckIn(page: Page, net: NetworkLog): Promise<ClickRun | null> {
  const button = page.locator("li.attendee:is(.registered, .no_show) form[action*='/check-in'] button").first();
  if (!(await button.count())) return null;
  const li = button.locator("xpath=ancestor::li[1]");
  const id = await li.getAttribute("id");
  const path = (await button.locator("xpath=ancestor::form[1]").getAttribute("action")) ?? "?";
  if (!id) throw new Error("a check-in button outside an attendee row with an id");
  await button.scrollIntoViewIfNeeded();
  net.reset();
  // Armed in the page before the click: the click event's time, the swap (an element with that id and class
  // "attended"), and the frame after it. A string, not a function: tsx would wrap named closures in __name().
  await page.evaluate(`window.__click = new Promise((resolve) => {
    const rowId = ${JSON.stringify(id)};
    let t0 = null;
    document.addEventListener("click", (e) => { if (t0 === null) t0 = e.timeStamp; }, { capture: true, once: true });
    const observer = new MutationObserver(() => {
      const el = document.getElementById(rowId);
      if (!el || !el.classList.contains("attended") || t0 === null) return;
      observer.disconnect();
      const swapped = performance.now();
      requestAnimationFrame(() => resolve({ t0, swapped, updated: performance.now() }));
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
  }); undefined`);
  await button.click({ timeout: CLICK_TIMEOUT_MS });
  const t = await page.evaluate(() => Promise.race([
    (window as unknown as { __click: Promise<{ t0: number; swapped: number; updated: number }> }).__click,
    new Promise<null>((r) => setTimeout(() => r(null), 20_000)),
  ]));
  if (!t) throw new Error(`check-in ${path}: the row #${id} did not turn "attended" within 20 s`);
  await net.settle();
  const requests = net.list();
  return {
    attendee: id.replace(/^attendee-/, ""), path, swappedMs: round(t.swapped - t.t0), updatedMs: round(t.updated - t.t0),
    requests: requests.length, bytes: requests.reduce((a, r) => a + r.bytes, 0),
  };
}

/**
 * The throttled measurements; null when there is no Chromium at chromiumPath (the caller notes it and goes on).
 * Errors (a page that is not what it should be, a click that never answers) throw.
 */
export async function measureThrottled(options: { base: string; cookie: string; benchUrl: string; coldLoads?: number; clicks?: number; log?: (m: string) => void }): Promise<ThrottledResult | null> {
  if (!hasChromium) return null;
  const { base, cookie, benchUrl } = options;
  const coldLoads = options.coldLoads ?? 3;
  const clicks = options.clicks ?? 3;
  const log = options.log ?? (() => {});
  const browser = await launchChromium();
  const result: ThrottledResult = { browser: browser.version(), executablePath: chromiumPath, network: THROTTLE, coldLoad: null, todayLoad: null, checkIn: null, problems: [] };
  try {
    const runs: ColdLoadRun[] = [];
    for (let i = 0; i < coldLoads; i++) {
      const context = await freshContext(browser, base, cookie);
      try {
        const { page, net } = await throttledPage(context, base);
        const run = await load(page, net, `${base}/`, true);
        log(`throttled cold load of / #${i + 1}: usable at ${run.usableMs} ms (calendar ${run.calendarShownMs}, htmx ${run.htmxReadyMs}), load ${run.loadMs} ms, ${run.requests} requests, ${run.bytes} B`);
        runs.push(run);
      } finally {
        await context.close();
      }
    }
    for (const r of runs) {
      const cached = r.resources.filter((x) => x.fromCache).length;
      if (cached) result.problems.push(`a cold load was served ${cached} resource(s) from cache`);
    }
    result.coldLoad = {
      path: "/", runs,
      usableMs: stat(runs.map((r) => r.usableMs)), domContentLoadedMs: stat(runs.map((r) => r.domContentLoadedMs)), loadMs: stat(runs.map((r) => r.loadMs)),
      bytes: stat(runs.map((r) => r.bytes)), requests: stat(runs.map((r) => r.requests)),
    };

    const { clickable, reset } = await prepareToday(benchUrl, clicks);
    const context = await freshContext(browser, base, cookie);
    try {
      const { page, net } = await throttledPage(context, base);
      result.todayLoad = await load(page, net, `${base}/today`, false);
      log(`throttled cold load of /today: htmx ready at ${result.todayLoad.htmxReadyMs} ms, ${result.todayLoad.requests} requests, ${result.todayLoad.bytes} B`);
      const clicked: ClickRun[] = [];
      for (let i = 0; i < clicks; i++) {
        const run = await clickCheckIn(page, net);
        if (!run) {
          result.problems.push(`/today offered ${i} check-in button(s), not ${clicks} (${clickable} booked before, ${reset} reset)`);
          break;
        }
        log(`throttled check-in click #${i + 1}: row updated after ${run.updatedMs} ms (swapped ${run.swappedMs} ms), ${run.requests} request(s), ${run.bytes} B`);
        clicked.push(run);
      }
      if (clicked.length) {
        result.checkIn = { path: "/today", runs: clicked, updatedMs: stat(clicked.map((r) => r.updatedMs)), swappedMs: stat(clicked.map((r) => r.swappedMs)), clickable, reset };
      }
    } finally {
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return result;
}
