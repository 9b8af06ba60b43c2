// What every section of the seed is asked for and answers (bench/seed/index.ts calls them in order).
import type postgres from "postgres";

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

export type SectionReport = { section: string; status: "seeded" | "not yet seeded" | "skipped"; rows: Record<string, number>; ms: number; note?: string };
export type SeedReport = { scale: Scale; sections: SectionReport[]; totalMs: number };

/** What the sections share: one argon2 hash for every user (they all share the bench password). */
export type SeedContext = { passwordHash: string };

/** A section: a function taking (sql, scale, ctx) and returning a SectionReport, called from seedAtScale. */
export type SeedSection = (sql: postgres.Sql, scale: Scale, ctx: SeedContext) => Promise<SectionReport>;

export function notYet(section: string, requested: number): SectionReport {
  return requested > 0
    ? { section, status: "not yet seeded", rows: {}, ms: 0, note: `${requested} requested; this section is not written yet` }
    : { section, status: "skipped", rows: {}, ms: 0 };
}

/** A program of the bench practice, as the programs and packages sections both insert it. */
export type BenchProgram = {
  key: string; name: string; description: string | null; type: "package" | "group_series" | "plan";
  /** k of md5('bench-service:1:' || k) (0..5 in the bench practice), or null for any service / none. */
  service: number | null;
  sessionsCount: number | null; priceCents: number | null; validityDays: number | null; closed: boolean; active: boolean;
  phases?: string[];
};
