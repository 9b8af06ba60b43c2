import { TZDate } from "@date-fns/tz";
// Calendar dates are plain "YYYY-MM-DD" strings in the practice's zone; never the server's zone.

// An Intl.DateTimeFormat holds ~18 KB outside the JS heap that the GC barely notices: building one
// per call grew the server by ~120 KB per page under load. Build each once and reuse it.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function isoDateFormat(timeZone: string) {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timeZone, format); // keys are validated zone names: a few hundred at most
  }
  return format;
}

/** Today's date where the practice is, e.g. "2026-11-25" in Europe/London. */
export function todayIn(timeZone: string, now = new Date()): string {
  return isoDateFormat(timeZone).format(now);
}

const asUtcDate = (date: string) => new Date(`${date}T00:00:00Z`);
const toDateString = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = asUtcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return toDateString(d);
}

/** The Monday-to-Sunday week that contains `date`. */
export function weekOf(date: string): string[] {
  const weekday = (asUtcDate(date).getUTCDay() + 6) % 7; // Monday = 0
  const monday = addDays(date, -weekday);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
export const formatDay = (date: string) => dayFormat.format(asUtcDate(date));

// The one way a calendar date is written for people ("15 Mar 1984"); forms keep YYYY-MM-DD for date inputs.
const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
export const formatDate = (date: string) => dateFormat.format(asUtcDate(date));

/** "1 session", "3 sessions": counts in messages read right. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-GB")} ${n === 1 ? one : many}`;

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
/** "25 Nov 2026, 14:05" in the practice's zone. */
export function formatDateTime(instant: Date, timeZone: string): string {
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
    dateTimeFormats.set(timeZone, format);
  }
  return format.format(instant);
}

/** Whole years between a YYYY-MM-DD birth date and today's YYYY-MM-DD. */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

// ---- Instants ↔ wall-clock time in a zone. The practice's zone decides; the server's never does.

/** The instant at which it is `date` `time` on the wall clocks of `timeZone` (a DST gap moves forward). */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, timeZone).getTime());
}

/** "2026-03-29T09:00" typed into a datetime-local field, read in the practice's zone; null if malformed. */
export function parseLocalDateTime(value: string, timeZone: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(value.trim());
  if (!m || !isRealDate(m[1]!) || Number(m[2]!.slice(0, 2)) > 23 || Number(m[2]!.slice(3)) > 59) return null;
  return zonedInstant(m[1]!, m[2]!, timeZone);
}

/**
 * The one range of dates the app accepts anywhere: a birth date, a session, a chart, a week. Outside it,
 * JavaScript and PostgreSQL disagree (years 0–99 become 1900–1999, year 0 does not exist in one of them)
 * and no practice has a use for it. The database holds the same range in CHECK constraints.
 */
export const EARLIEST_DATE = "1900-01-01";
export const LATEST_DATE = "2100-12-31";
export const EARLIEST_INSTANT = new Date(`${EARLIEST_DATE}T00:00:00Z`);
export const LATEST_INSTANT = new Date(`${LATEST_DATE}T23:59:59.999Z`);
export const dateRangeWords = "between 1900 and 2100";

/** A YYYY-MM-DD that exists on the calendar, in any year: "2026-02-30" and "2030-13-40" do not. */
export function isCalendarDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(date);
}

/** A calendar date in the app's range: "0020-02-29" and "9999-12-31" are not. */
export const isRealDate = (date: string) => date >= EARLIEST_DATE && date <= LATEST_DATE && isCalendarDate(date);

/** An instant the app can store and show: a valid Date inside the app's range of dates. */
export const isInstantInRange = (instant: Date) =>
  !Number.isNaN(instant.getTime()) && instant >= EARLIEST_INSTANT && instant <= LATEST_INSTANT;

const partsFormats = new Map<string, Intl.DateTimeFormat>();
// Every card, label and time on a page asks for these, and the same sessions are shown request after
// request: the answers for recent instants are kept (bounded; a full map simply starts again).
const partsCache = new Map<string, Readonly<{ date: string; time: string }>>();
const PARTS_CACHE_SIZE = 5000;

/** The wall-clock date and time of an instant in a zone: { date: "2026-03-29", time: "09:00" }. */
export function localParts(instant: Date, timeZone: string): Readonly<{ date: string; time: string }> {
  const key = `${timeZone}|${instant.getTime()}`;
  const known = partsCache.get(key);
  if (known) return known;
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    partsFormats.set(timeZone, format);
  }
  // format() is ~2.5x faster than formatToParts(); its shape ("2026-03-29, 09:00") is checked, not assumed.
  const text = format.format(instant);
  let parts: { date: string; time: string };
  if (/^\d{4}-\d{2}-\d{2}, \d{2}:\d{2}$/.test(text)) parts = { date: text.slice(0, 10), time: text.slice(12) };
  else {
    const p = Object.fromEntries(format.formatToParts(instant).map((x) => [x.type, x.value]));
    parts = { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
  }
  if (partsCache.size >= PARTS_CACHE_SIZE) partsCache.clear();
  const frozen = Object.freeze(parts);
  partsCache.set(key, frozen);
  return frozen;
}

/** The value a datetime-local input shows for an instant: "2026-03-29T09:00". */
export const toLocalInput = (instant: Date, timeZone: string) => {
  const { date, time } = localParts(instant, timeZone);
  return `${date}T${time}`;
};

export const formatTime = (instant: Date, timeZone: string) => localParts(instant, timeZone).time;

/** ISO weekday of a calendar date: Monday = 1 … Sunday = 7. */
export const isoWeekday = (date: string) => ((asUtcDate(date).getUTCDay() + 6) % 7) + 1;
