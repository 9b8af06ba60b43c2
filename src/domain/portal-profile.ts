// The client's own profile in the portal: their name as this practice shows it, their password, and a
// download of what this practice holds about them (the right of access).
import { z } from "zod";
import type { Db } from "../db/client.js";
import type { Client, Practice, User } from "../db/schema.js";
import { hashPassword, verifyPassword } from "../auth/password.js";
import { createSession, invalidateUserSessions } from "../auth/session.js";
import { DomainError } from "../lib/errors.js";
import * as field from "../lib/fields.js";
import { minorToInput } from "../lib/money.js";
import { listClientMetricValues, listClientSessionHistory } from "../queries/clients.js";
import { setUserPasswordHash } from "../queries/password-resets.js";
import { listClientPayments } from "../queries/payments.js";
import { listClientEnrollments } from "../queries/programs.js";
import { clientFields, updateClient } from "./clients.js";
import { refuseGuessablePassword } from "./password-strength.js";
import { admitLogin } from "./sign-in-limits.js";

/** The name fields of the practitioner's client form, with its words; the date only matters to other fields. */
export const profileForm = clientFields("2100-12-31").pick({ firstName: true, lastName: true });

/** The client's name in this practice's records (audited like the practitioner's own edits); another practice's record stays as it is. */
export async function renameClient(db: Db, practiceId: string, actorUserId: string, clientId: string, name: z.infer<typeof profileForm>) {
  const client = await updateClient(db, practiceId, actorUserId, clientId, name);
  if (!client) throw new DomainError("not_found", "There is no such client in this practice.");
  return client;
}

export const passwordChangeForm = z.object({ currentPassword: field.anyPassword, newPassword: field.newPassword });

const wrongCurrent = "That is not your current password.";

/**
 * Sets a new password after checking the current one, then ends every session of the login on every device
 * and starts a new one for this browser (the caller sets its cookie): whoever had the old password, or a
 * session opened with it, is out. The check counts against the same limits as logging in, so a borrowed
 * unlocked phone cannot be used to guess the password here instead.
 */
export async function changePassword(db: Db, user: User, input: z.infer<typeof passwordChangeForm>, ip: string, now = new Date()) {
  const attempt = await admitLogin(db, user.email, ip, now);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new DomainError("validation_failed", wrongCurrent, { currentPassword: wrongCurrent });
  }
  await attempt.succeeded();
  if (input.newPassword === input.currentPassword) {
    const same = "Choose a password different from your current one.";
    throw new DomainError("validation_failed", same, { newPassword: same });
  }
  await refuseGuessablePassword(input.newPassword, [user.email, user.fullName]);
  await setUserPasswordHash(db, user.id, await hashPassword(input.newPassword), now);
  await invalidateUserSessions(db, user.id);
  return createSession(db, user.id, now);
}

/** A client logging several values a day for years stays far below this; past it the download says it is cut. */
const MAX_METRIC_VALUES = 100_000;

export const CLINICAL_NOTES_WITHHELD =
  "Clinical notes written by your practitioner (session notes and their notes on your record) are not in this download. "
  + "Ask your practitioner for a copy of their clinical notes.";

/**
 * Everything this practice holds about the client, from their own rows only (every query is scoped by the
 * practice and this client). What practitioners wrote as clinical notes — SOAP notes, the record's health
 * notes, a session's notes — is left out on purpose: the right of access covers them, but a practitioner may
 * review such notes before releasing them (e.g. for what names third parties), so the download says to ask
 * for them instead of sending them unreviewed.
 */
export async function loadOwnData(db: Db, practice: Practice, client: Client, user: User, now = new Date()) {
  const [sessions, enrollments, metrics, payments] = await Promise.all([
    listClientSessionHistory(db, practice.id, client.id),
    listClientEnrollments(db, practice.id, client.id),
    listClientMetricValues(db, practice.id, client.id, MAX_METRIC_VALUES + 1),
    listClientPayments(db, practice.id, client.id, 10_000),
  ]);
  const money = (minor: number, currency = practice.currency) => minorToInput(minor, currency);
  return {
    exportedAt: now.toISOString(), practice: { name: practice.name, timezone: practice.timezone, currency: practice.currency },
    profile: {
      firstName: client.firstName, lastName: client.lastName, loginEmail: user.email, email: client.email, phone: client.phone,
      address: client.address, dateOfBirth: client.dateOfBirth, clientSince: client.createdAt.toISOString(),
    },
    intake: client.intake,
    sessions: sessions.map((s) => ({
      start: s.startTime.toISOString(), end: s.endTime.toISOString(), what: s.serviceName ?? s.title ?? "Session", location: s.location,
      sessionStatus: s.sessionStatus, attendance: s.attendanceStatus, payment: s.paymentStatus, price: money(s.priceCents), paid: money(s.paidCents),
    })),
    credits: enrollments.map(({ enrollment: e, program, ledger }) => ({
      program: program.name, type: program.type, status: e.status, enrolledAt: e.enrolledAt.toISOString(),
      sessionsRemaining: e.sessionsRemaining, expiresAt: e.expiresAt?.toISOString() ?? null, price: money(e.priceCents), paid: money(e.paidCents),
      ledger: ledger.map((l) => ({ at: l.createdAt.toISOString(), change: l.delta, reason: l.reason, note: l.note })),
    })),
    metrics: metrics.slice(0, MAX_METRIC_VALUES).map((m) => ({
      metric: m.name, value: m.valueNum ?? m.valueText, unit: m.unit, recordedAt: m.recordedAt.toISOString(), source: m.source,
    })),
    metricsCut: metrics.length > MAX_METRIC_VALUES,
    payments: payments.map(({ payment: p, itemLabel }) => ({
      at: (p.paidAt ?? p.createdAt).toISOString(), item: itemLabel ?? "Account credit", amount: money(p.amountCents, p.currency),
      refunded: money(p.refundedCents, p.currency), currency: p.currency, status: p.status, method: p.method, note: p.note,
    })),
    notIncluded: CLINICAL_NOTES_WITHHELD,
  };
}
export type OwnData = Awaited<ReturnType<typeof loadOwnData>>;
