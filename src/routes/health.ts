import { Hono } from "hono";
import { sql } from "drizzle-orm";
import type { AppEnv } from "../app-env.js";

// Load balancers and the Docker healthcheck ask this; it proves the database answers, not just the process.
export const health = new Hono<AppEnv>().get("/healthz", async (c) => {
  try {
    await c.var.db.execute(sql`select 1`);
    return c.json({ ok: true, db: c.var.dbKind });
  } catch {
    return c.json({ ok: false, db: c.var.dbKind }, 503);
  }
});
