import { and, asc, eq, gt, gte, inArray, lt, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  clients, memberships, programEnrollments, programPhases, programs, services, sessionAttendees, sessionSeries, sessions, users,
  type AttendanceStatus, type CalendarSession, type CancelParty, type PaymentStatus, type SeriesRule, type SessionAttendee, type SessionStatus,
} from "../db/schema.js";

export type SessionValues = {
  serviceId: string | null; practitionerId: string; seriesId?: string | null; title?: string | null; programId?: string | null; phaseId?: string | null;
  startTime: Date; endTime: Date; location: string | null; capacity: number; notes: string | null; externalEventId?: string | null;
};

export type AttendeeView = { attendee: SessionAttendee; clientName: string };
export type SessionView = { session: CalendarSession; serviceName: string | null; practitionerName: string; programName: string | null; phaseName: string | null; attendees: AttendeeView[] };

export async function findSessionForUpdate(db: Db, practiceId: string, sessionId: string) {
  const [session] = await db.select().from(sessions).where(and(eq(sessions.practiceId, practiceId), eq(sessions.id, sessionId))).for("update");
  return session ?? null;
}

export async function findSessionByExternalId(db: Db, practiceId: string, externalEventId: string) {
  const [session] = await db.select().from(sessions).where(and(eq(sessions.practiceId, practiceId), eq(sessions.externalEventId, externalEventId)));
  return session ?? null;
}

export async function insertSeries(db: Db, practiceId: string, rule: SeriesRule) {
  const [series] = await db.insert(sessionSeries).values({ practiceId, rule }).returning();
  return series!;
}

export async function listSeriesSessions(db: Db, practiceId: string, seriesId: string) {
  return db.select().from(sessions).where(and(eq(sessions.practiceId, practiceId), eq(sessions.seriesId, seriesId))).orderBy(asc(sessions.startTime));
}

export async function insertSessions(db: Db, practiceId: string, values: SessionValues[]) {
  if (!values.length) return [];
  return db.insert(sessions).values(values.map((v) => ({ ...v, practiceId }))).returning();
}

export async function updateSessionRow(db: Db, practiceId: string, sessionId: string, values: Partial<SessionValues> & { status?: SessionStatus; cancelReason?: string | null; canceledBy?: CancelParty | null }) {
  const [session] = await db.update(sessions).set({ ...values, updatedAt: new Date() })
    .where(and(eq(sessions.practiceId, practiceId), eq(sessions.id, sessionId))).returning();
  return session ?? null;
}

/** Non-canceled sessions of one practitioner overlapping [start, end), oldest first. */
export async function overlappingSessions(db: Db, practiceId: string, practitionerId: string, start: Date, end: Date, exceptId?: string) {
  const conditions = [
    eq(sessions.practiceId, practiceId), eq(sessions.practitionerId, practitionerId), ne(sessions.status, "canceled"),
    lt(sessions.startTime, end), gt(sessions.endTime, start),
  ];
  if (exceptId) conditions.push(ne(sessions.id, exceptId));
  return db.select({ session: sessions, serviceName: services.name }).from(sessions)
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .where(and(...conditions)).orderBy(asc(sessions.startTime));
}

/**
 * Sessions starting in [from, to) with their service, practitioner and attendees: two queries for the
 * whole range, never one per session.
 */
export async function listSessionViews(db: Db, practiceId: string, from: Date, to: Date, filter: { practitionerId?: string; sessionIds?: string[] } = {}): Promise<SessionView[]> {
  const conditions = [eq(sessions.practiceId, practiceId)];
  if (filter.sessionIds) conditions.push(inArray(sessions.id, filter.sessionIds));
  else conditions.push(gte(sessions.startTime, from), lt(sessions.startTime, to));
  if (filter.practitionerId) conditions.push(eq(sessions.practitionerId, filter.practitionerId));
  const rows = await db.select({ session: sessions, serviceName: services.name, practitionerName: users.fullName, programName: programs.name, phaseName: programPhases.name })
    .from(sessions)
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .leftJoin(programs, and(eq(programs.practiceId, sessions.practiceId), eq(programs.id, sessions.programId)))
    .leftJoin(programPhases, and(eq(programPhases.practiceId, sessions.practiceId), eq(programPhases.id, sessions.phaseId)))
    .innerJoin(users, eq(users.id, sessions.practitionerId))
    .where(and(...conditions)).orderBy(asc(sessions.startTime), asc(sessions.id));
  if (!rows.length) return [];
  const attendees = await listAttendeeViews(db, practiceId, rows.map((r) => r.session.id));
  return rows.map((r) => ({ ...r, attendees: attendees.get(r.session.id) ?? [] }));
}

export async function findSessionView(db: Db, practiceId: string, sessionId: string) {
  const [view] = await listSessionViews(db, practiceId, new Date(0), new Date(0), { sessionIds: [sessionId] });
  return view ?? null;
}

async function listAttendeeViews(db: Db, practiceId: string, sessionIds: string[]) {
  const rows = await db.select({ attendee: sessionAttendees, firstName: clients.firstName, lastName: clients.lastName })
    .from(sessionAttendees)
    .innerJoin(clients, and(eq(clients.practiceId, sessionAttendees.practiceId), eq(clients.id, sessionAttendees.clientId)))
    .where(and(eq(sessionAttendees.practiceId, practiceId), inArray(sessionAttendees.sessionId, sessionIds)))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
  const bySession = new Map<string, AttendeeView[]>();
  for (const r of rows) {
    const list = bySession.get(r.attendee.sessionId) ?? [];
    list.push({ attendee: r.attendee, clientName: `${r.firstName} ${r.lastName}` });
    bySession.set(r.attendee.sessionId, list);
  }
  return bySession;
}

