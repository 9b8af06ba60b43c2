import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { fromRoot } from "../paths.js";
import type { Database } from "./client.js";

export const migrationsFolder = fromRoot("drizzle");

/** Applies every SQL file in drizzle/ that this database has not seen yet. Safe to call at every start. */
export async function migrateDatabase(database: Database, folder = migrationsFolder) {
  if (database.pglite) {
    // Imported lazily, like PGlite itself, so a PostgreSQL deployment never loads it.
    const [{ drizzle }, { migrate }] = await Promise.all([import("drizzle-orm/pglite"), import("drizzle-orm/pglite/migrator")]);
    await migrate(drizzle(database.pglite), { migrationsFolder: folder });
  } else if (database.sql) {
    await migratePostgres(drizzlePostgres(database.sql), { migrationsFolder: folder });
  }
}
