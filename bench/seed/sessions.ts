// 3. Appointment sessions: scale.sessions in the bench practice, NEIGHBOUR_SESSIONS in each other practice,
//    with their attendees.
//
// Nothing may overlap for one practitioner (the exclusion constraint of 0004 rejects it), so sessions are
// laid on a grid rather than drawn at random: weekdays, 07:00-20:00 UTC, cut into six two-hour blocks
// (07, 09, ..., 17) and a last hour (19-20). A block holds either one long session (61-120 minutes: deep
// tissue, the yoga class) or two short ones (<= 60 minutes) starting on the hour; the last hour one short.
// Every candidate slot has an md5 and the seed keeps the ones it needs, so it is the same at every run.
//
// The bench practice has two layers:
//   - the weeks the bench looks at (NEAR_WEEKS either side of the week containing today, in the practice's
//     zone): the owner and two practitioners, a fixed number of sessions a day each (BUSY_DAY in the
//     current week, NEAR_DAY in the others), so the current week is the issue's "busy week" (~40-60 in
//     the default, everyone view) and its neighbours a little quieter;
//   - the rest of the volume, FUTURE_WEEKS ahead and PAST_WEEKS back (about four years in all), kept from
//     the grid in md5 order until scale.sessions is reached. 100,000 sessions in four years is ~480 a week,
//     more than three people can give, so the practice gets as many practitioners as that needs at
//     FAR_OCCUPANCY of their slots (11 at 100,000). Those weeks are far denser than the busy week: the
//     bench weighs one of them apart, it is not what the fragment budget is about.
// Other practices: NEIGHBOUR_SESSIONS each, one a day on evenly spaced weekdays, owner only.
//
// Status follows the clock: ended sessions mostly completed (some no-show, canceled, or never marked),
// future ones scheduled (some canceled). Attendees: one for a capacity-1 session, 3-8 (never above the
// capacity) for a group, consecutive clients of the practice from an md5 start; attended, no-show and
// canceled bookings follow the session, with check-in times and payments for the attended.
import type postgres from "postgres";
import { benchPracticeTimezone } from "./accounts.js";
import { NEIGHBOUR_CLIENTS } from "./clients.js";
import { u32 } from "./md5.js";
import type { Scale, SectionReport, SeedContext } from "./section.js";

export const NEIGHBOUR_SESSIONS = 200;
/** Weeks either side of the current one that are laid out like a real busy diary (the bench cycles over some). */
export const NEAR_WEEKS = 4;
const FUTURE_WEEKS = 104;
const PAST_WEEKS = 104;
const FAR_OCCUPANCY = 0.8;
const LONG_BLOCK_PCT = 25;
/** Sessions a day for practitioners 1, 2, 3 (1 is the bench owner) in the current week and in the other near weeks. */
const BUSY_DAY = [4, 3, 2];
const NEAR_DAY = [3, 2, 2];
const extraPractitionerNames = ["Cal Carver", "Dee Dorsey", "Eli Ember", "Fay Fenwick", "Gil Garner", "Hal Holt", "Ivy Inch", "Jo Jarvis",
  "Kay Kettle", "Lou Lark", "Max Moss", "Nia North", "Oli Oakes", "Pia Pond", "Rex Reed", "Sue Swift"];
const rooms = ["Room 1", "Room 2", "Room 3", "Studio"];
const cancelReasons = ["Client unwell", "Clashes with work", "Practitioner unavailable", "Weather", null];
const sessionNotes = ["Bring the exercise sheet.", "First visit: arrive ten minutes early.", "Follow-up on the ankle.", "Review the home programme."];

type ServiceRow = { id: string; duration_minutes: number; capacity: number };

