// Booking rules that must hold under concurrency. The database is the guard (exclusion constraint, row
// lock, unique keys); this module turns its refusals into sentences a practitioner can act on.
import type { Db } from "../db/client.js";
import type { AttendanceStatus, CalendarSession, Practice } from "../db/schema.js";
import { CHECK_IN_OPENS_HOURS, checkInOpensAt } from "../lib/attendance.js";
import { formatDay, formatTime, localParts } from "../lib/time.js";
import { findClient, recomputeLastVisit, recordVisit } from "../queries/clients.js";
import {
  checkInAttendee, countActiveAttendees, findAttendee, findSessionForUpdate, insertAttendee, insertSessions,
  overlappingSessions, updateAttendee, updateSessionRow, type SessionValues,
} from "../queries/sessions.js";
import { visitCharge } from "./payments.js";
import { settleAttendance } from "../queries/payments.js";
import { chargeBooking, completeIfUsedUp, recordNoShow, reopenIfCompleted, settleCanceledBooking, type BookingPayment } from "./credits.js";
import { recordAudit } from "../queries/audit-log.js";
import { claimSubmission, recordSubmissionResult } from "../queries/form-submissions.js";
import { assignTemplates, listServiceTemplateIds } from "../queries/metrics.js";
import { DomainError, pgErrorOf } from "../lib/errors.js";
import { confirmBookings, noticeCancellation, noticeMove, type Booking } from "./notifications.js";

type Tx = Db;

const isDoubleBooking = (error: unknown) => pgErrorOf(error)?.code === "23P01";

const SEARCH_DAYS = 14;

/** The first gap of `durationMs` for this practitioner at or after `from`, looking two weeks ahead. */
export async function nextFreeSlot(db: Db, practiceId: string, practitionerId: string, from: Date, durationMs: number) {
  const horizon = new Date(from.getTime() + SEARCH_DAYS * 86_400_000);
  const busy = await overlappingSessions(db, practiceId, practitionerId, from, horizon);
  let candidate = from.getTime();
  for (const { session } of busy) {
    if (session.startTime.getTime() >= candidate + durationMs) break;
    candidate = Math.max(candidate, session.endTime.getTime());
  }
  return new Date(candidate);
}

/** "Already booked 10:00–11:00 on Wed 25 Nov (60-minute massage). Next free slot: 11:00–12:00 on Wed 25 Nov." */
export async function doubleBookedError(db: Db, practice: Practice, practitionerId: string, start: Date, end: Date, exceptId?: string) {
  const [clash] = await overlappingSessions(db, practice.id, practitionerId, start, end, exceptId);
  const tz = practice.timezone;
  const span = (a: Date, b: Date) => `${formatTime(a, tz)}–${formatTime(b, tz)} on ${formatDay(localParts(a, tz).date)}`;
  const free = await nextFreeSlot(db, practice.id, practitionerId, clash ? clash.session.endTime : end, end.getTime() - start.getTime());
  const freeEnd = new Date(free.getTime() + (end.getTime() - start.getTime()));
  const what = clash ? `already booked ${span(clash.session.startTime, clash.session.endTime)}${clash.serviceName || clash.session.title ? ` (${clash.serviceName ?? clash.session.title})` : ""}` : "already booked at that time";
  return new DomainError("double_booked", `The practitioner is ${what}. Next free slot: ${span(free, freeEnd)}.`, { startTime: `Clashes with a session ${what.replace("already booked ", "")}.` }, {
    ...(clash ? { clashingSessionId: clash.session.id } : {}),
    nextFreeStart: free.toISOString(), nextFreeEnd: freeEnd.toISOString(),
  });
}

/**
 * Creates sessions (one, or a series' occurrences) and their first attendees in one transaction. With a
 * form's `submission` key, a retry answers with the session the first submission made.
 */
/**
 * The most places one request may book (sessions × clients). Each place takes its own row locks and
 * ledger row; 104 weekly sessions × 200 clients once held a connection for two minutes. The rest of a
 * big group is added to the series afterwards, a client at a time.
 */
