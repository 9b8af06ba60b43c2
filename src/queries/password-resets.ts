// Password reset links. Like users, they sit above the tenant: a link is about a login, not a practice's
// work, so these take no practice id; the token's id (120 random bits) names the row.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { passwordResetTokens, users } from "../db/schema.js";

export async function insertPasswordResetToken(db: Db, values: { id: string; userId: string; secretHash: Uint8Array; expiresAt: Date }) {
  await db.insert(passwordResetTokens).values(values);
}

/** The user's links not used yet: a new link replaces them, so only the newest email works. */
export async function deleteUnusedPasswordResetTokens(db: Db, userId: string) {
  await db.delete(passwordResetTokens).where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)));
}

/** The link's row with its user, whatever its state (the page says "used" or "expired" in words). */
export async function findPasswordResetToken(db: Db, id: string) {
  const [row] = await db.select({ token: passwordResetTokens, user: users })
    .from(passwordResetTokens).innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(eq(passwordResetTokens.id, id));
  return row ?? null;
}

/**
 * Uses the link up: the guard is the WHERE, so of two requests with the same link exactly one gets the
 * row back (the second waits for the first's row lock, then finds used_at set); false for the other.
 */
export async function claimPasswordResetToken(db: Db, id: string, now: Date) {
  const rows = await db.update(passwordResetTokens).set({ usedAt: now })
    .where(and(eq(passwordResetTokens.id, id), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
    .returning({ userId: passwordResetTokens.userId });
  return rows.length === 1;
}

export async function setUserPasswordHash(db: Db, userId: string, passwordHash: string, now: Date) {
  await db.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
}
