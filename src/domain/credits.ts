// Package credits. sessions_remaining is a cached balance: every change to it is written together with
// a ledger row in the same transaction, so the balance always equals the sum of the ledger.
import type { Db } from "../db/client.js";
import type { CalendarSession, Practice, SessionAttendee } from "../db/schema.js";
import { todayIn } from "../lib/time.js";
import { recordAudit } from "../queries/audit-log.js";
import { findClient } from "../queries/clients.js";
import {
  changeCredits, claimExpiredEnrollments, findActiveEnrollment, findEnrollment, findProgram, insertEnrollment, insertLedgerRow,
  packagesForService, setEnrollmentStatus, takeCredit,
} from "../queries/programs.js";
import { countRegisteredOnEnrollment } from "../queries/sessions.js";
import { DomainError, pgErrorOf } from "../lib/errors.js";

export async function enrollClient(db: Db, practice: Practice, actorUserId: string, programId: string, clientId: string, now = new Date()) {
  try {
    return await db.transaction(async (tx) => {
      const program = await findProgram(tx, practice.id, programId);
      if (!program) throw new DomainError("not_found", "There is no such program in this practice.", { programId: "Choose a program of this practice." });
      if (!program.active) throw new DomainError("conflict", "This program is archived: it takes no new participants.");
      const client = await findClient(tx, practice.id, clientId);
      if (!client) throw new DomainError("not_found", "There is no such client in this practice.", { clientId: "Choose a client of this practice." });
      if (await findActiveEnrollment(tx, practice.id, programId, clientId)) {
        throw new DomainError("conflict", `${client.firstName} ${client.lastName} is already enrolled in ${program.name}.`, { clientId: "Already enrolled." });
      }
      const credits = program.type === "package" ? program.sessionsCount! : null;
      const expiresAt = program.type === "package" && program.validityDays ? new Date(now.getTime() + program.validityDays * 86_400_000) : null;
      // Selling it creates what is owed for it, at today's price (src/domain/payments.ts collects it).
      const enrollment = await insertEnrollment(tx, practice.id, { programId, clientId, sessionsRemaining: credits, expiresAt, priceCents: program.priceCents ?? 0 });
      if (credits) await insertLedgerRow(tx, practice.id, { enrollmentId: enrollment.id, delta: credits, reason: "purchase", createdBy: actorUserId });
      await recordAudit(tx, practice.id, { actorUserId, action: "enroll", entity: "program", entityId: programId, diff: { clientId, enrollmentId: enrollment.id } });
      return enrollment;
    });
  } catch (error) {
    // Two enrollments at once: the partial unique index lets one through.
    if (pgErrorOf(error)?.constraint === "program_enrollments_active_key") throw new DomainError("conflict", "This client is already enrolled in this program.");
    throw error;
  }
}

/** Several clients at once, from a program's page: all of them or none, so a refusal never leaves half a list enrolled. */
export async function enrollClients(db: Db, practice: Practice, actorUserId: string, programId: string, clientIds: string[]) {
  if (!clientIds.length) throw new DomainError("validation_failed", "Choose at least one client to enroll.", { clientIds: "Choose at least one client." });
  return db.transaction(async (tx) => {
    const enrollments = [];
    for (const clientId of clientIds) enrollments.push(await enrollClient(tx, practice, actorUserId, programId, clientId));
    return enrollments;
  });
}

export type BookingPayment = { enrollmentId?: string | null; dropIn?: boolean };

/**
 * Inside the booking transaction: a closed series admits only its participants, and a client with a
 * package for this service pays with one credit. Returns the enrollment charged, or null (pay as you go).
 */
