// Sessions after Lucia's reference implementation: the token is "<id>.<secret>", the database
// keeps only SHA-256(secret), so a leaked table cannot be replayed as cookies (src/auth/tokens.ts).
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { users, userSessions, type User } from "../db/schema.js";
import { newToken, secretMatches, splitToken } from "./tokens.js";

export const SESSION_COOKIE = "practice_session";
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
// Sliding expiry is written at most once a day, so an active user costs one UPDATE a day, not one a request.
const REFRESH_INTERVAL_MS = DAY_MS;

export type Session = { id: string; userId: string; expiresAt: Date; lastVerifiedAt: Date };

export async function createSession(db: Db, userId: string, now = new Date()) {
  const { id, secretHash, token } = newToken();
  const session: Session = { id, userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS), lastVerifiedAt: now };
  await db.insert(userSessions).values({ ...session, secretHash });
  return { session, token };
}

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<{ session: Session; user: User; extended: boolean } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const { id, secret } = parts;

  const [row] = await db.select({ session: userSessions, user: users })
    .from(userSessions).innerJoin(users, eq(users.id, userSessions.userId))
    .where(eq(userSessions.id, id));
  if (!row) return null;

  if (!secretMatches(row.session.secretHash, secret)) return null;

  if (row.session.expiresAt.getTime() <= now.getTime()) {
    await invalidateSession(db, id);
    return null;
  }

  const session: Session = { id, userId: row.session.userId, expiresAt: row.session.expiresAt, lastVerifiedAt: row.session.lastVerifiedAt };
  const extended = now.getTime() - session.lastVerifiedAt.getTime() >= REFRESH_INTERVAL_MS;
  if (extended) {
    session.lastVerifiedAt = now;
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
    await db.update(userSessions).set({ lastVerifiedAt: now, expiresAt: session.expiresAt }).where(eq(userSessions.id, id));
  }
  return { session, user: row.user, extended };
}

export async function invalidateSession(db: Db, sessionId: string) {
  await db.delete(userSessions).where(eq(userSessions.id, sessionId));
}

/** Every session of the user, on every device: after a password reset, whoever had the old one is out. */
export async function invalidateUserSessions(db: Db, userId: string) {
  await db.delete(userSessions).where(eq(userSessions.userId, userId));
}
