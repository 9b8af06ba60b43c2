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
