import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { calendarRange, dayHours, sessionsForDays, weekHours } from "../domain/calendar.js";
import { isUuid } from "../lib/ids.js";
import { isRealDate, todayIn } from "../lib/time.js";
import { listPractitioners } from "../queries/sessions.js";
import { listOpenUnplacedBookings } from "../queries/unplaced-bookings.js";
import { UnplacedBookings } from "../../views/calendar/_unplaced.js";
import { Calendar } from "../../views/calendar/_calendar.js";
import { TodayPage } from "../../views/calendar/today.js";
import { isHtmx } from "../lib/htmx.js";

// Unknown values fall back to defaults: a hand-edited URL shows a calendar, not an error.
const calendarQuery = z.object({
  view: z.enum(["week", "day"]).catch("week").default("week"),
  date: z.string().optional().catch(undefined),
  practitioner: z.string().optional().catch(undefined),
});

async function renderCalendar(c: Context<AppEnv>, query: z.output<typeof calendarQuery>) {
  const practice = c.var.practice;
  const today = todayIn(practice.timezone);
  const date = query.date && isRealDate(query.date) ? query.date : today;
  const practitionerId = isUuid(query.practitioner) ? query.practitioner : "";
  const range = calendarRange(query.view, date);
  const [sessionsByDay, practitioners, unplaced] = await Promise.all([
    sessionsForDays(c.var.db, practice, range.days, practitionerId || undefined),
    listPractitioners(c.var.db, practice.id),
    // Only the full page lists Calendly bookings that clashed; week navigation swaps the grid alone.
    isHtmx(c) ? Promise.resolve([]) : listOpenUnplacedBookings(c.var.db, practice.id),
  ]);
  const calendar = <Calendar {...range} today={today} sessionsByDay={sessionsByDay} hours={dayHours(sessionsByDay.get(range.days[0]!) ?? [])} weekSpan={weekHours(sessionsByDay)}
    timezone={practice.timezone} practitionerId={practitionerId} practitioners={practitioners} />;
  // Previous/next/today swap only #calendar; a visit, reload or back button gets the page.
  if (isHtmx(c)) return c.html(calendar);
  return c.render(<><UnplacedBookings bookings={unplaced} timezone={practice.timezone} />{calendar}<p class="calendar-links"><a class="button primary" href="/sessions/new">New session</a> <a class="button" href="/today">Today's check-in</a> <a class="button" href="/services">Services</a></p></>, { title: "Calendar" });
}

// Mounted at "/": middleware goes on each route, because a .use() here would guard every path.
export const calendar = new Hono<AppEnv>()
  .get("/", requireStaff, (c) => renderCalendar(c, calendarQuery.parse({})))
  .get("/calendar", requireStaff, (c) => renderCalendar(c, calendarQuery.parse(c.req.query())))
  .get("/today", requireStaff, async (c) => {
    const practice = c.var.practice;
    const today = todayIn(practice.timezone);
    const sessions = (await sessionsForDays(c.var.db, practice, [today])).get(today) ?? [];
    return c.render(<TodayPage today={today} sessions={sessions.filter((s) => s.session.status !== "canceled")} timezone={practice.timezone} />, { title: "Today" });
  });
