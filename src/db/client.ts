import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema.js";

/** Both drivers give the same query builder; code above this file never knows which one it has. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "pglite" | "postgres";

export type Database = {
  db: Db;
  kind: DbKind;
  close: () => Promise<void>;
  /** The PGlite instance, when embedded (tests clone it; the migrator needs the concrete driver). */
  pglite?: PGlite;
  sql?: postgres.Sql;
};

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const sql = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzlePostgres(sql, { schema }) as unknown as Db;
  return { db, kind: "postgres", sql, close: () => sql.end({ timeout: 5 }) };
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob | File } = {}): Promise<Database> {
  // Loaded only when used: importing PGlite costs ~47 MB of RSS that a PostgreSQL deployment never needs.
  const [{ PGlite }, { btree_gist }, { drizzle: drizzlePglite }] = await Promise.all([
    import("@electric-sql/pglite"), import("@electric-sql/pglite/contrib/btree_gist"), import("drizzle-orm/pglite"),
  ]);
  // PGlite does not create missing parent folders itself.
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true });
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { btree_gist },
  });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { db, kind: "pglite", pglite, close: () => pglite.close() };
}

export function openDatabase(env: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  return env.databaseUrl ? openPostgres(env.databaseUrl) : openPglite({ dataDir: path.join(env.dataDir, "pglite") });
}
