import { formatDay } from "../../src/lib/time.js";
import type { PlacedSession } from "../../src/domain/calendar.js";
import { SessionCard } from "../sessions/_card.js";

export type CalendarProps = {
  view: "week" | "day";
  days: string[];
  today: string;
  previous: string;
  next: string;
  sessionsByDay: Map<string, PlacedSession[]>;
  hours: string[];
  /** The week's time grid spans these whole hours (wide screens). */
  weekSpan: { first: number; last: number };
  timezone: string;
  practitionerId: string;
  practitioners: Array<{ id: string; fullName: string }>;
};

const calendarUrl = (view: "week" | "day", date: string, practitionerId: string) =>
  `/calendar?${new URLSearchParams({ view, date, ...(practitionerId ? { practitioner: practitionerId } : {}) })}`;

/** Navigation links swap only #calendar and push the URL, so back, forward and reload all work. */
const NavLink = ({ href, label, rel }: { href: string; label: string; rel?: string }) => (
  <a class="button" href={href} rel={rel} hx-get={href} hx-target="#calendar" hx-swap="outerHTML" hx-push-url="true">{label}</a>
);

export const Calendar = (p: CalendarProps) => {
  const first = p.days[0]!;
  const last = p.days[p.days.length - 1]!;
  const title = p.view === "week" ? `${formatDay(first)} – ${formatDay(last)}` : formatDay(first);
  return (
    <section id="calendar" aria-labelledby="calendar-title">
      <div class="calendar-bar">
        <h1 id="calendar-title">{title}</h1>
        <nav class="actions" aria-label="Calendar">
          <NavLink href={calendarUrl(p.view, p.previous, p.practitionerId)} label={p.view === "week" ? "← Previous week" : "← Previous day"} rel="prev" />
          <NavLink href={calendarUrl(p.view, p.today, p.practitionerId)} label="Today" />
          <NavLink href={calendarUrl(p.view, p.next, p.practitionerId)} label={p.view === "week" ? "Next week →" : "Next day →"} rel="next" />
          <NavLink href={calendarUrl(p.view === "week" ? "day" : "week", p.view === "week" ? (p.days.includes(p.today) ? p.today : first) : first, p.practitionerId)}
            label={p.view === "week" ? "Day view" : "Week view"} />
        </nav>
      </div>
      {p.practitioners.length > 1 ? (
        <form method="get" action="/calendar" class="filters">
          <input type="hidden" name="view" value={p.view} />
          <input type="hidden" name="date" value={first} />
          <div class="field">
            <label for="practitioner">Practitioner</label>
            <select id="practitioner" name="practitioner" hx-get="/calendar" hx-include="closest form" hx-trigger="change"
              hx-target="#calendar" hx-swap="outerHTML" hx-push-url="true">
              <option value="">Everyone</option>
              {p.practitioners.map((pr) => <option value={pr.id} selected={pr.id === p.practitionerId}>{pr.fullName}</option>)}
            </select>
          </div>
          <noscript><button type="submit">Show</button></noscript>
        </form>
      ) : null}
      <p class="muted small">Times in {p.timezone}.</p>
      {p.view === "week" ? <WeekGrid {...p} /> : <DayGrid {...p} />}
    </section>
  );
};

const pad = (n: number) => String(n).padStart(2, "0");

/** Where a card sits in the time grid: its start hour and quarter, its length in hours and quarters (static/app.css). */
const place = (startQuarter: number, quarters: number) => {
  const length = Math.min(quarters, 35);
  return `h${Math.floor(startQuarter / 4)} m${startQuarter % 4} dh${Math.floor(length / 4)} dm${length % 4}`;
};

/**
 * The week: a list of days on a phone; on a wide screen a time grid, hours down and days across, each
 * session as tall as it lasts (placed by classes: the CSP allows no style attributes). A click on a free
 * spot of a day books that hour (static/app.js); each day's "+ New" does it without a script or a mouse.
 */
const WeekGrid = (p: CalendarProps) => {
  const { first, last } = p.weekSpan;
  const hours = Array.from({ length: last - first }, (_, i) => first + i);
  return (
    <div class="week-wrap">
    <div class="hours-col" aria-hidden="true">{hours.map((h, i) => <span class={`h${i}`}>{pad(h)}:00</span>)}</div>
    <ol class="week">
      {p.days.map((day) => {
        const sessions = p.sessionsByDay.get(day) ?? [];
        return (
          <li class={day === p.today ? "day today" : "day"} aria-current={day === p.today ? "date" : undefined} data-day={day}>
            <h2><a href={calendarUrl("day", day, p.practitionerId)}><time datetime={day}>{formatDay(day)}</time></a></h2>
            {sessions.map((v) => <SessionCard view={v} timezone={p.timezone} showPractitioner={!p.practitionerId && p.practitioners.length > 1}
              place={place(v.startQuarter - first * 4, v.quarters)} />)}
            {sessions.length ? null : <p class="empty">No sessions</p>}
            <a class="add" href={`/sessions/new?date=${day}`} aria-label={`New session on ${formatDay(day)}`}>+ New</a>
          </li>
        );
      })}
    </ol>
    </div>
  );
};

/** Hour by hour: a free hour is a link that opens the booking form at that time. */
const DayGrid = (p: CalendarProps) => {
  const day = p.days[0]!;
  const sessions = p.sessionsByDay.get(day) ?? [];
  const hours = p.hours;
  return (
    <ol class="day-grid">
      {hours.map((hour) => {
        const here = sessions.filter((v) => v.startHour === hour);
        return (
          <li class="hour">
            <span class="hour-label">{hour}</span>
            <div class="hour-sessions">
              {here.map((v) => <SessionCard view={v} timezone={p.timezone} showPractitioner={!p.practitionerId && p.practitioners.length > 1} />)}
              {here.length ? null : <a class="free-slot" href={`/sessions/new?start=${day}T${hour}`}>Book {hour}</a>}
            </div>
          </li>
        );
      })}
    </ol>
  );
};
