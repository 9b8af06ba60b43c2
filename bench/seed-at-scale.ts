// Fills the bench database at the scale the budgets talk about (DESIGN.md §9), with bulk SQL instead of
// one domain call per row: 200 registerPractitioner calls would spend 10 s in argon2 alone.
//
// Every id is derived from a label and a number (md5('bench-practice:' || i)::uuid), so later sections can
// refer to rows seeded by earlier ones without reading them back, and two runs at one scale seed the same ids.
// Practice 1 is "the bench practice": the one the bench logs in to and that carries the big per-practice
// volumes (clients, sessions, metrics) once those sections exist; the others stand beside it.
//
// Sections, in order (add new ones in the same shape: a function taking (sql, scale, ctx) and returning a
// SectionReport, called from seedAtScale):
//   1. accounts   users + practices + owner memberships + the "create practice" audit row
//   2. clients    bench practice clients (--clients) + 50 per other practice, services, SOAP notes
//   3. sessions   bench practice sessions (--sessions) on a grid, two extra practitioners or more, NEIGHBOUR_SESSIONS
//                 per other practice, attendees (see the section)
//   4. programs   ~20 programs in the bench practice (packages, group series, 3-phase plans), the "Bench series"
//                 (12 sessions x 15 participants), ~1,000 package enrollments with their credit ledgers, a few
//                 hundred enrollments in other practices (see the section)
//   5. metrics    the ten starter templates, ~500 tracking clients, --metrics points in the bench practice (a fifth
//                 in one client's Pain level series), a "daily" client for the card weight, a few other practices (see the section)
import { createHash } from "node:crypto";
import type postgres from "postgres";
import { hashPassword } from "../src/auth/password.js";
import { starterTemplates } from "../src/domain/metrics.js";

export type Scale = {
  /** Practices in the database, each with one owner; practice 1 is the bench practice. */
  practices: number;
  /** Clients in the bench practice. */
  clients: number;
  /** Appointment sessions in the bench practice. */
  sessions: number;
  /** Metric points in the bench practice. */
  metrics: number;
};

export const defaultScale: Scale = { practices: 200, clients: 5000, sessions: 100_000, metrics: 1_000_000 };

/** The login the bench uses; owner of practice 1. */
export const benchLogin = { email: "bench@practice.test", password: "bench-practice-2026" } as const;
export const benchPracticeName = "Bench Practice";
export const benchPracticeTimezone = "Europe/London";

export type SectionReport = { section: string; status: "seeded" | "not yet seeded" | "skipped"; rows: Record<string, number>; ms: number; note?: string };
export type SeedReport = { scale: Scale; sections: SectionReport[]; totalMs: number };

type Context = { passwordHash: string };

const timezones = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];

// ---------------------------------------------------------------------------------------------------------
// 1. Accounts: practices 1..N, each with an owner user and membership.
// ---------------------------------------------------------------------------------------------------------
async function seedAccounts(sql: postgres.Sql, scale: Scale, ctx: Context): Promise<SectionReport> {
  const started = performance.now();
  const n = scale.practices;
  await sql.begin(async (tx) => {
    await tx`
      insert into practices (id, name, timezone)
      select md5('bench-practice:' || i)::uuid,
             case when i = 1 then ${benchPracticeName} else 'Practice ' || lpad(i::text, 5, '0') end,
             case when i = 1 then ${benchPracticeTimezone} else (${timezones}::text[])[1 + (i % ${timezones.length})] end
      from generate_series(1, ${n}::int) as i`;
    await tx`
      insert into users (id, email, password_hash, full_name)
      select md5('bench-user:' || i)::uuid,
             case when i = 1 then ${benchLogin.email} else 'owner-' || lpad(i::text, 5, '0') || '@bench.test' end,
             ${ctx.passwordHash},
             case when i = 1 then 'Bea Bench' else 'Owner ' || i end
      from generate_series(1, ${n}::int) as i`;
    await tx`
      insert into memberships (id, practice_id, user_id, role)
      select md5('bench-membership:' || i)::uuid, md5('bench-practice:' || i)::uuid, md5('bench-user:' || i)::uuid, 'owner'
      from generate_series(1, ${n}::int) as i`;
    // What registerPractitioner writes too, so the audit table is not unrealistically empty.
    await tx`
      insert into audit_log (practice_id, actor_user_id, action, entity, entity_id)
      select md5('bench-practice:' || i)::uuid, md5('bench-user:' || i)::uuid, 'create', 'practice', md5('bench-practice:' || i)::uuid
      from generate_series(1, ${n}::int) as i`;
  });
  return {
    section: "accounts",
    status: "seeded",
    rows: { practices: n, users: n, memberships: n, audit_log: n },
    ms: Math.round(performance.now() - started),
  };
}

// ---------------------------------------------------------------------------------------------------------
// 2. Clients: scale.clients in the bench practice and NEIGHBOUR_CLIENTS in each other practice (so the
//    per-practice indexes have neighbours to skip), a few services per practice, and two SOAP notes for
//    about a fifth of the bench practice's clients.
//
// Every attribute comes from an md5 of the row's label, so the data looks random but is the same at every
// run. Names are first x last combinations from word lists: a last-name fragment such as "mock" matches
// several surnames (a few hundred clients at 5,000), a full first name about one in fifty, an email
// fragment such as "esme.fake" a handful. Phones are in the 07700 900xxx range Ofcom keeps for drama:
// 1,000 numbers, so a six-digit fragment matches a few clients of the bench practice.
// ---------------------------------------------------------------------------------------------------------
export const NEIGHBOUR_CLIENTS = 50;

const firstNames = ["Ada", "Basil", "Clementine", "Dorian", "Esme", "Felix", "Greta", "Hugo", "Iris", "Jasper", "Kit", "Luna",
  "Milo", "Nell", "Otto", "Poppy", "Quinn", "Rosa", "Silas", "Tilly", "Umar", "Vera", "Wren", "Xander", "Yara", "Zeno",
  "Arlo", "Bea", "Cosmo", "Dot", "Edie", "Fox", "Gus", "Hattie", "Ivo", "Juno", "Kai", "Lottie", "Mabel", "Ned",
  "Olive", "Pip", "Ray", "Sasha", "Theo", "Ula", "Vince", "Willa", "Yusuf", "Zara"];
