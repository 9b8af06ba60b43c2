import type { UnplacedBooking } from "../../src/db/schema.js";
import { formatDay, formatTime, localParts } from "../../src/lib/time.js";

/**
 * Bookings Calendly sent that clash with the calendar: shown above it until someone books them by hand
 * (or cancels them in Calendly, which takes them off by itself) and says so here.
 */
export const UnplacedBookings = ({ bookings, timezone }: { bookings: UnplacedBooking[]; timezone: string }) =>
  bookings.length ? (
    <section class="card unplaced" aria-labelledby="unplaced-heading">
      <h2 id="unplaced-heading">Unplaced bookings ({bookings.length})</h2>
      <p class="small muted">These came from Calendly but clash with your calendar. Book them into another slot (and move them in Calendly), or cancel them in Calendly.</p>
      <ul>
        {bookings.map((b) => (
          <li>
            <strong>{b.inviteeName}</strong> <a href={`mailto:${b.inviteeEmail}`}>{b.inviteeEmail}</a> · {b.title ?? "Calendly booking"} ·{" "}
            {formatDay(localParts(b.startTime, timezone).date)} {formatTime(b.startTime, timezone)}–{formatTime(b.endTime, timezone)}
            <span class="small muted"> {b.reason}</span>
            <form method="post" action={`/unplaced-bookings/${b.id}/resolved`} class="inline">
              <button type="submit" class="link-button">Dealt with<span class="visually-hidden"> {b.inviteeName}</span></button>
            </form>
          </li>
        ))}
      </ul>
    </section>
  ) : null;
