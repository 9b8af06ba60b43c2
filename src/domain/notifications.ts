// What a client is told about their bookings, written to the outbox in the transaction of the change
// that causes it (so a mail outage never holds up a booking: the worker delivers later). Reminders are
// not here: the scheduler plans them (src/domain/reminders.ts).
//
// - A booking is confirmed two minutes later: an undo within that grace takes the confirmation back and
//   the client hears nothing at all. A series booked at once is one email per client listing the dates.
// - A cancel is told once per client, unless the client never heard of the booking (its confirmation
//   was still waiting), and takes back the session's unsent reminders.
// - A move is told once per client (a second move within two minutes replaces the first notice); the
//   reminders re-plan themselves, since a reminder's key holds the session's start.
// Only sessions still ahead, only clients with an email; Calendly's own bookings are left to Calendly,
// which tells its invitees itself.
import type { Db } from "../db/client.js";
import type { CalendarSession, Practice, SessionAttendee } from "../db/schema.js";
import { bookingConfirmationEmail, cancellationEmail, sessionMovedEmail } from "../emails/booking.js";
import { cancelUnsentEmails, enqueueEmail } from "../queries/outbox.js";
import { listEmailRecipients, listReminderRecipients, listSessionFacts } from "../queries/reminders.js";
import { sessionFactsOf } from "./reminders.js";

/** Jane's undo window: a booking taken back this soon sends nothing. */
export const CONFIRMATION_GRACE_MS = 2 * 60_000;

export type Booking = { session: CalendarSession; attendee: SessionAttendee };

const toldByUs = (session: CalendarSession, now: Date) => session.startTime > now && !session.externalEventId;

async function factsBySession(tx: Db, practice: Practice, sessionIds: string[]) {
  const rows = await listSessionFacts(tx, practice.id, [...new Set(sessionIds)]);
  return new Map(rows.map((r) => [r.sessionId, sessionFactsOf(r, practice.timezone)]));
}

/** One confirmation per client for what was just booked (one session, or every date of a series). */
export async function confirmBookings(tx: Db, practice: Practice, bookings: Booking[], now = new Date()) {
  const ahead = bookings.filter((b) => toldByUs(b.session, now));
  if (!ahead.length) return;
  const recipients = await listEmailRecipients(tx, practice.id, [...new Set(ahead.map((b) => b.attendee.clientId))]);
  if (!recipients.length) return;
  const facts = await factsBySession(tx, practice, ahead.map((b) => b.session.id));
  for (const client of recipients) {
    const mine = ahead.filter((b) => b.attendee.clientId === client.id).sort((a, b) => a.session.startTime.getTime() - b.session.startTime.getTime());
    const first = mine[0]!;
    const { subject, message } = bookingConfirmationEmail({ practiceName: practice.name, clientFirstName: client.firstName, sessions: mine.map((b) => facts.get(b.session.id)!) });
    await enqueueEmail(tx, practice.id, {
      kind: "booking_confirmation", to: client.email!, subject, message, sendAt: new Date(now.getTime() + CONFIRMATION_GRACE_MS),
      // The booking's own moment is its cause: a retry of it is the same email, a booking again after a cancel a new one.
      dedupeKey: `booking:${first.attendee.id}:${first.attendee.updatedAt.getTime()}`, clientId: client.id,
      // A series' confirmation belongs to no one date: canceling its first date within the grace must not take back the rest.
      sessionId: mine.length === 1 ? first.session.id : null,
    });
  }
}

/**
 * These people's places in this session were canceled (one attendee, or everyone when the session is).
 * Their unsent reminders and confirmations are taken back; whoever had heard of the booking is told.
 */
export async function noticeCancellation(tx: Db, practice: Practice, session: CalendarSession, canceled: SessionAttendee[], now = new Date()) {
  if (!canceled.length) return;
  const only = canceled.length === 1 ? canceled[0]!.clientId : undefined;
  const takenBack = await cancelUnsentEmails(tx, practice.id, { sessionId: session.id, clientId: only, kinds: ["reminder", "booking_confirmation"] });
  const neverConfirmed = new Set(takenBack.filter((e) => e.dedupeKey.startsWith("booking:")).map((e) => e.clientId));
  if (!toldByUs(session, now)) return;
  const recipients = await listEmailRecipients(tx, practice.id, canceled.map((a) => a.clientId).filter((id) => !neverConfirmed.has(id)));
  if (!recipients.length) return;
  const facts = (await factsBySession(tx, practice, [session.id])).get(session.id)!;
  const attendeeOf = new Map(canceled.map((a) => [a.clientId, a]));
  for (const client of recipients) {
    const { subject, message } = cancellationEmail({ practiceName: practice.name, clientFirstName: client.firstName, session: facts, now });
    await enqueueEmail(tx, practice.id, {
      kind: "cancellation", to: client.email!, subject, message, sendAt: now,
      dedupeKey: `cancel:${attendeeOf.get(client.id)!.id}:${now.getTime()}`, clientId: client.id, sessionId: session.id,
    });
  }
}

/**
 * What the client last heard of a session's time before this move: the old start, unless a notice still
 * waiting was just taken back (then what that notice would have replaced; nothing if they never heard).
 */
function lastToldStart(takenBack: { dedupeKey: string; clientId: string | null }[], clientId: string, previousStart: Date): Date | null {
  const waiting = takenBack.find((e) => e.clientId === clientId && (e.dedupeKey.startsWith("booking:") || e.dedupeKey.startsWith("moved:")));
  if (!waiting) return previousStart;
  const was = /:was:(\d+)$/.exec(waiting.dedupeKey);
  return was ? new Date(Number(was[1]) * 1000) : null;
}

/** The session moved to another time: every registered client is told the new time; reminders follow by themselves. */
export async function noticeMove(tx: Db, practice: Practice, moved: CalendarSession, previousStart: Date, now = new Date()) {
  // The old time's unsent reminders and notices are wrong now; a notice still waiting is replaced by this one.
  const takenBack = await cancelUnsentEmails(tx, practice.id, { sessionId: moved.id, kinds: ["reminder", "booking_confirmation"] });
  if (moved.status !== "scheduled" || !toldByUs(moved, now)) return;
  const people = (await listReminderRecipients(tx, practice.id, moved.id)).filter((p) => p.email && !p.erasedAt);
  if (!people.length) return;
  const facts = (await factsBySession(tx, practice, [moved.id])).get(moved.id)!;
  for (const person of people) {
    const was = lastToldStart(takenBack, person.clientId, previousStart);
    const { subject, message } = sessionMovedEmail({ practiceName: practice.name, clientFirstName: person.clientFirstName, session: facts, previousStart: was });
    await enqueueEmail(tx, practice.id, {
      kind: "booking_confirmation", to: person.email!, subject, message, sendAt: new Date(now.getTime() + CONFIRMATION_GRACE_MS),
      dedupeKey: `moved:${person.attendeeId}:${moved.updatedAt.getTime()}${was ? `:was:${Math.floor(was.getTime() / 1000)}` : ""}`,
      clientId: person.clientId, sessionId: moved.id,
    });
  }
}
