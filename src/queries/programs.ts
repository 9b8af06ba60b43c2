import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  clients, creditLedger, programEnrollments, programPhases, programs, sessionAttendees, sessions,
  type EnrollmentStatus, type LedgerReason, type ProgramType,
} from "../db/schema.js";

export type ProgramValues = {
  name: string; description: string | null; type: ProgramType; serviceId: string | null; startDate: string | null; endDate: string | null;
  sessionsCount: number | null; priceCents: number | null; validityDays: number | null; closed: boolean;
};

export async function listPrograms(db: Db, practiceId: string) {
  return db.select({
    program: programs,
    // Written out: drizzle renders a column of the only table in a select unqualified, and inside this
    // subquery "id" then meant the enrollment's own id (every program showed 0 participants).
    activeEnrollments: sql<number>`(select count(*)::int from program_enrollments e where e.practice_id = programs.practice_id and e.program_id = programs.id and e.status = 'active')`,
    revenueCents: sql<number>`(select coalesce(sum(e.paid_cents), 0)::int from program_enrollments e where e.practice_id = programs.practice_id and e.program_id = programs.id)`,
  }).from(programs).where(eq(programs.practiceId, practiceId)).orderBy(desc(programs.active), asc(programs.name));
}

export async function findProgram(db: Db, practiceId: string, programId: string) {
  const [program] = await db.select().from(programs).where(and(eq(programs.practiceId, practiceId), eq(programs.id, programId)));
  return program ?? null;
}

export async function insertProgram(db: Db, practiceId: string, values: ProgramValues, phaseNames: string[]) {
  const [program] = await db.insert(programs).values({ ...values, practiceId }).returning();
  if (phaseNames.length) {
    await db.insert(programPhases).values(phaseNames.map((name, i) => ({ practiceId, programId: program!.id, name, position: i + 1 })));
  }
  return program!;
}

export async function findProgramForUpdate(db: Db, practiceId: string, programId: string) {
  const [program] = await db.select().from(programs).where(and(eq(programs.practiceId, practiceId), eq(programs.id, programId))).for("update");
  return program ?? null;
}

export async function updateProgramRow(db: Db, practiceId: string, programId: string, values: Partial<ProgramValues>) {
  const [program] = await db.update(programs).set({ ...values, updatedAt: new Date() })
    .where(and(eq(programs.practiceId, practiceId), eq(programs.id, programId))).returning();
  return program ?? null;
}

/** How many sessions each phase of a program is tagged on: a phase in use is never deleted. */
export async function countSessionsByPhase(db: Db, practiceId: string, programId: string) {
  const rows = await db.select({ phaseId: sessions.phaseId, n: sql<number>`count(*)::int` }).from(sessions)
    .where(and(eq(sessions.practiceId, practiceId), eq(sessions.programId, programId), isNotNull(sessions.phaseId)))
    .groupBy(sessions.phaseId);
  return new Map(rows.map((r) => [r.phaseId!, r.n]));
}

export async function deletePhases(db: Db, practiceId: string, programId: string, phaseIds: string[]) {
  if (!phaseIds.length) return;
  await db.delete(programPhases).where(and(eq(programPhases.practiceId, practiceId), eq(programPhases.programId, programId), inArray(programPhases.id, phaseIds)));
}

export async function setPhase(db: Db, practiceId: string, phaseId: string, values: { position: number; name?: string }) {
  await db.update(programPhases).set(values).where(and(eq(programPhases.practiceId, practiceId), eq(programPhases.id, phaseId)));
}

export async function insertPhases(db: Db, practiceId: string, programId: string, names: string[], firstPosition: number) {
  if (!names.length) return;
  await db.insert(programPhases).values(names.map((name, i) => ({ practiceId, programId, name, position: firstPosition + i })));
}

export async function listPhases(db: Db, practiceId: string, programIds: string[]) {
  if (!programIds.length) return [];
  return db.select().from(programPhases).where(and(eq(programPhases.practiceId, practiceId), inArray(programPhases.programId, programIds)))
    .orderBy(asc(programPhases.programId), asc(programPhases.position));
}

