import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { fromRoot } from "../paths.js";
import type { Database } from "./client.js";

export const migrationsFolder = fromRoot("drizzle");

/** Applies every SQL file in drizzle/ that this database has not seen yet. Safe to call at every start. */
export async function migrateDatabase(database: Database, folder = migrationsFolder) {
  if (database.pglite) {
    await migratePglite(drizzlePglite(database.pglite), { migrationsFolder: folder });
  } else if (database.sql) {
    await migratePostgres(drizzlePostgres(database.sql), { migrationsFolder: folder });
  }
}
