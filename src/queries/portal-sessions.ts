// What the client portal reads about one client's own bookings and packages. Every function takes the
// signed-in client's (practiceId, clientId) from the portal's middleware and filters by both, so a
// session id typed into a portal URL finds nothing unless it is one of this client's own bookings.
import { and, asc, desc, eq, gt, gte, inArray, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { programEnrollments, programs, services, sessionAttendees, sessions, users } from "../db/schema.js";

/** The client's place in a session, with what it is, who leads it and how to reach them. */
const bookingColumns = {
  session: sessions, attendee: sessionAttendees, serviceName: services.name, practitionerName: users.fullName, practitionerEmail: users.email,
};

// A builder per query: drizzle builders are mutable, so one shared base would get both WHEREs. Each caller's
// WHERE starts with `mine`, the (practice, client) scope.
const bookings = (db: Db) => db.select(bookingColumns).from(sessionAttendees)
  .innerJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
  .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
  .innerJoin(users, eq(users.id, sessions.practitionerId));

const mine = (practiceId: string, clientId: string) => and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.clientId, clientId));

/** Sessions not over yet (soonest first) and the latest past ones (newest first), canceled ones included. */
export async function listPortalBookings(db: Db, practiceId: string, clientId: string, now: Date, limit = 50) {
  const [upcoming, past] = await Promise.all([
    bookings(db).where(and(mine(practiceId, clientId), gt(sessions.endTime, now)))
      .orderBy(asc(sessions.startTime), asc(sessions.id)).limit(limit),
    bookings(db).where(and(mine(practiceId, clientId), lte(sessions.endTime, now)))
      .orderBy(desc(sessions.startTime), asc(sessions.id)).limit(limit),
  ]);
  return { upcoming, past };
}
export type PortalBookingRow = Awaited<ReturnType<typeof listPortalBookings>>["upcoming"][number];

/** The next session the client is still booked into (not canceled, not started yet), or null. */
export async function findNextPortalBooking(db: Db, practiceId: string, clientId: string, now: Date) {
  const [row] = await bookings(db)
    .where(and(mine(practiceId, clientId), gte(sessions.startTime, now), eq(sessions.status, "scheduled"), ne(sessionAttendees.attendanceStatus, "canceled")))
    .orderBy(asc(sessions.startTime), asc(sessions.id)).limit(1);
  return row ?? null;
}

/** One of the client's own bookings, or null: another client's or another practice's session is not found. */
export async function findPortalBooking(db: Db, practiceId: string, clientId: string, sessionId: string) {
  const [row] = await bookings(db)
    .where(and(mine(practiceId, clientId), eq(sessionAttendees.sessionId, sessionId)));
  return row ?? null;
}

/**
 * Locks the session row when the client is booked into it (the lock booking.ts takes first, so two
 * cancels of one booking take turns); false when it is not theirs. The booking is read after this, in a
 * statement of its own, so that a cancel that finished while we waited is seen.
 */
export async function lockPortalSession(db: Db, practiceId: string, clientId: string, sessionId: string) {
  const rows = await db.select({ id: sessions.id }).from(sessions)
    .where(and(eq(sessions.practiceId, practiceId), eq(sessions.id, sessionId), sql`exists (select 1 from ${sessionAttendees}
      where ${sessionAttendees.practiceId} = ${practiceId} and ${sessionAttendees.sessionId} = ${sessions.id} and ${sessionAttendees.clientId} = ${clientId})`))
    .for("update");
  return rows.length > 0;
}

/** The client's active enrollments with their programs, soonest to expire first (the portal home's credits). */
export async function listActivePortalEnrollments(db: Db, practiceId: string, clientId: string) {
  return db.select({ enrollment: programEnrollments, program: programs }).from(programEnrollments)
    .innerJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.clientId, clientId), eq(programEnrollments.status, "active")))
    .orderBy(sql`${programEnrollments.expiresAt} asc nulls last`, asc(programEnrollments.enrolledAt));
}

/** What the sessions named in a client's credit history were, for "Booked Massage on Tue 8 Dec". */
export async function listLedgerSessions(db: Db, practiceId: string, clientId: string, sessionIds: string[]) {
  if (!sessionIds.length) return [];
  return db.select({ id: sessions.id, startTime: sessions.startTime, title: sessions.title, serviceName: services.name }).from(sessions)
    .innerJoin(sessionAttendees, and(eq(sessionAttendees.practiceId, sessions.practiceId), eq(sessionAttendees.sessionId, sessions.id), eq(sessionAttendees.clientId, clientId)))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .where(and(eq(sessions.practiceId, practiceId), inArray(sessions.id, [...new Set(sessionIds)])));
}
export type LedgerSession = Awaited<ReturnType<typeof listLedgerSessions>>[number];