export async function insertEnrollment(db: Db, practiceId: string, values: { programId: string; clientId: string; sessionsRemaining: number | null; expiresAt: Date | null; priceCents: number }) {
  const [enrollment] = await db.insert(programEnrollments).values({ ...values, practiceId }).returning();
  return enrollment!;
}

export async function findEnrollment(db: Db, practiceId: string, enrollmentId: string) {
  const [row] = await db.select({ enrollment: programEnrollments, program: programs }).from(programEnrollments)
    .innerJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.id, enrollmentId)));
  return row ?? null;
}

/** One of this client's enrollments with its program; null for anyone else's, so the URL cannot cross clients. */
export async function findClientEnrollment(db: Db, practiceId: string, clientId: string, enrollmentId: string) {
  const [row] = await db.select({ enrollment: programEnrollments, program: programs }).from(programEnrollments)
    .innerJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.clientId, clientId), eq(programEnrollments.id, enrollmentId)));
  return row ?? null;
}
export type EnrollmentWithProgram = NonNullable<Awaited<ReturnType<typeof findClientEnrollment>>>;

export async function findActiveEnrollment(db: Db, practiceId: string, programId: string, clientId: string) {
  const [row] = await db.select().from(programEnrollments).where(and(eq(programEnrollments.practiceId, practiceId),
    eq(programEnrollments.programId, programId), eq(programEnrollments.clientId, clientId), eq(programEnrollments.status, "active")));
  return row ?? null;
}

/** The client's active package enrollments that can pay for `serviceId`, soonest to expire first. */
export async function packagesForService(db: Db, practiceId: string, clientId: string, serviceId: string | null, now: Date) {
  return db.select({ enrollment: programEnrollments, program: programs }).from(programEnrollments)
    .innerJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(and(
      eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.clientId, clientId), eq(programEnrollments.status, "active"),
      eq(programs.type, "package"),
      serviceId ? or(isNull(programs.serviceId), eq(programs.serviceId, serviceId)) : isNull(programs.serviceId),
      or(isNull(programEnrollments.expiresAt), gt(programEnrollments.expiresAt, now)),
    ))
    .orderBy(sql`${programEnrollments.expiresAt} asc nulls last`, asc(programEnrollments.enrolledAt));
}

/** The guard against going below zero is this WHERE clause, not a read before the write. */
export async function takeCredit(db: Db, practiceId: string, enrollmentId: string) {
  const [row] = await db.update(programEnrollments)
    .set({ sessionsRemaining: sql`${programEnrollments.sessionsRemaining} - 1`, updatedAt: new Date() })
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.id, enrollmentId),
      eq(programEnrollments.status, "active"), gt(programEnrollments.sessionsRemaining, 0)))
    .returning();
  return row ?? null;
}

export async function changeCredits(db: Db, practiceId: string, enrollmentId: string, delta: number) {
  const [row] = await db.update(programEnrollments)
    .set({ sessionsRemaining: sql`${programEnrollments.sessionsRemaining} + ${delta}`, updatedAt: new Date() })
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.id, enrollmentId)))
    .returning();
  return row ?? null;
}

export async function setEnrollmentStatus(db: Db, practiceId: string, enrollmentId: string, status: EnrollmentStatus, completionDate: string | null = null) {
  const [row] = await db.update(programEnrollments).set({ status, completionDate, updatedAt: new Date() })
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.id, enrollmentId))).returning();
  return row ?? null;
}

export async function insertLedgerRow(db: Db, practiceId: string, row: { enrollmentId: string; delta: number; reason: LedgerReason; sessionId?: string | null; note?: string | null; createdBy: string | null }) {
  await db.insert(creditLedger).values({ ...row, practiceId });
}

/** Why the credit of this enrollment last moved for this session: "cancel_refund" means the cancel gave it back. */
export async function lastLedgerReason(db: Db, practiceId: string, enrollmentId: string, sessionId: string) {
  const [row] = await db.select({ reason: creditLedger.reason }).from(creditLedger)
    .where(and(eq(creditLedger.practiceId, practiceId), eq(creditLedger.enrollmentId, enrollmentId), eq(creditLedger.sessionId, sessionId)))
    .orderBy(desc(creditLedger.createdAt), desc(creditLedger.id)).limit(1);
  return row?.reason ?? null;
}

