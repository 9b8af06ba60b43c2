import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";

// Mounted at /portal/sessions: the signed-in client's own sessions (c.var.portal.client in c.var.portal.practice).
export const portalSessions = new Hono<AppEnv>()
  .use(requireClient);
