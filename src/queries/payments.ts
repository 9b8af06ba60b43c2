import { and, desc, eq, gte, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  clients, payments, programEnrollments, programs, services, sessionAttendees, sessions,
  type PaymentMethod, type PaymentRecordStatus,
} from "../db/schema.js";

export type NewPayment = Omit<typeof payments.$inferInsert, "practiceId" | "id" | "createdAt" | "updatedAt">;

export async function insertPayment(db: Db, practiceId: string, values: NewPayment) {
  const [row] = await db.insert(payments).values({ ...values, practiceId }).returning();
  return row!;
}

export async function findPayment(db: Db, practiceId: string, paymentId: string) {
  const [row] = await db.select().from(payments).where(and(eq(payments.practiceId, practiceId), eq(payments.id, paymentId)));
  return row ?? null;
}

/** The payment row locked for this transaction: a refund and a webhook about it take turns. */
export async function lockPayment(db: Db, practiceId: string, paymentId: string) {
  const [row] = await db.select().from(payments).where(and(eq(payments.practiceId, practiceId), eq(payments.id, paymentId))).for("update");
  return row ?? null;
}

export async function lockPaymentByIntent(db: Db, practiceId: string, paymentIntentId: string) {
  const [row] = await db.select().from(payments)
    .where(and(eq(payments.practiceId, practiceId), eq(payments.stripePaymentIntentId, paymentIntentId))).for("update");
  return row ?? null;
}

export async function findPaymentByPayToken(db: Db, token: string) {
  // The token is the capability: random, unguessable, and it names its practice through the row.
  const [row] = await db.select().from(payments).where(eq(payments.payToken, token));
  return row ?? null;
}

export async function updatePaymentRow(db: Db, practiceId: string, paymentId: string, values: Partial<NewPayment>) {
  const [row] = await db.update(payments).set({ ...values, updatedAt: new Date() })
    .where(and(eq(payments.practiceId, practiceId), eq(payments.id, paymentId))).returning();
  return row ?? null;
}

/** A pending card payment asked for this item and not yet paid: asking again shows the same link. */
export async function findPendingCardPayment(db: Db, practiceId: string, item: { attendeeId?: string; enrollmentId?: string }) {
  const itemMatch = item.attendeeId ? eq(payments.sessionAttendeeId, item.attendeeId) : eq(payments.enrollmentId, item.enrollmentId!);
  const [row] = await db.select().from(payments)
    .where(and(eq(payments.practiceId, practiceId), itemMatch, eq(payments.method, "card"), eq(payments.status, "pending")))
    .orderBy(desc(payments.createdAt)).limit(1);
  return row ?? null;
}

// What counts as received: completed payments, and what is left of refunded ones (0).
const netReceived = sql<number>`coalesce(sum(${payments.amountCents} - ${payments.refundedCents}) filter (where ${payments.status} in ('completed', 'refunded')), 0)::int`;
const refundedTotal = sql<number>`coalesce(sum(${payments.refundedCents}), 0)::int`;

/**
 * Recomputes one visit's paid amount and payment status from its payments, in one statement on the locked
 * row. A package credit or a course covers it; a waiver stays until the visit is paid in full.
 */
export async function settleAttendance(db: Db, practiceId: string, attendeeId: string) {
  const totals = db.select({ net: netReceived.as("net"), refunded: refundedTotal.as("refunded") }).from(payments)
    .where(and(eq(payments.practiceId, practiceId), eq(payments.sessionAttendeeId, attendeeId))).as("totals");
  const [row] = await db.update(sessionAttendees).set({
    paidCents: sql`${totals.net}`,
    paymentStatus: sql`case
      when ${sessionAttendees.enrollmentId} is not null then 'covered'
      when ${totals.net} > 0 and ${totals.net} >= ${sessionAttendees.priceCents} then 'paid'
      when ${sessionAttendees.paymentStatus} in ('waived', 'covered') then ${sessionAttendees.paymentStatus}
      when ${totals.net} = 0 and ${totals.refunded} > 0 then 'refunded'
      else 'unpaid' end`,
    updatedAt: new Date(),
  }).from(totals).where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.id, attendeeId))).returning();
  return row ?? null;
}

export async function settleEnrollmentPaid(db: Db, practiceId: string, enrollmentId: string) {
  const totals = db.select({ net: netReceived.as("net"), refunded: refundedTotal.as("refunded") }).from(payments)
    .where(and(eq(payments.practiceId, practiceId), eq(payments.enrollmentId, enrollmentId))).as("totals");
  const [row] = await db.update(programEnrollments).set({ paidCents: sql`${totals.net}`, updatedAt: new Date() })
    .from(totals).where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.id, enrollmentId)))
    .returning({ enrollment: programEnrollments, refunded: sql<number>`${totals.refunded}` });
  return row ?? null;
}

/** One visit of this client, locked: payments for it are recorded one at a time. */
export async function lockClientAttendance(db: Db, practiceId: string, clientId: string, attendeeId: string) {
  const [row] = await db.select().from(sessionAttendees)
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.clientId, clientId), eq(sessionAttendees.id, attendeeId))).for("update");
  return row ?? null;
}

export async function lockClientEnrollment(db: Db, practiceId: string, clientId: string, enrollmentId: string) {
  const [row] = await db.select().from(programEnrollments)
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.clientId, clientId), eq(programEnrollments.id, enrollmentId))).for("update");
  return row ?? null;
}

export type PaymentFilters = {
  paymentId?: string;
  status?: PaymentRecordStatus; method?: PaymentMethod; clientId?: string;
  /** Received (or asked for) from this instant on, and before `to`. */
  from?: Date; to?: Date;
};