/** The bench practice's weekday grid: blocks x slots, for the practitioners and days a `where` keeps. */
const benchSlotsSql = (where: string) => `
  with clock as (
    select (now() at time zone $1::text)::date as today
  ), week0 as (
    select today, today - (extract(isodow from today)::int - 1) as monday0 from clock
  ), days as (
    select g::date as day, w0.today, extract(isodow from g)::int as dow,
           (g::date - w0.monday0 + 70000) / 7 - 10000 as w  -- week number from the current one, floor division
    from week0 as w0
    cross join generate_series(w0.monday0 - 7 * $2::int, w0.monday0 + 7 * $3::int + 6, interval '1 day') as g
  ), blocks as (
    select d.day, d.today, d.dow, d.w, pr, b, md5('bench-block:1:' || pr || ':' || d.day || ':' || b) as hb
    from days as d
    cross join generate_series(1, $4::int) as pr
    cross join generate_series(0, 6) as b
  ), slots as (
    select bl.*, s, k.long, md5(bl.hb || ':' || s) as h
    from blocks as bl
    cross join lateral (select (bl.b < 6 and ${u32("bl.hb", 0)} % 100 < $5::int) as long) as k
    cross join lateral generate_series(0, case when k.long or bl.b = 6 or $6::int = 0 then 0 else 1 end) as s
    where ${where}
  )`;

/** The session row a slot becomes, for the bench practice ($7.. are the service arrays). */
const benchSessionSelect = (from: string) => `
  select md5('bench-session:1:' || x.pr || ':' || x.day || ':' || x.b || ':' || x.s)::uuid as id,
         md5('bench-practice:1')::uuid as practice_id,
         sv.id as service_id,
         case when x.pr = 1 then md5('bench-user:1')::uuid else md5('bench-practitioner:' || x.pr)::uuid end as practitioner_id,
         ((x.day + make_interval(hours => 7 + 2 * x.b + x.s)) at time zone 'UTC') as start_time,
         ((x.day + make_interval(hours => 7 + 2 * x.b + x.s, mins => sv.duration)) at time zone 'UTC') as end_time,
         sv.capacity, x.h
  from ${from} as x
  cross join lateral (
    select case when x.long then ($7::uuid[])[1 + ${u32("x.h", 1)} % cardinality($7::uuid[])] else ($10::uuid[])[1 + ${u32("x.h", 1)} % cardinality($10::uuid[])] end as id,
           case when x.long then ($8::int[])[1 + ${u32("x.h", 1)} % cardinality($7::uuid[])] else ($11::int[])[1 + ${u32("x.h", 1)} % cardinality($10::uuid[])] end as duration,
           case when x.long then ($9::int[])[1 + ${u32("x.h", 1)} % cardinality($7::uuid[])] else ($12::int[])[1 + ${u32("x.h", 1)} % cardinality($10::uuid[])] end as capacity
  ) as sv`;

/** Inserts session rows (id, practice_id, service_id, practitioner_id, start_time, end_time, capacity, h) with their other columns. */
const insertSessionsFrom = (rowsSql: string, firstArrayParam: number) => `
  insert into sessions (id, practice_id, service_id, practitioner_id, start_time, end_time, location, capacity, status, notes, cancel_reason, created_at, updated_at)
  select r.id, r.practice_id, r.service_id, r.practitioner_id, r.start_time, r.end_time,
         case when r.capacity > 1 then ($${firstArrayParam}::text[])[${rooms.length}] when ${u32("r.h", 2)} % 4 = 0 then null
              else ($${firstArrayParam}::text[])[1 + ${u32("r.h", 2)} % ${rooms.length - 1}] end,
         r.capacity, st.status,
         case when ${u32("r.h", 3)} % 10 = 0 then ($${firstArrayParam + 2}::text[])[1 + (${u32("r.h", 3)} / 10) % ${sessionNotes.length}] end,
         case when st.status = 'canceled' then ($${firstArrayParam + 1}::text[])[1 + ${u32("r.h", 3)} % ${cancelReasons.length}] end,
         least(now(), r.start_time - make_interval(days => 1 + (${u32("r.h", 2)} % 40)::int)),
         case when st.status = 'scheduled' then least(now(), r.start_time - make_interval(days => 1 + (${u32("r.h", 2)} % 40)::int)) else least(now(), r.end_time) end
  from (${rowsSql}) as r
  cross join lateral (select ${u32("r.h", 3)} % 100 as x) as q
  cross join lateral (
    select case
      when r.end_time <= now() then case when q.x < 82 then 'completed' when q.x < 86 then 'no_show' when q.x < 94 then 'canceled' else 'scheduled' end
      when r.start_time > now() then case when q.x < 93 then 'scheduled' else 'canceled' end
      else 'scheduled' end as status
  ) as st
  order by r.start_time`;

