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
//   2. clients    not yet (--clients)
//   3. sessions   not yet (--sessions)
//   4. metrics    not yet (--metrics)
import type postgres from "postgres";
import { hashPassword } from "../src/auth/password.js";

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

export const defaultScale: Scale = { practices: 200, clients: 0, sessions: 0, metrics: 0 };

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
// 2. Clients in the bench practice (scale.clients). Not yet: the clients table does not exist yet.
// ---------------------------------------------------------------------------------------------------------
async function seedClients(_sql: postgres.Sql, scale: Scale, _ctx: Context): Promise<SectionReport> {
  return notYet("clients", scale.clients);
}

// ---------------------------------------------------------------------------------------------------------
// 3. Appointment sessions in the bench practice (scale.sessions). Not yet.
// ---------------------------------------------------------------------------------------------------------
async function seedSessions(_sql: postgres.Sql, scale: Scale, _ctx: Context): Promise<SectionReport> {
  return notYet("sessions", scale.sessions);
}

// ---------------------------------------------------------------------------------------------------------
// 4. Metric points in the bench practice (scale.metrics). Not yet.
// ---------------------------------------------------------------------------------------------------------
async function seedMetrics(_sql: postgres.Sql, scale: Scale, _ctx: Context): Promise<SectionReport> {
  return notYet("metrics", scale.metrics);
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
  sections.push(await seedSessions(sql, scale, ctx));
  sections.push(await seedMetrics(sql, scale, ctx));
  // Fresh statistics, so the planner sees the seeded volumes rather than empty tables.
  await sql`analyze`;
  return { scale, sections, totalMs: Math.round(performance.now() - started) };
}