function filterWhere(practiceId: string, f: PaymentFilters) {
  const when = sql`coalesce(${payments.paidAt}, ${payments.createdAt})`;
  const conditions: (SQL | undefined)[] = [
    eq(payments.practiceId, practiceId),
    f.paymentId ? eq(payments.id, f.paymentId) : undefined,
    f.status ? eq(payments.status, f.status) : undefined,
    f.method ? eq(payments.method, f.method) : undefined,
    f.clientId ? eq(payments.clientId, f.clientId) : undefined,
    // Compared with an expression, not a column, drizzle binds a Date as is, which postgres.js cannot send.
    f.from ? gte(when, sql`${f.from.toISOString()}::timestamptz`) : undefined,
    f.to ? lt(when, sql`${f.to.toISOString()}::timestamptz`) : undefined,
  ];
  return and(...conditions);
}

/** What each payment was for, in words the list can show. */
const itemLabel = sql<string | null>`coalesce(${programs.name}, ${services.name}, ${sessions.title})`;

export async function listPayments(db: Db, practiceId: string, filters: PaymentFilters, limit = 200) {
  return db.select({
    payment: payments, clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
    itemLabel, sessionStart: sessions.startTime,
  }).from(payments)
    .innerJoin(clients, and(eq(clients.practiceId, payments.practiceId), eq(clients.id, payments.clientId)))
    .leftJoin(sessionAttendees, and(eq(sessionAttendees.practiceId, payments.practiceId), eq(sessionAttendees.id, payments.sessionAttendeeId)))
    .leftJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .leftJoin(programEnrollments, and(eq(programEnrollments.practiceId, payments.practiceId), eq(programEnrollments.id, payments.enrollmentId)))
    .leftJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(filterWhere(practiceId, filters))
    .orderBy(desc(sql`coalesce(${payments.paidAt}, ${payments.createdAt})`), desc(payments.id))
    .limit(limit);
}
export type PaymentListRow = Awaited<ReturnType<typeof listPayments>>[number];

/** One payment with its client and what it is for. */
export async function findPaymentView(db: Db, practiceId: string, paymentId: string) {
  const [row] = await listPayments(db, practiceId, { paymentId }, 1);
  return row ?? null;
}

/** Received, refunded and net per month of the practice's calendar, over the filtered payments. */
export async function monthlyTotals(db: Db, practiceId: string, timezone: string, filters: PaymentFilters) {
  const month = sql<string>`to_char(${payments.paidAt} at time zone ${timezone}, 'YYYY-MM')`;
  return db.select({
    month,
    received: sql<number>`sum(${payments.amountCents})::int`,
    refunded: sql<number>`sum(${payments.refundedCents})::int`,
    count: sql<number>`count(*)::int`,
  }).from(payments)
    .where(and(filterWhere(practiceId, filters), inArray(payments.status, ["completed", "refunded"])))
    // By position: the zone is a bind parameter, and PostgreSQL does not see to_char($1 …) and to_char($5 …)
    // as the same expression, so grouping by the expression itself is refused (42803).
    .groupBy(sql`1`).orderBy(sql`1 desc`).limit(24);
}

/**
 * Booked or attended visits with something left to pay (a canceled session owes nothing), that start
 * before `dueBefore`: next month's bookings are not owed yet and would bury what is.
 */
export async function listOwedVisits(db: Db, practiceId: string, dueBefore: Date, clientId?: string, limit = 200) {
  return db.select({
    attendee: sessionAttendees, clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
    startTime: sessions.startTime, label: sql<string>`coalesce(${services.name}, ${sessions.title}, 'Session')`,
  }).from(sessionAttendees)
    .innerJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
    .innerJoin(clients, and(eq(clients.practiceId, sessionAttendees.practiceId), eq(clients.id, sessionAttendees.clientId)))
    .leftJoin(services, and(eq(services.practiceId, sessions.practiceId), eq(services.id, sessions.serviceId)))
    .where(and(
      eq(sessionAttendees.practiceId, practiceId),
      clientId ? eq(sessionAttendees.clientId, clientId) : undefined,
      inArray(sessionAttendees.attendanceStatus, ["registered", "attended"]),
      ne(sessions.status, "canceled"),
      inArray(sessionAttendees.paymentStatus, ["unpaid", "refunded"]),
      sql`${sessionAttendees.priceCents} > ${sessionAttendees.paidCents}`,
      lt(sessions.startTime, dueBefore),
    ))
    .orderBy(sessions.startTime).limit(limit);
}
export type OwedVisit = Awaited<ReturnType<typeof listOwedVisits>>[number];

/** Sold packages and courses not fully paid (a dropped enrollment owes nothing more). */
export async function listOwedEnrollments(db: Db, practiceId: string, clientId?: string, limit = 200) {
  return db.select({
    enrollment: programEnrollments, programName: programs.name, clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
  }).from(programEnrollments)
    .innerJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .innerJoin(clients, and(eq(clients.practiceId, programEnrollments.practiceId), eq(clients.id, programEnrollments.clientId)))
    .where(and(
      eq(programEnrollments.practiceId, practiceId),
      clientId ? eq(programEnrollments.clientId, clientId) : undefined,
      ne(programEnrollments.status, "dropped"),
      sql`${programEnrollments.priceCents} > ${programEnrollments.paidCents}`,
    ))
    .orderBy(programEnrollments.enrolledAt).limit(limit);
}
export type OwedEnrollment = Awaited<ReturnType<typeof listOwedEnrollments>>[number];

/** Everything a client paid, newest first, with what it was for. */
export const listClientPayments = (db: Db, practiceId: string, clientId: string, limit = 50) =>
  listPayments(db, practiceId, { clientId }, limit);
