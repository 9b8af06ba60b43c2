import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { formSubmissions } from "../db/schema.js";

/**
 * Claims a form's key inside the create's transaction. `{ first: true }` the first time; a retry gets
 * `{ first: false, resultId }` with what the first one recorded. Concurrent duplicates wait on the row.
 */
export async function claimSubmission(db: Db, practiceId: string, key: string) {
  const [claimed] = await db.insert(formSubmissions).values({ practiceId, key }).onConflictDoNothing().returning();
  if (claimed) return { first: true as const };
  const [row] = await db.select().from(formSubmissions).where(and(eq(formSubmissions.practiceId, practiceId), eq(formSubmissions.key, key)));
  return { first: false as const, resultId: row?.resultId ?? null };
}

/** What an already-used key made, or null when the key is new: a retry can go straight to it. */
export async function findSubmissionResult(db: Db, practiceId: string, key: string) {
  const [row] = await db.select({ resultId: formSubmissions.resultId }).from(formSubmissions)
    .where(and(eq(formSubmissions.practiceId, practiceId), eq(formSubmissions.key, key)));
  return row?.resultId ?? null;
}

export async function recordSubmissionResult(db: Db, practiceId: string, key: string, resultId: string) {
  await db.update(formSubmissions).set({ resultId }).where(and(eq(formSubmissions.practiceId, practiceId), eq(formSubmissions.key, key)));
}

/** Keys only matter for minutes; the daily job forgets them after a week. */
export async function purgeSubmissionsBefore(db: Db, before: Date) {
  await db.delete(formSubmissions).where(lt(formSubmissions.createdAt, before));
}
