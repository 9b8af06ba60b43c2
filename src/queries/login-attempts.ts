import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { loginAttempts } from "../db/schema.js";

export async function countRecentFailures(db: Db, email: string, ip: string, since: Date) {
  const [row] = await db.select({ n: count() }).from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), gt(loginAttempts.attemptedAt, since)));
  return row?.n ?? 0;
}

export async function recordFailure(db: Db, email: string, ip: string) {
  await db.insert(loginAttempts).values({ email, ip });
}

export async function clearFailures(db: Db, email: string, ip: string) {
  await db.delete(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip)));
}

export async function purgeFailuresBefore(db: Db, before: Date) {
  await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, before));
}
