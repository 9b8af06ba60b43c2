// Fills the bench database at the scale the budgets talk about (docs/architecture.md (Budgets)), with bulk SQL instead of
// one domain call per row: 200 registerPractitioner calls would spend 10 s in argon2 alone.
//
// Every id is derived from a label and a number (md5('bench-practice:' || i)::uuid), so later sections can
// refer to rows seeded by earlier ones without reading them back, and two runs at one scale seed the same ids.
// Practice 1 is "the bench practice": the one the bench logs in to and that carries the big per-practice
// volumes (clients, sessions, metrics) once those sections exist; the others stand beside it.
//
// Sections, in order (add new ones in the same shape: a SeedSection of section.ts, in a file of its own, called
// from seedAtScale):
//   1. accounts   users + practices + owner memberships + the "create practice" audit row
//   2. clients    bench practice clients (--clients) + 50 per other practice, services, SOAP notes
//   3. sessions   bench practice sessions (--sessions) on a grid, two extra practitioners or more, NEIGHBOUR_SESSIONS
//                 per other practice, attendees (see the section)
//   4. programs   ~20 programs in the bench practice (packages, group series, 3-phase plans), the "Bench series"
//                 (12 sessions x 15 participants), ~1,000 package enrollments with their credit ledgers, a few
//                 hundred enrollments in other practices (see the section)
//   5. metrics    the ten starter templates, ~500 tracking clients, --metrics points in the bench practice (a fifth
//                 in one client's Pain level series), a "daily" client for the card weight, a few other practices (see the section)
// Each section is in the file of its name (programs also in packages.ts and bench-series.ts, metrics also in
// metric-plan.ts). What the routes then ask for is read back by fixtures.ts.
import type postgres from "postgres";
import { hashPassword } from "../../src/auth/password.js";
import { benchLogin, seedAccounts } from "./accounts.js";
import { seedClients } from "./clients.js";
import { seedMetrics } from "./metrics.js";
import { seedPrograms } from "./programs.js";
import type { Scale, SectionReport, SeedContext, SeedReport } from "./section.js";
import { seedSessions } from "./sessions.js";

/** Seeds an empty, migrated database. Never call it on a database that holds anything but bench data. */
export async function seedAtScale(sql: postgres.Sql, scale: Scale): Promise<SeedReport> {
  const started = performance.now();
  if (scale.practices < 1) throw new Error("--practices must be at least 1 (practice 1 is the bench practice)");
  // One argon2 hash for every user: they all share the bench password.
  const ctx: SeedContext = { passwordHash: await hashPassword(benchLogin.password) };
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
