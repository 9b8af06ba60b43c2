// What scheduled check-ins read and write. The rules (src/domain/check-ins.ts says them in words) live in
// ONE query shape, `dueRows`: a row per check-in metric that is due, for whichever clients the caller scopes
// it to. The portal home asks for one client, the Metrics page for one practice, and the check-in planner
// (like the reminder scheduler) looks across practices, since one worker serves them all.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import {
  clientMetrics, clientMetricTemplates, clients, metricTemplates, outbox, practices, sessionAttendees, sessions, type CheckInCadence,
} from "../db/schema.js";

/** How long before a session its check-in opens: a value logged since then counts for it. */
export const BEFORE_SESSION_HOURS = 48;

/**
 * Every check-in metric that is due at `now`, of the clients `scope` picks (always among clients with a
 * cadence, not erased, not archived; archived metrics are not asked for). Per client, the next booking
 * within 48 h is found once (a LATERAL join gated on the cadence, so every-N-days clients skip it);
 * per metric, the newest value walks client_metrics_series_idx backwards to one row.
 *
 * dueSince: every N days, the newest value + N days, or when the metric was given to the client if it
 * never had one; before a session, the session's start − 48 h. A metric is due when dueSince has come
 * and no value was logged since it (for every N days the second half always holds: last < last + N).
 */
function dueRows(db: Db, now: Date, scope: SQL | undefined) {
  const horizon = new Date(now.getTime() + BEFORE_SESSION_HOURS * 3_600_000);
  const nextSession = db.select({ sessionId: sql<string>`${sessions.id}`.as("next_session_id"), start: sql<Date>`${sessions.startTime}`.mapWith(sessions.startTime).as("next_start") })
    .from(sessionAttendees)
    .innerJoin(sessions, and(eq(sessions.practiceId, sessionAttendees.practiceId), eq(sessions.id, sessionAttendees.sessionId)))
    .where(and(
      sql`${clients.checkInCadence} = 'before_session'`, eq(sessionAttendees.practiceId, clients.practiceId), eq(sessionAttendees.clientId, clients.id),
      ne(sessionAttendees.attendanceStatus, "canceled"), eq(sessions.status, "scheduled"), gt(sessions.startTime, now), lte(sessions.startTime, horizon),
    )).orderBy(asc(sessions.startTime)).limit(1).as("next_session");
  const lastValue = db.select({ at: sql<Date | null>`max(${clientMetrics.recordedAt})`.mapWith(clientMetrics.recordedAt).as("last_at") }).from(clientMetrics)
    .where(and(eq(clientMetrics.practiceId, clientMetricTemplates.practiceId), eq(clientMetrics.clientId, clientMetricTemplates.clientId),
      eq(clientMetrics.metricTemplateId, clientMetricTemplates.metricTemplateId))).as("last_value");
  const dueSince = sql`case when ${clients.checkInCadence} = 'every_days'
    then coalesce(${lastValue.at} + make_interval(days => ${clients.checkInEveryDays}), ${clientMetricTemplates.createdAt})
    else ${nextSession.start} - make_interval(hours => ${BEFORE_SESSION_HOURS}::int) end`;
  // Names of their own: a subquery's columns are written unqualified by whoever selects from it.
  return db.select({
    practiceId: sql<string>`${clients.practiceId}`.as("due_practice_id"), clientId: sql<string>`${clients.id}`.as("due_client_id"),
    firstName: sql<string>`${clients.firstName}`.as("due_first_name"), lastName: sql<string>`${clients.lastName}`.as("due_last_name"),
    email: sql<string | null>`${clients.email}`.as("due_email"),
    templateId: sql<string>`${metricTemplates.id}`.as("due_template_id"), templateName: sql<string>`${metricTemplates.name}`.as("due_template_name"),
    dueSince: sql<Date>`${dueSince}`.mapWith(clients.createdAt).as("due_since"),
    sessionId: nextSession.sessionId, sessionStart: nextSession.start,
  }).from(clients)
    .leftJoinLateral(nextSession, sql`true`)
    .innerJoin(clientMetricTemplates, and(eq(clientMetricTemplates.practiceId, clients.practiceId), eq(clientMetricTemplates.clientId, clients.id), eq(clientMetricTemplates.checkIn, true)))
    .innerJoin(metricTemplates, and(eq(metricTemplates.practiceId, clientMetricTemplates.practiceId), eq(metricTemplates.id, clientMetricTemplates.metricTemplateId), eq(metricTemplates.archived, false)))
    .leftJoinLateral(lastValue, sql`true`)
    .where(and(
      isNotNull(clients.checkInCadence), isNull(clients.erasedAt), ne(clients.status, "archived"), scope,
      sql`${dueSince} <= ${now.toISOString()}::timestamptz`, sql`(${lastValue.at} is null or ${lastValue.at} < ${dueSince})`,
    ));
}

