import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
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
