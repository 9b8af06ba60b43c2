// 2. Clients: scale.clients in the bench practice and NEIGHBOUR_CLIENTS in each other practice (so the
//    per-practice indexes have neighbours to skip), a few services per practice, and two SOAP notes for
//    about a fifth of the bench practice's clients.
//
// Every attribute comes from an md5 of the row's label, so the data looks random but is the same at every
// run. Names are first x last combinations from word lists: a last-name fragment such as "mock" matches
// several surnames (a few hundred clients at 5,000), a full first name about one in fifty, an email
// fragment such as "esme.fake" a handful. Phones are in the 07700 900xxx range Ofcom keeps for drama:
// 1,000 numbers, so a six-digit fragment matches a few clients of the bench practice.
import type postgres from "postgres";
import { u32 } from "./md5.js";
import type { Scale, SectionReport, SeedContext } from "./section.js";

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

export async function seedClients(sql: postgres.Sql, scale: Scale, _ctx: SeedContext): Promise<SectionReport> {
  const started = performance.now();
  const benchClients = scale.clients;
  const neighbours = scale.practices > 1 ? NEIGHBOUR_CLIENTS : 0;
  if (benchClients === 0 && neighbours === 0) return { section: "clients", status: "skipped", rows: {}, ms: 0 };

  const counts = await sql.begin(async (tx) => {
    await insertClients(tx, scale, neighbours);
    await insertServices(tx, scale);
    await insertSoapNotes(tx);
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

/** Clients of every practice in one INSERT ... SELECT: p is the practice number, i the client number in it. */
async function insertClients(tx: postgres.TransactionSql, scale: Scale, neighbours: number) {
  const benchClients = scale.clients;
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
}

/** Services: six in the bench practice (one of them retired), three to five in the others. */
async function insertServices(tx: postgres.TransactionSql, scale: Scale) {
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
}

/**
 * SOAP notes: two for about one bench client in five, written by the bench owner, first revisions only
 * (note_id = id). The first some months ago, the second more recently.
 */
async function insertSoapNotes(tx: postgres.TransactionSql) {
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
}

/** What the bench asks the search box: each string with what it is meant to exercise. */
export const benchSearches: { label: string; q: string }[] = [
  { label: "last-name fragment (several surnames: a full page)", q: "mock" },
  { label: "full first name", q: "Clementine" },
  { label: "phone digits (a few)", q: "900123" },
  { label: "email fragment (a handful)", q: "esme.fake" },
];
