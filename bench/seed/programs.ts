// 4. Programs: what the issue "Programs, phases, enrollments and package credits with a ledger" adds.
//
// The bench practice gets benchPrograms (8 packages, one of them archived; 6 group series; 6 plans with
// three phases each). Among the group series is "Bench series", the attendance grid (bench-series.ts).
// Packages, their enrollments and credit ledgers: packages.ts.
//
// Plans: 25 clients each; their first six one-to-one bookings after enrolling are tagged with the plan and
// its phases 1, 1, 2, 2, 3, 3 (sessions.program_id / phase_id), so "current phase" has something to find.
// Other practices: one 5-session pass each, sold to two clients in each of the first 150.
import type postgres from "postgres";
import { benchPracticeSql as P, benchPracticeTimezone } from "./accounts.js";
import { benchSeriesIdSql as seriesId, benchSeriesName, seedBenchSeries, SERIES_PARTICIPANTS, SERIES_SESSIONS } from "./bench-series.js";
import { NEIGHBOUR_CLIENTS } from "./clients.js";
import { u32 } from "./md5.js";
import { packagePurchases, seedPackages } from "./packages.js";
import type { BenchProgram, Scale, SectionReport, SeedContext } from "./section.js";

const benchPrograms: BenchProgram[] = [
  { key: "pkg-back-5", name: "5 × 30-minute back and shoulders", description: "Five short sessions for the price of four.", type: "package", service: 0, sessionsCount: 5, priceCents: 15200, validityDays: 183, closed: false, active: true },
  { key: "pkg-back-10", name: "10 × 30-minute back and shoulders", description: null, type: "package", service: 0, sessionsCount: 10, priceCents: 28500, validityDays: 365, closed: false, active: true },
  { key: "pkg-deep-3", name: "3 × 90-minute deep tissue", description: "Three long sessions, valid six months.", type: "package", service: 1, sessionsCount: 3, priceCents: 26000, validityDays: 183, closed: false, active: true },
  { key: "pkg-physio-6", name: "Physio follow-up 6-pack", description: null, type: "package", service: 3, sessionsCount: 6, priceCents: 24300, validityDays: 365, closed: false, active: true },
  { key: "pkg-yoga-10", name: "Yoga 10-class pass", description: "Ten beginners yoga classes within four months.", type: "package", service: 4, sessionsCount: 10, priceCents: 13500, validityDays: 120, closed: false, active: true },
  { key: "pkg-any-10", name: "Any-treatment 10 pack", description: "Ten sessions of any service, no expiry.", type: "package", service: null, sessionsCount: 10, priceCents: 50000, validityDays: null, closed: false, active: true },
  { key: "pkg-any-20", name: "Any-treatment 20 pack", description: null, type: "package", service: null, sessionsCount: 20, priceCents: 90000, validityDays: 730, closed: false, active: true },
  { key: "pkg-intro-2", name: "Intro offer: 2 physio assessments", description: "Retired offer.", type: "package", service: 2, sessionsCount: 2, priceCents: 10000, validityDays: 60, closed: false, active: false },
  { key: "bench-series", name: benchSeriesName, description: "Closed 12-week strength and mobility series, Saturday mornings.", type: "group_series", service: null, sessionsCount: SERIES_SESSIONS, priceCents: 18000, validityDays: null, closed: true, active: true },
  { key: "gs-prenatal", name: "Pregnancy yoga (spring)", description: null, type: "group_series", service: null, sessionsCount: 8, priceCents: 12000, validityDays: null, closed: true, active: true },
  { key: "gs-core", name: "Core strength 8-week", description: "Open series: drop-ins welcome.", type: "group_series", service: null, sessionsCount: 8, priceCents: 11000, validityDays: null, closed: false, active: true },
  { key: "gs-running", name: "Beginners running club", description: null, type: "group_series", service: null, sessionsCount: 10, priceCents: null, validityDays: null, closed: false, active: true },
  { key: "gs-postnatal", name: "Postnatal pilates", description: null, type: "group_series", service: null, sessionsCount: 6, priceCents: 9000, validityDays: null, closed: true, active: true },
  { key: "gs-backcare", name: "6-week back care course (autumn)", description: "Finished cohort.", type: "group_series", service: null, sessionsCount: 6, priceCents: 12000, validityDays: null, closed: true, active: false },
  { key: "plan-knee", name: "Knee rehab plan", description: null, type: "plan", service: null, sessionsCount: null, priceCents: null, validityDays: null, closed: false, active: true, phases: ["Assessment", "Intensive", "Maintenance"] },
  { key: "plan-back", name: "Lower back rehab plan", description: "Six to eight weeks.", type: "plan", service: null, sessionsCount: null, priceCents: null, validityDays: null, closed: false, active: true, phases: ["Assessment", "Mobility", "Strength"] },
  { key: "plan-shoulder", name: "Shoulder rehab plan", description: null, type: "plan", service: null, sessionsCount: null, priceCents: null, validityDays: null, closed: false, active: true, phases: ["Pain relief", "Range of motion", "Strength"] },
  { key: "plan-ankle", name: "Ankle return-to-run plan", description: null, type: "plan", service: null, sessionsCount: null, priceCents: null, validityDays: null, closed: false, active: true, phases: ["Protect", "Load", "Return to run"] },
  { key: "plan-hip", name: "Post-op hip plan", description: "With the surgeon's protocol.", type: "plan", service: null, sessionsCount: null, priceCents: null, validityDays: null, closed: false, active: true, phases: ["Early mobility", "Strength", "Function"] },
  { key: "plan-neck", name: "Neck and posture plan", description: null, type: "plan", service: null, sessionsCount: null, priceCents: null, validityDays: null, closed: false, active: false, phases: ["Assessment", "Treatment", "Maintenance"] },
];
const PLAN_ENROLLMENTS = 25;
const SERIES_ENROLLMENTS = 8;
const NEIGHBOUR_PACKAGE_PRACTICES = 150;
const NEIGHBOUR_PACKAGE_CLIENTS = 2;
const tz = benchPracticeTimezone;

