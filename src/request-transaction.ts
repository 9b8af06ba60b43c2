// One request, one transaction. Every write a request makes commits together when it answers, or not at
// all: a failure anywhere (a handler, a view that fails to render, a constraint) leaves nothing half
// done, so "Nothing was changed" is true whenever we say it. Domain functions still open their own
// transactions; inside this one they are savepoints, which also keeps them whole when called from a job.
import type { Context, Hono, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env.js";
import { DomainError, pgErrorOf } from "./lib/errors.js";
import { FairShare } from "./lib/fair-share.js";

const writes = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// Log-in, sign-up and log-out keep the login limiter's counts even when they refuse (a refusal rolls a
// request back), and they write one row each: they manage their own writes.
const managesItsOwnWrites = (path: string) => /^\/(login|signup|logout)$|^\/api\/auth\//.test(path);

// PostgreSQL broke a lock cycle (40P01) or a serializable conflict (40001): the work was sound and a
// second try almost always succeeds, because the other transaction has finished by then.
const isRetryable = (error: unknown) => ["40P01", "40001"].includes(pgErrorOf(error)?.code ?? "");

class RollBack extends Error {}
const secondTry = Symbol("second try");

/**
 * Runs every writing request in one transaction and retries it once (from the start, with the same body)
 * when PostgreSQL chose it to break a deadlock. Each practice (or anonymous caller, such as a webhook)
 * gets at most a share of the connection pool for writes, so one practice's big import cannot make
 * another practice's check-in wait for a connection.
 */
export function requestTransactions(app: Hono<AppEnv>, poolSize: number): MiddlewareHandler<AppEnv> {
  const shares = new FairShare(Math.max(1, Math.floor(poolSize / 2)));
  return async (c, next) => {
    if (!writes.has(c.req.method) || managesItsOwnWrites(c.req.path)) return next();
    // The second try is marked in its bindings (the socket's are kept), which a client cannot forge.
    const bindings = (c.env ?? {}) as Record<string | symbol, unknown>;
    await shares.run(c.var.practiceId ?? "anonymous", () => inOneTransaction(c, next));
    if (!bindings[secondTry] && isRetryable(c.error)) {
      // The body was read (and cached) by the first try: the second gets the same bytes.
      const again = new Request(c.req.url, { method: c.req.method, headers: c.req.raw.headers, body: await c.req.arrayBuffer() });
      c.error = undefined;
      c.res = undefined;
      c.res = await app.fetch(again, { ...bindings, [secondTry]: true });
    }
  };
}

async function inOneTransaction(c: Context<AppEnv>, next: () => Promise<void>) {
  const db = c.var.db;
  try {
    await db.transaction(async (tx) => {
      c.set("db", tx);
      await next();
      // A handler that failed answered through onError: its answer stands, its writes must not.
      if (c.error || c.res.status >= 500) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  } finally {
    c.set("db", db);
  }
}

/** What a statement stopped by statement_timeout (57014) tells the person (a full queue says so itself). */
export function tooBusy(error: unknown): DomainError | null {
  if (pgErrorOf(error)?.code === "57014") return new DomainError("busy", "That took too long and was stopped. Nothing was changed; please try again.");
  return null;
}
