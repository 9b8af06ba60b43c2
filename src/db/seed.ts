// The demo practice: obviously fake people at an obviously fake address, so nobody mistakes it for data.
// Later issues add their own sections (clients, services, sessions, packages, metrics) below.
import { count } from "drizzle-orm";
import type { Db } from "./client.js";
import { users } from "./schema.js";
import { registerPractitioner } from "../domain/accounts.js";
import { findUserByEmail } from "../queries/users.js";

export const demoLogin = { email: "demo@practice.test", password: "demo-practice-2026" } as const;

export async function isEmptyDatabase(db: Db) {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

export async function seedDemoPractice(db: Db) {
  const existing = await findUserByEmail(db, demoLogin.email);
  if (existing) return { created: false };
  await registerPractitioner(db, {
    email: demoLogin.email,
    password: demoLogin.password,
    fullName: "Dana Demo",
    practiceName: "Sunny Side Wellness (demo)",
    timezone: "Europe/London",
  });
  return { created: true };
}
