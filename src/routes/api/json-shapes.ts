import type { CalendarSession, Client, Practice, Service, SessionAttendee, User } from "../../db/schema.js";

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
  status: s.status, notes: s.notes, cancelReason: s.cancelReason,
  attendees: attendees.map((a) => attendeeJson(a.attendee, a.clientName)),
});
