import { z } from "zod";
import {
  attendanceStatuses, cancelParties, clientStatuses, enrollmentStatuses, ledgerReasons, metricTypes, paymentMethods, paymentRecordStatuses, paymentStatuses,
  programTypes, sessionStatuses,
  type CalendarSession, type Client, type ClientMetric, type LedgerRow, type MetricTemplate, type Payment, type Practice, type Program, type ProgramEnrollment,
  type ProgramPhase, type Service, type SessionAttendee, type User,
} from "./db/schema.js";

// The API's camelCase shapes of our rows: never the row itself, so a new column is never leaked by accident.
// Each shape is a zod schema too: /api/openapi.json describes the responses with it, and every function
// below is typed by it, so a property added to or dropped from one and not the other fails the typecheck.

// Ids are checked for their shape only: the database makes them, so the version nibble is not ours to police.
const id = z.guid();
const instant = z.iso.datetime();
const day = z.iso.date();
const money = z.object({ amountCents: z.int(), currency: z.string().length(3) });

export const userJsonSchema = z.object({ id, email: z.email(), fullName: z.string(), role: z.enum(["practitioner", "client"]) });
export const userJson = (user: User, role: "practitioner" | "client"): z.output<typeof userJsonSchema> => ({
  id: user.id, email: user.email, fullName: user.fullName, role,
});

export const practiceJsonSchema = z.object({ id, name: z.string(), timezone: z.string(), currency: z.string().length(3) });
export const practiceJson = (practice: Practice): z.output<typeof practiceJsonSchema> => ({
  id: practice.id, name: practice.name, timezone: practice.timezone, currency: practice.currency,
});

export const clientJsonSchema = z.object({
  id, firstName: z.string(), lastName: z.string(), email: z.email().nullable(), phone: z.string().nullable(), address: z.string().nullable(),
  dateOfBirth: day.nullable(), notes: z.string().nullable(), status: z.enum(clientStatuses),
  lastVisitAt: instant.nullable(), createdAt: instant, updatedAt: instant,
});
export const clientJson = (c: Client): z.output<typeof clientJsonSchema> => ({
  id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone, address: c.address,
  dateOfBirth: c.dateOfBirth, notes: c.notes, status: c.status,
  lastVisitAt: c.lastVisitAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
});

export const serviceJsonSchema = z.object({
  id, name: z.string(), description: z.string().nullable(), durationMinutes: z.int(), priceCents: z.int(), price: money, capacity: z.int(), active: z.boolean(),
});
export const serviceJson = (s: Service, currency: string): z.output<typeof serviceJsonSchema> => ({
  id: s.id, name: s.name, description: s.description, durationMinutes: s.durationMinutes,
  priceCents: s.priceCents, price: { amountCents: s.priceCents, currency }, capacity: s.capacity, active: s.active,
});

export const attendeeJsonSchema = z.object({
  id, sessionId: id, clientId: id, attendanceStatus: z.enum(attendanceStatuses), checkInTime: instant.nullable(), paymentStatus: z.enum(paymentStatuses),
});
export const attendeeJson = (a: SessionAttendee): z.output<typeof attendeeJsonSchema> => ({
  id: a.id, sessionId: a.sessionId, clientId: a.clientId,
  attendanceStatus: a.attendanceStatus, checkInTime: a.checkInTime?.toISOString() ?? null, paymentStatus: a.paymentStatus,
});

/** An attendee as a session lists it: with the client's name, so a schedule needs no second request. */
export const sessionAttendeeJsonSchema = attendeeJsonSchema.extend({ clientName: z.string() });

export const sessionJsonSchema = z.object({
  id, serviceId: id.nullable(), practitionerId: id, seriesId: id.nullable(), title: z.string().nullable(), startTime: instant, endTime: instant,
  location: z.string().nullable(), capacity: z.int(), status: z.enum(sessionStatuses), notes: z.string().nullable(),
  cancelReason: z.string().nullable(), canceledBy: z.enum(cancelParties).nullable(), attendees: z.array(sessionAttendeeJsonSchema),
});
export const sessionJson = (s: CalendarSession, attendees: Array<{ attendee: SessionAttendee; clientName: string }> = []): z.output<typeof sessionJsonSchema> => ({
  id: s.id, serviceId: s.serviceId, practitionerId: s.practitionerId, seriesId: s.seriesId, title: s.title,
  startTime: s.startTime.toISOString(), endTime: s.endTime.toISOString(), location: s.location, capacity: s.capacity,
  status: s.status, notes: s.notes, cancelReason: s.cancelReason, canceledBy: s.canceledBy,
  attendees: attendees.map((a) => ({ ...attendeeJson(a.attendee), clientName: a.clientName })),
});

