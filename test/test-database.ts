// Where tests get a database: real PostgreSQL when DATABASE_URL (or TEST_DATABASE_URL) is set,
// otherwise PGlite. Migrations run once per `npm test`; every test file then gets its own copy.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { openPglite, openPostgres, type Database } from "../src/db/client.js";

export const postgresUrl = () => process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export function databaseUrl(adminUrl: string, name: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates a fresh PostgreSQL database from the migrated template and returns its URL. */
export async function createDatabaseFromTemplate(adminUrl: string, template: string, prefix = "practice_t") {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    // Two files cloning the template at the same instant can collide ("being accessed by other users").
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (error) {
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return { name, url: databaseUrl(adminUrl, name) };
}

export async function dropDatabase(adminUrl: string, name: string) {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

export type TestDatabase = Database & { url?: string };

export async function openTestDatabase(provided: { pgTemplate?: string; pgliteDump?: string }): Promise<TestDatabase> {
  const adminUrl = postgresUrl();
  if (adminUrl && provided.pgTemplate) {
    const { name, url } = await createDatabaseFromTemplate(adminUrl, provided.pgTemplate);
    const database = await openPostgres(url, { max: 20 });
    return { ...database, url, close: async () => { await database.close(); await dropDatabase(adminUrl, name); } };
  }
  if (!provided.pgliteDump) throw new Error("global setup did not prepare a PGlite dump");
  const dump = await readFile(provided.pgliteDump);
  return openPglite({ loadDataDir: new Blob([dump]) });
}