export async function seedSessions(sql: postgres.Sql, scale: Scale, ctx: SeedContext): Promise<SectionReport> {
  const started = performance.now();
  const wanted = scale.sessions;
  const neighbours = scale.practices > 1 ? NEIGHBOUR_SESSIONS : 0;
  if (wanted === 0 && neighbours === 0) return { section: "sessions", status: "skipped", rows: {}, ms: 0 };

  const { practitioners, gridParams } = await planBenchGrid(sql, wanted);
  const counts = await sql.begin(async (tx) => {
    if (wanted > 0) {
      await insertPractitioners(tx, practitioners, ctx);
      await insertBenchSessions(tx, gridParams, wanted);
    }
    if (neighbours > 0) await insertNeighbourSessions(tx, scale, neighbours);
    await insertAttendees(tx, scale);
    return countSessions(tx);
  });
  return {
    section: "sessions",
    status: "seeded",
    rows: {
      sessions: counts.sessions, bench_practice_sessions: counts.bench, session_attendees: counts.attendees,
      bench_practice_attendees: counts.bench_attendees, bench_practice_checked_in: counts.checked_in,
      bench_practitioners: counts.practitioners, current_week_sessions: counts.busy_week, current_week_owner_sessions: counts.busy_week_owner,
    },
    ms: Math.round(performance.now() - started),
    note: `${wanted} in the bench practice (${practitioners} practitioners, weeks -${PAST_WEEKS}..+${FUTURE_WEEKS}; weeks -${NEAR_WEEKS}..+${NEAR_WEEKS} laid out for 3), ${neighbours} in each of the ${scale.practices - 1} others`,
  };
}

/** The bench practice's services on the grid, how many practitioners the volume needs, and the grid's query parameters ($1..$12). */
async function planBenchGrid(sql: postgres.Sql, wanted: number) {
  const services = await sql<ServiceRow[]>`
    select id, duration_minutes, capacity from services
    where practice_id = md5('bench-practice:1')::uuid and active and duration_minutes <= 120 order by id`;
  // Without services (--clients 0 and one practice) sessions are titled rather than booked for a service.
  const untitled: ServiceRow = { id: null as unknown as string, duration_minutes: 60, capacity: 1 };
  let short = services.filter((s) => s.duration_minutes <= 60);
  const long = services.filter((s) => s.duration_minutes > 60);
  if (!short.length && !long.length) short = [untitled];
  const longPct = !long.length ? 0 : !short.length ? 100 : LONG_BLOCK_PCT;
  // Candidate slots a practitioner has on a weekday: six blocks of one long or two short, and the last hour.
  const slotsPerDay = 6 * ((longPct / 100) * 1 + (1 - longPct / 100) * (short.length ? 2 : 0)) + (short.length ? 1 : 0);
  const nearPerDay = BUSY_DAY.reduce((a, b) => a + b, 0);
  const farWanted = Math.max(0, wanted - (2 * NEAR_WEEKS + 1) * 5 * nearPerDay);
  const farWeeks = PAST_WEEKS + FUTURE_WEEKS - 2 * NEAR_WEEKS;
  const practitioners = Math.max(BUSY_DAY.length, Math.ceil(farWanted / (farWeeks * 5 * slotsPerDay * FAR_OCCUPANCY)));
  if (practitioners > 500) throw new Error(`--sessions ${wanted}: the grid would need ${practitioners} practitioners in the bench practice; ask for fewer sessions`);

  const arrays = [long.map((s) => s.id), long.map((s) => s.duration_minutes), long.map((s) => s.capacity),
    short.map((s) => s.id), short.map((s) => s.duration_minutes), short.map((s) => s.capacity)];
  const gridParams = [benchPracticeTimezone, PAST_WEEKS, FUTURE_WEEKS, wanted > 0 ? practitioners : 0, longPct, short.length, ...arrays];
  return { practitioners, gridParams };
}

/** The bench practice's other practitioners: users and memberships beside the owner (user 1). */
async function insertPractitioners(tx: postgres.TransactionSql, practitioners: number, ctx: SeedContext) {
  await tx`
    insert into users (id, email, password_hash, full_name)
    select md5('bench-practitioner:' || j)::uuid, 'practitioner-' || lpad(j::text, 3, '0') || '@bench.test', ${ctx.passwordHash},
           (${extraPractitionerNames}::text[])[1 + (j - 2) % ${extraPractitionerNames.length}] || case when j - 2 >= ${extraPractitionerNames.length} then ' ' || ((j - 2) / ${extraPractitionerNames.length} + 1) else '' end
    from generate_series(2, ${practitioners}::int) as j`;
  await tx`
    insert into memberships (id, practice_id, user_id, role)
    select md5('bench-practitioner-membership:' || j)::uuid, md5('bench-practice:1')::uuid, md5('bench-practitioner:' || j)::uuid, 'practitioner'
    from generate_series(2, ${practitioners}::int) as j`;
}

