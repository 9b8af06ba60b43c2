// Section 4, programs (programs.ts): the packages.
//
// Packages: clients/5 x 0.85 clients of the bench practice (every fifth one: 850 at 5,000) hold one package
// bought in the last 300 days, and 18% of them an earlier one as well (1,000 in all). Each purchase is a
// +N ledger row. The client's own bookings in the package's window (same service, or any when the package
// names none; at most N, in time order) become bookings paid by it: session_attendees.enrollment_id is set
// and a -1 booking row written, then cancel_refund +1 or late_cancel 0 for canceled bookings (always a refund
// when the practice canceled the session), no_show 0 for no-shows; one enrollment in twenty has a +1
// adjustment. sessions_remaining is the sum of the ledger; the status follows: used up (nothing registered
// ahead) = completed, past its expiry = expired with an expiry row taking the rest, an older purchase still
// holding credits = dropped, otherwise active. No active enrollment is past its expiry, so the server's
// hourly expiry job (which also runs at start-up) finds nothing to do during the bench.
import type postgres from "postgres";
import { benchOwnerSql as owner, benchPracticeSql as P, benchPracticeTimezone } from "./accounts.js";
import { u32 } from "./md5.js";
import type { BenchProgram, Scale } from "./section.js";

const tz = benchPracticeTimezone;

/** Every fifth client of the bench practice x 0.85 buys one package, and 18% of them an earlier one as well. */
export function packagePurchases(scale: Scale) {
  const primaries = Math.floor((scale.clients / 5) * 0.85);
  return { primaries, repeats: Math.floor(primaries * 0.18) };
}

/** Start of the client's first booking in the bench practice from `from` to `to` that a package for `service` (null: any) pays for. */
const firstBooking = (client: string, service: string, from: string, to: string) => `(
  select s.start_time from session_attendees as a
  join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
  where a.practice_id = md5('bench-practice:1')::uuid and a.client_id = ${client}
    and (${service} is null or s.service_id = ${service}) and s.start_time >= ${from} and s.start_time < ${to}
  order by s.start_time limit 1)`;

/** The package enrollments to seed, in a temporary table the ledger is built from. */
const packageEnrollmentsSql = `
  create temporary table bench_pkg on commit drop as
  with pk as (
    select t.k, t.ord, md5('bench-program:1:' || t.k)::uuid as program_id,
           case when t.service is not null then md5('bench-service:1:' || t.service)::uuid end as service_id, t.credits, t.validity
    from unnest($1::text[], $2::int[], $3::int[], $4::int[]) with ordinality as t(k, service, credits, validity, ord)
  ), prim as (
    select k, md5('bench-client:1:' || (1 + ((k - 1) * 5) % $6::int))::uuid as client_id, md5('bench-enrollment:1:' || k) as h,
           now() - make_interval(days => (${u32("md5('bench-enrollment:1:' || k)", 1)} % 300)::int, secs => (${u32("md5('bench-enrollment:1:' || k)", 2)} % 86400)::int) as drawn_at,
           1 + ${u32("md5('bench-enrollment:1:' || k)", 0)} % $5::int as pick
    from generate_series(1, $7::int) as k
  ), p1 as (
    -- Bought for what the client books: a few days before their first booking after the drawn date (never in
    -- the future), a package for that booking's service or an any-service one; a drawn package on the drawn
    -- date when they book nothing.
    select pr.k, false as repeat, pr.client_id, pr.h, x.enrolled_at, pk.program_id, pk.service_id, pk.credits,
           x.enrolled_at + make_interval(days => pk.validity) as expires_at
    from prim as pr
    left join lateral (
      select s.start_time, s.service_id from session_attendees as a
      join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
      where a.practice_id = ${P} and a.client_id = pr.client_id and s.start_time >= pr.drawn_at and s.start_time < now() + interval '42 days'
      order by s.start_time limit 1
    ) as first on true
    cross join lateral (
      select * from pk
      where pk.ord <= $5::int and (first.start_time is null or pk.service_id is null or pk.service_id = first.service_id)
      order by case when first.start_time is null then pk.ord = pr.pick end desc, md5(pr.h || pk.k) limit 1
    ) as pk
    cross join lateral (
      select least(now() - interval '1 hour',
                   coalesce(first.start_time - make_interval(days => (1 + ${u32("pr.h", 3)} % 7)::int, hours => (${u32("pr.h", 2)} % 10)::int), pr.drawn_at)) as enrolled_at
    ) as x
  ), p2 as (
    -- An earlier purchase by the same client: mostly the same package again, sometimes another (the retired one too).
    select p1.k, true as repeat, p1.client_id, r.hr as h, x.enrolled_at,
           pk.program_id, pk.service_id, pk.credits, x.enrolled_at + make_interval(days => pk.validity) as expires_at,
           p1.enrolled_at as next_at
    from p1
    cross join lateral (select md5('bench-enrollment-repeat:1:' || p1.k) as hr) as r
    join pk on pk.ord = case when ${u32("r.hr", 0)} % 3 = 0 then 1 + (${u32("r.hr", 0)} / 3) % $8::int else (select ord from pk as q where q.program_id = p1.program_id) end
    cross join lateral (
      select p1.enrolled_at - make_interval(days => (least(coalesce(pk.validity, 240), 240) + 7 + ${u32("r.hr", 1)} % 30)::int, secs => (${u32("r.hr", 2)} % 86400)::int) as drawn_at
    ) as d
    cross join lateral (
      select coalesce(${firstBooking("p1.client_id", "pk.service_id", "d.drawn_at", "p1.enrolled_at - interval '1 day'")}
                        - make_interval(days => (1 + ${u32("r.hr", 3)} % 7)::int), d.drawn_at) as enrolled_at
    ) as x
    where p1.k <= $9::int
  )
  select md5('bench-package-enrollment:1:' || k || ':' || repeat)::uuid as id, k, repeat, client_id, h, enrolled_at, program_id, service_id, credits, expires_at,
         -- The window the client's bookings are paid from: up to the expiry, the next purchase, or six weeks ahead.
         least(coalesce(expires_at, 'infinity'), now() + interval '42 days') as window_end
  from p1
  union all
  select md5('bench-package-enrollment:1:' || k || ':' || repeat)::uuid, k, repeat, client_id, h, enrolled_at, program_id, service_id, credits, expires_at,
         least(coalesce(expires_at, 'infinity'), next_at)
  from p2`;

