// The client records a login may open in the portal. Like users, this starts from the login and not from a
// practice: the user id comes from a validated session, and each row it finds names its own practice.
import { and, asc, eq, isNull, or } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clients, practices } from "../db/schema.js";

/** Every practice where this login is an active portal client, oldest link first (the default one). */
export async function listPortalAccounts(db: Db, userId: string) {
  return db.select({ client: clients, practice: practices })
    .from(clients).innerJoin(practices, eq(practices.id, clients.practiceId))
    .where(and(eq(clients.portalUserId, userId), isNull(clients.erasedAt)))
    .orderBy(asc(clients.createdAt), asc(clients.id));
}
export type PortalAccount = Awaited<ReturnType<typeof listPortalAccounts>>[number];

/**
 * Opens the portal for a client: the login becomes theirs. Guarded so that a client already linked to
 * another login is not taken over (false then); the unique (practice, portal user) index refuses a second
 * client record of the same practice for one login.
 */
export async function linkPortalUser(db: Db, practiceId: string, clientId: string, userId: string) {
  const rows = await db.update(clients).set({ portalUserId: userId, portalRevokedAt: null, updatedAt: new Date() })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId), isNull(clients.erasedAt),
      or(isNull(clients.portalUserId), eq(clients.portalUserId, userId))))
    .returning({ id: clients.id });
  return rows.length === 1;
}

/** Ends portal access: the login stays (it may be a client elsewhere), this practice's record lets go of it. */
export async function unlinkPortalUser(db: Db, practiceId: string, clientId: string, now: Date) {
  const [row] = await db.update(clients).set({ portalUserId: null, portalRevokedAt: now, updatedAt: now })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId)))
    .returning();
  return row ?? null;
}