// 14 prefixes x 10 suffixes = 140 obviously invented surnames: "Mockridge", "Fakeham", "Testwood", ...
const lastNamePrefixes = ["Test", "Sample", "Fake", "Demo", "Mock", "Dummy", "Pretend", "Example", "Fiction", "Madeup",
  "Placeholder", "Lorem", "Ipsum", "Notreal"];
const lastNameSuffixes = ["wood", "by", "ham", "ridge", "ton", "field", "well", "ford", "worth", "combe"];
const lastNames = lastNamePrefixes.flatMap((p) => lastNameSuffixes.map((s) => p + s));
const streets = ["Imaginary Lane", "Sample Street", "Placeholder Road", "Mock Avenue", "Fiction Close", "Notreal Gardens"];
const healthNotes = ["Lower back pain after long drives.", "Pregnant (2nd trimester): side-lying only.", "Allergic to nut oils.",
  "Recovering from a sprained left ankle.", "Prefers firm pressure; avoid the neck.", "Desk job; recurring tension headaches."];

const benchServices: { name: string; description: string | null; minutes: number; cents: number; capacity: number }[] = [
  { name: "60-minute massage", description: "Full-body therapeutic massage.", minutes: 60, cents: 6500, capacity: 1 },
  { name: "30-minute back and shoulders", description: null, minutes: 30, cents: 3800, capacity: 1 },
  { name: "90-minute deep tissue", description: "Slow, firm work on problem areas.", minutes: 90, cents: 9500, capacity: 1 },
  { name: "Physio assessment", description: "First visit: history, tests and a plan.", minutes: 45, cents: 7000, capacity: 1 },
  { name: "Physio follow-up", description: null, minutes: 30, cents: 4500, capacity: 1 },
  { name: "Beginners yoga", description: "Small group class, mats provided.", minutes: 75, cents: 1500, capacity: 8 },
  { name: "Pilates mat class", description: "Core strength, all levels.", minutes: 60, cents: 1800, capacity: 10 },
  { name: "Sports massage", description: null, minutes: 45, cents: 5500, capacity: 1 },
];

const soapText = {
  subjective: ["Stiff lower back after a week of long drives; pain 6/10 in the mornings.", "Neck tension since starting a new desk job; headaches twice a week.",
    "Right shoulder aches when reaching overhead; worse after swimming.", "Left ankle still swells after runs longer than 5 km.",
    "Sleeping better since last session; pain down to 3/10.", "Tight hamstrings; training for a half marathon."],
  objective: ["Reduced lumbar flexion; tight erector spinae, left more than right.", "Trigger points in upper trapezius bilaterally; cervical rotation limited to the left.",
    "Painful arc 70-110 degrees; tender supraspinatus insertion.", "Mild swelling lateral malleolus; single-leg balance 15 s (right 40 s).",
    "Full range of motion; mild tenderness on palpation only.", "Straight-leg raise 60 degrees both sides."],
  assessment: ["Mechanical lower back pain, no red flags.", "Postural neck pain with tension-type headaches.", "Rotator cuff tendinopathy, improving.",
    "Lateral ankle sprain, late stage.", "Good progress against the plan.", "Hamstring tightness, no injury."],
  plan: ["Weekly massage for three weeks; daily cat-cow and knee-to-chest stretches.", "Fortnightly sessions; desk set-up advice; chin tucks three times a day.",
    "Band external rotations 3x15 daily; review in two weeks.", "Balance board daily; return to running at 3 km.",
    "Monthly maintenance sessions.", "Dynamic warm-up before runs; foam roller after."],
};

/** Four unsigned 32-bit numbers from one md5 (hex characters 1-8, 9-16, 17-24, 25-32). */
const u32 = (md5Expr: string, n: 0 | 1 | 2 | 3) => `('x' || substr(${md5Expr}, ${1 + n * 8}, 8))::bit(32)::bigint`;

