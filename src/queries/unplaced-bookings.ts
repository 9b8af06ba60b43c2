import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { unplacedBookings, type IntegrationKind } from "../db/schema.js";

export type UnplacedValues = {
  source: IntegrationKind; externalEventId: string; inviteeName: string; inviteeEmail: string; title: string | null;
  startTime: Date; endTime: Date; reason: string;
};

/** Kept once per external event: a replayed delivery updates the reason, it adds nothing. */
export async function recordUnplacedBooking(db: Db, practiceId: string, values: UnplacedValues) {
  const [row] = await db.insert(unplacedBookings).values({ ...values, practiceId })
    .onConflictDoUpdate({ target: [unplacedBookings.practiceId, unplacedBookings.source, unplacedBookings.externalEventId],
      set: { reason: values.reason, startTime: values.startTime, endTime: values.endTime, resolvedAt: null } })
    .returning();
  return row!;
}

export async function listOpenUnplacedBookings(db: Db, practiceId: string) {
  return db.select().from(unplacedBookings).where(and(eq(unplacedBookings.practiceId, practiceId), isNull(unplacedBookings.resolvedAt)))
    .orderBy(asc(unplacedBookings.startTime)).limit(50);
}

export async function findUnplacedBooking(db: Db, practiceId: string, id: string) {
  const [row] = await db.select().from(unplacedBookings).where(and(eq(unplacedBookings.practiceId, practiceId), eq(unplacedBookings.id, id)));
  return row ?? null;
}

/** Dealt with (booked by hand, or canceled in the other service): off the list, kept for the record. */
export async function resolveUnplacedBooking(db: Db, practiceId: string, id: string) {
  await db.update(unplacedBookings).set({ resolvedAt: new Date() })
    .where(and(eq(unplacedBookings.practiceId, practiceId), eq(unplacedBookings.id, id), isNull(unplacedBookings.resolvedAt)));
}

/** The event was canceled in the other service before anyone placed it. */
export async function resolveUnplacedByEvent(db: Db, practiceId: string, source: IntegrationKind, externalEventId: string) {
  await db.update(unplacedBookings).set({ resolvedAt: new Date() })
    .where(and(eq(unplacedBookings.practiceId, practiceId), eq(unplacedBookings.source, source), eq(unplacedBookings.externalEventId, externalEventId), isNull(unplacedBookings.resolvedAt)));
}
