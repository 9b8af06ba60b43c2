// The bench database: practice_bench (practice_bench_quick for --quick, so a quick run in CI never drops a full
// run's database under it), (re)created on the server of DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test, used only as the admin connection), migrated and seeded at scale.
import postgres from "postgres";
import { openPostgres } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { benchFixtures, type Fixtures } from "./seed/fixtures.js";
import { seedAtScale } from "./seed/index.js";
import type { Scale, SeedReport } from "./seed/section.js";

export const benchDatabaseName = (quick: boolean) => (quick ? "practice_bench_quick" : "practice_bench");
const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/test";

/** The admin connection (DATABASE_URL) and the bench database's URL on the same server. */
export function databaseUrls(benchDb: string) {
  const adminUrl = process.env.DATABASE_URL || DEFAULT_ADMIN_URL;
  return { adminUrl, benchUrl: withDatabase(adminUrl, benchDb) };
}

function withDatabase(url: string, name: string) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export const redact = (url: string) => {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
};

export async function recreateBenchDatabase(adminUrl: string, benchDb: string) {
  const adminDb = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  if (adminDb === benchDb) throw new Error(`DATABASE_URL must name another database than ${benchDb}: it is only the admin connection`);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const [row] = await admin<{ server_version: string }[]>`show server_version`;
    await admin.unsafe(`DROP DATABASE IF EXISTS "${benchDb}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${benchDb}"`);
    return { postgresVersion: row?.server_version ?? "unknown" };
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function dropBenchDatabase(adminUrl: string, benchDb: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${benchDb}" WITH (FORCE)`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

export async function prepareDatabase(benchUrl: string, scale: Scale): Promise<{ seed: SeedReport; fixtures: Fixtures }> {
  const database = await openPostgres(benchUrl, { max: 4 });
  try {
    await migrateDatabase(database);
    const seed = await seedAtScale(database.sql!, scale);
    return { seed, fixtures: await benchFixtures(database.sql!) };
  } finally {
    await database.close();
  }
}
