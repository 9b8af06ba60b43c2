// 4. Programs (programs.ts), the "Bench series": the attendance grid. Exactly SERIES_SESSIONS sessions
// tagged with its program_id, weekly on Saturdays at 10:00 in the practice's zone from week -8 to week +3 (the
// Sunday of a week whose Saturday slot is taken: only today can be, when the sessions section laid today's
// near-week diary on a weekend), run by the owner, with SERIES_PARTICIPANTS enrolled clients booked into every
// one of them: attended, no-show and canceled in the past (one session canceled by the practice), registered ahead.
import type postgres from "postgres";
import { benchOwnerSql as owner, benchPracticeSql as P, benchPracticeTimezone } from "./accounts.js";
import { u32 } from "./md5.js";

export const SERIES_SESSIONS = 12;
export const SERIES_PARTICIPANTS = 15;
export const benchSeriesName = "Bench series";
export const benchSeriesIdSql = `md5('bench-program:1:bench-series')::uuid`;
const tz = benchPracticeTimezone;

/** 12 Saturday mornings (Sunday when Saturday is taken), weeks -8..+3, 15 participants; returns the participants. */
export async function seedBenchSeries(tx: postgres.TransactionSql) {
  await insertSeriesSessions(tx);
  return enrollSeriesParticipants(tx);
}

async function insertSeriesSessions(tx: postgres.TransactionSql) {
  const series = await tx.unsafe<{ w: number }[]>(`
    with clock as (
      select (now() at time zone $1::text)::date as today
    ), weeks as (
      select w, c.today - (extract(isodow from c.today)::int - 1) + 7 * w as monday
      from clock as c cross join generate_series(-8, $2::int - 9) as w
    ), candidates as (
      select w, d, ((monday + d - 1)::timestamp + time '10:00') at time zone $1::text as start_time
      from weeks cross join (values (6), (7)) as v(d)
    ), free as (
      select c.* from candidates as c
      where not exists (
        select 1 from sessions as s
        where s.practice_id = ${P} and s.practitioner_id = ${owner} and s.status <> 'canceled'
          and tstzrange(s.start_time, s.end_time, '[)') && tstzrange(c.start_time, c.start_time + interval '60 minutes', '[)'))
    ), picked as (
      select distinct on (w) w, start_time, start_time + interval '60 minutes' as end_time from free order by w, d
    )
    insert into sessions (id, practice_id, service_id, practitioner_id, title, start_time, end_time, location, capacity, status, cancel_reason, program_id, created_at, updated_at)
    select md5('bench-series-session:1:' || p.w)::uuid, ${P}, null, ${owner}, $3::text, p.start_time, p.end_time, 'Studio', 16, st.status,
           case when st.status = 'canceled' then 'Practitioner unavailable' end, ${benchSeriesIdSql},
           least(now(), first.start_time - interval '21 days'),
           case when st.status = 'scheduled' then least(now(), first.start_time - interval '21 days') else least(now(), p.end_time) end
    from picked as p
    cross join (select min(start_time) as start_time from picked) as first
    cross join lateral (
      select case when p.w = -5 and p.end_time <= now() then 'canceled' when p.end_time <= now() then 'completed' else 'scheduled' end as status
    ) as st
    returning 1 as w`, [tz, SERIES_SESSIONS, benchSeriesName] as never[]);
  if (series.length !== SERIES_SESSIONS) throw new Error(`the Bench series got ${series.length} sessions, not ${SERIES_SESSIONS}: no free weekend slot in some week`);
  await tx.unsafe(`
    update programs set
      start_date = (select (min(start_time) at time zone $1::text)::date from sessions where practice_id = ${P} and program_id = ${benchSeriesIdSql}),
      end_date = (select (max(start_time) at time zone $1::text)::date from sessions where practice_id = ${P} and program_id = ${benchSeriesIdSql})
    where practice_id = ${P} and id = ${benchSeriesIdSql}`, [tz]);
}

async function enrollSeriesParticipants(tx: postgres.TransactionSql) {
  const participants = await tx.unsafe<{ id: string }[]>(`
    with picked as (
      select c.id from clients as c
      where c.practice_id = ${P} and c.status = 'active'
      order by md5('bench-series-pick:' || c.id) limit $1::int
    )
    insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, created_at, updated_at)
    select md5('bench-series-enrollment:1:bench-series:' || p.id)::uuid, ${P}, ${benchSeriesIdSql}, p.id, f.at, 'active', f.at, f.at
    from picked as p
    cross join (select min(created_at) - interval '1 day' as at from sessions where practice_id = ${P} and program_id = ${benchSeriesIdSql}) as f
    returning client_id as id`, [SERIES_PARTICIPANTS] as never[]);
  await tx.unsafe(`
    insert into session_attendees (id, practice_id, session_id, client_id, attendance_status, check_in_time, payment_status, created_at, updated_at)
    select md5('bench-series-attendee:' || s.id || ':' || e.client_id)::uuid, ${P}, s.id, e.client_id, st.status,
           case when st.status = 'attended' then s.start_time - make_interval(mins => (${u32("k.h", 1)} % 10)::int) end,
           case when st.status = 'attended' then 'paid' else 'unpaid' end,
           greatest(s.created_at, e.enrolled_at), greatest(s.created_at, e.enrolled_at)
    from sessions as s
    join program_enrollments as e on e.practice_id = s.practice_id and e.program_id = s.program_id
    cross join lateral (select md5('bench-series-attendance:' || s.id || ':' || e.client_id) as h) as k
    cross join lateral (select ${u32("k.h", 0)} % 100 as x) as q
    cross join lateral (
      select case when s.status = 'canceled' then 'canceled'
                  when s.end_time <= now() then case when q.x < 78 then 'attended' when q.x < 90 then 'no_show' else 'canceled' end
                  else case when q.x < 8 then 'canceled' else 'registered' end end as status
    ) as st
    where s.practice_id = ${P} and s.program_id = ${benchSeriesIdSql}`);
  return participants;
}