/** One client's due check-in metrics, the longest due first (the portal home). */
export async function listClientDueCheckIns(db: Db, practiceId: string, clientId: string, now: Date) {
  const due = dueRows(db, now, and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).as("due");
  return db.select({ templateId: due.templateId, templateName: due.templateName, dueSince: due.dueSince }).from(due)
    .orderBy(asc(due.dueSince), asc(due.templateName));
}

/** "Who has not logged": the practice's clients with a check-in due, the longest due first. */
export async function listClientsNotLogged(db: Db, practiceId: string, now: Date, limit = 50) {
  const due = dueRows(db, now, eq(clients.practiceId, practiceId)).as("due");
  const since = sql<Date>`min(${due.dueSince})`.mapWith(clients.createdAt);
  return db.select({
    clientId: due.clientId, firstName: due.firstName, lastName: due.lastName, dueSince: since,
    metrics: sql<string[]>`array_agg(${due.templateName} order by ${due.templateName})`,
  }).from(due).groupBy(due.clientId, due.firstName, due.lastName).orderBy(asc(since), asc(due.lastName), asc(due.firstName)).limit(limit);
}

/**
 * The check-in reminders to write now, across practices: a row per client with something due who can get
 * one (an email, portal access, reminders on), whose reminder for this due period is not written yet. The
 * period's key is the session (before a session) or the day the oldest due metric became due (every N
 * days): it stays the same until the client logs, so each period is reminded once.
 */
export async function listDueCheckInReminders(db: Db, now: Date, limit: number) {
  const due = dueRows(db, now, and(isNotNull(clients.email), isNotNull(clients.portalUserId), isNull(clients.remindersOffAt))).as("due");
  const since = sql<Date>`min(${due.dueSince})`.mapWith(clients.createdAt);
  const dedupeKey = sql<string>`'check_in:' || ${due.clientId} || ':' || coalesce(${due.sessionId}::text, to_char(min(${due.dueSince}) at time zone 'UTC', 'YYYY-MM-DD'))`;
  const plans = db.select({
    practiceId: due.practiceId, clientId: due.clientId, clientFirstName: due.firstName, email: sql<string>`${due.email}`.as("plan_email"),
    sessionId: due.sessionId, sessionStart: due.sessionStart,
    dueSince: since.as("plan_due_since"), metrics: sql<string[]>`array_agg(${due.templateName} order by ${due.templateName})`.as("plan_metrics"),
    dedupeKey: dedupeKey.as("plan_key"),
  }).from(due).groupBy(due.practiceId, due.clientId, due.firstName, due.email, due.sessionId, due.sessionStart).as("plans");
  return db.select({
    practiceId: plans.practiceId, practiceName: practices.name, timezone: practices.timezone, clientId: plans.clientId, clientFirstName: plans.clientFirstName,
    email: plans.email, sessionId: plans.sessionId, sessionStart: plans.sessionStart, dueSince: plans.dueSince, metrics: plans.metrics, dedupeKey: plans.dedupeKey,
  }).from(plans)
    .innerJoin(practices, eq(practices.id, plans.practiceId))
    // The key named with its subquery: inside EXISTS a bare name is looked up in outbox first.
    .where(sql`not exists (select 1 from ${outbox} where ${outbox.dedupeKey} = plans.plan_key)`)
    .orderBy(asc(plans.dueSince)).limit(limit);
}
export type DueCheckInReminder = Awaited<ReturnType<typeof listDueCheckInReminders>>[number];

/** The client's cadence: null turns check-ins off (the every-N only goes with every_days: a CHECK holds it). */
export async function setClientCheckInCadence(db: Db, practiceId: string, clientId: string, cadence: CheckInCadence | null, everyDays: number | null) {
  const [row] = await db.update(clients).set({ checkInCadence: cadence, checkInEveryDays: cadence === "every_days" ? everyDays : null, updatedAt: new Date() })
    .where(and(eq(clients.practiceId, practiceId), eq(clients.id, clientId))).returning();
  return row ?? null;
}

/** Which of the client's tracked metrics are in the check-in: exactly these (ids the client does not track change nothing). */
export async function setCheckInTemplates(db: Db, practiceId: string, clientId: string, templateIds: string[]) {
  const chosen = templateIds.length ? inArray(clientMetricTemplates.metricTemplateId, templateIds) : sql`false`;
  return db.update(clientMetricTemplates).set({ checkIn: sql`${chosen}` })
    .where(and(eq(clientMetricTemplates.practiceId, practiceId), eq(clientMetricTemplates.clientId, clientId)))
    .returning({ templateId: clientMetricTemplates.metricTemplateId, checkIn: clientMetricTemplates.checkIn });
}
