// Which days a calendar shows and where each session falls on them, in the practice's zone.
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { addDays, localParts, weekOf, zonedInstant } from "../lib/time.js";
import { listSessionViews, type SessionView } from "../queries/sessions.js";

/** A session on its local day: the hour row of the day view, and its quarter hours for the week's time grid. */
export type PlacedSession = SessionView & { date: string; startHour: string; startQuarter: number; quarters: number };
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
    const startQuarter = Math.floor((Number(time.slice(0, 2)) * 60 + Number(time.slice(3))) / 15);
    const quarters = Math.max(1, Math.round((view.session.endTime.getTime() - view.session.startTime.getTime()) / 900_000));
    list.push({ ...view, date, startHour: `${time.slice(0, 2)}:00`, startQuarter, quarters: Math.min(quarters, 96 - startQuarter) });
    byDay.set(date, list);
  }
  return byDay;
}

/** The hours the week's time grid spans: 07:00–21:00, widened to hold every session of the week. */
export function weekHours(sessionsByDay: Map<string, PlacedSession[]>) {
  const all = [...sessionsByDay.values()].flat();
  const first = Math.min(7, ...all.map((s) => Math.floor(s.startQuarter / 4)));
  const last = Math.max(21, ...all.map((s) => Math.ceil((s.startQuarter + s.quarters) / 4)));
  return { first, last: Math.min(24, last) };
}

/** The hours a day view lists: 07:00–20:00, widened to include any session outside them. */
export function dayHours(sessions: PlacedSession[]) {
  const hours = sessions.map((s) => Number(s.startHour.slice(0, 2)));
  const first = Math.min(7, ...hours);
  const last = Math.max(20, ...hours);
  return Array.from({ length: last - first + 1 }, (_, i) => `${String(first + i).padStart(2, "0")}:00`);
}