/** `sold`: the packages of benchPrograms, the on-sale ones first. */
export async function seedPackages(tx: postgres.TransactionSql, sold: BenchProgram[], scale: Scale) {
  await insertPackageEnrollments(tx, sold, scale);
  await linkBookings(tx);
  await writeLedger(tx);
  await settleBalances(tx);
}

async function insertPackageEnrollments(tx: postgres.TransactionSql, sold: BenchProgram[], scale: Scale) {
  const { primaries, repeats } = packagePurchases(scale);
  const onSale = sold.filter((x) => x.active);
  await tx.unsafe(packageEnrollmentsSql,
    [sold.map((x) => x.key), sold.map((x) => x.service), sold.map((x) => x.sessionsCount), sold.map((x) => x.validityDays),
      onSale.length, scale.clients, primaries, sold.length, repeats] as never[]);
  // The on-sale packages come first in benchPrograms, so pick 1..onSale.length never lands on a retired one.
  await tx.unsafe(`
    insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, sessions_remaining, expires_at, created_at, updated_at)
    select id, ${P}, program_id, client_id, enrolled_at, case when repeat then 'dropped' else 'active' end, credits, expires_at, enrolled_at, enrolled_at
    from bench_pkg`);
}

/** The client's bookings each package paid for. */
async function linkBookings(tx: postgres.TransactionSql) {
  await tx`analyze bench_pkg`;
  await tx.unsafe(`
    create temporary table bench_links on commit drop as
    select e.id as enrollment_id, e.enrolled_at, x.*
    from bench_pkg as e
    cross join lateral (
      select a.id as attendee_id, a.attendance_status, a.created_at as booked_at, s.id as session_id, s.status as session_status, s.start_time, s.end_time,
             md5('bench-link:' || a.id) as hl
      from session_attendees as a
      join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
      where a.practice_id = ${P} and a.client_id = e.client_id
        and s.start_time >= e.enrolled_at and s.start_time < e.window_end
        and (e.service_id is null or s.service_id = e.service_id)
      order by s.start_time
      limit e.credits
    ) as x`);
  await tx`analyze bench_links`;
  await tx.unsafe(`
    update session_attendees as a
    set enrollment_id = l.enrollment_id,
        payment_status = case when a.attendance_status = 'canceled' then a.payment_status else 'covered' end
    from bench_links as l
    where a.practice_id = ${P} and a.id = l.attendee_id`);
}

