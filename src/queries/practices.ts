import { and, asc, eq, ne } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { memberships, practices, users, type MembershipRole, type Practice } from "../db/schema.js";

export type PracticeSettings = Pick<Practice,
  "name" | "timezone" | "currency" | "cancellationWindowHours" | "reminderOffsetsMinutes" | "followUpDefaultDays" | "followUpAutomatic" | "rebookAfterWeeks">;

export async function insertPractice(db: Db, values: { name: string; timezone: string; currency?: string }) {
  const [practice] = await db.insert(practices).values(values).returning();
  return practice!;
}

export async function insertMembership(db: Db, practiceId: string, userId: string, role: MembershipRole) {
  const [membership] = await db.insert(memberships).values({ practiceId, userId, role }).returning();
  return membership!;
}

/**
 * The practice a signed-in user works in. A user with several memberships gets the oldest one until
 * a practice switcher exists; the tenant always comes from here, never from the URL or a form.
 */
export async function findStaffMembership(db: Db, userId: string) {
  const [row] = await db.select({ membership: memberships, practice: practices })
    .from(memberships).innerJoin(practices, eq(practices.id, memberships.practiceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt)).limit(1);
  return row ?? null;
}

export async function updatePracticeSettings(db: Db, practiceId: string, settings: PracticeSettings) {
  const [practice] = await db.update(practices).set({ ...settings, updatedAt: new Date() })
    .where(eq(practices.id, practiceId)).returning();
  return practice ?? null;
}

export async function findMembership(db: Db, practiceId: string, userId: string) {
  const [membership] = await db.select().from(memberships)
    .where(and(eq(memberships.practiceId, practiceId), eq(memberships.userId, userId)));
  return membership ?? null;
}

export async function findPractice(db: Db, practiceId: string) {
  const [practice] = await db.select().from(practices).where(eq(practices.id, practiceId));
  return practice ?? null;
}

/** Who a webhook's booking belongs to: the member with the host's email, else the practice's owner. */
export async function findBookingHost(db: Db, practiceId: string, hostEmail: string) {
  const rows = await db.select({ userId: memberships.userId, role: memberships.role, email: users.email }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.practiceId, practiceId), ne(memberships.role, "assistant")));
  return rows.find((r) => r.email === hostEmail.toLowerCase()) ?? rows.find((r) => r.role === "owner") ?? null;
}

export async function setCalendarFeedTokenHash(db: Db, practiceId: string, userId: string, tokenHash: string) {
  await db.update(memberships).set({ calendarFeedTokenHash: tokenHash })
    .where(and(eq(memberships.practiceId, practiceId), eq(memberships.userId, userId)));
}

/** The one lookup not scoped by practice: the feed URL's secret is what names the practice. */
export async function findMembershipByFeedTokenHash(db: Db, tokenHash: string) {
  const [row] = await db.select({ membership: memberships, practice: practices })
    .from(memberships).innerJoin(practices, eq(practices.id, memberships.practiceId))
    .where(eq(memberships.calendarFeedTokenHash, tokenHash));
  return row ?? null;
}