async function seedClients(sql: postgres.Sql, scale: Scale, _ctx: Context): Promise<SectionReport> {
  const started = performance.now();
  const benchClients = scale.clients;
  const neighbours = scale.practices > 1 ? NEIGHBOUR_CLIENTS : 0;
  if (benchClients === 0 && neighbours === 0) return { section: "clients", status: "skipped", rows: {}, ms: 0 };

  const counts = await sql.begin(async (tx) => {
    // Clients of every practice in one INSERT ... SELECT: p is the practice number, i the client number in it.
    const h1 = "s.h1", h2 = "s.h2";
    await tx.unsafe(`
      insert into clients (id, practice_id, first_name, last_name, email, phone, address, date_of_birth, notes, status, last_visit_at, created_at, updated_at)
      select s.id, s.practice_id, s.first_name, s.last_name,
             -- i keeps the address unique in the practice (lower(email) is unique per practice)
             case when ${u32(h1, 3)} % 100 < 10 then null else lower(s.first_name || '.' || s.last_name || '.' || s.i) || '@example.test' end,
             case when (${u32(h1, 3)} / 100) % 100 < 15 then null else '07700 900' || lpad((${u32(h2, 0)} % 1000)::text, 3, '0') end,
             case when ${u32(h2, 3)} % 3 = 0 then (10 + ${u32(h2, 3)} % 190) || ' ' || ($3::text[])[1 + (${u32(h2, 3)} / 7) % ${streets.length}] || E'\nFaketown FK' || (${u32(h2, 3)} % 9) || ' 1ZZ' end,
             case when ${u32(h2, 2)} % 2 = 0 then date '1950-01-01' + ((${u32(h2, 2)} / 2) % 20000)::int end,
             case when ${u32(h2, 2)} % 4 = 1 then ($4::text[])[1 + (${u32(h2, 2)} / 4) % ${healthNotes.length}] end,
             case when ${u32(h1, 2)} % 100 < 5 then 'archived' when ${u32(h1, 2)} % 100 < 10 then 'inactive' else 'active' end,
             -- about 70% have been in, at a random moment of the past year
             case when ${u32(h2, 1)} % 100 >= 30 then now() - make_interval(secs => (${u32(h2, 1)} / 100) % 31536000) end,
             now() - interval '1 year' - make_interval(secs => ${u32(h2, 3)} % 31536000),
             now() - make_interval(secs => ${u32(h2, 3)} % 31536000)
      from (
        select p, i,
               md5('bench-client:' || p || ':' || i)::uuid as id,
               md5('bench-practice:' || p)::uuid as practice_id,
               md5('bench-client-a:' || p || ':' || i) as h1,
               md5('bench-client-b:' || p || ':' || i) as h2,
               ($1::text[])[1 + ${u32("md5('bench-client-a:' || p || ':' || i)", 0)} % ${firstNames.length}] as first_name,
               ($2::text[])[1 + ${u32("md5('bench-client-a:' || p || ':' || i)", 1)} % ${lastNames.length}] as last_name
        from generate_series(1, $5::int) as p
        cross join lateral generate_series(1, case when p = 1 then $6::int else $7::int end) as i
      ) as s`,
      [firstNames, lastNames, streets, healthNotes, scale.practices, benchClients, neighbours]);

    // Services: six in the bench practice (one of them retired), three to five in the others.
    await tx.unsafe(`
      insert into services (id, practice_id, name, description, duration_minutes, price_cents, capacity, active)
      select md5('bench-service:' || p || ':' || k)::uuid, md5('bench-practice:' || p)::uuid,
             ($1::text[])[1 + (p + k) % $6::int], ($2::text[])[1 + (p + k) % $6::int],
             ($3::int[])[1 + (p + k) % $6::int], ($4::int[])[1 + (p + k) % $6::int], ($5::int[])[1 + (p + k) % $6::int],
             not (p = 1 and k = 5)
      from generate_series(1, $7::int) as p
      cross join lateral generate_series(0, case when p = 1 then 5 else 2 + p % 3 end) as k`,
      [benchServices.map((s) => s.name), benchServices.map((s) => s.description), benchServices.map((s) => s.minutes),
        benchServices.map((s) => s.cents), benchServices.map((s) => s.capacity), benchServices.length, scale.practices]);

    // SOAP notes: two for about one bench client in five, written by the bench owner, first revisions only
    // (note_id = id). The first some months ago, the second more recently.
    const hn = "md5('bench-note:' || c.id || ':' || k)";
    await tx.unsafe(`
      insert into soap_notes (id, practice_id, client_id, note_id, revision, revision_of, subjective, objective, assessment, plan, author_id, created_at)
      select n.id, c.practice_id, c.id, n.id, 1, null,
             ($1::text[])[1 + ${u32(hn, 0)} % $5::int], ($2::text[])[1 + ${u32(hn, 1)} % $5::int],
             ($3::text[])[1 + ${u32(hn, 2)} % $5::int], ($4::text[])[1 + ${u32(hn, 3)} % $5::int],
             md5('bench-user:1')::uuid,
             now() - make_interval(days => case when k = 1 then 120 else 10 end, secs => ${u32(hn, 0)} % (86400 * 100))
      from clients as c
      cross join generate_series(1, 2) as k
      cross join lateral (select ${hn}::uuid as id) as n
      where c.practice_id = md5('bench-practice:1')::uuid
        and ${u32("md5('bench-notes:' || c.id)", 0)} % 5 = 0`,
      [soapText.subjective, soapText.objective, soapText.assessment, soapText.plan, soapText.plan.length]);

    const [row] = await tx<{ clients: number; bench: number; services: number; notes: number }[]>`
      select (select count(*)::int from clients) as clients,
             (select count(*)::int from clients where practice_id = md5('bench-practice:1')::uuid) as bench,
             (select count(*)::int from services) as services,
             (select count(*)::int from soap_notes) as notes`;
    return row!;
  });
  return {
    section: "clients",
    status: "seeded",
    rows: { clients: counts.clients, bench_practice_clients: counts.bench, services: counts.services, soap_notes: counts.notes },
    ms: Math.round(performance.now() - started),
    note: `${benchClients} in the bench practice, ${neighbours} in each of the ${scale.practices - 1} others`,
  };
}

/** What the bench asks the search box: each string with what it is meant to exercise. */
export const benchSearches: { label: string; q: string }[] = [
  { label: "last-name fragment (several surnames: a full page)", q: "mock" },
  { label: "full first name", q: "Clementine" },
  { label: "phone digits (a few)", q: "900123" },
  { label: "email fragment (a handful)", q: "esme.fake" },
];

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
  /** Registered bookings of non-canceled sessions near now, one per session (check-in is idempotent). */
  checkIns: { sessionId: string; clientId: string }[];
};
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
      where a.practice_id = ${practice} and a.attendance_status = 'registered' and s.status <> 'canceled'
        and s.start_time >= ${current.from_t}::timestamptz and s.start_time < ${current.to_t}::timestamptz
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

// ---------------------------------------------------------------------------------------------------------
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
// ---------------------------------------------------------------------------------------------------------
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