export async function seedPrograms(sql: postgres.Sql, scale: Scale, _ctx: SeedContext): Promise<SectionReport> {
  const started = performance.now();
  if (scale.clients === 0) return { section: "programs", status: "skipped", rows: {}, ms: 0, note: "no clients in the bench practice" };
  const { primaries, repeats } = packagePurchases(scale);

  const counts = await sql.begin(async (tx) => {
    // The per-client look-ups below need the planner to know the bulk-loaded volumes (a sequential scan of the
    // attendances per enrollment would take a minute).
    await tx`analyze clients, sessions, session_attendees`;
    await insertPrograms(tx);
    await seedPackages(tx, benchPrograms.filter((x) => x.type === "package"), scale);
    await enrollInPlansAndSeries(tx, scale);
    await tagPlanSessions(tx);
    const participants = await seedBenchSeries(tx);
    await seedNeighbourPasses(tx, scale);
    await checkLedgerInvariant(tx);
    return { ...(await countPrograms(tx)), series_participants: participants.length };
  });
  return {
    section: "programs",
    status: "seeded",
    rows: counts,
    ms: Math.round(performance.now() - started),
    note: `${benchPrograms.length} programs in the bench practice, "${benchSeriesName}" ${SERIES_SESSIONS} sessions x ${SERIES_PARTICIPANTS} participants, `
      + `${primaries} + ${repeats} package purchases; one pass in each other practice, sold to ${NEIGHBOUR_PACKAGE_CLIENTS} clients in ${Math.min(NEIGHBOUR_PACKAGE_PRACTICES, scale.practices - 1)}`,
  };
}

/** Programs and phases of the bench practice. */
async function insertPrograms(tx: postgres.TransactionSql) {
  const b = benchPrograms;
  await tx.unsafe(`
    insert into programs (id, practice_id, name, description, type, service_id, sessions_count, price_cents, validity_days, closed, active, created_at, updated_at)
    select md5('bench-program:1:' || t.k)::uuid, ${P}, t.name, t.description, t.type,
           case when t.service is not null then md5('bench-service:1:' || t.service)::uuid end,
           t.sessions_count, t.price_cents, t.validity_days, t.closed::bool, t.active::bool,
           now() - interval '700 days' + make_interval(days => t.ord::int), now() - make_interval(days => t.ord::int)
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::text[], $10::text[])
      with ordinality as t(k, name, description, type, service, sessions_count, price_cents, validity_days, closed, active, ord)`,
    [b.map((x) => x.key), b.map((x) => x.name), b.map((x) => x.description), b.map((x) => x.type), b.map((x) => x.service),
      b.map((x) => x.sessionsCount), b.map((x) => x.priceCents), b.map((x) => x.validityDays), b.map((x) => String(x.closed)), b.map((x) => String(x.active))] as never[]);
  const phases = b.flatMap((x) => (x.phases ?? []).map((name, i) => ({ key: x.key, name, position: i + 1 })));
  await tx.unsafe(`
    insert into program_phases (id, practice_id, program_id, name, position)
    select md5('bench-phase:1:' || t.k || ':' || t.position)::uuid, ${P}, md5('bench-program:1:' || t.k)::uuid, t.name, t.position
    from unnest($1::text[], $2::text[], $3::int[]) as t(k, name, position)`,
    [phases.map((x) => x.key), phases.map((x) => x.name), phases.map((x) => x.position)] as never[]);
}

