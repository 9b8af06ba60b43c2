// Portal invitations of a practice's clients. Found by the token's id (120 random bits) when a link is
// opened, since the person opening it is not signed in; everything else is scoped by practice and client.
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { clientInvites, clients, practices } from "../db/schema.js";

export async function insertClientInvite(db: Db, practiceId: string,
  values: { id: string; clientId: string; email: string; secretHash: Uint8Array; expiresAt: Date; createdBy: string }) {
  const [invite] = await db.insert(clientInvites).values({ practiceId, ...values }).returning();
  return invite!;
}

/** The client's links not used yet: a new invitation (or revoking access) makes them stop working. */
export async function deleteUnusedClientInvites(db: Db, practiceId: string, clientId: string) {
  await db.delete(clientInvites)
    .where(and(eq(clientInvites.practiceId, practiceId), eq(clientInvites.clientId, clientId), isNull(clientInvites.usedAt)));
}

/** The newest invitation of a client, for the portal status on the client page. */
export async function findLatestClientInvite(db: Db, practiceId: string, clientId: string) {
  const [invite] = await db.select().from(clientInvites)
    .where(and(eq(clientInvites.practiceId, practiceId), eq(clientInvites.clientId, clientId)))
    .orderBy(desc(clientInvites.createdAt)).limit(1);
  return invite ?? null;
}

/** The link's row with its client and practice, whatever its state (the page says "used" or "expired"). */
export async function findClientInviteByTokenId(db: Db, id: string) {
  const [row] = await db.select({ invite: clientInvites, client: clients, practice: practices })
    .from(clientInvites)
    .innerJoin(clients, and(eq(clients.practiceId, clientInvites.practiceId), eq(clients.id, clientInvites.clientId)))
    .innerJoin(practices, eq(practices.id, clientInvites.practiceId))
    .where(eq(clientInvites.id, id));
  return row ?? null;
}

/**
 * Uses the link up. The WHERE is the guard: of two requests with one link, exactly one gets true (the
 * second waits for the first's row lock, then finds used_at set).
 */
export async function claimClientInvite(db: Db, practiceId: string, id: string, now: Date) {
  const rows = await db.update(clientInvites).set({ usedAt: now })
    .where(and(eq(clientInvites.practiceId, practiceId), eq(clientInvites.id, id), isNull(clientInvites.usedAt), gt(clientInvites.expiresAt, now)))
    .returning({ id: clientInvites.id });
  return rows.length === 1;
}