export const MAX_PLACES_PER_REQUEST = 1000;

export async function createSessions(db: Db, practice: Practice, actorUserId: string, values: SessionValues[], clientIds: string[] = [], payment: BookingPayment = {},
  submission?: string | null) {
  const places = values.length * clientIds.length;
  if (places > MAX_PLACES_PER_REQUEST) {
    const message = `One booking can fill at most ${MAX_PLACES_PER_REQUEST.toLocaleString("en-GB")} places; this would be ${values.length} sessions × ${clientIds.length} clients = ${places.toLocaleString("en-GB")}. Choose fewer clients now and add the others afterwards.`;
    throw new DomainError("validation_failed", message, { clientIds: message });
  }
  try {
    return await db.transaction(async (tx) => {
      const claim = submission ? await claimSubmission(tx, practice.id, submission) : null;
      const made = claim && !claim.first && claim.resultId ? await findSessionForUpdate(tx, practice.id, claim.resultId) : null;
      if (made) return [made];
      const created = await insertSessions(tx, practice.id, values);
      if (submission) await recordSubmissionResult(tx, practice.id, submission, created[0]!.id);
      const booked: Booking[] = [];
      for (const session of created) {
        for (const clientId of clientIds) booked.push({ session, attendee: await addAttendeeLocked(tx, practice, actorUserId, session, clientId, payment) });
        await recordAudit(tx, practice.id, { actorUserId, action: "create", entity: "session", entityId: session.id });
      }
      await confirmBookings(tx, practice, booked);
      return created;
    });
  } catch (error) {
    if (!isDoubleBooking(error)) throw error;
    const first = values[0]!;
    throw await doubleBookedError(db, practice, first.practitionerId, first.startTime, first.endTime);
  }
}

export type SessionChanges = { startTime?: Date; endTime?: Date; location?: string | null; capacity?: number; notes?: string | null; practitionerId?: string; serviceId?: string | null };

/** Moves or edits a session. Capacity can never drop below the people already booked. */
export async function changeSession(db: Db, practice: Practice, actorUserId: string, sessionId: string, changes: SessionChanges) {
  try {
    return await db.transaction(async (tx) => {
      const session = await findSessionForUpdate(tx, practice.id, sessionId);
      if (!session) return null;
      const start = changes.startTime ?? session.startTime;
      const end = changes.endTime ?? (changes.startTime ? new Date(start.getTime() + (session.endTime.getTime() - session.startTime.getTime())) : session.endTime);
      if (end <= start) throw new DomainError("validation_failed", "The session must end after it starts.", { endTime: "End after the start." });
      if (changes.capacity !== undefined) {
        const booked = await countActiveAttendees(tx, practice.id, sessionId);
        if (changes.capacity < booked) throw new DomainError("validation_failed", `${booked} people are booked: the capacity cannot be lower.`, { capacity: `At least ${booked}: that many are booked.` });
      }
      const updated = await updateSessionRow(tx, practice.id, sessionId, { ...changes, startTime: start, endTime: end });
      await recordAudit(tx, practice.id, { actorUserId, action: "update", entity: "session", entityId: sessionId, diff: { startTime: [session.startTime, start], endTime: [session.endTime, end] } });
      if (start.getTime() !== session.startTime.getTime()) await noticeMove(tx, practice, updated!, session.startTime);
      return updated;
    });
  } catch (error) {
    if (!isDoubleBooking(error)) throw error;
    const session = await findSessionForUpdate(db, practice.id, sessionId);
    const start = changes.startTime ?? session!.startTime;
    const end = changes.endTime ?? new Date(start.getTime() + (session!.endTime.getTime() - session!.startTime.getTime()));
    throw await doubleBookedError(db, practice, changes.practitionerId ?? session!.practitionerId, start, end, sessionId);
  }
}

