import type { PortalSessionsPage } from "../../src/pages/portal-sessions.js";
import { PortalBookingRow } from "./_booking.js";

/** /portal/sessions: the client's own bookings, coming up and past. `problem` is a refused cancel posted without JavaScript. */
export const PortalSessions = ({ upcoming, past, timezone, practiceName, problem }: PortalSessionsPage & { timezone: string; practiceName: string; problem?: string }) => (
  <>
    <h1>Your sessions</h1>
    {problem ? <p class="form-error" role="alert">{problem}</p> : null}
    <section class="card" aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">Coming up</h2>
      {upcoming.length ? (
        <ul class="portal-bookings" id="upcoming">{upcoming.map((b) => <PortalBookingRow b={b} timezone={timezone} />)}</ul>
      ) : <p class="empty">Nothing booked. To book a session, contact {practiceName}.</p>}
    </section>
    <section class="card" aria-labelledby="past-heading">
      <h2 id="past-heading">Past</h2>
      {past.length ? (
        <ul class="portal-bookings" id="past">{past.map((b) => <PortalBookingRow b={b} timezone={timezone} />)}</ul>
      ) : <p class="empty">No past sessions yet.</p>}
    </section>
  </>
);
