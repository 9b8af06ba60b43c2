// What the measured routes ask for, per noun (clients, calendar, programs, metrics): ids and counts read back from
// the seeded database.
import type postgres from "postgres";
import { CHECK_IN_OPENS_HOURS } from "../../src/lib/attendance.js";
import { starterTemplates } from "../../src/domain/metrics.js";
import { benchPracticeTimezone } from "./accounts.js";
import { heavyOtherTemplates, heavyTemplateName, METRIC_CLIENTS, templateId } from "./metric-plan.js";
import { metricPicks } from "./metrics.js";
import { NEAR_WEEKS } from "./sessions.js";

export type Fixtures = { clientsWithNotes: string[]; calendar: CalendarFixtures | null; programs: ProgramFixtures | null; metrics: MetricFixtures | null };

/** Ids the routes need, read back from the seeded database, in a stable order. */
export async function benchFixtures(sql: postgres.Sql, howMany = 8): Promise<Fixtures> {
  const rows = await sql<{ id: string }[]>`
    select c.id from clients as c
    where c.practice_id = md5('bench-practice:1')::uuid and c.status <> 'archived'
      and exists (select 1 from soap_notes as n where n.practice_id = c.practice_id and n.client_id = c.id)
    order by c.id limit ${howMany}`;
  return { clientsWithNotes: rows.map((r) => r.id), calendar: await calendarFixtures(sql), programs: await programFixtures(sql, howMany), metrics: await metricFixtures(sql, howMany) };
}

/** What the calendar, session and check-in routes ask for; null when no session was seeded in the bench practice. */
export type CalendarFixtures = {
  /** Today in the bench practice's zone, and the Monday of its week (the busy week). */
  today: string;
  currentMonday: string;
  /** Mondays of the weeks the week fragment cycles through (the current week and two either side). */
  weeks: { monday: string; sessions: number }[];
  /** A week outside the near weeks, at the filler's density: weighed and timed apart, no budget. */
  denseWeek: { monday: string; sessions: number } | null;
  /** The current week as the JSON API takes it. */
  apiWeek: { from: string; to: string };
  /** Session pages: one-to-one and group sessions of this week, a past and a future one. */
  sessionIds: { id: string; label: string }[];
  /**
   * Bookings of non-canceled sessions near now whose check-in is open (2 hours before the start), one per
   * session. Attended ones count too: check-in is idempotent, and after the first round every booking the
   * load cycles through is attended anyway.
   */
  checkIns: { sessionId: string; clientId: string }[];
};

