// What the reminder scheduler and the booking emails read: sessions with the names a message needs, and
// the clients' reminder settings. The scheduler's own query looks across practices (it serves them all);
// everything else takes the practice first, like every query.
import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clients, outbox, practices, services, sessionAttendees, sessions, users } from "../db/schema.js";

/** The one dedupe key of a reminder: a new start (a move) is a new reminder, a sent one never repeats. */
export const reminderKey = (attendeeId: string, offsetMinutes: number, start: Date) =>
  `reminder:${attendeeId}:${offsetMinutes}:${Math.floor(start.getTime() / 1000)}`;

/** Every offset some practice uses: a handful, since each practice has at most five. */
export async function listReminderOffsetsInUse(db: Db) {
  const rows = await db.selectDistinct({ minutes: sql<number>`unnest(${practices.reminderOffsetsMinutes})` }).from(practices);
  return rows.map((r) => Number(r.minutes));
}

const sessionFactColumns = {
  sessionId: sessions.id, title: sessions.title, serviceName: services.name, start: sessions.startTime, end: sessions.endTime,
  location: sessions.location, practitionerName: users.fullName, updatedAt: sessions.updatedAt,
};

/**
 * The reminders for one offset whose time has come and that are not written yet. A session starting in
 * (now + offset − staleAfter, now + offset] has its reminder instant in [now − staleAfter, now]; the range
 * is a scan of the partial index sessions_scheduled_start_idx, whatever the number of practices.
 * A booking made after the reminder instant gets none for that offset (it was too late to remind).
 */
export async function listDueReminders(db: Db, offsetMinutes: number, staleAfterMs: number, now: Date, limit: number) {
  const offsetMs = offsetMinutes * 60_000;
  const instant = sql`${sessions.startTime} - make_interval(mins => ${offsetMinutes}::int)`;
  const rows = await db.select({
    ...sessionFactColumns, attendeeId: sessionAttendees.id, practiceId: sessions.practiceId, practiceName: practices.name,
    timezone: practices.timezone, clientId: clients.id, clientFirstName: clients.firstName, email: clients.email,
  }).from(sessions)
    .innerJoin(practices, eq(practices.id, sessions.practiceId))
    .innerJoin(sessionAttendees, and(eq(sessionAttendees.practiceId, sessions.practiceId), eq(sessionAttendees.sessionId, sessions.id)))
    .innerJoin(clients, and(eq(clients.practiceId, sessionAttendees.practiceId), eq(clients.id, sessionAttendees.clientId)))
    .innerJoin(users, eq(users.id, sessions.practitionerId))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .where(and(
      eq(sessions.status, "scheduled"),
      // At most staleAfterMs late (always less than the offset, so the session has not started).
      gte(sessions.startTime, new Date(now.getTime() + offsetMs - Math.min(staleAfterMs, offsetMs - 1))),
      lte(sessions.startTime, new Date(now.getTime() + offsetMs)),
      sql`${offsetMinutes}::int = any(${practices.reminderOffsetsMinutes})`,
      eq(sessionAttendees.attendanceStatus, "registered"),
      sql`${sessionAttendees.createdAt} < ${instant}`,
      isNotNull(clients.email), isNull(clients.remindersOffAt), isNull(clients.erasedAt),
      // Booked again after a cancel, later than the reminder time: its confirmation says when.
      sql`not exists (select 1 from ${outbox} where ${outbox.practiceId} = ${sessions.practiceId} and ${outbox.sessionId} = ${sessions.id}
        and ${outbox.clientId} = ${clients.id} and ${outbox.kind} = 'booking_confirmation' and ${outbox.createdAt} >= ${instant})`,
      sql`not exists (select 1 from ${outbox} where ${outbox.dedupeKey} = 'reminder:' || ${sessionAttendees.id} || ':' || ${offsetMinutes}::int
        || ':' || floor(extract(epoch from ${sessions.startTime}))::bigint)`,
    ))
    .orderBy(asc(sessions.startTime)).limit(limit);
  return rows.map((r) => ({ ...r, email: r.email!, offsetMinutes }));
}
export type DueReminder = Awaited<ReturnType<typeof listDueReminders>>[number];

/** Sessions of this practice with the names an email about them says, in start order. */
export async function listSessionFacts(db: Db, practiceId: string, sessionIds: string[]) {
  if (!sessionIds.length) return [];
  return db.select(sessionFactColumns).from(sessions)
    .innerJoin(users, eq(users.id, sessions.practitionerId))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .where(and(eq(sessions.practiceId, practiceId), inArray(sessions.id, sessionIds)))
    .orderBy(asc(sessions.startTime));
}
export type SessionFactRow = Awaited<ReturnType<typeof listSessionFacts>>[number];

/** Who of a session's people would get its reminders, and what stops them: for the session's notification section. */
export async function listReminderRecipients(db: Db, practiceId: string, sessionId: string) {
  return db.select({
    attendeeId: sessionAttendees.id, bookedAt: sessionAttendees.createdAt, clientId: clients.id, clientFirstName: clients.firstName,
    clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`, email: clients.email,
    remindersOffAt: clients.remindersOffAt, erasedAt: clients.erasedAt,
  }).from(sessionAttendees)
    .innerJoin(clients, and(eq(clients.practiceId, sessionAttendees.practiceId), eq(clients.id, sessionAttendees.clientId)))
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.attendanceStatus, "registered")))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
}
export type ReminderRecipient = Awaited<ReturnType<typeof listReminderRecipients>>[number];

/** The clients an email about their bookings goes to (only those with an address that is still theirs). */
export async function listEmailRecipients(db: Db, practiceId: string, clientIds: string[]) {
  if (!clientIds.length) return [];
  return db.select({ id: clients.id, firstName: clients.firstName, email: clients.email }).from(clients)
    .where(and(eq(clients.practiceId, practiceId), inArray(clients.id, clientIds), isNotNull(clients.email), isNull(clients.erasedAt)));
}

/** Which of these dedupe keys were written (in any status). */
export async function existingDedupeKeys(db: Db, practiceId: string, keys: string[]) {
  if (!keys.length) return new Set<string>();
  const rows = await db.select({ key: outbox.dedupeKey }).from(outbox).where(and(eq(outbox.practiceId, practiceId), inArray(outbox.dedupeKey, keys)));
  return new Set(rows.map((r) => r.key));
}

/** Off from this instant (kept when already off: the first unsubscribe's time stays), or back on with null. */
export async function setClientRemindersOff(db: Db, practiceId: string, clientId: string, offAt: Date | null) {
  const [row] = await db.update(clients)
    .set({ remindersOffAt: offAt ? sql`coalesce(${clients.remindersOffAt}, ${offAt.toISOString()}::timestamptz)` : null, updatedAt: new Date() })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).returning();
  return row ?? null;
}

