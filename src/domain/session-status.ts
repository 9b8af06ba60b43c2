// A whole session's status: completed, no-show, canceled (by the client or by the practice) and back.
// The people booked into it follow the session, and so do their package credits: a practice's cancel
// refunds everyone; a client's cancel follows the cancellation window exactly as a per-attendee cancel
// does; reinstating restores the people the session's own change removed, taking their credits again
// under the same guarded update, or says who could not come back and why. Never a half state.
import type { Db } from "../db/client.js";
import type { CalendarSession, CancelParty, Practice, SessionAttendee, SessionStatus } from "../db/schema.js";
import { DomainError, pgErrorOf } from "../lib/errors.js";
import { formatDateTime } from "../lib/time.js";
import { recordAudit } from "../queries/audit-log.js";
import { insertLedgerRow, lastLedgerReason, takeCredit } from "../queries/programs.js";
import {
  countActiveAttendees, findSessionForUpdate, listAttendeesChangedWithSession, moveRegisteredAttendees, restoreAttendee, updateSessionRow,
} from "../queries/sessions.js";
import { doubleBookedError } from "./booking.js";
import { recordNoShow, settleCanceledBooking } from "./credits.js";
import { addAutomaticFollowUps } from "./follow-ups.js";
import { noticeCancellation } from "./notifications.js";

export type StatusChange = { status: SessionStatus; cancelReason?: string | null; canceledBy?: CancelParty | null };
/** Someone a reinstated session could not take back, with the reason in words. */
export type LeftOut = { clientId: string; clientName: string; reason: string };
export type StatusOutcome = { session: CalendarSession; leftOut: LeftOut[] };

// What a session's status change does to the people booked into it.
const attendeesFollow: Partial<Record<SessionStatus, "canceled" | "no_show">> = { canceled: "canceled", no_show: "no_show" };

/** Completed and no-show describe what happened: not before the session has started. */
function refuseBeforeStart(session: CalendarSession, status: SessionStatus, timeZone: string, now: Date) {
  if ((status === "completed" || status === "no_show") && now < session.startTime) {
    const what = status === "completed" ? "completed" : "a no-show";
    throw new DomainError("validation_failed", `The session starts ${formatDateTime(session.startTime, timeZone)}: it can be marked ${what} once it has started.`,
      { status: "Not before the session starts." });
  }
}

export async function setSessionStatus(db: Db, practice: Practice, actorUserId: string, sessionId: string, change: StatusChange, now = new Date()): Promise<StatusOutcome | null> {
  try {
    return await db.transaction(async (tx) => {
      const session = await findSessionForUpdate(tx, practice.id, sessionId);
      if (!session) return null;
      if (session.status === change.status) return { session, leftOut: [] };
      refuseBeforeStart(session, change.status, practice.timezone, now);
      const canceledBy = change.status === "canceled" ? await cancelParty(tx, practice.id, session, change.canceledBy) : null;
      const leftOut = attendeesFollow[session.status] ? await reinstateAttendees(tx, practice, actorUserId, session) : [];
      const updated = await updateSessionRow(tx, practice.id, sessionId, {
        status: change.status, cancelReason: canceledBy ? change.cancelReason ?? null : null, canceledBy,
      });
      await moveAttendeesWithSession(tx, practice, actorUserId, session, change.status, canceledBy, now);
      if (change.status === "completed") await addAutomaticFollowUps(tx, practice, actorUserId, updated!);
      await recordAudit(tx, practice.id, { actorUserId, action: change.status, entity: "session", entityId: sessionId, diff: {
        status: [session.status, change.status], ...(canceledBy ? { canceledBy } : {}), ...(change.cancelReason ? { reason: change.cancelReason } : {}),
        ...(leftOut.length ? { leftOut: leftOut.map((l) => l.clientId) } : {}),
      } });
      return { session: updated!, leftOut };
    });
  } catch (error) {
    // Reinstating a session whose slot was taken meanwhile.
    if (pgErrorOf(error)?.code !== "23P01") throw error;
    const session = await findSessionForUpdate(db, practice.id, sessionId);
    throw await doubleBookedError(db, practice, session!.practitionerId, session!.startTime, session!.endTime, sessionId);
  }
}

/** Who canceled must be said when anyone is booked: it decides whether their credits come back. */
async function cancelParty(tx: Db, practiceId: string, session: CalendarSession, given: CancelParty | null | undefined): Promise<CancelParty> {
  if (given) return given;
  if ((await countActiveAttendees(tx, practiceId, session.id)) === 0) return "practice";
  throw new DomainError("validation_failed", "Say who canceled: the client (the cancellation window applies) or the practice (every credit is returned).",
    { canceledBy: "Choose who canceled." });
}

async function moveAttendeesWithSession(tx: Db, practice: Practice, actorUserId: string, session: CalendarSession, status: SessionStatus,
  canceledBy: CancelParty | null, now: Date) {
  const to = attendeesFollow[status];
  if (!to) return;
  const moved = await moveRegisteredAttendees(tx, practice.id, session.id, to);
  for (const attendee of moved) {
    if (to === "canceled") await settleCanceledBooking(tx, practice, actorUserId, session, attendee, canceledBy ?? "practice", now);
    else await recordNoShow(tx, practice.id, actorUserId, session, attendee);
  }
  // One notice per person it canceled; its unsent reminders and confirmations are taken back.
  if (to === "canceled") await noticeCancellation(tx, practice, session, moved, now);
}

/**
 * Back from canceled or no-show: everyone the session's change removed is booked again. A credit the
 * cancel returned is taken again (the guarded update: none left means they stay out, named); a credit
 * the cancel kept (late cancel, no-show) still pays for the booking. Capacity still holds.
 */
async function reinstateAttendees(tx: Db, practice: Practice, actorUserId: string, session: CalendarSession): Promise<LeftOut[]> {
  const leftOut: LeftOut[] = [];
  let active = await countActiveAttendees(tx, practice.id, session.id);
  for (const { attendee, clientName, programName } of await listAttendeesChangedWithSession(tx, practice.id, session.id)) {
    const refusal = active >= session.capacity ? `the session is full (${active}/${session.capacity})`
      : await retakeCredit(tx, practice.id, actorUserId, session, attendee, programName);
    if (refusal) leftOut.push({ clientId: attendee.clientId, clientName, reason: refusal });
    await restoreAttendee(tx, practice.id, attendee.id, refusal ? attendee.attendanceStatus : "registered");
    if (!refusal) active++;
  }
  return leftOut;
}

/** Null when the booking is paid for again; otherwise why not. */
async function retakeCredit(tx: Db, practiceId: string, actorUserId: string, session: CalendarSession, attendee: SessionAttendee, programName: string | null) {
  if (!attendee.enrollmentId) return null;
  if ((await lastLedgerReason(tx, practiceId, attendee.enrollmentId, session.id)) !== "cancel_refund") return null;
  if (!(await takeCredit(tx, practiceId, attendee.enrollmentId))) return `no credits left in ${programName ?? "their package"}`;
  await insertLedgerRow(tx, practiceId, { enrollmentId: attendee.enrollmentId, delta: -1, reason: "booking", sessionId: session.id, note: "Session reinstated", createdBy: actorUserId });
  return null;
}