async function seedSessions(sql: postgres.Sql, scale: Scale, ctx: Context): Promise<SectionReport> {
  const started = performance.now();
  const wanted = scale.sessions;
  const neighbours = scale.practices > 1 ? NEIGHBOUR_SESSIONS : 0;
  if (wanted === 0 && neighbours === 0) return { section: "sessions", status: "skipped", rows: {}, ms: 0 };

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

  const counts = await sql.begin(async (tx) => {
    if (wanted > 0) {
      // The bench practice's other practitioners: users and memberships beside the owner (user 1).
      await tx`
        insert into users (id, email, password_hash, full_name)
        select md5('bench-practitioner:' || j)::uuid, 'practitioner-' || lpad(j::text, 3, '0') || '@bench.test', ${ctx.passwordHash},
               (${extraPractitionerNames}::text[])[1 + (j - 2) % ${extraPractitionerNames.length}] || case when j - 2 >= ${extraPractitionerNames.length} then ' ' || ((j - 2) / ${extraPractitionerNames.length} + 1) else '' end
        from generate_series(2, ${practitioners}::int) as j`;
      await tx`
        insert into memberships (id, practice_id, user_id, role)
        select md5('bench-practitioner-membership:' || j)::uuid, md5('bench-practice:1')::uuid, md5('bench-practitioner:' || j)::uuid, 'practitioner'
        from generate_series(2, ${practitioners}::int) as j`;

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

    if (neighbours > 0) {
      // Other practices: the owner, one session on each of NEIGHBOUR_SESSIONS evenly spaced weekdays in the
      // same four years, any of the practice's services (a two-hour block fits all of them).
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

    // Attendees of every seeded session: clients of the session's practice, consecutive from an md5 start.
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

// ---------------------------------------------------------------------------------------------------------
// 4. Programs: what the issue "Programs, phases, enrollments and package credits with a ledger" adds.
//
// The bench practice gets benchPrograms (8 packages, one of them archived; 6 group series; 6 plans with
// three phases each). Among the group series is "Bench series", the issue's attendance grid: exactly
// SERIES_SESSIONS sessions tagged with its program_id, weekly on Saturdays at 10:00 in the practice's zone
// from week -8 to week +3 (the Sunday of a week whose Saturday slot is taken: only today can be, when the
// sessions section laid today's near-week diary on a weekend), run by the owner, with SERIES_PARTICIPANTS
// enrolled clients booked into every one of them: attended, no-show and canceled in the past (one session
// canceled by the practice), registered ahead.
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
//
// Plans: 25 clients each; their first six one-to-one bookings after enrolling are tagged with the plan and
// its phases 1, 1, 2, 2, 3, 3 (sessions.program_id / phase_id), so "current phase" has something to find.
// Other practices: one 5-session pass each, sold to two clients in each of the first 150.
// ---------------------------------------------------------------------------------------------------------
export const SERIES_SESSIONS = 12;
export const SERIES_PARTICIPANTS = 15;
export const benchSeriesName = "Bench series";

type BenchProgram = {
  key: string; name: string; description: string | null; type: "package" | "group_series" | "plan";
  /** k of md5('bench-service:1:' || k) (0..5 in the bench practice), or null for any service / none. */
  service: number | null;
  sessionsCount: number | null; priceCents: number | null; validityDays: number | null; closed: boolean; active: boolean;
  phases?: string[];
};

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
/** Start of the client's first booking in the bench practice from `from` to `to` that a package for `service` (null: any) pays for. */
const firstBooking = (client: string, service: string, from: string, to: string) => `(
  select s.start_time from session_attendees as a
  join sessions as s on s.practice_id = a.practice_id and s.id = a.session_id
  where a.practice_id = md5('bench-practice:1')::uuid and a.client_id = ${client}
    and (${service} is null or s.service_id = ${service}) and s.start_time >= ${from} and s.start_time < ${to}
  order by s.start_time limit 1)`;
const PLAN_ENROLLMENTS = 25;
const SERIES_ENROLLMENTS = 8;
const NEIGHBOUR_PACKAGE_PRACTICES = 150;
const NEIGHBOUR_PACKAGE_CLIENTS = 2;

async function seedPrograms(sql: postgres.Sql, scale: Scale, _ctx: Context): Promise<SectionReport> {
  const started = performance.now();
  if (scale.clients === 0) return { section: "programs", status: "skipped", rows: {}, ms: 0, note: "no clients in the bench practice" };
  const P = `md5('bench-practice:1')::uuid`;
  const owner = `md5('bench-user:1')::uuid`;
  const tz = benchPracticeTimezone;
  const primaries = Math.floor((scale.clients / 5) * 0.85);
  const repeats = Math.floor(primaries * 0.18);

  const counts = await sql.begin(async (tx) => {
    // The per-client look-ups below need the planner to know the bulk-loaded volumes (a sequential scan of the
    // attendances per enrollment would take a minute).
    await tx`analyze clients, sessions, session_attendees`;
    // Programs and phases of the bench practice.
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

    // ---- Packages: the enrollments to seed, in a temporary table the ledger is built from.
    const sold = b.filter((x) => x.type === "package");
    const onSale = sold.filter((x) => x.active);
    await tx.unsafe(`
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
      from p2`,
      [sold.map((x) => x.key), sold.map((x) => x.service), sold.map((x) => x.sessionsCount), sold.map((x) => x.validityDays),
        onSale.length, scale.clients, primaries, sold.length, repeats] as never[]);
    // The on-sale packages come first in benchPrograms, so pick 1..onSale.length never lands on a retired one.
    await tx.unsafe(`
      insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, sessions_remaining, expires_at, created_at, updated_at)
      select id, ${P}, program_id, client_id, enrolled_at, case when repeat then 'dropped' else 'active' end, credits, expires_at, enrolled_at, enrolled_at
      from bench_pkg`);

    await tx`analyze bench_pkg`;
    // The client's bookings each package paid for.
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

    // The ledger: purchases, bookings, what happened to canceled and missed bookings, a few adjustments.
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

    // Balances and statuses from the ledger; an expiry row takes what is left of a package past its expiry.
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

    // ---- Plans (with phase-tagged one-to-one sessions) and the other group series.
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
    // A plan client's first six one-to-one bookings after enrolling: phases 1, 1, 2, 2, 3, 3.
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

    // ---- The Bench series: 12 Saturday mornings (Sunday when Saturday is taken), weeks -8..+3, 15 participants.
    const seriesId = `md5('bench-program:1:bench-series')::uuid`;
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
             case when st.status = 'canceled' then 'Practitioner unavailable' end, ${seriesId},
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
        start_date = (select (min(start_time) at time zone $1::text)::date from sessions where practice_id = ${P} and program_id = ${seriesId}),
        end_date = (select (max(start_time) at time zone $1::text)::date from sessions where practice_id = ${P} and program_id = ${seriesId})
      where practice_id = ${P} and id = ${seriesId}`, [tz]);
    const participants = await tx.unsafe<{ id: string }[]>(`
      with picked as (
        select c.id from clients as c
        where c.practice_id = ${P} and c.status = 'active'
        order by md5('bench-series-pick:' || c.id) limit $1::int
      )
      insert into program_enrollments (id, practice_id, program_id, client_id, enrolled_at, status, created_at, updated_at)
      select md5('bench-series-enrollment:1:bench-series:' || p.id)::uuid, ${P}, ${seriesId}, p.id, f.at, 'active', f.at, f.at
      from picked as p
      cross join (select min(created_at) - interval '1 day' as at from sessions where practice_id = ${P} and program_id = ${seriesId}) as f
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
      where s.practice_id = ${P} and s.program_id = ${seriesId}`);

    // ---- Other practices: one 5-session pass each, two clients of the first 150 with one.
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

    // The invariant the app keeps: the cached balance is the sum of the ledger, and no active package is past its expiry.
    const [bad] = await tx<{ mismatched: number; overdue: number }[]>`
      select (select count(*)::int from program_enrollments as e
              where e.sessions_remaining is distinct from
                    (select case when count(*) = 0 then null else sum(c.delta)::int end from credit_ledger as c where c.practice_id = e.practice_id and c.enrollment_id = e.id)) as mismatched,
             (select count(*)::int from program_enrollments where status = 'active' and expires_at < now()) as overdue`;
    if (bad!.mismatched || bad!.overdue) throw new Error(`programs seed: ${bad!.mismatched} enrollments whose balance is not the sum of their ledger, ${bad!.overdue} active past expiry`);

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
    return { ...row!, series_participants: participants.length };
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

// ---------------------------------------------------------------------------------------------------------
// 5. Metrics: scale.metrics points in the bench practice, and a few in other practices.
//
// The bench practice gets the ten starter templates (src/domain/metrics.ts: pain 0-10, mood 1-5, weight,
// sleep, steps, blood pressure, hydration, range of motion, "How do you feel?"). METRIC_CLIENTS active clients
// (in md5 order) track some of them, mostly one to four by popularity, and three have a part to play:
//   - pick 1, "the heavy client": a fifth of scale.metrics for Pain level (200,000 at 1,000,000) over the past
//     HEAVY_DAYS (~1.5 years; every ~4 minutes at the default), logged by the client, plus three ordinary series;
//   - pick 2, "the several client": seven templates with ordinary series (the client page with many cards);
//   - the client after the picks, "the daily client": Pain level and Weight, exactly DAILY_DAYS daily points each,
//     ending a few hours ago: the 90-day card the logging answer is weighed on (one more point once logged).
// The rest of the volume (text entries apart: TEXT_SHARE of it) is shared out over every other series of the
// picks by an md5 weight, each series over the past year (some start later or stopped months ago). Values are
// a trend from a drawn start, a slow wave and noise, rounded to the template's step and kept in its bounds.
// Rows go in in time order across all series, as an app logging them over time would lay them in the heap.
// Other practices: NEIGHBOUR_METRIC_PRACTICES of them with pain, mood and text, five clients each, ~100 points a client.
// The plan (which client tracks what, how many points) is drawn in TypeScript from md5s, so it is the same
// at every run; the rows themselves are made in SQL from generate_series.
// ---------------------------------------------------------------------------------------------------------
export const METRIC_CLIENTS = 500;
const HEAVY_SHARE = 0.2;
const HEAVY_DAYS = 548;
export const DAILY_DAYS = 90;
const TEXT_SHARE = 0.003;
const NEIGHBOUR_METRIC_PRACTICES = 40;
const NEIGHBOUR_METRIC_CLIENTS = 5;
export const heavyTemplateName = "Pain level";
const heavyOtherTemplates = ["Mood", "Sleep", "How do you feel?"];
const severalTemplates = ["Pain level", "Mood", "Weight", "Sleep", "Steps", "Hydration", "How do you feel?"];
export const dailyTemplateNames = ["Pain level", "Weight"];
const neighbourTemplates = ["Pain level", "Mood", "How do you feel?"];

/** How a template's values look: a start drawn in `start`, a change over the series drawn in `drift`, noise of about `noise`. */
type MetricShape = { start: [number, number]; drift: [number, number]; noise: number; popularity: number };
const metricShapes: Record<string, MetricShape> = {
  "Pain level": { start: [5, 8.5], drift: [-5, -0.5], noise: 1.1, popularity: 55 },
  "Mood": { start: [1.8, 3.2], drift: [0.3, 1.8], noise: 0.6, popularity: 35 },
  "Weight": { start: [55, 105], drift: [-6, 2], noise: 0.5, popularity: 25 },
  "Sleep": { start: [5, 7.5], drift: [0, 1.5], noise: 0.8, popularity: 30 },
  "Steps": { start: [2500, 9000], drift: [0, 4000], noise: 2200, popularity: 20 },
  "Blood pressure (systolic)": { start: [118, 160], drift: [-18, 0], noise: 7, popularity: 12 },
  "Blood pressure (diastolic)": { start: [72, 100], drift: [-10, 0], noise: 5, popularity: 12 },
  "Hydration": { start: [0.8, 2], drift: [0, 1.2], noise: 0.35, popularity: 10 },
  "Range of motion": { start: [50, 120], drift: [10, 60], noise: 4, popularity: 20 },
};
const TEXT_POPULARITY = 30;
const feelings = ["Stiff in the mornings.", "Much better this week!", "Slept badly, back a bit sore.", "Walked 5 km without pain.",
  "Flare-up after gardening.", "Exercises are getting easier.", "Tired but the pain is lower.", "Forgot the stretches twice, sorry.",
  "Neck tight after a long week at the desk.", "Best week in months."];

const md5hex = (s: string) => createHash("md5").update(s).digest("hex");
/** A number in [0, 1) from a label. */
const unit = (label: string) => parseInt(md5hex(label).slice(0, 8), 16) / 2 ** 32;
const between = ([lo, hi]: [number, number], label: string) => lo + (hi - lo) * unit(label);

type Series = {
  key: string; practice: number; clientId: string; templateId: string; text: boolean; n: number;
  /** Seconds before now() of the first and the last point; regular = evenly spaced, else jittered. */
  startAgo: number; endAgo: number; regular: boolean;
  start: number; drift: number; noise: number; cycles: number; phase: number;
  step: number; min: number | null; max: number | null; byClient: boolean;
};

const templateId = (practice: number, k: number) => md5hex(`bench-metric-template:${practice}:${k}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
const DAY_S = 86_400;

/** The bench practice's active clients in the order the metrics section picks them (the same query for seed and fixtures). */
function metricPicks(sql: postgres.Sql, limit: number) {
  return sql<{ id: string }[]>`
    select id from clients where practice_id = md5('bench-practice:1')::uuid and status = 'active'
    order by md5('bench-metric-pick:' || id) limit ${limit}`;
}

async function seedMetrics(sql: postgres.Sql, scale: Scale, _ctx: Context): Promise<SectionReport> {
  const started = performance.now();
  const picks = (await metricPicks(sql, METRIC_CLIENTS + 1)).map((r) => r.id);
  if (scale.metrics === 0 || picks.length < 3) {
    return scale.metrics > 0 ? { section: "metrics", status: "skipped", rows: {}, ms: 0, note: `${scale.metrics} requested, but fewer than 3 active clients to track them` } : notYet("metrics", 0);
  }
  const templates = starterTemplates.map((t, i) => ({ ...t, k: i + 1 }));
  const byName = (name: string) => {
    const t = templates.find((x) => x.name === name);
    if (!t) throw new Error(`metrics seed: no starter template "${name}" in src/domain/metrics.ts`);
    return t;
  };
  const daily = picks.pop()!; // the client after the picks: it tracks nothing else
  const [heavy, several] = picks as [string, string];

  const total = scale.metrics;
  const heavyN = Math.floor(total * HEAVY_SHARE);
  const dailyN = DAILY_DAYS * dailyTemplateNames.length;
  const textN = Math.floor(total * TEXT_SHARE);
  const restN = Math.max(0, total - heavyN - dailyN - textN);

  // Which client tracks which template, and when it was assigned (cards come in that order).
  type Assignment = { practice: number; clientId: string; k: number; weight: number; label: string };
  const assignments: Assignment[] = [];
  const assign = (practice: number, clientId: string, k: number) => assignments.push({ practice, clientId, k, label: `${practice}:${clientId}:${k}`, weight: 1 + Math.floor(unit(`bench-metric-weight:${clientId}:${k}`) * 100) });
  for (const [i, clientId] of picks.entries()) {
    if (clientId === heavy) for (const name of [heavyTemplateName, ...heavyOtherTemplates]) assign(1, clientId, byName(name).k);
    else if (clientId === several) for (const name of severalTemplates) assign(1, clientId, byName(name).k);
    else {
      // At least one numeric template each; the two blood pressures go together.
      const numeric = templates.filter((t) => t.type !== "text");
      const must = numeric[Math.floor(unit(`bench-metric-must:${clientId}`) * numeric.length)]!.k;
      for (const t of templates) {
        const pop = t.type === "text" ? TEXT_POPULARITY : metricShapes[t.name]?.popularity ?? 15;
        const draw = unit(`bench-metric-assign:${clientId}:${/^Blood pressure/.test(t.name) ? "bp" : t.k}:${i % 7}`) * 100;
        if (t.k === must || draw < pop) assign(1, clientId, t.k);
      }
    }
  }
  for (const name of dailyTemplateNames) assign(1, daily, byName(name).k);
  const neighbourPractices = scale.practices > 1 && NEIGHBOUR_CLIENTS >= NEIGHBOUR_METRIC_CLIENTS ? Math.min(NEIGHBOUR_METRIC_PRACTICES, scale.practices - 1) : 0;
  const neighbourClientId = (p: number, i: number) => md5hex(`bench-client:${p}:${i}`).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
  for (let p = 2; p < 2 + neighbourPractices; p++) {
    for (let i = 1; i <= NEIGHBOUR_METRIC_CLIENTS; i++) for (const name of neighbourTemplates) assign(p, neighbourClientId(p, i), byName(name).k);
  }

  // The series and how many points each gets.
  const series: Series[] = [];
  const shape = (t: (typeof templates)[number]): MetricShape => metricShapes[t.name] ?? {
    start: [(t.minValue ?? 0) + 0.4 * ((t.maxValue ?? 100) - (t.minValue ?? 0)), (t.minValue ?? 0) + 0.6 * ((t.maxValue ?? 100) - (t.minValue ?? 0))],
    drift: [0, 0], noise: 0.05 * ((t.maxValue ?? 100) - (t.minValue ?? 0)), popularity: 15,
  };
  const makeSeries = (a: Assignment, n: number, startAgo: number, endAgo: number, regular: boolean, byClient: boolean) => {
    const t = templates[a.k - 1]!;
    const s = shape(t);
    series.push({
      key: a.label, practice: a.practice, clientId: a.clientId, templateId: templateId(a.practice, a.k), text: t.type === "text", n, startAgo, endAgo, regular,
      start: between(s.start, `bench-metric-start:${a.label}`), drift: between(s.drift, `bench-metric-drift:${a.label}`), noise: s.noise,
      cycles: 2 + Math.floor(unit(`bench-metric-cycles:${a.label}`) * 10), phase: unit(`bench-metric-phase:${a.label}`) * 6.283,
      step: t.step ?? 0.01, min: t.minValue, max: t.maxValue, byClient,
    });
  };
  // Over the past year; three in ten start up to six months late, one in seven stopped one to seven months ago.
  const ordinaryWindow = (label: string): [number, number] => {
    const first = 365 - (unit(`bench-metric-late:${label}`) < 0.3 ? unit(`bench-metric-late-by:${label}`) * 180 : 0);
    const last = unit(`bench-metric-stopped:${label}`) < 0.15 ? Math.min(first - 30, 30 + unit(`bench-metric-stopped-at:${label}`) * 180)
      : unit(`bench-metric-end:${label}`) * 2;
    return [Math.round(first * DAY_S), Math.round(last * DAY_S) + 600];
  };
  /** count_i = floor(N * cum_i / W) - floor(N * cum_(i-1) / W): the counts add up to N exactly. */
  const share = (list: Assignment[], n: number) => {
    const w = list.reduce((sum, a) => sum + a.weight, 0);
    let cum = 0;
    return list.map((a) => {
      const before = Math.floor((n * cum) / w);
      cum += a.weight;
      return Math.floor((n * cum) / w) - before;
    });
  };
  const heavyK = byName(heavyTemplateName).k;
  const benchOrdinary = assignments.filter((a) => a.practice === 1 && a.clientId !== daily && !(a.clientId === heavy && a.k === heavyK));
  const numericOrdinary = benchOrdinary.filter((a) => templates[a.k - 1]!.type !== "text");
  const textOrdinary = benchOrdinary.filter((a) => templates[a.k - 1]!.type === "text");
  const heavyAssignment = assignments.find((a) => a.clientId === heavy && a.k === heavyK)!;
  makeSeries(heavyAssignment, heavyN, HEAVY_DAYS * DAY_S, 120, false, true);
  for (const a of assignments.filter((x) => x.clientId === daily)) makeSeries(a, DAILY_DAYS, (DAILY_DAYS - 1) * DAY_S + 3 * 3600, 3 * 3600, true, false);
  share(numericOrdinary, restN).forEach((n, i) => { const a = numericOrdinary[i]!; makeSeries(a, n, ...ordinaryWindow(a.label), false, unit(`bench-metric-by:${a.label}`) < 0.2); });
  share(textOrdinary, textN).forEach((n, i) => { const a = textOrdinary[i]!; makeSeries(a, n, ...ordinaryWindow(a.label), false, unit(`bench-metric-by:${a.label}`) < 0.5); });
  for (const a of assignments.filter((x) => x.practice > 1)) {
    const t = templates[a.k - 1]!;
    makeSeries(a, t.type === "text" ? 5 : t.name === heavyTemplateName ? 60 : 40, ...ordinaryWindow(a.label), false, false);
  }
  const live = series.filter((s) => s.n > 0);

  const counts = await sql.begin(async (tx) => {
    await tx`set local work_mem = '256MB'`;
    const usedPractices = [1, ...Array.from({ length: neighbourPractices }, (_, i) => i + 2)];
    const str = (v: number | string | null) => (v === null ? null : String(v));
    // Templates: all ten in the bench practice, pain, mood and text in the neighbours that track metrics.
    await tx.unsafe(`
      insert into metric_templates (id, practice_id, name, unit, type, min_value, max_value, step, better, description, created_at, updated_at)
      select md5('bench-metric-template:' || p || ':' || t.k)::uuid, md5('bench-practice:' || p)::uuid, t.name, t.unit, t.type,
             t.min_value::numeric, t.max_value::numeric, t.step::numeric, t.better, t.description,
             now() - interval '600 days' + make_interval(mins => t.k::int), now() - interval '600 days' + make_interval(mins => t.k::int)
      from unnest($1::int[]) as p
      cross join unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
        as t(k, name, unit, type, min_value, max_value, step, better, description)
      where p = 1 or t.name = any($11::text[])`,
      [usedPractices, templates.map((t) => t.k), templates.map((t) => t.name), templates.map((t) => t.unit), templates.map((t) => t.type),
        templates.map((t) => str(t.minValue)), templates.map((t) => str(t.maxValue)), templates.map((t) => str(t.step)), templates.map((t) => t.better),
        templates.map((t) => t.description), neighbourTemplates] as never[]);
    // Assignments, a year and a half ago (in template order: the cards' order).
    await tx.unsafe(`
      insert into client_metric_templates (id, practice_id, client_id, metric_template_id, created_at)
      select md5('bench-metric-assignment:' || a.p || ':' || a.client_id || ':' || a.k)::uuid, md5('bench-practice:' || a.p)::uuid, a.client_id,
             md5('bench-metric-template:' || a.p || ':' || a.k)::uuid, now() - interval '${HEAVY_DAYS + 2} days' + make_interval(mins => a.k)
      from unnest($1::int[], $2::uuid[], $3::int[]) as a(p, client_id, k)`,
      [assignments.map((a) => a.practice), assignments.map((a) => a.clientId), assignments.map((a) => a.k)] as never[]);

    // The points, in time order across all series. The table's plain indexes (the series and template ones the
    // charts read) are kept and grow as the app's would, page splits included. Its primary key and (practice_id, id)
    // unique key, on random uuids, are dropped for the insert and put back from their catalog definitions (they come
    // back compact rather than a third larger). The foreign keys stay, but as a superuser (the default bench
    // connection) their 4,000,000 row checks are skipped (session_replication_role = replica) and checked once,
    // below, with anti-joins: altering them would lock the referenced tables the sessions section, seeded
    // alongside, is writing (a deadlock).
    const keys = await tx<{ name: string; def: string }[]>`
      select conname as name, pg_get_constraintdef(oid) as def from pg_constraint
      where conrelid = 'client_metrics'::regclass and contype in ('p', 'u') order by conname`;
    for (const k of keys) await tx.unsafe(`alter table client_metrics drop constraint "${k.name}"`);
    const [{ superuser } = { superuser: false }] = await tx<{ superuser: boolean }[]>`select current_setting('is_superuser') = 'on' as superuser`;
    if (superuser) await tx`set local session_replication_role = replica`;
    // One md5 per row (its id; its noise and jitter from r1..r3): OFFSET 0 keeps each lateral from being inlined,
    // so the md5 is not computed again for every use. x is the position in the series (0..1).
    const v = `s.start + s.drift * x.x + 0.35 * s.noise * sin(x.x * s.cycles * 6.2832 + s.phase) + s.noise * ((r.r1 % 1001 + r.r2 % 1001) / 1000::float8 - 1)`;
    await tx.unsafe(`
      insert into client_metrics (id, practice_id, client_id, metric_template_id, value_num, value_text, recorded_at, recorded_by_user_id, source, created_at)
      select r.h::uuid, md5('bench-practice:' || s.p)::uuid, s.client_id, s.template_id,
             case when not s.text then least(coalesce(s.max::numeric, 'infinity'), greatest(coalesce(s.min::numeric, '-infinity'), round((${v})::numeric / s.step::numeric) * s.step::numeric)) end,
             case when s.text then ($15::text[])[1 + r.r3 % ${feelings.length}] end,
             x.at,
             case when not s.by_client then md5('bench-user:' || s.p)::uuid end,
             case when s.by_client then 'client' else 'practitioner' end,
             x.at + make_interval(secs => (r.r3 % 90)::int)
      -- Booleans as text: postgres.js does not serialize a JS boolean array as bool[].
      from unnest($1::text[], $2::int[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::int[], $8::int[], $9::text[],
                  $10::float8[], $11::float8[], $12::float8[], $13::int[], $14::float8[], $16::text[], $17::text[], $18::text[], $19::text[])
        as s0(key, p, client_id, template_id, text_s, n, start_ago, end_ago, regular_s, start, drift, noise, cycles, phase, step, min, max, by_client_s)
      cross join lateral (select s0.*, s0.text_s::bool as text, s0.regular_s::bool as regular, s0.by_client_s::bool as by_client) as s
      cross join lateral generate_series(1, s.n) as j
      cross join lateral (
        select hj.h, ${u32("hj.h", 0)} as r0, ${u32("hj.h", 1)} as r1, ${u32("hj.h", 2)} as r2, ${u32("hj.h", 3)} as r3
        from (select md5('bench-metric:' || s.key || ':' || j) as h offset 0) as hj
        offset 0
      ) as r
      cross join lateral (
        select (j - 0.5::float8) / s.n as x,
               -- Evenly from the first instant to the last (regular), or one point somewhere in each n-th of the span.
               now() - make_interval(secs => s.start_ago)
                 + make_interval(secs => (s.start_ago - s.end_ago)::float8 * case
                     when s.regular then case when s.n = 1 then 1 else (j - 1)::float8 / (s.n - 1) end
                     else ((j - 1) + (r.r0 % 1000) / 1000::float8) / s.n end) as at
        offset 0
      ) as x
      order by x.at`,
      [live.map((s) => s.key), live.map((s) => s.practice), live.map((s) => s.clientId), live.map((s) => s.templateId), live.map((s) => String(s.text)),
        live.map((s) => s.n), live.map((s) => s.startAgo), live.map((s) => s.endAgo), live.map((s) => String(s.regular)),
        live.map((s) => s.start), live.map((s) => s.drift), live.map((s) => s.noise), live.map((s) => s.cycles), live.map((s) => s.phase),
        feelings, live.map((s) => String(s.step)), live.map((s) => str(s.min)), live.map((s) => str(s.max)), live.map((s) => String(s.byClient))] as never[]);
    for (const k of keys) await tx.unsafe(`alter table client_metrics add constraint "${k.name}" ${k.def}`);
    // The daily roll-up the charts read (drizzle 0008, client_metric_days), when this schema has it: the app keeps it
    // in step on every insert and rebuilds it after bulk loads (rebuildMetricDays in src/queries/metrics.ts); this is
    // that rebuild's SQL for every series at once (UTC days, numeric values only). Keep the two the same.
    const [{ rollup } = { rollup: false }] = await tx<{ rollup: boolean }[]>`select to_regclass('public.client_metric_days') is not null as rollup`;
    if (rollup) {
      await tx`
        insert into client_metric_days (practice_id, client_id, metric_template_id, day, n, sum, min, max)
        select practice_id, client_id, metric_template_id, (recorded_at at time zone 'UTC')::date, count(*)::int,
               sum(value_num)::float8, min(value_num)::float8, max(value_num)::float8
        from client_metrics
        where value_num is not null
        group by practice_id, client_id, metric_template_id, (recorded_at at time zone 'UTC')::date`;
      const [day] = await tx<{ rolled: number; raw: number }[]>`
        select (select coalesce(sum(n), 0)::int from client_metric_days) as rolled, (select count(*)::int from client_metrics where value_num is not null) as raw`;
      if (day!.rolled !== day!.raw) throw new Error(`metrics seed: client_metric_days counts ${day!.rolled} values, client_metrics holds ${day!.raw}`);
    }
    if (superuser) {
      await tx`set local session_replication_role = origin`;
      const [orphans] = await tx<{ n: number }[]>`
        select count(*)::int as n from client_metrics as m
        where not exists (select 1 from clients as c where c.practice_id = m.practice_id and c.id = m.client_id)
           or not exists (select 1 from metric_templates as t where t.practice_id = m.practice_id and t.id = m.metric_template_id)
           or not exists (select 1 from practices as p where p.id = m.practice_id)
           or (m.recorded_by_user_id is not null and not exists (select 1 from users as u where u.id = m.recorded_by_user_id))`;
      if (orphans!.n) throw new Error(`metrics seed: ${orphans!.n} points whose client, template, practice or author does not exist`);
    }
    const P = `md5('bench-practice:1')::uuid`;
    const [row] = await tx.unsafe<Record<string, number>[]>(`
      select (select count(*)::int from metric_templates) as metric_templates,
             (select count(*)::int from client_metric_templates) as assignments,
             (select count(distinct client_id)::int from client_metric_templates where practice_id = ${P}) as bench_tracking_clients,
             (select count(*)::int from client_metrics) as client_metrics,
             (select count(*)::int from client_metrics where practice_id = ${P}) as bench_practice_points,
             (select count(*)::int from client_metrics where practice_id = ${P} and value_text is not null) as bench_text_entries,
             (select count(*)::int from client_metrics where practice_id = ${P} and client_id = $1::uuid and metric_template_id = $2::uuid) as heavy_series_points,
             (select count(*)::int from client_metrics where practice_id = ${P} and client_id = $1::uuid and metric_template_id = $2::uuid
                and recorded_at >= now() - interval '365 days') as heavy_points_last_year,
             (select count(*)::int from client_metrics where practice_id <> ${P}) as other_practice_points,
             ${rollup ? "(select count(*)::int from client_metric_days)" : "0"} as metric_day_rows`,
      [heavy, templateId(1, heavyK)] as never[]);
    return row!;
  });
  return {
    section: "metrics",
    status: "seeded",
    rows: { ...counts, series: live.length },
    ms: Math.round(performance.now() - started),
    note: `${templates.length} templates, ${picks.length} clients tracking in the bench practice; heavy client ${heavyN} ${heavyTemplateName} points over ${HEAVY_DAYS} days `
      + `(every ~${Math.round((HEAVY_DAYS * 24 * 60) / Math.max(1, heavyN) * 10) / 10} min); daily client ${DAILY_DAYS} days of ${dailyTemplateNames.join(" and ")}; `
      + `${neighbourPractices} other practices with ${NEIGHBOUR_METRIC_CLIENTS} tracking clients each`,
  };
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

function notYet(section: string, requested: number): SectionReport {
  return requested > 0
    ? { section, status: "not yet seeded", rows: {}, ms: 0, note: `${requested} requested; this section is not written yet` }
    : { section, status: "skipped", rows: {}, ms: 0 };
}

/** Seeds an empty, migrated database. Never call it on a database that holds anything but bench data. */
export async function seedAtScale(sql: postgres.Sql, scale: Scale): Promise<SeedReport> {
  const started = performance.now();
  if (scale.practices < 1) throw new Error("--practices must be at least 1 (practice 1 is the bench practice)");
  // One argon2 hash for every user: they all share the bench password.
  const ctx: Context = { passwordHash: await hashPassword(benchLogin.password) };
  const sections: SectionReport[] = [];
  sections.push(await seedAccounts(sql, scale, ctx));
  sections.push(await seedClients(sql, scale, ctx));
  // Metrics need only the clients: they are seeded beside sessions and programs, on another connection of the
  // pool (each section times its own wall clock, so their ms overlap).
  const [sessionsAndPrograms, metrics] = await Promise.all([
    (async () => [await seedSessions(sql, scale, ctx), await seedPrograms(sql, scale, ctx)])(),
    seedMetrics(sql, scale, ctx),
  ]);
  sections.push(...sessionsAndPrograms, metrics);
  if (metrics.status === "seeded") {
    // A million rows bulk-loaded: set the visibility map (index-only scans) as autovacuum would at some moment of
    // the run, here rather than halfway through it. Only now: a vacuum beside the sessions section's open
    // transaction could not mark the new pages all-visible.
    const vacuumStarted = performance.now();
    await sql`vacuum (analyze) client_metrics, client_metric_templates, metric_templates`;
    if (metrics.rows.metric_day_rows) await sql`vacuum (analyze) client_metric_days`;
    metrics.rows.vacuum_ms = Math.round(performance.now() - vacuumStarted);
  }
  // Fresh statistics, so the planner sees the seeded volumes rather than empty tables.
  await sql`analyze`;
  return { scale, sections, totalMs: Math.round(performance.now() - started) };
}
