import type { Client, Practice, Service, User } from "../../db/schema.js";

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
