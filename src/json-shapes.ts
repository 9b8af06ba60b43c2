import type { CalendarSession, Client, ClientMetric, LedgerRow, MetricTemplate, Practice, Program, ProgramEnrollment, ProgramPhase, Service, SessionAttendee, User } from "./db/schema.js";

// The API's camelCase shapes of our rows: never the row itself, so a new column is never leaked by accident.
export const userJson = (user: User, role: "practitioner" | "client") => ({
  id: user.id, email: user.email, fullName: user.fullName, role,
});

export const practiceJson = (practice: Practice) => ({
  id: practice.id, name: practice.name, timezone: practice.timezone, currency: practice.currency,
});

export const clientJson = (c: Client) => ({
  id: c.id, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone, address: c.address,
  dateOfBirth: c.dateOfBirth, notes: c.notes, status: c.status,
  lastVisitAt: c.lastVisitAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
});

export const serviceJson = (s: Service, currency: string) => ({
  id: s.id, name: s.name, description: s.description, durationMinutes: s.durationMinutes,
  priceCents: s.priceCents, price: { amountCents: s.priceCents, currency }, capacity: s.capacity, active: s.active,
});

export const attendeeJson = (a: SessionAttendee, clientName?: string) => ({
  id: a.id, sessionId: a.sessionId, clientId: a.clientId, ...(clientName ? { clientName } : {}),
  attendanceStatus: a.attendanceStatus, checkInTime: a.checkInTime?.toISOString() ?? null, paymentStatus: a.paymentStatus,
});

export const sessionJson = (s: CalendarSession, attendees: Array<{ attendee: SessionAttendee; clientName: string }> = []) => ({
  id: s.id, serviceId: s.serviceId, practitionerId: s.practitionerId, seriesId: s.seriesId, title: s.title,
  startTime: s.startTime.toISOString(), endTime: s.endTime.toISOString(), location: s.location, capacity: s.capacity,
  status: s.status, notes: s.notes, cancelReason: s.cancelReason, canceledBy: s.canceledBy,
  attendees: attendees.map((a) => attendeeJson(a.attendee, a.clientName)),
});

export const programJson = (p: Program, currency: string, phases: ProgramPhase[] = []) => ({
  id: p.id, name: p.name, description: p.description, type: p.type, serviceId: p.serviceId, startDate: p.startDate, endDate: p.endDate,
  sessionsCount: p.sessionsCount, priceCents: p.priceCents, price: p.priceCents == null ? null : { amountCents: p.priceCents, currency },
  validityDays: p.validityDays, closed: p.closed, active: p.active, phases: phases.map((ph) => ({ id: ph.id, name: ph.name, position: ph.position })),
});

export const enrollmentJson = (e: ProgramEnrollment) => ({
  id: e.id, programId: e.programId, clientId: e.clientId, status: e.status, sessionsRemaining: e.sessionsRemaining,
  enrolledAt: e.enrolledAt.toISOString(), completionDate: e.completionDate, expiresAt: e.expiresAt?.toISOString() ?? null,
});

export const ledgerJson = (l: LedgerRow) => ({
  id: l.id, delta: l.delta, reason: l.reason, note: l.note, sessionId: l.sessionId, createdAt: l.createdAt.toISOString(),
});

export const metricTemplateJson = (t: MetricTemplate) => ({
  id: t.id, name: t.name, unit: t.unit, type: t.type, minValue: t.minValue, maxValue: t.maxValue, step: t.step, better: t.better,
  description: t.description, archived: t.archived,
});

export const metricJson = (m: ClientMetric) => ({
  id: m.id, templateId: m.metricTemplateId, value: m.valueNum ?? m.valueText, recordedAt: m.recordedAt.toISOString(), source: m.source,
});
