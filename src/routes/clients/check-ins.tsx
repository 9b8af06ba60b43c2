import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { withClient } from "../../scopes.js";

// Mounted at /clients/:clientId/check-ins: staff ask a client to log chosen metrics before each session or every N days.
export const clientCheckIns = new Hono<AppEnv>()
  .use(requireStaff, withClient);
