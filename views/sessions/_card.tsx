import { formatTime } from "../../src/lib/time.js";
import type { SessionView } from "../../src/queries/sessions.js";

export const sessionLabel = (v: SessionView) => v.serviceName ?? v.session.title ?? "Session";

/** Who is coming: names for a one-to-one, "3/8" for a group. */
export function attendeeSummary(v: SessionView) {
  // A canceled session's bookings are canceled too: still name who it was for.
  const active = v.session.status === "canceled" ? v.attendees : v.attendees.filter((a) => a.attendee.attendanceStatus !== "canceled");
  if (v.session.capacity > 1) return `${active.length}/${v.session.capacity}`;
  return active.map((a) => a.clientName).join(", ") || "No one booked";
}

const statusText: Record<string, string> = { scheduled: "", completed: "Completed", canceled: "Canceled", no_show: "No-show" };

/** One session in the week or day grid; a link to its page. */
export const SessionCard = ({ view, timezone, showPractitioner }: { view: SessionView; timezone: string; showPractitioner?: boolean }) => {
  const { session } = view;
  return (
    <a id={`session-${session.id}`} class={`session-card ${session.status}`} href={`/sessions/${session.id}`}>
      <time datetime={session.startTime.toISOString()}>{formatTime(session.startTime, timezone)}–{formatTime(session.endTime, timezone)}</time>
      <strong>{sessionLabel(view)}</strong>
      <span class="who">{attendeeSummary(view)}</span>
      {showPractitioner ? <span class="muted small">{view.practitionerName}</span> : null}
      {statusText[session.status] ? <span class={`badge ${session.status}`}>{statusText[session.status]}</span> : null}
    </a>
  );
};
