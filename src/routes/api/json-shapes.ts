import type { Practice, User } from "../../db/schema.js";

// The API's camelCase shapes of our rows: never the row itself, so a new column is never leaked by accident.
export const userJson = (user: User, role: "practitioner" | "client") => ({
  id: user.id, email: user.email, fullName: user.fullName, role,
});

export const practiceJson = (practice: Practice) => ({
  id: practice.id, name: practice.name, timezone: practice.timezone, currency: practice.currency,
});