export async function chargeBooking(tx: Db, practice: Practice, actorUserId: string, session: CalendarSession, clientId: string, payment: BookingPayment, now = new Date()) {
  if (session.programId) {
    const program = await findProgram(tx, practice.id, session.programId);
    if (program?.type === "group_series" && program.closed && !(await findActiveEnrollment(tx, practice.id, program.id, clientId))) {
      throw new DomainError("not_enrolled", `Only participants of ${program.name} can attend its sessions: enroll the client first.`, { clientId: "Not enrolled in this series." });
    }
  }
  if (payment.enrollmentId) {
    const chosen = await findEnrollment(tx, practice.id, payment.enrollmentId);
    if (!chosen || chosen.enrollment.clientId !== clientId || chosen.program.type !== "package") {
      throw new DomainError("validation_failed", "That package does not belong to this client.", { enrollmentId: "Choose one of the client's packages." });
    }
    return spendCredit(tx, practice.id, actorUserId, session, chosen.enrollment.id, chosen.program.name);
  }
  if (payment.dropIn) return null;
  const packages = await packagesForService(tx, practice.id, clientId, session.serviceId, now);
  if (!packages.length) return null;
  for (const { enrollment, program } of packages) {
    if ((enrollment.sessionsRemaining ?? 0) > 0) {
      const charged = await spendCredit(tx, practice.id, actorUserId, session, enrollment.id, program.name).catch((e) => {
        if (e instanceof DomainError && e.code === "insufficient_credits") return null; // spent meanwhile: try the next one
        throw e;
      });
      if (charged) return charged;
    }
  }
  throw new DomainError("insufficient_credits",
    `No credits left in ${packages.map((p) => p.program.name).join(" or ")}. Sell a new package, or book as a paid drop-in.`,
    { clientId: "No credits left." });
}

async function spendCredit(tx: Db, practiceId: string, actorUserId: string, session: CalendarSession, enrollmentId: string, programName: string) {
  const taken = await takeCredit(tx, practiceId, enrollmentId);
  if (!taken) throw new DomainError("insufficient_credits", `No credits left in ${programName}. Sell a new package, or book as a paid drop-in.`, { clientId: "No credits left." });
  await insertLedgerRow(tx, practiceId, { enrollmentId, delta: -1, reason: "booking", sessionId: session.id, createdBy: actorUserId });
  return enrollmentId;
}

/**
 * A booking paid by a credit is canceled. In time (or canceled by the practice) the credit comes back;
 * inside the cancellation window it stays used, and the ledger says why. The window is real elapsed
 * hours, so across a DST change "24 hours before" is 24 hours, not the same wall-clock time.
 */
export async function settleCanceledBooking(tx: Db, practice: Practice, actorUserId: string, session: CalendarSession, attendee: SessionAttendee, by: "client" | "practice", now = new Date()) {
  if (!attendee.enrollmentId) return;
  const deadline = session.startTime.getTime() - practice.cancellationWindowHours * 3_600_000;
  if (by === "practice" || now.getTime() <= deadline) {
    const enrollment = await changeCredits(tx, practice.id, attendee.enrollmentId, 1);
    if (enrollment?.status === "completed") await setEnrollmentStatus(tx, practice.id, enrollment.id, "active");
    await insertLedgerRow(tx, practice.id, { enrollmentId: attendee.enrollmentId, delta: 1, reason: "cancel_refund", sessionId: session.id, createdBy: actorUserId,
      note: by === "practice" ? "Canceled by the practice" : null });
  } else {
    await insertLedgerRow(tx, practice.id, { enrollmentId: attendee.enrollmentId, delta: 0, reason: "late_cancel", sessionId: session.id, createdBy: actorUserId,
      note: `Canceled less than ${practice.cancellationWindowHours} h before the session` });
  }
}

export async function recordNoShow(tx: Db, practiceId: string, actorUserId: string, session: CalendarSession, attendee: SessionAttendee) {
  if (!attendee.enrollmentId) return;
  await insertLedgerRow(tx, practiceId, { enrollmentId: attendee.enrollmentId, delta: 0, reason: "no_show", sessionId: session.id, createdBy: actorUserId });
}