/** The ledger: purchases, bookings, what happened to canceled and missed bookings, a few adjustments. */
async function writeLedger(tx: postgres.TransactionSql) {
  await tx.unsafe(`
    insert into credit_ledger (id, practice_id, enrollment_id, delta, reason, note, session_id, created_by, created_at)
    select md5('bench-ledger-purchase:' || e.id)::uuid, ${P}, e.id, e.credits, 'purchase', null, null, ${owner}, e.enrolled_at
    from bench_pkg as e
    union all
    select md5('bench-ledger-booking:' || l.attendee_id)::uuid, ${P}, l.enrollment_id, -1, 'booking', null, l.session_id, ${owner},
           greatest(l.booked_at, l.enrolled_at + interval '1 minute')
    from bench_links as l
    union all
    select md5('bench-ledger-cancel:' || l.attendee_id)::uuid, ${P}, l.enrollment_id,
           case when k.refund then 1 else 0 end, case when k.refund then 'cancel_refund' else 'late_cancel' end,
           case when not k.refund then 'Canceled less than 24 h before the session' end, l.session_id, ${owner},
           case when k.refund then greatest(l.booked_at, l.enrolled_at + interval '1 minute') + (l.start_time - greatest(l.booked_at, l.enrolled_at + interval '1 minute')) / 2
                else l.start_time - interval '3 hours' end
    from bench_links as l
    cross join lateral (select (l.session_status = 'canceled' or ${u32("l.hl", 0)} % 2 = 0) as refund) as k
    where l.attendance_status = 'canceled'
    union all
    select md5('bench-ledger-no-show:' || l.attendee_id)::uuid, ${P}, l.enrollment_id, 0, 'no_show', null, l.session_id, ${owner}, l.end_time
    from bench_links as l
    where l.attendance_status = 'no_show'
    union all
    select md5('bench-ledger-adjustment:' || e.id)::uuid, ${P}, e.id, 1, 'adjustment', 'Goodwill: a session cut short', null, ${owner},
           e.enrolled_at + (least(now(), e.window_end) - e.enrolled_at) / 2
    from bench_pkg as e
    where ${u32("e.h", 3)} % 20 = 0`);
}

/** Balances and statuses from the ledger; an expiry row takes what is left of a package past its expiry. */
async function settleBalances(tx: postgres.TransactionSql) {
  await tx.unsafe(`
    create temporary table bench_balance on commit drop as
    select e.id, e.repeat, e.expires_at, coalesce(sum(c.delta), 0)::int as balance,
           exists (select 1 from bench_links as l where l.enrollment_id = e.id and l.attendance_status = 'registered' and l.start_time > now()) as booked_ahead,
           (select max(l.start_time) from bench_links as l where l.enrollment_id = e.id) as last_start
    from bench_pkg as e
    left join credit_ledger as c on c.practice_id = ${P} and c.enrollment_id = e.id
    group by e.id, e.repeat, e.expires_at`);
  await tx.unsafe(`
    insert into credit_ledger (id, practice_id, enrollment_id, delta, reason, note, session_id, created_by, created_at)
    select md5('bench-ledger-expiry:' || b.id)::uuid, ${P}, b.id, -b.balance, 'expiry', null, null, null, b.expires_at
    from bench_balance as b
    where b.balance > 0 and b.expires_at < now()`);
  await tx.unsafe(`
    update program_enrollments as pe
    set sessions_remaining = case when b.balance > 0 and b.expires_at < now() then 0 else b.balance end,
        status = st.status,
        completion_date = case when st.status = 'completed' then (coalesce(b.last_start, pe.enrolled_at) at time zone $1::text)::date end,
        updated_at = least(now(), coalesce(case when st.status = 'expired' then b.expires_at end, b.last_start, pe.enrolled_at))
    from bench_balance as b
    cross join lateral (
      select case when b.balance = 0 and not b.booked_ahead then 'completed'
                  when b.expires_at < now() then 'expired'
                  when b.repeat then 'dropped'
                  else 'active' end as status
    ) as st
    where pe.practice_id = ${P} and pe.id = b.id`, [tz]);
}
