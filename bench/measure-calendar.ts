// The calendar's week and day fragments and the check-in answer as a browser gets them: bytes as sent, session
// cards counted against the sessions the database holds.
import { parse } from "node-html-parser";
import type { Credentials } from "./credentials.js";
import { log } from "./log.js";
import { decodedBody, rawGet, rawRequest } from "./page-weight.js";
import type { CalendarFragment, CheckInResponse, Measuring } from "./results.js";
import { calendarUrl, checkInUrl, htmx } from "./routes.js";
import type { CalendarFixtures } from "./seed/fixtures.js";



/** When the calendar or home was measured: its fragments, each answering 200, compressed, a card per session. */
export async function measureCalendarFragments(bench: Measuring) {
  const { base, creds, results } = bench;
  const cal = bench.fixtures.calendar;
  if (cal && bench.measured.some((m) => m.route.path.startsWith("/calendar") || m.route.path === "/")) {
    log("weight of the calendar fragments");
    results.calendarFragments = await weighCalendarFragments(base, creds, cal);
    for (const f of results.calendarFragments) {
      if (f.status !== 200) results.failures.push(`calendar fragment ${f.path}: status ${f.status}`);
      if (f.view === "week" && f.cards !== f.sessions) results.failures.push(`calendar fragment ${f.path}: ${f.cards} session cards for ${f.sessions} sessions in the database`);
      if (f.bytes > 1024 && f.contentEncoding !== "gzip") results.failures.push(`calendar fragment ${f.path}: ${f.bytes} bytes not compressed`);
    }
  }
}

/** When check-in was measured: its answer, an attended attendee row. */
export async function measureCheckIns(bench: Measuring) {
  const { base, creds, results } = bench;
  const cal = bench.fixtures.calendar;
  if (cal && bench.measured.some((m) => m.route.path.endsWith("/check-in"))) {
    log("weight of the check-in answer");
    results.checkInResponses = await weighCheckIns(base, creds, cal);
    for (const c of results.checkInResponses) {
      if (c.status !== 200 || !c.attendeeRow) results.failures.push(`check-in ${c.path}: status ${c.status}${c.attendeeRow ? "" : ", not an attended attendee row"}`);
    }
  }
}

/** The week fragments the bench cycles through, the dense week and today's day view, as a browser gets them. */
async function weighCalendarFragments(base: string, creds: Credentials, cal: CalendarFixtures): Promise<CalendarFragment[]> {
  const asked: Omit<CalendarFragment, "status" | "contentEncoding" | "bytes" | "rawBytes" | "cards">[] = [
    ...cal.weeks.map((w) => ({
      view: "week" as const, date: w.monday, path: calendarUrl("week", w.monday), sessions: w.sessions,
      purpose: w.monday === cal.currentMonday ? "busy week (this week)" : "near week",
    })),
    ...(cal.denseWeek ? [{ view: "week" as const, date: cal.denseWeek.monday, path: calendarUrl("week", cal.denseWeek.monday), sessions: cal.denseWeek.sessions, purpose: "dense week (no budget)" }] : []),
    { view: "day", date: cal.today, path: calendarUrl("day", cal.today), sessions: null, purpose: "today, day view" },
  ];
  const out: CalendarFragment[] = [];
  for (const a of asked) {
    const got = await rawGet(base + a.path, { Cookie: creds.cookie, ...htmx });
    const html = decodedBody(got);
    out.push({ ...a, status: got.status, contentEncoding: got.contentEncoding, bytes: got.bytes, rawBytes: Buffer.byteLength(html), cards: parse(html).querySelectorAll("a.session-card").length });
  }
  return out;
}

/** The check-in answer as sent: the calendar's session page button and /today's big one (?big=1). */
async function weighCheckIns(base: string, creds: Credentials, cal: CalendarFixtures): Promise<CheckInResponse[]> {
  const out: CheckInResponse[] = [];
  const first = cal.checkIns[0];
  if (!first) return out;
  for (const [variant, suffix] of [["session page", ""], ["today page (big=1)", "?big=1"]] as const) {
    const path = checkInUrl(first) + suffix;
    const got = await rawRequest(base + path, {
      method: "POST", body: "",
      headers: { Cookie: creds.cookie, Origin: new URL(base).origin, "Content-Type": "application/x-www-form-urlencoded", ...htmx },
    });
    const html = decodedBody(got);
    out.push({ variant, path, status: got.status, contentEncoding: got.contentEncoding, bytes: got.bytes, rawBytes: Buffer.byteLength(html),
      headerBytes: got.headerBytes, attendeeRow: /^<li id="attendee-[^"]+" class="attendee attended"/.test(html) });
  }
  return out;
}
