// All SQL for follow-ups (tasks after a session or about a client) and for the "time to book again"
// suggestions. A follow-up is always found through its practice, and through its client where the URL
// names one; completing and snoozing are guarded updates, so a double tap changes a row once.
import { and, asc, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { clients, followUps, memberships, services, sessionAttendees, sessions, users, type FollowUp, type FollowUpType } from "../db/schema.js";

export type FollowUpValues = {
  clientId: string; sessionId: string | null; type: FollowUpType; notes: string; dueAt: Date; assigneeId: string | null; createdBy: string | null;
};

/** A follow-up with what its row shows: the client's name and email, the assignee's name. */
export type FollowUpView = { followUp: FollowUp; clientName: string; clientEmail: string | null; assigneeName: string | null };

const assignee = alias(users, "assignee");

const viewColumns = {
  followUp: followUps,
  clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`,
  clientEmail: clients.email,
  assigneeName: assignee.fullName,
};

function selectViews(db: Db) {
  return db.select(viewColumns).from(followUps)
    .innerJoin(clients, and(eq(clients.practiceId, followUps.practiceId), eq(clients.id, followUps.clientId)))
    .leftJoin(assignee, eq(assignee.id, followUps.assigneeId));
}

export async function insertFollowUp(db: Db, practiceId: string, values: FollowUpValues) {
  const [row] = await db.insert(followUps).values({ practiceId, ...values }).returning();
  return row!;
}

export async function findFollowUpView(db: Db, practiceId: string, followUpId: string): Promise<FollowUpView | null> {
  const [row] = await selectViews(db).where(and(eq(followUps.practiceId, practiceId), eq(followUps.id, followUpId)));
  return row ?? null;
}

/** The row, locked for a change that must see its latest state (an email sent from it). */
export async function lockFollowUp(db: Db, practiceId: string, followUpId: string) {
  const [row] = await db.select().from(followUps).where(and(eq(followUps.practiceId, practiceId), eq(followUps.id, followUpId))).for("update");
  return row ?? null;
}

/** Open follow-ups of the practice, soonest first, at most `limit` (overdue ones are the oldest, so they always fit). */
export async function listOpenFollowUps(db: Db, practiceId: string, limit = 200): Promise<FollowUpView[]> {
  return selectViews(db).where(and(eq(followUps.practiceId, practiceId), isNull(followUps.completedAt)))
    .orderBy(asc(followUps.dueAt), asc(followUps.id)).limit(limit);
}

export async function listDoneFollowUps(db: Db, practiceId: string, limit = 50): Promise<FollowUpView[]> {
  return selectViews(db).where(and(eq(followUps.practiceId, practiceId), isNotNull(followUps.completedAt)))
    .orderBy(desc(followUps.completedAt), desc(followUps.id)).limit(limit);
}

export async function listClientFollowUps(db: Db, practiceId: string, clientId: string, limit = 20): Promise<FollowUpView[]> {
  return selectViews(db).where(and(eq(followUps.practiceId, practiceId), eq(followUps.clientId, clientId), isNull(followUps.completedAt)))
    .orderBy(asc(followUps.dueAt), asc(followUps.id)).limit(limit);
}

export async function listSessionFollowUps(db: Db, practiceId: string, sessionId: string): Promise<FollowUpView[]> {
  return selectViews(db).where(and(eq(followUps.practiceId, practiceId), eq(followUps.sessionId, sessionId)))
    .orderBy(asc(followUps.dueAt), asc(followUps.id));
}

/** The clients of a session who already have a follow-up from it (any state): the automatic one is made once. */
export async function sessionFollowUpClientIds(db: Db, practiceId: string, sessionId: string) {
  const rows = await db.select({ clientId: followUps.clientId }).from(followUps)
    .where(and(eq(followUps.practiceId, practiceId), eq(followUps.sessionId, sessionId)));
  return new Set(rows.map((r) => r.clientId));
}

/** The clients who came to a session (booked or checked in): who a completed session's follow-ups are for. */
export async function listSessionClients(db: Db, practiceId: string, sessionId: string) {
  return db.select({ clientId: sessionAttendees.clientId, clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}` })
    .from(sessionAttendees)
    .innerJoin(clients, and(eq(clients.practiceId, sessionAttendees.practiceId), eq(clients.id, sessionAttendees.clientId)))
    .where(and(eq(sessionAttendees.practiceId, practiceId), eq(sessionAttendees.sessionId, sessionId),
      sql`${sessionAttendees.attendanceStatus} in ('registered', 'attended')`))
    .orderBy(asc(clients.lastName), asc(clients.firstName));
}

/** Done: only an open follow-up changes, so the second of two taps finds nothing to do and returns null. */
export async function completeFollowUpRow(db: Db, practiceId: string, followUpId: string, now: Date) {
  const [row] = await db.update(followUps).set({ completedAt: now, updatedAt: now })
    .where(and(eq(followUps.practiceId, practiceId), eq(followUps.id, followUpId), isNull(followUps.completedAt))).returning();
  return row ?? null;
}

/**
 * Snoozed from the due time the person saw: a second tap of "+1 day" finds the due time already moved
 * and changes nothing, instead of pushing it a second day.
 */