/** Inside a transaction that holds the session row lock: capacity, duplicates and credits are decided here. */
async function addAttendeeLocked(tx: Tx, practice: Practice, actorUserId: string, session: CalendarSession, clientId: string, payment: BookingPayment) {
  const practiceId = practice.id;
  if (session.status === "canceled") throw new DomainError("conflict", "This session is canceled: book the client into another one.");
  const client = await findClient(tx, practiceId, clientId);
  if (!client) throw new DomainError("not_found", "There is no such client in this practice.", { clientId: "Choose a client of this practice." });
  const existing = await findAttendee(tx, practiceId, session.id, clientId);
  if (existing && existing.attendanceStatus !== "canceled") {
    throw new DomainError("conflict", `${client.firstName} ${client.lastName} is already booked into this session.`, { clientId: "Already booked." });
  }
  const booked = await countActiveAttendees(tx, practiceId, session.id);
  if (booked >= session.capacity) {
    throw new DomainError("capacity_full", `This session is full (${booked}/${session.capacity}). Raise the capacity or book ${client.firstName} into another session.`, { clientId: "The session is full." });
  }
  const enrollmentId = await chargeBooking(tx, practice, actorUserId, session, clientId, payment);
  const charge = enrollmentId ? { priceCents: 0, paymentStatus: "covered" as const } : await visitCharge(tx, practiceId, session, clientId);
  if (existing) {
    // Booked again: priced again, and whatever was paid for the canceled booking counts towards it.
    await updateAttendee(tx, practiceId, session.id, clientId, { attendanceStatus: "registered", checkInTime: null, enrollmentId, ...charge });
    return (await settleAttendance(tx, practiceId, existing.id))!;
  }
  // First booking into a service: the client starts tracking the metrics that service asks for.
  if (session.serviceId) await assignTemplates(tx, practiceId, clientId, await listServiceTemplateIds(tx, practiceId, session.serviceId));
  return insertAttendee(tx, practiceId, session.id, clientId, enrollmentId, charge);
}

/** Adds one or several clients together: all of them fit (and can pay), or none is added. */
export async function addAttendees(db: Db, practice: Practice, actorUserId: string, sessionId: string, clientIds: string[], payment: BookingPayment = {}) {
  if (!clientIds.length) throw new DomainError("validation_failed", "Choose at least one client to add.", { clientId: "Choose a client." });
  return db.transaction(async (tx) => {
    const session = await findSessionForUpdate(tx, practice.id, sessionId);
    if (!session) throw new DomainError("not_found", "There is no such session in this practice.");
    const added = [];
    for (const clientId of clientIds) {
      added.push(await addAttendeeLocked(tx, practice, actorUserId, session, clientId, payment));
      await recordAudit(tx, practice.id, { actorUserId, action: "add_attendee", entity: "session", entityId: sessionId, diff: { clientId } });
    }
    await confirmBookings(tx, practice, added.map((attendee) => ({ session, attendee })));
    return added;
  });
}

export async function addAttendee(db: Db, practice: Practice, actorUserId: string, sessionId: string, clientId: string, payment: BookingPayment = {}) {
  const [attendee] = await addAttendees(db, practice, actorUserId, sessionId, [clientId], payment);
  return attendee!;
}

function refuseEarlyCheckIn(session: CalendarSession, timeZone: string, now: Date) {
  const opens = checkInOpensAt(session.startTime);
  if (now >= opens) return;
  throw new DomainError("validation_failed",
    `Check-in opens ${CHECK_IN_OPENS_HOURS} hours before the session: from ${formatTime(opens, timeZone)} on ${formatDay(localParts(opens, timeZone).date)}.`);
}