/** Plans (their sessions are phase-tagged by tagPlanSessions) and the group series other than the Bench series. */
async function enrollInPlansAndSeries(tx: postgres.TransactionSql, scale: Scale) {
  const b = benchPrograms;
  const plans = b.filter((x) => x.type === "plan").map((x) => x.key);
  const otherSeries = b.filter((x) => x.type === "group_series" && x.key !== "bench-series").map((x) => ({ key: x.key, active: x.active }));
  await tx.unsafe(`
    insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, completion_date, created_at, updated_at)
    select md5('bench-plan-enrollment:1:' || t.k || ':' || i)::uuid, ${P}, md5('bench-program:1:' || t.k)::uuid,
           md5('bench-client:1:' || (1 + (t.ord * 997 + i * 13) % $3::int))::uuid, x.enrolled_at,
           case when ${u32("x.h", 1)} % 5 = 0 then 'completed' else 'active' end,
           case when ${u32("x.h", 1)} % 5 = 0 then (x.enrolled_at at time zone $4::text)::date + 42 end,
           x.enrolled_at, x.enrolled_at
    from unnest($1::text[]) with ordinality as t(k, ord)
    cross join generate_series(0, least($2::int, $3::int) - 1) as i
    cross join lateral (select md5('bench-plan-enrollment:1:' || t.k || ':' || i) as h) as h0
    cross join lateral (select h0.h, now() - make_interval(days => (60 + ${u32("h0.h", 0)} % 200)::int) as enrolled_at) as x
    on conflict do nothing`,
    [plans, PLAN_ENROLLMENTS, scale.clients, tz] as never[]);
  await tx.unsafe(`
    insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, completion_date, created_at, updated_at)
    select md5('bench-series-enrollment:1:' || t.k || ':' || i)::uuid, ${P}, md5('bench-program:1:' || t.k)::uuid,
           md5('bench-client:1:' || (1 + (t.ord * 611 + i * 17) % $4::int))::uuid, x.enrolled_at,
           case when t.active::bool then 'active' else 'completed' end,
           case when not t.active::bool then (x.enrolled_at at time zone $5::text)::date + 42 end,
           x.enrolled_at, x.enrolled_at
    from unnest($1::text[], $2::text[]) with ordinality as t(k, active, ord)
    cross join generate_series(0, least($3::int, $4::int) - 1) as i
    cross join lateral (select now() - make_interval(days => case when t.active::bool then 10 else 200 end + (${u32("md5('bench-series-enrollment:1:' || t.k || ':' || i)", 0)} % 20)::int) as enrolled_at) as x
    on conflict do nothing`,
    [otherSeries.map((x) => x.key), otherSeries.map((x) => String(x.active)), SERIES_ENROLLMENTS, scale.clients, tz] as never[]);
}

/** A plan client's first six one-to-one bookings after enrolling: phases 1, 1, 2, 2, 3, 3. */
async function tagPlanSessions(tx: postgres.TransactionSql) {
  await tx.unsafe(`
    with tagged as (
      select distinct on (x.session_id) x.session_id, e.program_id, (x.rn + 1) / 2 as position
      from program_enrollments as e
      join programs as pg on pg.practice_id = e.practice_id and pg.id = e.program_id and pg.type = 'plan'
      cross join lateral (
        select s.id as session_id, row_number() over (order by s.start_time) as rn
        from session_attendees as a
        join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
        where a.practice_id = e.practice_id and a.client_id = e.client_id and a.attendance_status <> 'canceled'
          and s.capacity = 1 and s.program_id is null and s.start_time >= e.enrolled_at and s.start_time < now() + interval '28 days'
        order by s.start_time
        limit 6
      ) as x
      where e.practice_id = ${P}
      order by x.session_id, e.enrolled_at
    )
    update sessions as s
    set program_id = t.program_id,
        phase_id = (select ph.id from program_phases as ph where ph.practice_id = ${P} and ph.program_id = t.program_id and ph.position = t.position)
    from tagged as t
    where s.practice_id = ${P} and s.id = t.session_id`);
}