export async function snoozeFollowUpRow(db: Db, practiceId: string, followUpId: string, seenDueAt: Date, dueAt: Date, now: Date) {
  const [row] = await db.update(followUps).set({ dueAt, updatedAt: now })
    .where(and(eq(followUps.practiceId, practiceId), eq(followUps.id, followUpId), isNull(followUps.completedAt), eq(followUps.dueAt, seenDueAt))).returning();
  return row ?? null;
}

/**
 * The nav badge: open follow-ups due before `until` (the end of today in the practice's zone). One range
 * scan of follow_ups_due_idx (practice_id, completed_at, due_at), run on every staff page.
 */
export async function countDueFollowUps(db: Db, practiceId: string, until: Date) {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(followUps)
    .where(and(eq(followUps.practiceId, practiceId), isNull(followUps.completedAt), lt(followUps.dueAt, until)));
  return row?.count ?? 0;
}

/** The practice's members, for the assignee choice. */
export async function listMembers(db: Db, practiceId: string) {
  return db.select({ id: users.id, fullName: users.fullName }).from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.practiceId, practiceId)).orderBy(asc(users.fullName));
}

export async function isMember(db: Db, practiceId: string, userId: string) {
  const [row] = await db.select({ id: memberships.id }).from(memberships)
    .where(and(eq(memberships.practiceId, practiceId), eq(memberships.userId, userId)));
  return !!row;
}

export type RebookSuggestion = { clientId: string; clientName: string; lastVisitAt: Date; weeks: number };

/**
 * "Time to book again": clients whose last visit is at least N weeks ago with nothing booked ahead and no
 * open follow-up, N being the rebook weeks of the service of their last attended session, else the
 * practice's. Archived and erased clients never appear; a dismissal holds until a later visit. The oldest
 * visits come first, at most `limit`; the last-visit index bounds the scan to visits at least a week old.
 */
export async function listRebookSuggestions(db: Db, practiceId: string, practiceWeeks: number | null, now: Date, limit = 20): Promise<RebookSuggestion[]> {
  const lastService = sql`(select ${services.rebookAfterWeeks} from ${sessionAttendees}
    join ${sessions} on ${sessions.practiceId} = ${sessionAttendees.practiceId} and ${sessions.id} = ${sessionAttendees.sessionId}
    left join ${services} on ${services.practiceId} = ${sessions.practiceId} and ${services.id} = ${sessions.serviceId}
    where ${sessionAttendees.practiceId} = ${clients.practiceId} and ${sessionAttendees.clientId} = ${clients.id}
      and ${sessionAttendees.attendanceStatus} = 'attended'
    order by ${sessions.startTime} desc limit 1)`;
  const weeks = sql<number | null>`coalesce(${lastService}, ${practiceWeeks}::int)`;
  const nowText = now.toISOString();
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const rows = await db.select({ clientId: clients.id, clientName: sql<string>`${clients.firstName} || ' ' || ${clients.lastName}`, lastVisitAt: clients.lastVisitAt, weeks })
    .from(clients)
    .where(and(
      eq(clients.practiceId, practiceId),
      sql`coalesce(${clients.lastVisitAt}, '-infinity'::timestamptz) > '-infinity'::timestamptz`,
      sql`coalesce(${clients.lastVisitAt}, '-infinity'::timestamptz) <= ${weekAgo.toISOString()}::timestamptz`,
      sql`${clients.status} <> 'archived'`, isNull(clients.erasedAt),
      sql`(${clients.rebookDismissedAt} is null or ${clients.rebookDismissedAt} < ${clients.lastVisitAt})`,
      sql`${clients.lastVisitAt} + make_interval(weeks => ${weeks}) <= ${nowText}::timestamptz`,
      sql`not exists (select 1 from ${sessionAttendees} join ${sessions} on ${sessions.practiceId} = ${sessionAttendees.practiceId} and ${sessions.id} = ${sessionAttendees.sessionId}
        where ${sessionAttendees.practiceId} = ${clients.practiceId} and ${sessionAttendees.clientId} = ${clients.id}
          and ${sessionAttendees.attendanceStatus} = 'registered' and ${sessions.status} = 'scheduled' and ${sessions.startTime} > ${nowText}::timestamptz)`,
      sql`not exists (select 1 from ${followUps} where ${followUps.practiceId} = ${clients.practiceId} and ${followUps.clientId} = ${clients.id} and ${followUps.completedAt} is null)`,
    ))
    .orderBy(sql`coalesce(${clients.lastVisitAt}, '-infinity'::timestamptz)`, asc(clients.id)).limit(limit);
  return rows.map((r) => ({ ...r, lastVisitAt: r.lastVisitAt!, weeks: r.weeks! }));
}

/** Whether any rebook period is set at all: when none is, the suggestions query is not run. */
export async function anyServiceRebooks(db: Db, practiceId: string) {
  const [row] = await db.select({ id: services.id }).from(services)
    .where(and(eq(services.practiceId, practiceId), isNotNull(services.rebookAfterWeeks))).limit(1);
  return !!row;
}

/** "Dismiss": the suggestion stays away until a visit later than this. */
export async function dismissRebook(db: Db, practiceId: string, clientId: string, now: Date) {
  const [row] = await db.update(clients).set({ rebookDismissedAt: now, updatedAt: now })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).returning({ id: clients.id });
  return !!row;
}