async function calendarFixtures(sql: postgres.Sql): Promise<CalendarFixtures | null> {
  const tz = benchPracticeTimezone;
  const practice = sql`md5('bench-practice:1')::uuid`;
  // Week w starts at local midnight of its Monday: the same range the calendar computes.
  // Instants as ISO text: drizzle's postgres.js driver turns the client's timestamp parsing off.
  const iso = (e: string) => `to_char((${e}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
  const weeks = await sql<{ w: number; monday: string; from_t: string; to_t: string; sessions: number }[]>`
    with clock as (select (now() at time zone ${tz})::date as today),
    week as (
      select w, c.today - (extract(isodow from c.today)::int - 1) + 7 * w as monday
      from clock as c, unnest(${[-2, -1, 0, 1, 2, -(NEAR_WEEKS + 2)]}::int[]) as w
    )
    select w, to_char(monday, 'YYYY-MM-DD') as monday,
           ${sql.unsafe(iso(`monday::timestamp at time zone '${tz}'`))} as from_t, ${sql.unsafe(iso(`(monday + 7)::timestamp at time zone '${tz}'`))} as to_t,
           (select count(*)::int from sessions as s where s.practice_id = ${practice}
              and s.start_time >= monday::timestamp at time zone ${tz} and s.start_time < (monday + 7)::timestamp at time zone ${tz}) as sessions
    from week order by w`;
  const current = weeks.find((w) => w.w === 0);
  if (!current || current.sessions === 0) return null;
  const [{ today } = { today: current.monday }] = await sql<{ today: string }[]>`select to_char((now() at time zone ${tz})::date, 'YYYY-MM-DD') as today`;
  const dense = weeks.find((w) => w.w === -(NEAR_WEEKS + 2));

  const pick = (label: string, where: postgres.PendingQuery<postgres.Row[]>, order: postgres.PendingQuery<postgres.Row[]>) =>
    sql<{ id: string }[]>`select id from sessions where practice_id = ${practice} and ${where} order by ${order} limit 1`.then((r) => r.map((x) => ({ id: x.id, label })));
  const inWeek = sql`start_time >= ${current.from_t}::timestamptz and start_time < ${current.to_t}::timestamptz`;
  const sessionIds = [
    ...await pick("one-to-one, this week", sql`${inWeek} and capacity = 1 and status <> 'canceled'`, sql`abs(extract(epoch from start_time - now())), id`),
    ...await pick("group, this week", sql`${inWeek} and capacity > 1 and status <> 'canceled'`, sql`abs(extract(epoch from start_time - now())), id`),
    ...await pick("group, past, completed", sql`capacity > 1 and status = 'completed' and start_time < now() - interval '60 days'`, sql`start_time desc, id`),
    ...await pick("one-to-one, next month", sql`capacity = 1 and status = 'scheduled' and start_time > now() + interval '30 days'`, sql`start_time, id`),
  ];
  const checkIns = await sql<{ sessionId: string; clientId: string }[]>`
    select session_id as "sessionId", client_id as "clientId" from (
      select distinct on (a.session_id) a.session_id, a.client_id, s.start_time
      from session_attendees as a
      join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
      where a.practice_id = ${practice} and a.attendance_status in ('registered', 'attended') and s.status <> 'canceled'
        and s.start_time >= now() - interval '7 days' and s.start_time <= now() + make_interval(hours => ${CHECK_IN_OPENS_HOURS})
      order by a.session_id, a.client_id
    ) as x
    order by abs(extract(epoch from start_time - now())), session_id limit 16`;
  return {
    today,
    currentMonday: current.monday,
    weeks: weeks.filter((w) => w.w >= -2 && w.w <= 2).map((w) => ({ monday: w.monday, sessions: w.sessions })),
    denseWeek: dense && dense.sessions > 0 ? { monday: dense.monday, sessions: dense.sessions } : null,
    apiWeek: { from: current.from_t, to: current.to_t },
    sessionIds,
    checkIns,
  };
}

/** What the program routes ask for; null when the programs section was not seeded. */
export type ProgramFixtures = {
  seriesId: string;
  seriesSessions: number;
  seriesParticipants: number;
  /** Clients of the bench practice with an active package that has booking rows in its ledger, and a second enrollment. */
  clientsWithCredits: { id: string; enrollments: number; ledgerRows: number }[];
};

async function programFixtures(sql: postgres.Sql, howMany: number): Promise<ProgramFixtures | null> {
  const [series] = await sql<{ id: string; sessions: number; participants: number }[]>`
    select pg.id,
           (select count(*)::int from sessions as s where s.practice_id = pg.practice_id and s.program_id = pg.id) as sessions,
           (select count(*)::int from program_enrollments as e where e.practice_id = pg.practice_id and e.program_id = pg.id) as participants
    from programs as pg where pg.practice_id = md5('bench-practice:1')::uuid and pg.id = md5('bench-program:1:bench-series')::uuid`;
  if (!series) return null;
  const clientsWithCredits = await sql<{ id: string; enrollments: number; ledgerRows: number }[]>`
    select c.id,
           (select count(*)::int from program_enrollments as e where e.practice_id = c.practice_id and e.client_id = c.id) as enrollments,
           (select count(*)::int from credit_ledger as l join program_enrollments as e on e.practice_id = l.practice_id and e.id = l.enrollment_id
              where e.practice_id = c.practice_id and e.client_id = c.id) as "ledgerRows"
    from clients as c
    where c.practice_id = md5('bench-practice:1')::uuid and c.status <> 'archived'
      and exists (
        select 1 from program_enrollments as e
        join credit_ledger as l on l.practice_id = e.practice_id and l.enrollment_id = e.id and l.reason = 'booking'
        where e.practice_id = c.practice_id and e.client_id = c.id and e.status = 'active')
      and (select count(*) from program_enrollments as e where e.practice_id = c.practice_id and e.client_id = c.id) >= 2
    order by c.id limit ${howMany}`;
  return { seriesId: series.id, seriesSessions: series.sessions, seriesParticipants: series.participants, clientsWithCredits };
}

/** What the metric routes ask for; null when the metrics section was not seeded. */
export type MetricFixtures = {
  painTemplateId: string;
  /** Mood, which the heavy client tracks too: the chart page's overlay. */
  overlayTemplateId: string;
  /** Pick 1: a fifth of the volume in one Pain level series (and three ordinary ones). */
  heavy: { clientId: string; templates: number; points: number; pointsLastYear: number; pointsLast90Days: number };
  /** Pick 2: seven templates. */
  several: { clientId: string; templates: number; points: number };
  /** Exactly DAILY_DAYS daily points per template, for the card the logging answer is weighed on. */
  daily: { clientId: string; templates: { id: string; name: string; value: string; points: number }[] };
  /** Clients that track Pain level, for the logging POST under load (neither the heavy nor the daily client). */
  loggers: string[];
};

async function metricFixtures(sql: postgres.Sql, howMany: number): Promise<MetricFixtures | null> {
  const picks = (await metricPicks(sql, METRIC_CLIENTS + 1)).map((r) => r.id);
  const pain = templateId(1, starterTemplates.findIndex((t) => t.name === heavyTemplateName) + 1);
  if (picks.length < 3) return null;
  const daily = picks.pop()!;
  const [heavy, several] = picks as [string, string];
  const [h] = await sql<{ n: number; year: number; quarter: number; templates: number }[]>`
    select count(*)::int as n,
           count(*) filter (where recorded_at >= now() - interval '365 days')::int as year,
           count(*) filter (where recorded_at >= now() - interval '90 days')::int as quarter,
           (select count(*)::int from client_metric_templates where practice_id = md5('bench-practice:1')::uuid and client_id = ${heavy}::uuid) as templates
    from client_metrics where practice_id = md5('bench-practice:1')::uuid and client_id = ${heavy}::uuid and metric_template_id = ${pain}::uuid`;
  if (!h || h.n === 0) return null;
  const [s] = await sql<{ n: number; templates: number }[]>`
    select (select count(*)::int from client_metrics where practice_id = md5('bench-practice:1')::uuid and client_id = ${several}::uuid) as n,
           (select count(*)::int from client_metric_templates where practice_id = md5('bench-practice:1')::uuid and client_id = ${several}::uuid) as templates`;
  const dailyTemplates = await sql<{ id: string; name: string; value: string; points: number }[]>`
    select t.id, t.name,
           (select coalesce(m.value_num::text, m.value_text) from client_metrics as m where m.practice_id = t.practice_id and m.client_id = ${daily}::uuid
              and m.metric_template_id = t.id order by m.recorded_at desc limit 1) as value,
           (select count(*)::int from client_metrics as m where m.practice_id = t.practice_id and m.client_id = ${daily}::uuid and m.metric_template_id = t.id) as points
    from client_metric_templates as a join metric_templates as t on t.practice_id = a.practice_id and t.id = a.metric_template_id
    where a.practice_id = md5('bench-practice:1')::uuid and a.client_id = ${daily}::uuid
    order by a.created_at`;
  const loggers = await sql<{ client_id: string }[]>`
    select a.client_id from client_metric_templates as a
    where a.practice_id = md5('bench-practice:1')::uuid and a.metric_template_id = ${pain}::uuid
      and a.client_id = any(${picks.slice(2)}::uuid[])
    order by md5('bench-metric-pick:' || a.client_id) limit ${howMany}`;
  return {
    painTemplateId: pain,
    overlayTemplateId: templateId(1, starterTemplates.findIndex((t) => t.name === heavyOtherTemplates[0]) + 1),
    heavy: { clientId: heavy, templates: h.templates, points: h.n, pointsLastYear: h.year, pointsLast90Days: h.quarter },
    several: { clientId: several, templates: s!.templates, points: s!.n },
    daily: { clientId: daily, templates: dailyTemplates },
    loggers: loggers.map((r) => r.client_id),
  };
}
