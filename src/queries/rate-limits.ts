import { inArray, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { rateLimitBuckets } from "../db/schema.js";

export type Bucket = { key: string; limit: number; windowMs: number };

/**
 * Takes one hit from each bucket in one statement and returns each bucket's count including it. The
 * upsert locks each row, so two parallel requests can never both read the same count: with a limit of
 * 10, at most 10 requests are ever admitted per window however many arrive at once. An expired window
 * starts again at 1.
 */
export async function takeHits(db: Db, buckets: Bucket[], now: Date): Promise<Map<string, { hits: number; resetsAt: Date }>> {
  // Written as text: the postgres-js driver does not serialize a Date inside a raw sql fragment.
  const at = sql`${now.toISOString()}::timestamptz`;
  // Rows are locked in key order, here and in giveBackHits: two statements over the same buckets never
  // wait for each other in a cycle.
  const ordered = [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const rows = await db.insert(rateLimitBuckets)
    .values(ordered.map((b) => ({ key: b.key, hits: 1, resetsAt: new Date(now.getTime() + b.windowMs) })))
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        hits: sql`case when ${rateLimitBuckets.resetsAt} <= ${at} then 1 else ${rateLimitBuckets.hits} + 1 end`,
        resetsAt: sql`case when ${rateLimitBuckets.resetsAt} <= ${at} then excluded.resets_at else ${rateLimitBuckets.resetsAt} end`,
      },
    })
    .returning({ key: rateLimitBuckets.key, hits: rateLimitBuckets.hits, resetsAt: rateLimitBuckets.resetsAt });
  return new Map(rows.map((r) => [r.key, { hits: r.hits, resetsAt: r.resetsAt }]));
}

/** Gives hits back: a refused request, or a login that succeeded, does not count against the others. */
export async function giveBackHits(db: Db, keys: string[]) {
  if (!keys.length) return;
  // An UPDATE locks rows in whatever order it finds them; the sub-select locks them in key order first.
  const inKeyOrder = db.select({ key: rateLimitBuckets.key }).from(rateLimitBuckets)
    .where(inArray(rateLimitBuckets.key, keys)).orderBy(rateLimitBuckets.key).for("update");
  await db.update(rateLimitBuckets).set({ hits: sql`greatest(${rateLimitBuckets.hits} - 1, 0)` })
    .where(inArray(rateLimitBuckets.key, inKeyOrder));
}

export async function clearBuckets(db: Db, keys: string[]) {
  if (!keys.length) return;
  await db.delete(rateLimitBuckets).where(inArray(rateLimitBuckets.key, keys));
}

export async function purgeExpiredBuckets(db: Db, now: Date) {
  await db.delete(rateLimitBuckets).where(lt(rateLimitBuckets.resetsAt, now));
}