export async function findAttendeeView(db: Db, practiceId: string, sessionId: string, clientId: string) {
  const views = await listAttendeeViews(db, practiceId, [sessionId]);
  return views.get(sessionId)?.find((v) => v.attendee.clientId === clientId) ?? null;
}

export async function findAttendee(db: Db, practiceId: string, sessionId: string, clientId: string) {
  const [row] = await db.select().from(sessionAttendees)
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.clientId, clientId)));
  return row ?? null;
}

export async function countActiveAttendees(db: Db, practiceId: string, sessionId: string) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessionAttendees)
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), ne(sessionAttendees.attendanceStatus, "canceled")));
  return row?.n ?? 0;
}

export async function insertAttendee(db: Db, practiceId: string, sessionId: string, clientId: string, enrollmentId: string | null,
  charge: { priceCents: number; paymentStatus: PaymentStatus }) {
  const [row] = await db.insert(sessionAttendees).values({ practiceId, sessionId, clientId, enrollmentId, ...charge }).returning();
  return row!;
}

export async function setAttendeePaymentStatus(db: Db, practiceId: string, attendeeId: string, paymentStatus: PaymentStatus) {
  await db.update(sessionAttendees).set({ paymentStatus, updatedAt: new Date() })
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.id, attendeeId)));
}

export async function updateAttendee(db: Db, practiceId: string, sessionId: string, clientId: string,
  values: { attendanceStatus?: AttendanceStatus; checkInTime?: Date | null; enrollmentId?: string | null; paymentStatus?: PaymentStatus; priceCents?: number }) {
  const [row] = await db.update(sessionAttendees).set({ ...values, updatedAt: new Date() })
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.clientId, clientId)))
    .returning();
  return row ?? null;
}

/** Check-in is idempotent: the first tap's time stays, whatever later taps do. */
export async function checkInAttendee(db: Db, practiceId: string, sessionId: string, clientId: string, now: Date) {
  const [row] = await db.update(sessionAttendees)
    .set({ attendanceStatus: "attended", checkInTime: sql`coalesce(${sessionAttendees.checkInTime}, ${now.toISOString()}::timestamptz)`, updatedAt: now })
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.clientId, clientId),
      ne(sessionAttendees.attendanceStatus, "canceled")))
    .returning();
  return row ?? null;
}

/** Moves every still-registered attendee to `to`, returning them as they were, for the credit rules. */
export async function moveRegisteredAttendees(db: Db, practiceId: string, sessionId: string, to: AttendanceStatus) {
  return db.update(sessionAttendees).set({ attendanceStatus: to, changedWithSession: true, updatedAt: new Date() })
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.attendanceStatus, "registered")))
    .returning();
}

/** The people a session's cancel or no-show moved, with the package their booking used (if any). */
export async function listAttendeesChangedWithSession(db: Db, practiceId: string, sessionId: string) {
  const rows = await db.select({ attendee: sessionAttendees, firstName: clients.firstName, lastName: clients.lastName, programName: programs.name })
    .from(sessionAttendees)
    .innerJoin(clients, and(eq(clients.practiceId, sessionAttendees.practiceId), eq(clients.id, sessionAttendees.clientId)))
    .leftJoin(programEnrollments, and(eq(programEnrollments.practiceId, sessionAttendees.practiceId), eq(programEnrollments.id, sessionAttendees.enrollmentId)))
    .leftJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.changedWithSession, true)))
    .orderBy(asc(sessionAttendees.createdAt));
  return rows.map((r) => ({ attendee: r.attendee, clientName: `${r.firstName} ${r.lastName}`, programName: r.programName }));
}

/** Back to `status` (registered when reinstated, unchanged when left out) and no longer held by the session. */
export async function restoreAttendee(db: Db, practiceId: string, attendeeId: string, status: AttendanceStatus) {
  await db.update(sessionAttendees).set({ attendanceStatus: status, changedWithSession: false, ...(status === "registered" ? { checkInTime: null } : {}), updatedAt: new Date() })
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.id, attendeeId)));
}

/** The members of a practice who can be booked, for the practitioner pickers. */
export async function listPractitioners(db: Db, practiceId: string) {
  return db.select({ id: users.id, fullName: users.fullName, role: memberships.role }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.practiceId, practiceId), ne(memberships.role, "assistant")))
    .orderBy(asc(users.fullName));
}

/** A client's bookings around `now`: the next few and the last few, each with the session and its service. */
export async function listClientBookings(db: Db, practiceId: string, clientId: string, now: Date, limit = 10) {
  // A builder per query: drizzle builders are mutable, so one shared base would get both WHEREs.
  const base = () => db.select({ session: sessions, attendee: sessionAttendees, serviceName: services.name }).from(sessionAttendees)
    .innerJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)));
  const mine = and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.clientId, clientId));
  const [upcoming, past] = await Promise.all([
    base().where(and(mine, gte(sessions.startTime, now))).orderBy(asc(sessions.startTime)).limit(limit),
    base().where(and(mine, lt(sessions.startTime, now))).orderBy(sql`${sessions.startTime} desc`).limit(limit),
  ]);
  return { upcoming, past };
}
export type ClientBooking = Awaited<ReturnType<typeof listClientBookings>>["upcoming"][number];

/** Bookings still waiting to happen on a package: a package is complete only when none are left. */
export async function countRegisteredOnEnrollment(db: Db, practiceId: string, enrollmentId: string) {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(sessionAttendees)
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.enrollmentId, enrollmentId), eq(sessionAttendees.attendanceStatus, "registered")));
  return row?.n ?? 0;
}