/** Other practices: one 5-session pass each, two clients of the first 150 with one. */
async function seedNeighbourPasses(tx: postgres.TransactionSql, scale: Scale) {
  if (scale.practices > 1) {
    await tx`
      insert into programs (id, practice_id, name, type, sessions_count, price_cents, validity_days, created_at, updated_at)
      select md5('bench-program:' || p || ':pass')::uuid, md5('bench-practice:' || p)::uuid, '5-session pass', 'package', 5, 20000, 365,
             now() - interval '400 days', now() - interval '400 days'
      from generate_series(2, ${scale.practices}::int) as p`;
    if (NEIGHBOUR_CLIENTS > 0) {
      await tx.unsafe(`
        with e as (
          select md5('bench-neighbour-enrollment:' || p || ':' || i)::uuid as id, p,
                 md5('bench-client:' || p || ':' || i)::uuid as client_id,
                 now() - make_interval(days => (${u32("md5('bench-neighbour-enrollment:' || p || ':' || i)", 0)} % 200)::int) as at
          from generate_series(2, least($1::int, $2::int + 1)) as p
          cross join generate_series(1, $3::int) as i
        ), ins as (
          insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, sessions_remaining, expires_at, created_at, updated_at)
          select e.id, md5('bench-practice:' || p)::uuid, md5('bench-program:' || p || ':pass')::uuid, e.client_id, e.at, 'active', 5, e.at + interval '365 days', e.at, e.at
          from e
          returning id, practice_id, enrolled_at
        )
        insert into credit_ledger (id, practice_id, enrollment_id, delta, reason, created_at)
        select md5('bench-ledger-purchase:' || ins.id)::uuid, ins.practice_id, ins.id, 5, 'purchase', ins.enrolled_at from ins`,
        [scale.practices, NEIGHBOUR_PACKAGE_PRACTICES, Math.min(NEIGHBOUR_PACKAGE_CLIENTS, NEIGHBOUR_CLIENTS)] as never[]);
    }
  }
}

/** The invariant the app keeps: the cached balance is the sum of the ledger, and no active package is past its expiry. */
async function checkLedgerInvariant(tx: postgres.TransactionSql) {
  const [bad] = await tx<{ mismatched: number; overdue: number }[]>`
    select (select count(*)::int from program_enrollments as e
            where e.sessions_remaining is distinct from
                  (select case when count(*) = 0 then null else sum(c.delta)::int end from credit_ledger as c where c.practice_id = e.practice_id and c.enrollment_id = e.id)) as mismatched,
           (select count(*)::int from program_enrollments where status = 'active' and expires_at < now()) as overdue`;
  if (bad!.mismatched || bad!.overdue) throw new Error(`programs seed: ${bad!.mismatched} enrollments whose balance is not the sum of their ledger, ${bad!.overdue} active past expiry`);
}

async function countPrograms(tx: postgres.TransactionSql) {
  const [row] = await tx.unsafe<Record<string, number>[]>(`
    select (select count(*)::int from programs) as programs,
           (select count(*)::int from programs where practice_id = ${P}) as bench_practice_programs,
           (select count(*)::int from program_phases) as program_phases,
           (select count(*)::int from program_enrollments) as program_enrollments,
           (select count(*)::int from program_enrollments as e join programs as pg on pg.practice_id = e.practice_id and pg.id = e.program_id
              where e.practice_id = ${P} and pg.type = 'package') as bench_package_enrollments,
           (select count(*)::int from program_enrollments as e join programs as pg on pg.practice_id = e.practice_id and pg.id = e.program_id
              where e.practice_id = ${P} and pg.type = 'package' and e.status = 'active') as bench_active_packages,
           (select count(*)::int from program_enrollments where practice_id <> ${P}) as other_practice_enrollments,
           (select count(*)::int from credit_ledger) as credit_ledger,
           (select count(*)::int from credit_ledger where reason = 'booking') as ledger_bookings,
           (select count(*)::int from session_attendees where enrollment_id is not null) as paid_by_credit,
           (select count(*)::int from sessions where practice_id = ${P} and phase_id is not null) as phase_tagged_sessions,
           (select count(*)::int from sessions where practice_id = ${P} and program_id = ${seriesId}) as series_sessions,
           (select count(*)::int from session_attendees as a join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
              where s.practice_id = ${P} and s.program_id = ${seriesId}) as series_bookings`);
  return row!;
}
