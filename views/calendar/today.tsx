import type { PlacedSession } from "../../src/domain/calendar.js";
import { formatDay, formatTime } from "../../src/lib/time.js";
import { sessionLabel } from "../../src/lib/session-label.js";
import { AttendeeList } from "../sessions/show.js";

/** The front desk on a phone: today's sessions, big check-in buttons, the server's answer in place. */
export const TodayPage = ({ today, sessions, timezone }: { today: string; sessions: PlacedSession[]; timezone: string }) => (
  <>
    <h1>Today · {formatDay(today)}</h1>
    {sessions.length ? sessions.map((view) => (
      <section class="card today-session" aria-labelledby={`today-${view.session.id}`}>
        <h2 id={`today-${view.session.id}`}>
          <time datetime={view.session.startTime.toISOString()}>{formatTime(view.session.startTime, timezone)}</time>{" "}
          <a href={`/sessions/${view.session.id}`}>{sessionLabel(view)}</a>
          <span class="muted small"> {view.practitionerName}{view.session.location ? ` · ${view.session.location}` : ""}</span>
        </h2>
        <AttendeeList view={view} timezone={timezone} big />
      </section>
    )) : <p class="card empty">No sessions today.</p>}
  </>
);
