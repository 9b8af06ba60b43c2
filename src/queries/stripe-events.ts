import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { practices, stripeEvents } from "../db/schema.js";

/** Claims a Stripe event: false when it was claimed before (a replay), which then changes nothing. */
export async function claimStripeEvent(db: Db, event: { id: string; type: string; account?: string | null }) {
  const rows = await db.insert(stripeEvents).values({ id: event.id, type: event.type, account: event.account ?? null })
    .onConflictDoNothing().returning({ id: stripeEvents.id });
  return rows.length === 1;
}

export async function markStripeEventProcessed(db: Db, eventId: string) {
  await db.update(stripeEvents).set({ processedAt: new Date(), waitingFor: null, payload: null }).where(eq(stripeEvents.id, eventId));
}

/** Kept for later: the event names a payment that has not arrived yet. */
export async function parkStripeEvent(db: Db, eventId: string, waitingFor: string, payload: unknown) {
  await db.update(stripeEvents).set({ waitingFor, payload }).where(eq(stripeEvents.id, eventId));
}

/** Events parked for this key, locked and oldest first, to be applied now that it exists. */
export async function takeParkedStripeEvents(db: Db, waitingFor: string) {
  return db.select().from(stripeEvents).where(and(eq(stripeEvents.waitingFor, waitingFor), isNull(stripeEvents.processedAt)))
    .orderBy(stripeEvents.receivedAt).for("update");
}

/** The practice whose subscription a Stripe customer is (we create the customer, so we wrote the link). */
export async function lockPracticeByStripeCustomer(db: Db, customerId: string) {
  const [row] = await db.select().from(practices).where(eq(practices.stripeCustomerId, customerId)).for("update");
  return row ?? null;
}

export async function setPracticeSubscription(db: Db, practiceId: string, values: {
  subscriptionId?: string | null; subscriptionStatus?: string | null; subscriptionPlan?: string | null;
  subscriptionCurrentPeriodEnd?: Date | null; subscriptionSyncedAt?: Date;
}) {
  await db.update(practices).set({ ...values, updatedAt: new Date() }).where(eq(practices.id, practiceId));
}

export async function setPracticeStripeCustomer(db: Db, practiceId: string, customerId: string) {
  // Set once: a second checkout reuses the customer, so every subscription event finds this practice.
  await db.update(practices).set({ stripeCustomerId: customerId, updatedAt: new Date() })
    .where(and(eq(practices.id, practiceId), sql`${practices.stripeCustomerId} is null`));
}
