import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { users } from "../db/schema.js";

// Users are the one table above the tenant: a login may belong to several practices (or be a client).
export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return user ?? null;
}

export async function insertUser(db: Db, values: { email: string; passwordHash: string; fullName: string; emailVerifiedAt?: Date }) {
  const [user] = await db.insert(users).values({ ...values, email: values.email.toLowerCase() }).returning();
  return user!;
}