async function insertBenchSessions(tx: postgres.TransactionSql, gridParams: unknown[], wanted: number) {
  // The near weeks: a fixed number a day per practitioner (1-3), today included when it is a weekend day.
  const near = `
    ${benchSlotsSql(`abs(bl.w) <= ${NEAR_WEEKS} and bl.pr <= ${BUSY_DAY.length} and (bl.dow <= 5 or bl.day = bl.today)`)},
    ranked as (select sl.*, row_number() over (partition by sl.pr, sl.day order by sl.h) as rn from slots as sl),
    kept as (
      select * from ranked
      where rn <= case when w = 0 then ('{${BUSY_DAY.join(",")}}'::int[])[pr] else ('{${NEAR_DAY.join(",")}}'::int[])[pr] end
      order by (w = 0) desc, abs(w), h limit $13::int
    )
    ${benchSessionSelect("kept")}`;
  await tx.unsafe(insertSessionsFrom(near, 14), [...gridParams, wanted, rooms, cancelReasons, sessionNotes] as never[]);
  const [{ n: nearCount } = { n: 0 }] = await tx<{ n: number }[]>`select count(*)::int as n from sessions where practice_id = md5('bench-practice:1')::uuid`;

  // The rest of the volume, weekdays of every practitioner outside the near weeks, in md5 order.
  const far = `
    ${benchSlotsSql(`abs(bl.w) > ${NEAR_WEEKS} and bl.dow <= 5`)},
    kept as (select * from slots order by h limit $13::int)
    ${benchSessionSelect("kept")}`;
  await tx.unsafe(insertSessionsFrom(far, 14), [...gridParams, Math.max(0, wanted - nearCount), rooms, cancelReasons, sessionNotes] as never[]);
}

/**
 * Other practices: the owner, one session on each of NEIGHBOUR_SESSIONS evenly spaced weekdays in the
 * same four years, any of the practice's services (a two-hour block fits all of them).
 */
async function insertNeighbourSessions(tx: postgres.TransactionSql, scale: Scale, neighbours: number) {
  await tx.unsafe(insertSessionsFrom(`
    with clock as (
      select (now() at time zone 'UTC')::date as today
    ), weekdays as (
      select g::date as day, row_number() over (order by g) - 1 as k, count(*) over () as n
      from clock as c
      cross join generate_series(c.today - (extract(isodow from c.today)::int - 1) - 7 * $1::int,
                                 c.today - (extract(isodow from c.today)::int - 1) + 7 * $2::int + 4, interval '1 day') as g
      where extract(isodow from g) <= 5
    ), weekday_count as (
      select count(*)::int as n from weekdays
    ), svc as materialized (
      select practice_id, id, duration_minutes, capacity,
             (row_number() over (partition by practice_id order by id) - 1)::int as rn
      from services where active and duration_minutes <= 120
    ), svc_count as (
      select practice_id, count(*)::int as n from svc group by practice_id
    ), picks as (
      select p, j, md5('bench-practice:' || p)::uuid as practice_id, md5('bench-session-pick:' || p || ':' || j) as h,
             (j * wc.n) / $4::int as k
      from weekday_count as wc
      cross join generate_series(2, $3::int) as p
      cross join generate_series(0, $4::int - 1) as j
    )
    select md5('bench-session:' || pk.p || ':' || pk.j)::uuid as id, pk.practice_id, sv.id as service_id,
           md5('bench-user:' || pk.p)::uuid as practitioner_id,
           ((d.day + make_interval(hours => 7 + 2 * (${u32("pk.h", 0)} % 6)::int)) at time zone 'UTC') as start_time,
           ((d.day + make_interval(hours => 7 + 2 * (${u32("pk.h", 0)} % 6)::int, mins => coalesce(sv.duration_minutes, 60))) at time zone 'UTC') as end_time,
           coalesce(sv.capacity, 1) as capacity, pk.h
    from picks as pk
    join weekdays as d on d.k = pk.k
    left join svc_count as sc on sc.practice_id = pk.practice_id
    left join svc as sv on sv.practice_id = pk.practice_id and sv.rn = ${u32("pk.h", 1)} % sc.n`, 5), [PAST_WEEKS, FUTURE_WEEKS, scale.practices, neighbours, rooms, cancelReasons, sessionNotes] as never[]);
}

