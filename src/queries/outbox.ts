// The outbox: every email is a row written in the transaction of the change that causes it, and the
// worker (src/jobs/outbox-worker.ts) delivers it. These are the only statements that touch the table.
import { and, desc, eq, gte, inArray, lt, lte, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { outbox, type OutboxKind, type OutboxMessage, type OutboxRow } from "../db/schema.js";

export type NewEmail = {
  kind: OutboxKind;
  to: string;
  subject: string;
  message: OutboxMessage;
  /** One email per cause: a second write with the same key is ignored (`reminder:<attendee>:<offset>:<start>`). */
  dedupeKey: string;
  /** Not before this instant (a reminder's time, a confirmation's short grace); default now. */
  sendAt?: Date;
  clientId?: string | null;
  sessionId?: string | null;
  /** The row's id when the message must name it before it is written (a reminder's unsubscribe link). */
  id?: string;
};

/**
 * Writes an email to the outbox; null when its dedupe key was written before (then nothing changes).
 * `practiceId` is null only for mail about a login rather than a practice's work.
 */
export async function enqueueEmail(db: Db, practiceId: string | null, email: NewEmail) {
  const [row] = await db.insert(outbox).values({
    ...(email.id ? { id: email.id } : {}), practiceId, kind: email.kind, toAddress: email.to, subject: email.subject, payload: email.message,
    dedupeKey: email.dedupeKey, nextAttemptAt: email.sendAt ?? new Date(),
    clientId: email.clientId ?? null, sessionId: email.sessionId ?? null,
  }).onConflictDoNothing({ target: outbox.dedupeKey }).returning();
  return row ?? null;
}

/**
 * Claims up to `limit` due rows for one worker: pending or failed rows whose time has come, and rows
 * left `sending` by a worker whose lease ran out (it died between claim and send). SKIP LOCKED lets
 * several workers claim at once without waiting for or taking each other's rows; the lease is written
 * in the claim's own statement, so a claimed row is invisible to the others until it runs out.
 */
export async function claimDueEmails(db: Db, limit: number, leaseMs: number, now = new Date()): Promise<OutboxRow[]> {
  const due = db.select({ id: outbox.id }).from(outbox)
    .where(and(inArray(outbox.status, ["pending", "sending", "failed"]), lte(outbox.nextAttemptAt, now)))
    .orderBy(outbox.nextAttemptAt).limit(limit).for("update", { skipLocked: true });
  const claimed = await db.update(outbox)
    .set({ status: "sending", attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs), updatedAt: now })
    .where(inArray(outbox.id, due)).returning();
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The provider accepted it. Guarded by `sending` and the attempt that claimed it: a worker whose lease
 * ran out while it waited cannot overwrite what a later claimer wrote.
 */
export async function markEmailSent(db: Db, id: string, attempt: number, providerId: string, now = new Date()) {
  const rows = await db.update(outbox).set({ status: "sent", providerId, sentAt: now, lastError: null, updatedAt: now })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending"), eq(outbox.attempts, attempt))).returning({ id: outbox.id });
  return rows.length === 1;
}

/** The provider refused or could not be reached: try again at `retryAt`, or give up (`dead`) when null. */
export async function markEmailFailed(db: Db, id: string, attempt: number, error: string, retryAt: Date | null, now = new Date()) {
  const rows = await db.update(outbox).set({
    status: retryAt ? "failed" : "dead", lastError: error.slice(0, 1000), nextAttemptAt: retryAt ?? now, updatedAt: now,
  }).where(and(eq(outbox.id, id), eq(outbox.status, "sending"), eq(outbox.attempts, attempt))).returning({ id: outbox.id });
  return rows.length === 1;
}

/** A dead email, sent again from the Email page: a fresh set of attempts, due now. */
export async function retryDeadEmail(db: Db, practiceId: string, id: string, now = new Date()) {
  const [row] = await db.update(outbox).set({ status: "pending", attempts: 0, nextAttemptAt: now, updatedAt: now })
    .where(and(eq(outbox.practiceId, practiceId), eq(outbox.id, id), eq(outbox.status, "dead"))).returning();
  return row ?? null;
}

/** Emails that have not gone yet and no longer should (a canceled session's reminders, an undone booking's confirmation). */
export async function cancelUnsentEmails(db: Db, practiceId: string, where: { sessionId?: string; clientId?: string; kinds: OutboxKind[] }) {
  // Never every email of the practice: a session, a client, or both.
  if (!where.sessionId && !where.clientId) throw new Error("cancelUnsentEmails needs a session or a client");
  const now = new Date();
  return db.update(outbox).set({ status: "canceled", updatedAt: now, lastError: null })
    .where(and(
      eq(outbox.practiceId, practiceId), where.sessionId ? eq(outbox.sessionId, where.sessionId) : undefined, inArray(outbox.kind, where.kinds),
      where.clientId ? eq(outbox.clientId, where.clientId) : undefined,
      // A row being sent right now is left to its worker: the provider may already have it.
      or(eq(outbox.status, "pending"), eq(outbox.status, "failed")),
    )).returning({ id: outbox.id, kind: outbox.kind, clientId: outbox.clientId, dedupeKey: outbox.dedupeKey });
}

export async function findOutboxEmail(db: Db, practiceId: string, id: string) {
  const [row] = await db.select().from(outbox).where(and(eq(outbox.practiceId, practiceId), eq(outbox.id, id)));
  return row ?? null;
}

/** The unsubscribe link names the email it came in; its id is random enough to be the secret. */
export async function findOutboxEmailById(db: Db, id: string) {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row ?? null;
}

type LogFilter = { clientId?: string; sessionId?: string; statuses?: OutboxRow["status"][]; before?: Date; limit?: number };

/** The notification log: what was (or will be) sent, newest first, for a client, a session or the practice. */
export async function listOutboxEmails(db: Db, practiceId: string, filter: LogFilter = {}) {
  return db.select({
    id: outbox.id, kind: outbox.kind, toAddress: outbox.toAddress, subject: outbox.subject, status: outbox.status,
    attempts: outbox.attempts, nextAttemptAt: outbox.nextAttemptAt, sentAt: outbox.sentAt, lastError: outbox.lastError,
    providerId: outbox.providerId, createdAt: outbox.createdAt, clientId: outbox.clientId, sessionId: outbox.sessionId,
  }).from(outbox).where(and(
    eq(outbox.practiceId, practiceId),
    filter.clientId ? eq(outbox.clientId, filter.clientId) : undefined,
    filter.sessionId ? eq(outbox.sessionId, filter.sessionId) : undefined,
    filter.statuses ? inArray(outbox.status, filter.statuses) : undefined,
    filter.before ? lt(outbox.createdAt, filter.before) : undefined,
  )).orderBy(desc(outbox.createdAt), desc(outbox.id)).limit(filter.limit ?? 50);
}

/** The dev mailbox (no RESEND_API_KEY): every email of every practice, newest first. Never in production. */
export async function listMailbox(db: Db, limit = 50) {
  return db.select().from(outbox).orderBy(desc(outbox.createdAt), desc(outbox.id)).limit(limit);
}

/** How many of the practice's emails are in each state, of those written since `since` (the Email settings page). */
export async function countOutboxEmailsByStatus(db: Db, practiceId: string, since: Date) {
  const rows = await db.select({ status: outbox.status, count: sql<number>`count(*)::int` }).from(outbox)
    .where(and(eq(outbox.practiceId, practiceId), gte(outbox.createdAt, since))).groupBy(outbox.status);
  return new Map(rows.map((r) => [r.status, Number(r.count)]));
}
