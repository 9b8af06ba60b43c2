// Which days a calendar shows and where each session falls on them, in the practice's zone.
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { addDays, localParts, weekOf, zonedInstant } from "../lib/time.js";
import { listSessionViews, type SessionView } from "../queries/sessions.js";

export type PlacedSession = SessionView & { date: string; startHour: string };
export type CalendarRange = { view: "week" | "day"; days: string[]; previous: string; next: string };

export function calendarRange(view: "week" | "day", date: string): CalendarRange {
  const days = view === "week" ? weekOf(date) : [date];
  const step = view === "week" ? 7 : 1;
  return { view, days, previous: addDays(days[0]!, -step), next: addDays(days[0]!, step) };
}

/**
 * The sessions of the shown days, grouped by local date. The range is computed from local midnights,
 * so a DST week is 167 or 169 hours long and still shows every session on the right day.
 */
export async function sessionsForDays(db: Db, practice: Practice, days: string[], practitionerId?: string) {
  const tz = practice.timezone;
  const from = zonedInstant(days[0]!, "00:00", tz);
  const to = zonedInstant(addDays(days[days.length - 1]!, 1), "00:00", tz);
  const views = await listSessionViews(db, practice.id, from, to, { practitionerId });
  const byDay = new Map<string, PlacedSession[]>();
  for (const view of views) {
    const { date, time } = localParts(view.session.startTime, tz);
    const list = byDay.get(date) ?? [];
    list.push({ ...view, date, startHour: `${time.slice(0, 2)}:00` });
    byDay.set(date, list);
  }
  return byDay;
}

/** The hours a day view lists: 07:00–20:00, widened to include any session outside them. */
export function dayHours(sessions: PlacedSession[]) {
  const hours = sessions.map((s) => Number(s.startHour.slice(0, 2)));
  const first = Math.min(7, ...hours);
  const last = Math.max(20, ...hours);
  return Array.from({ length: last - first + 1 }, (_, i) => `${String(first + i).padStart(2, "0")}:00`);
}