/** An undone check-in: a package it completed is active again (the booking it paid for is back to booked). */
export async function reopenIfCompleted(tx: Db, practiceId: string, enrollmentId: string | null) {
  if (!enrollmentId) return;
  const found = await findEnrollment(tx, practiceId, enrollmentId);
  // Only what a used-up package's last check-in completed: a package ended by hand still has credits left.
  if (found?.enrollment.status === "completed" && found.enrollment.sessionsRemaining === 0) await setEnrollmentStatus(tx, practiceId, enrollmentId, "active");
}

/** After a check-in: a package whose last credit is used and attended is complete. */
export async function completeIfUsedUp(tx: Db, practice: Practice, enrollmentId: string | null) {
  if (!enrollmentId) return;
  const found = await findEnrollment(tx, practice.id, enrollmentId);
  if (!found || found.enrollment.status !== "active" || found.enrollment.sessionsRemaining !== 0) return;
  if ((await countRegisteredOnEnrollment(tx, practice.id, enrollmentId)) > 0) return;
  await setEnrollmentStatus(tx, practice.id, enrollmentId, "completed", todayIn(practice.timezone));
}

/** A correction by the practitioner, with the reason they must give. Never below zero. */
export async function adjustCredits(db: Db, practiceId: string, actorUserId: string, enrollmentId: string, delta: number, note: string) {
  try {
    return await db.transaction(async (tx) => {
      const found = await findEnrollment(tx, practiceId, enrollmentId);
      if (!found) throw new DomainError("not_found", "There is no such enrollment.");
      if (found.program.type !== "package") throw new DomainError("validation_failed", "Only a package has credits to adjust.", { delta: "Only a package has credits." });
      const enrollment = await changeCredits(tx, practiceId, enrollmentId, delta);
      await insertLedgerRow(tx, practiceId, { enrollmentId, delta, reason: "adjustment", note, createdBy: actorUserId });
      await recordAudit(tx, practiceId, { actorUserId, action: "adjust_credits", entity: "enrollment", entityId: enrollmentId, diff: { delta, note } });
      return enrollment!;
    });
  } catch (error) {
    if (pgErrorOf(error)?.constraint === "program_enrollments_remaining_not_negative") {
      throw new DomainError("validation_failed", "That would take the balance below zero.", { delta: "The balance cannot go below zero." });
    }
    throw error;
  }
}

/**
 * The daily job: packages past their expiry lose their remaining credits (an `expiry` ledger row) and
 * become expired. Safe with several app instances: claimed rows are locked and skipped by the others.
 */
export async function expireEnrollments(db: Db, now = new Date()) {
  return db.transaction(async (tx) => {
    const due = await claimExpiredEnrollments(tx, now);
    for (const enrollment of due) {
      const remaining = enrollment.sessionsRemaining ?? 0;
      if (remaining > 0) {
        await changeCredits(tx, enrollment.practiceId, enrollment.id, -remaining);
        await insertLedgerRow(tx, enrollment.practiceId, { enrollmentId: enrollment.id, delta: -remaining, reason: "expiry", createdBy: null });
      }
      await setEnrollmentStatus(tx, enrollment.practiceId, enrollment.id, "expired");
    }
    return due.length;
  });
}

/** The practitioner ends an enrollment: completed (done early) or dropped (the client left). Audited. */
export async function endEnrollment(db: Db, practice: Practice, actorUserId: string, enrollmentId: string, status: "completed" | "dropped") {
  return db.transaction(async (tx) => {
    const found = await findEnrollment(tx, practice.id, enrollmentId);
    if (!found) throw new DomainError("not_found", "There is no such enrollment.");
    if (found.enrollment.status !== "active") throw new DomainError("conflict", `This enrollment is already ${found.enrollment.status}.`);
    const enrollment = await setEnrollmentStatus(tx, practice.id, enrollmentId, status, status === "completed" ? todayIn(practice.timezone) : null);
    await recordAudit(tx, practice.id, { actorUserId, action: status, entity: "enrollment", entityId: enrollmentId, diff: { status: ["active", status] } });
    return enrollment!;
  });
}
