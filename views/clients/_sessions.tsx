import { formatDay, formatTime, localParts } from "../../src/lib/time.js";
import type { ClientBooking } from "../../src/queries/sessions.js";
import { confirmFirst } from "../components/confirm.js";

const attendance: Record<string, string> = { registered: "Booked", attended: "Attended", canceled: "Canceled", no_show: "No-show" };

const BookingList = ({ bookings, timezone, cancelable }: { bookings: ClientBooking[]; timezone: string; cancelable?: boolean }) => (
  <ul class="bookings">
    {bookings.map((b) => (
      <li class={`booking ${b.attendee.attendanceStatus}`}>
        <a href={`/sessions/${b.session.id}`}>
          <time datetime={b.session.startTime.toISOString()}>{formatDay(localParts(b.session.startTime, timezone).date)} {formatTime(b.session.startTime, timezone)}</time>
          {" "}{b.serviceName ?? b.session.title ?? "Session"}
        </a>
        <span class="muted small"> {b.session.status === "canceled" ? "Session canceled" : attendance[b.attendee.attendanceStatus]}{b.attendee.enrollmentId ? " · package" : ""}</span>
        {cancelable && b.session.status === "scheduled" && b.attendee.attendanceStatus === "registered" ? (
          // Answers with this section and, out of band, the credits section: the balance moves without a reload.
          <form method="post" action={`/sessions/${b.session.id}/attendees/${b.attendee.clientId}/status?from=client`} class="inline"
            hx-post={`/sessions/${b.session.id}/attendees/${b.attendee.clientId}/status?from=client`} hx-target="#sessions" hx-swap="outerHTML"
            {...confirmFirst("Cancel this booking? A package credit comes back only outside the cancellation window.")}>
            <input type="hidden" name="status" value="canceled" />
            <button type="submit" class="link-button">Cancel<span class="visually-hidden"> booking on {formatDay(localParts(b.session.startTime, timezone).date)}</span></button>
          </form>
        ) : null}
      </li>
    ))}
  </ul>
);

export const ClientSessions = ({ clientId, upcoming, past, timezone }: { clientId: string; upcoming: ClientBooking[]; past: ClientBooking[]; timezone: string }) => (
  <section id="sessions" class="card" aria-labelledby="sessions-heading">
    <h2 id="sessions-heading">Sessions</h2>
    <h3 class="small muted">Upcoming</h3>
    {upcoming.length ? <BookingList bookings={upcoming} timezone={timezone} cancelable /> : <p class="empty">Nothing booked.</p>}
    <h3 class="small muted">Past</h3>
    {past.length ? <BookingList bookings={past} timezone={timezone} /> : <p class="empty">No past sessions.</p>}
    <p><a href={`/sessions/new?clientId=${clientId}`}>Book a session</a></p>
  </section>
);
