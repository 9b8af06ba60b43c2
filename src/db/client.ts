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
  /** Connections the app may hold at once (PGlite has one). */
  poolSize: number;
  close: () => Promise<void>;
  /** The PGlite instance, when embedded (tests clone it; the migrator needs the concrete driver). */
  pglite?: PGlite;
  sql?: postgres.Sql;
};

type PostgresOptions = {
  max?: number;
  /** Server-side limits for the app's connections: no statement, and no transaction left idle, runs away. */
  statementTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
};

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<Database> {
  const max = options.max ?? 10;
  const connection: Record<string, string> = {};
  if (options.statementTimeoutMs) connection.statement_timeout = String(options.statementTimeoutMs);
  if (options.idleInTransactionTimeoutMs) connection.idle_in_transaction_session_timeout = String(options.idleInTransactionTimeoutMs);
  const sql = postgres(url, { max, onnotice: () => {}, connection });
  const db = drizzlePostgres(preparedStatements(sql), { schema }) as unknown as Db;
  return { db, kind: "postgres", poolSize: max, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * Drizzle sends every query unprepared, and postgres.js then asks the server for the parameter types
 * first: two round trips per query. Prepared (named, cached per connection by its text), a query is one
 * round trip after its first use — the week page runs about ten. Wrapped at the client, inside
 * transactions and savepoints too. (Behind a transaction-pooling PgBouncer, turn this off.)
 */
function preparedStatements<T extends postgres.Sql | postgres.TransactionSql>(sql: T): T {
  return new Proxy(sql, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property === "unsafe") {
        return (query: string, params?: unknown[], options: Record<string, unknown> = {}) =>
          (target.unsafe as (...args: unknown[]) => unknown)(query, params, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") {
        return (...args: unknown[]) => {
          const run = args[args.length - 1] as (tx: postgres.TransactionSql) => unknown;
          return (value as (...a: unknown[]) => unknown).apply(target, [...args.slice(0, -1), (tx: postgres.TransactionSql) => run(preparedStatements(tx))]);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
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
  return { db, kind: "pglite", poolSize: 1, pglite, close: () => pglite.close() };
}

export function openDatabase(env: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  // A request's statements take milliseconds; 10 s means something is wrong, and it must not hold locks.
  return env.databaseUrl
    ? openPostgres(env.databaseUrl, { statementTimeoutMs: 10_000, idleInTransactionTimeoutMs: 30_000 })
    : openPglite({ dataDir: path.join(env.dataDir, "pglite") });
}