export const programJsonSchema = z.object({
  id, name: z.string(), description: z.string().nullable(), type: z.enum(programTypes), serviceId: id.nullable(), startDate: day.nullable(), endDate: day.nullable(),
  sessionsCount: z.int().nullable(), priceCents: z.int().nullable(), price: money.nullable(), validityDays: z.int().nullable(), closed: z.boolean(), active: z.boolean(),
  phases: z.array(z.object({ id, name: z.string(), position: z.int() })),
});
export const programJson = (p: Program, currency: string, phases: ProgramPhase[] = []): z.output<typeof programJsonSchema> => ({
  id: p.id, name: p.name, description: p.description, type: p.type, serviceId: p.serviceId, startDate: p.startDate, endDate: p.endDate,
  sessionsCount: p.sessionsCount, priceCents: p.priceCents, price: p.priceCents == null ? null : { amountCents: p.priceCents, currency },
  validityDays: p.validityDays, closed: p.closed, active: p.active, phases: phases.map((ph) => ({ id: ph.id, name: ph.name, position: ph.position })),
});

export const enrollmentJsonSchema = z.object({
  id, programId: id, clientId: id, status: z.enum(enrollmentStatuses), sessionsRemaining: z.int().nullable(),
  enrolledAt: instant, completionDate: day.nullable(), expiresAt: instant.nullable(),
});
export const enrollmentJson = (e: ProgramEnrollment): z.output<typeof enrollmentJsonSchema> => ({
  id: e.id, programId: e.programId, clientId: e.clientId, status: e.status, sessionsRemaining: e.sessionsRemaining,
  enrolledAt: e.enrolledAt.toISOString(), completionDate: e.completionDate, expiresAt: e.expiresAt?.toISOString() ?? null,
});

export const ledgerJsonSchema = z.object({
  id, delta: z.int(), reason: z.enum(ledgerReasons), note: z.string().nullable(), sessionId: id.nullable(), createdAt: instant,
});
export const ledgerJson = (l: LedgerRow): z.output<typeof ledgerJsonSchema> => ({
  id: l.id, delta: l.delta, reason: l.reason, note: l.note, sessionId: l.sessionId, createdAt: l.createdAt.toISOString(),
});

/** An enrollment as a client's credits list it: its program named, with every credit movement. */
export const clientEnrollmentJsonSchema = enrollmentJsonSchema.extend({
  programName: z.string(), programType: z.enum(programTypes), ledger: z.array(ledgerJsonSchema),
});

export const metricTemplateJsonSchema = z.object({
  id, name: z.string(), unit: z.string().nullable(), type: z.enum(metricTypes), minValue: z.number().nullable(), maxValue: z.number().nullable(),
  step: z.number().nullable(), better: z.enum(["higher", "lower"]).nullable(), description: z.string().nullable(), archived: z.boolean(),
});
export const metricTemplateJson = (t: MetricTemplate): z.output<typeof metricTemplateJsonSchema> => ({
  id: t.id, name: t.name, unit: t.unit, type: t.type, minValue: t.minValue, maxValue: t.maxValue, step: t.step, better: t.better,
  description: t.description, archived: t.archived,
});

export const metricJsonSchema = z.object({
  id, templateId: id, value: z.union([z.number(), z.string()]), recordedAt: instant, source: z.enum(["practitioner", "client"]),
});
export const metricJson = (m: ClientMetric): z.output<typeof metricJsonSchema> => ({
  // The table's client_metrics_one_value check holds exactly one of the two.
  id: m.id, templateId: m.metricTemplateId, value: (m.valueNum ?? m.valueText)!, recordedAt: m.recordedAt.toISOString(), source: m.source,
});

export const subscriptionJsonSchema = z.object({
  status: z.string().describe("Stripe's status: active, trialing, past_due, canceled, unpaid, incomplete, …"),
  plan: z.string().nullable(),
  currentPeriodEnd: instant.nullable(),
});
export const subscriptionJson = (practice: Practice): z.output<typeof subscriptionJsonSchema> | null => practice.subscriptionStatus ? {
  status: practice.subscriptionStatus, plan: practice.subscriptionPlan, currentPeriodEnd: practice.subscriptionCurrentPeriodEnd?.toISOString() ?? null,
} : null;

export const paymentJsonSchema = z.object({
  id, clientId: id, attendeeId: id.nullable(), enrollmentId: id.nullable(),
  amountCents: z.int(), refundedCents: z.int(), currency: z.string().length(3),
  status: z.enum(paymentRecordStatuses), method: z.enum(paymentMethods), paidAt: instant.nullable(), note: z.string().nullable(), createdAt: instant,
});
export const paymentJson = (p: Payment): z.output<typeof paymentJsonSchema> => ({
  id: p.id, clientId: p.clientId, attendeeId: p.sessionAttendeeId, enrollmentId: p.enrollmentId, amountCents: p.amountCents, refundedCents: p.refundedCents,
  currency: p.currency, status: p.status, method: p.method, paidAt: p.paidAt?.toISOString() ?? null, note: p.note, createdAt: p.createdAt.toISOString(),
});