/** A client's enrollments with their programs and ledgers (newest movement first): two queries in all. */
export async function listClientEnrollments(db: Db, practiceId: string, clientId: string) {
  const rows = await db.select({ enrollment: programEnrollments, program: programs }).from(programEnrollments)
    .innerJoin(programs, and(eq(programs.practiceId, programEnrollments.practiceId), eq(programs.id, programEnrollments.programId)))
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.clientId, clientId)))
    .orderBy(sql`${programEnrollments.status} = 'active' desc`, desc(programEnrollments.enrolledAt));
  if (!rows.length) return [];
  const ledger = await db.select().from(creditLedger)
    .where(and(eq(creditLedger.practiceId, practiceId), inArray(creditLedger.enrollmentId, rows.map((r) => r.enrollment.id))))
    .orderBy(desc(creditLedger.createdAt));
  return rows.map((r) => ({ ...r, ledger: ledger.filter((l) => l.enrollmentId === r.enrollment.id) }));
}

export async function listProgramEnrollments(db: Db, practiceId: string, programId: string) {
  return db.select({ enrollment: programEnrollments, firstName: clients.firstName, lastName: clients.lastName }).from(programEnrollments)
    .innerJoin(clients, and(eq(clients.practiceId, programEnrollments.practiceId), eq(clients.id, programEnrollments.clientId)))
    .where(and(eq(programEnrollments.practiceId, practiceId), eq(programEnrollments.programId, programId)))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
}

/** The attendance grid: the program's sessions and every attendance in them, two queries. */
export async function programAttendance(db: Db, practiceId: string, programId: string) {
  const programSessions = await db.select().from(sessions)
    .where(and(eq(sessions.practiceId, practiceId), eq(sessions.programId, programId))).orderBy(asc(sessions.startTime));
  if (!programSessions.length) return { sessions: programSessions, attendance: [] };
  const attendance = await db.select().from(sessionAttendees)
    .where(and(eq(sessionAttendees.practiceId, practiceId), inArray(sessionAttendees.sessionId, programSessions.map((s) => s.id))));
  return { sessions: programSessions, attendance };
}

/** Active enrollments past their expiry, locked so two workers never expire the same one. */
export async function claimExpiredEnrollments(db: Db, now: Date, limit = 500) {
  return db.select().from(programEnrollments)
    .where(and(eq(programEnrollments.status, "active"), lt(programEnrollments.expiresAt, now)))
    .limit(limit).for("update", { skipLocked: true });
}

/** Sum of the ledger per enrollment, for the invariant check. */
export async function ledgerSum(db: Db, practiceId: string, enrollmentId: string) {
  const [row] = await db.select({ sum: sql<number>`coalesce(sum(${creditLedger.delta}), 0)::int` }).from(creditLedger)
    .where(and(eq(creditLedger.practiceId, practiceId), eq(creditLedger.enrollmentId, enrollmentId)));
  return row?.sum ?? 0;
}

/** The phase of each plan the client's latest phase-tagged session belongs to: "where they are now". */
export async function currentPhases(db: Db, practiceId: string, clientId: string) {
  const rows = await db.selectDistinctOn([sessions.programId], { programId: sessions.programId, phaseName: programPhases.name })
    .from(sessionAttendees)
    .innerJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
    .innerJoin(programPhases, and(eq(programPhases.practiceId, sessions.practiceId), eq(programPhases.id, sessions.phaseId)))
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.clientId, clientId), sql`${sessionAttendees.attendanceStatus} <> 'canceled'`))
    .orderBy(sessions.programId, desc(sessions.startTime));
  return new Map(rows.map((r) => [r.programId!, r.phaseName]));
}

export async function listActivePrograms(db: Db, practiceId: string) {
  return db.select().from(programs).where(and(eq(programs.practiceId, practiceId), eq(programs.active, true))).orderBy(asc(programs.name));
}