/** Attendees of every seeded session: clients of the session's practice, consecutive from an md5 start. */
async function insertAttendees(tx: postgres.TransactionSql, scale: Scale) {
  await tx.unsafe(`
    insert into session_attendees (id, practice_id, session_id, client_id, attendance_status, check_in_time, payment_status, created_at, updated_at)
    select md5('bench-attendee:' || s.id || ':' || j)::uuid, s.practice_id, s.id,
           md5('bench-client:' || pn.p || ':' || (1 + (${u32("a.ha", 1)} + j) % pn.c))::uuid,
           st.status,
           case when st.status = 'attended' then s.start_time - make_interval(mins => (${u32("k.hj", 1)} % 12)::int) end,
           case when st.status = 'attended' then case when k.y < 75 then 'paid' when k.y < 88 then 'covered' else 'unpaid' end
                when st.status = 'canceled' and k.y < 10 then 'refunded'
                when st.status = 'no_show' and k.y < 30 then 'paid'
                else 'unpaid' end,
           s.created_at, s.updated_at
    from sessions as s
    join (
      select p, md5('bench-practice:' || p)::uuid as id, case when p = 1 then $2::int else $3::int end as c
      from generate_series(1, $1::int) as p
    ) as pn on pn.id = s.practice_id and pn.c > 0
    cross join lateral (select md5('bench-att:' || s.id) as ha) as a
    cross join lateral generate_series(0, least(pn.c, case when s.capacity = 1 then 1 when s.capacity <= 3 then s.capacity
                                                        else 3 + (${u32("a.ha", 0)} % (least(s.capacity, 8) - 2))::int end) - 1) as j
    cross join lateral (select md5('bench-att:' || s.id || ':' || j) as hj) as k0
    cross join lateral (select k0.hj, ${u32("k0.hj", 0)} % 100 as x, ${u32("k0.hj", 2)} % 100 as y) as k
    cross join lateral (
      select case
        when s.status = 'canceled' then 'canceled'
        when s.status = 'no_show' then 'no_show'
        when s.status = 'completed' then case when k.x < 90 then 'attended' when k.x < 95 then 'no_show' else 'canceled' end
        when s.end_time <= now() then case when k.x < 50 then 'attended' else 'registered' end
        else case when k.x < 5 then 'canceled' else 'registered' end end as status
    ) as st`,
    [scale.practices, scale.clients, scale.practices > 1 ? NEIGHBOUR_CLIENTS : 0]);
}

async function countSessions(tx: postgres.TransactionSql) {
  const [row] = await tx<{ sessions: number; bench: number; attendees: number; bench_attendees: number; checked_in: number; busy_week: number; busy_week_owner: number; practitioners: number }[]>`
    with w as (
      select ((date_trunc('week', now() at time zone ${benchPracticeTimezone})) at time zone ${benchPracticeTimezone}) as from_t
    )
    select (select count(*)::int from sessions) as sessions,
           (select count(*)::int from sessions where practice_id = md5('bench-practice:1')::uuid) as bench,
           (select count(*)::int from session_attendees) as attendees,
           (select count(*)::int from session_attendees where practice_id = md5('bench-practice:1')::uuid) as bench_attendees,
           (select count(*)::int from session_attendees where practice_id = md5('bench-practice:1')::uuid and attendance_status = 'attended') as checked_in,
           (select count(*)::int from sessions, w where practice_id = md5('bench-practice:1')::uuid
              and start_time >= w.from_t and start_time < w.from_t + interval '7 days') as busy_week,
           (select count(*)::int from sessions, w where practice_id = md5('bench-practice:1')::uuid and practitioner_id = md5('bench-user:1')::uuid
              and start_time >= w.from_t and start_time < w.from_t + interval '7 days') as busy_week_owner,
           (select count(*)::int from memberships where practice_id = md5('bench-practice:1')::uuid and role <> 'assistant') as practitioners`;
  return row!;
}
