import type { PortalBooking } from "../../src/pages/portal-sessions.js";
import { formatTime } from "../../src/lib/time.js";
import { confirmFirst } from "../components/confirm.js";

const attendanceWords: Record<string, string> = { registered: "Booked", attended: "Attended", canceled: "Canceled", no_show: "No-show" };

/** Booked, attended, canceled or no-show, in words; a session the practice called off says so. */
export function attendanceOf(b: Pick<PortalBooking, "session" | "attendee">) {
  if (b.session.status === "canceled" && b.session.canceledBy === "practice") return "Canceled by the practice";
  if (b.session.status === "canceled") return "Canceled";
  return attendanceWords[b.attendee.attendanceStatus] ?? b.attendee.attendanceStatus;
}

export const bookingLabel = (b: Pick<PortalBooking, "serviceName" | "session">) => b.serviceName ?? b.session.title ?? "Session";

/**
 * One of the client's bookings. Its cancel form answers, with htmx, with this row again (the sentence
 * saying what happened in it); without JavaScript it posts and comes back to the page with a flash.
 * `note` is that sentence, or a refusal (`problem`).
 */
export const PortalBookingRow = ({ b, timezone, note, problem }: { b: PortalBooking; timezone: string; note?: string; problem?: string }) => {
  const action = `/portal/sessions/${b.session.id}/cancel`;
  return (
    <li id={`booking-${b.session.id}`} class={`portal-booking ${b.session.status === "canceled" ? "canceled" : b.attendee.attendanceStatus}`}>
      <p class="portal-booking-when">
        <time datetime={b.session.startTime.toISOString()}>{b.when}</time>–{formatTime(b.session.endTime, timezone)} · <strong>{bookingLabel(b)}</strong>
      </p>
      <p class="small">
        with {b.practitionerName}{b.session.location ? <> · {b.session.location}</> : null}
        {" · "}<span class="attendance">{attendanceOf(b)}</span>{b.attendee.enrollmentId ? " · paid with a package credit" : ""}
      </p>
      {note ? <p class="flash" role="status">{note}</p> : null}
      {problem ? <p class="form-error" role="alert">{problem}</p> : null}
      {b.cancel.state === "open" ? (
        <form method="post" action={action} hx-post={action} hx-target="closest li" hx-swap="outerHTML"
          {...confirmFirst(`Cancel your session on ${b.when}?${b.attendee.enrollmentId ? " The package credit comes back to you." : ""}`)}>
          <button type="submit">Cancel this session<span class="visually-hidden"> on {b.when}</span></button>
        </form>
      ) : b.cancel.state === "too_late" && !problem ? <p class="small muted too-late">{b.cancel.sentence}</p> : null}
    </li>
  );
};