/** One tap at the front desk. A second tap changes nothing and writes nothing; a canceled booking cannot be checked in. */
export async function checkIn(db: Db, practice: Practice, sessionId: string, clientId: string, now = new Date()) {
  const practiceId = practice.id;
  const existing = await findAttendee(db, practiceId, sessionId, clientId);
  if (!existing) return null;
  if (existing.attendanceStatus === "attended") return existing;
  if (existing.attendanceStatus === "canceled") throw new DomainError("conflict", "This booking was canceled: add the client again to check them in.");
  return db.transaction(async (tx) => {
    // Locks in the one order: the session, then the attendee, then the enrollment.
    const session = (await findSessionForUpdate(tx, practiceId, sessionId))!;
    refuseEarlyCheckIn(session, practice.timezone, now);
    const attendee = await checkInAttendee(tx, practiceId, sessionId, clientId, now);
    if (!attendee) throw new DomainError("conflict", "This booking was canceled: add the client again to check them in.");
    // A visit is when it happened: an early check-in for a later session must not put it in the future.
    await recordVisit(tx, practiceId, clientId, new Date(Math.min(session.startTime.getTime(), now.getTime())));
    await completeIfUsedUp(tx, practice, attendee.enrollmentId);
    return attendee;
  });
}

/**
 * A mis-tapped check-in, undone the same day: back to booked, audited. The client's last visit is
 * recomputed from what they really attended, and a package this check-in completed is active again.
 */
export async function undoCheckIn(db: Db, practice: Practice, actorUserId: string, sessionId: string, clientId: string, now = new Date()) {
  const practiceId = practice.id;
  return db.transaction(async (tx) => {
    const session = await findSessionForUpdate(tx, practiceId, sessionId);
    const existing = session ? await findAttendee(tx, practiceId, sessionId, clientId) : null;
    if (!existing) return null;
    if (existing.attendanceStatus !== "attended") return existing;
    if (!existing.checkInTime || localParts(existing.checkInTime, practice.timezone).date !== localParts(now, practice.timezone).date) {
      throw new DomainError("conflict", "A check-in can be undone on the day it was made; after that, correct the attendance instead.");
    }
    const attendee = await updateAttendee(tx, practiceId, sessionId, clientId, { attendanceStatus: "registered", checkInTime: null });
    await recomputeLastVisit(tx, practiceId, clientId);
    await reopenIfCompleted(tx, practiceId, existing.enrollmentId);
    await recordAudit(tx, practiceId, { actorUserId, action: "undo_check_in", entity: "session", entityId: sessionId, diff: { clientId, checkInTime: [existing.checkInTime, null] } });
    return attendee;
  });
}

export async function setAttendance(db: Db, practice: Practice, actorUserId: string, sessionId: string, clientId: string, status: Exclude<AttendanceStatus, "attended">, now = new Date()) {
  const practiceId = practice.id;
  return db.transaction(async (tx) => {
    const session = await findSessionForUpdate(tx, practiceId, sessionId);
    if (!session) return null;
    const existing = await findAttendee(tx, practiceId, sessionId, clientId);
    if (!existing) return null;
    if (existing.attendanceStatus === status) return existing;
    if (status === "no_show" && now < session.startTime) {
      throw new DomainError("validation_failed", `The session starts ${formatDay(localParts(session.startTime, practice.timezone).date)} at ${formatTime(session.startTime, practice.timezone)}: a no-show is marked once it has started.`);
    }
    if (status === "registered" && existing.attendanceStatus === "canceled") {
      const booked = await addAttendeeLocked(tx, practice, actorUserId, session, clientId, {});
      await confirmBookings(tx, practice, [{ session, attendee: booked }], now);
      return booked;
    }
    const attendee = await updateAttendee(tx, practiceId, sessionId, clientId, { attendanceStatus: status, ...(status === "registered" ? { checkInTime: null } : {}) });
    if (status === "canceled" && existing.attendanceStatus === "registered") {
      await settleCanceledBooking(tx, practice, actorUserId, session, existing, "client", now);
      await noticeCancellation(tx, practice, session, [attendee!], now);
    }
    if (status === "no_show" && existing.attendanceStatus === "registered") await recordNoShow(tx, practiceId, actorUserId, session, existing);
    await recordAudit(tx, practiceId, { actorUserId, action: `attendance_${status}`, entity: "session", entityId: sessionId, diff: { clientId } });
    return attendee;
  });
}
