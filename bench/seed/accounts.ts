// 1. Accounts: practices 1..N, each with an owner user and membership. Practice 1 is "the bench practice": the one
// the bench logs in to and that carries the big per-practice volumes; the others stand beside it.
import type postgres from "postgres";
import type { Scale, SectionReport, SeedContext } from "./section.js";

/** The login the bench uses; owner of practice 1. */
export const benchLogin = { email: "bench@practice.test", password: "bench-practice-2026" } as const;
export const benchPracticeName = "Bench Practice";
export const benchPracticeTimezone = "Europe/London";
/** The bench practice's id and its owner's, as SQL (ids are md5s of labels: see md5.ts). */
export const benchPracticeSql = "md5('bench-practice:1')::uuid";
export const benchOwnerSql = "md5('bench-user:1')::uuid";

const timezones = ["Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo", "Australia/Sydney"];

export async function seedAccounts(sql: postgres.Sql, scale: Scale, ctx: SeedContext): Promise<SectionReport> {
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
