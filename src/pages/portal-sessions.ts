// The portal's sessions page and the client's own cancel. A client may cancel a booking only outside the
// practice's cancellation window: inside it the practice decides (a late cancel keeps the credit), so the
// portal says whom to call instead of offering the button, and the server refuses the post the same way.
import type { Db } from "../db/client.js";
import type { Practice } from "../db/schema.js";
import { setAttendance } from "../domain/booking.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { formatDay, formatTime, localParts, plural } from "../lib/time.js";
import { findClientEnrollment, lastLedgerReason } from "../queries/programs.js";
import { findPortalBooking, listPortalBookings, lockPortalSession, type PortalBookingRow } from "../queries/portal-sessions.js";

/** What the row offers: the cancel button, the sentence saying why not (too late), or nothing (done, over, canceled). */
export type CancelOffer = { state: "open" } | { state: "too_late"; sentence: string } | { state: "none" };
export type CancelRefusal = Exclude<CancelOffer, { state: "open" }>;
export type PortalBooking = PortalBookingRow & { cancel: CancelOffer; when: string };
export type PortalSessionsPage = { upcoming: PortalBooking[]; past: PortalBooking[] };

/** "Tue 8 Dec at 10:00" in the practice's zone. */
export const whenOf = (start: Date, timeZone: string) => `${formatDay(localParts(start, timeZone).date)} at ${formatTime(start, timeZone)}`;

/**
 * Why this client cannot cancel this booking here now, or null when they can. The deadline is the one
 * settleCanceledBooking applies (real elapsed hours), so a cancel allowed here always returns the credit.
 */
export function cancelRefusal(booking: PortalBookingRow, practice: Practice, now: Date): CancelRefusal | null {
  const { session, attendee } = booking;
  if (session.status === "canceled" || attendee.attendanceStatus === "canceled") return { state: "none" };
  if (attendee.attendanceStatus !== "registered" || session.status !== "scheduled" || session.startTime <= now) return { state: "none" };
  const deadline = session.startTime.getTime() - practice.cancellationWindowHours * 3_600_000;
  if (now.getTime() <= deadline) return null;
  const sentence = `It is less than ${plural(practice.cancellationWindowHours, "hour")} before this session, so it can no longer be canceled here. `
    + `Please call ${practice.name} or email ${booking.practitionerName} at ${booking.practitionerEmail}.`;
  return { state: "too_late", sentence };
}

/** What a refused cancel says: the too-late sentence, or why there is nothing to cancel. */
export function refusalSentence(booking: PortalBookingRow, refusal: CancelRefusal) {
  if (refusal.state === "too_late") return refusal.sentence;
  if (booking.session.status === "canceled" || booking.attendee.attendanceStatus === "canceled") return "This session is already canceled. Nothing was changed.";
  if (booking.attendee.attendanceStatus === "attended") return "You are already checked in for this session, so it cannot be canceled here.";
  return "This session has already started or taken place, so it can no longer be canceled here.";
}

export function toPortalBooking(row: PortalBookingRow, practice: Practice, now: Date): PortalBooking {
  return { ...row, cancel: cancelRefusal(row, practice, now) ?? { state: "open" }, when: whenOf(row.session.startTime, practice.timezone) };
}

export async function loadPortalSessions(db: Db, practice: Practice, clientId: string, now = new Date()): Promise<PortalSessionsPage> {
  const { upcoming, past } = await listPortalBookings(db, practice.id, clientId, now);
  return { upcoming: upcoming.map((row) => toPortalBooking(row, practice, now)), past: past.map((row) => toPortalBooking(row, practice, now)) };
}

/**
 * The client's own booking in this session, its session row locked for the rest of the request, so a
 * second cancel of it waits and then finds it canceled. Anyone else's session is a 404, like no session.
 */
export async function lockOwnBooking(db: Db, practice: Practice, clientId: string, sessionId: string, now = new Date()): Promise<PortalBooking> {
  const notYours = new DomainError("not_found", "You have no booking for that session.");
  if (!isUuid(sessionId) || !(await lockPortalSession(db, practice.id, clientId, sessionId))) throw notYours;
  const row = await findPortalBooking(db, practice.id, clientId, sessionId);
  if (!row) throw notYours;
  return toPortalBooking(row, practice, now);
}

/**
 * Cancels a booking the client may cancel (checked by the caller with cancelRefusal, under the lock), the
 * way the practice's own "canceled" does: the credit settles, the client is told, it is audited with the
 * portal login as the actor. Returns the sentence that says what happened.
 */
export async function cancelOwnBooking(db: Db, practice: Practice, actorUserId: string, booking: PortalBooking, now = new Date()) {
  const { session, attendee } = booking;
  await setAttendance(db, practice, actorUserId, session.id, attendee.clientId, "canceled", now);
  const canceled = `Your session on ${booking.when} is canceled.`;
  if (!attendee.enrollmentId) return canceled;
  const [reason, paidWith] = await Promise.all([
    lastLedgerReason(db, practice.id, attendee.enrollmentId, session.id),
    findClientEnrollment(db, practice.id, attendee.clientId, attendee.enrollmentId),
  ]);
  return reason === "cancel_refund" && paidWith ? `${canceled} 1 credit went back to your ${paidWith.program.name}.` : canceled;
}

/** The page's row for this booking after a change, read again. */
export async function reloadOwnBooking(db: Db, practice: Practice, clientId: string, sessionId: string, now = new Date()) {
  const row = await findPortalBooking(db, practice.id, clientId, sessionId);
  return row ? toPortalBooking(row, practice, now) : null;
}
