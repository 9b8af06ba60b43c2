// Sessions after Lucia's reference implementation: the token is "<id>.<secret>", the database
// keeps only SHA-256(secret), so a leaked table cannot be replayed as cookies.
import { createHash, getRandomValues, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { users, userSessions, type User } from "../db/schema.js";

export const SESSION_COOKIE = "practice_session";
const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
// Sliding expiry is written at most once a day, so an active user costs one UPDATE a day, not one a request.
const REFRESH_INTERVAL_MS = DAY_MS;

export type Session = { id: string; userId: string; expiresAt: Date; lastVerifiedAt: Date };

// 24 characters of a 32-letter alphabet = 120 bits of entropy; no look-alike characters.
const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
export function generateSecureRandomString(): string {
  const bytes = getRandomValues(new Uint8Array(24));
  let out = "";
  for (const b of bytes) out += alphabet[b >> 3];
  return out;
}

const hashSecret = (secret: string) => new Uint8Array(createHash("sha256").update(secret).digest());

export async function createSession(db: Db, userId: string, now = new Date()) {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  const session: Session = { id, userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS), lastVerifiedAt: now };
  await db.insert(userSessions).values({ ...session, secretHash: hashSecret(secret) });
  return { session, token: `${id}.${secret}` };
}

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<{ session: Session; user: User; extended: boolean } | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;

  const [row] = await db.select({ session: userSessions, user: users })
    .from(userSessions).innerJoin(users, eq(users.id, userSessions.userId))
    .where(eq(userSessions.id, id));
  if (!row) return null;

  const stored = Buffer.from(row.session.secretHash);
  const given = Buffer.from(hashSecret(secret));
  if (stored.length !== given.length || !timingSafeEqual(stored, given)) return null;

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
