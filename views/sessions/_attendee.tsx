import { checkInOpensAt } from "../../src/lib/attendance.js";
import { formatDay, formatTime, localParts, todayIn } from "../../src/lib/time.js";
import { confirmFirst } from "../components/confirm.js";
import type { AttendeeView } from "../../src/queries/sessions.js";

const statusLabel: Record<string, string> = { registered: "Booked", attended: "Checked in", canceled: "Canceled", no_show: "No-show" };
const paymentLabel: Record<string, string> = { unpaid: "Unpaid", paid: "Paid", covered: "Covered", refunded: "Refunded", waived: "Waived" };

/** The badge's words: a visit with no price is "No charge", one paid in part says so. */
function paymentBadge(attendee: AttendeeView["attendee"]) {
  if (attendee.paymentStatus === "waived" && attendee.priceCents === 0) return "No charge";
  if (attendee.paymentStatus === "unpaid" && attendee.paidCents > 0) return "Part paid";
  return paymentLabel[attendee.paymentStatus];
}

/** Something is owed for a visit that happens (or happened): the row offers to take it. */
const owes = (attendee: AttendeeView["attendee"]) =>
  (attendee.paymentStatus === "unpaid" || attendee.paymentStatus === "refunded") && attendee.priceCents > attendee.paidCents
  && (attendee.attendanceStatus === "registered" || attendee.attendanceStatus === "attended");

/**
 * One attendee, self-replacing: check-in, no-show and remove answer with this row only (a few hundred
 * bytes), and the row shows what the server recorded, never an optimistic guess.
 */
export const AttendeeRow = ({ sessionId, startTime, a, timezone, big, error, now = new Date(), sessionCanceled }: {
  sessionId: string; startTime: Date; a: AttendeeView; timezone: string; big?: boolean; error?: string; now?: Date;
  /** A canceled session takes no bookings: reinstate the session instead of booking one person again. */
  sessionCanceled?: boolean;
}) => {
  const opens = checkInOpensAt(startTime);
  const { attendee } = a;
  const base = `/sessions/${sessionId}/attendees/${attendee.clientId}`;
  return (
    <li id={`attendee-${attendee.id}`} class={`attendee ${attendee.attendanceStatus}`}>
      <span class="attendee-name"><a href={`/clients/${attendee.clientId}`}>{a.clientName}</a></span>
      <span class="attendee-status">
        {statusLabel[attendee.attendanceStatus]}
        {attendee.checkInTime ? <> <time datetime={attendee.checkInTime.toISOString()}>{formatTime(attendee.checkInTime, timezone)}</time></> : null}
        <span class={`badge pay-${attendee.paymentStatus}`}>{paymentBadge(attendee)}</span>
      </span>
      {/* Boosted forms: each names its URL once (action) and replaces the row; a few hundred bytes less per
          answer than an hx-post copy of every URL, and the same forms work without JavaScript. */}
      <span class="attendee-actions" hx-boost:inherited="true" hx-target:inherited="closest li" hx-swap:inherited="outerHTML" hx-push-url:inherited="false">
        {(attendee.attendanceStatus === "registered" || attendee.attendanceStatus === "no_show") && now < opens ? (
          <span class="small muted">Check-in from {formatTime(opens, timezone)}{localParts(opens, timezone).date !== localParts(now, timezone).date ? ` on ${formatDay(localParts(opens, timezone).date)}` : ""}</span>
        ) : null}
        {(attendee.attendanceStatus === "registered" || attendee.attendanceStatus === "no_show") && now >= opens ? (
          <form method="post" action={`${base}/check-in${big ? "?big=1" : ""}`}>
            <button type="submit" class={big ? "primary big" : "primary"}>Check in<span class="visually-hidden"> {a.clientName}</span></button>
          </form>
        ) : null}
        {attendee.attendanceStatus === "registered" && now >= startTime ? (
          <form method="post" action={`${base}/status`}>
            <input type="hidden" name="status" value="no_show" />
            <button type="submit">No-show<span class="visually-hidden"> {a.clientName}</span></button>
          </form>
        ) : null}
        {attendee.attendanceStatus === "attended" && attendee.checkInTime && localParts(attendee.checkInTime, timezone).date === todayIn(timezone) ? (
          <form method="post" action={`${base}/check-in/undo${big ? "?big=1" : ""}`}>
            <button type="submit" class="link-button">Undo check-in<span class="visually-hidden"> {a.clientName}</span></button>
          </form>
        ) : null}
        {owes(attendee) ? (
          <form method="post" action={`${base}/payment${big ? "?big=1" : ""}`}>
            <button type="submit">Paid cash<span class="visually-hidden"> for {a.clientName}</span></button>
          </form>
        ) : null}
        {!big && (attendee.attendanceStatus === "registered" || attendee.attendanceStatus === "no_show") ? (
          <form method="post" action={`${base}/status`}
            {...confirmFirst(`Remove ${a.clientName} from this session? It counts as the client canceling: a package credit comes back only outside the cancellation window.`)}>
            <input type="hidden" name="status" value="canceled" />
            <button type="submit" class="link-button">Remove<span class="visually-hidden"> {a.clientName}</span></button>
          </form>
        ) : null}
        {!big && !sessionCanceled && attendee.attendanceStatus === "canceled" ? (
          <form method="post" action={`${base}/status`}>
            <input type="hidden" name="status" value="registered" />
            <button type="submit" class="link-button">Book again<span class="visually-hidden"> {a.clientName}</span></button>
          </form>
        ) : null}
      </span>
      {error ? <p class="form-error attendee-error" role="alert">{error}</p> : null}
    </li>
  );
};
