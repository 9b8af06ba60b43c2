import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";

// Mounted at /portal/metrics: the signed-in client's own metrics (c.var.portal.client in c.var.portal.practice).
export const portalMetrics = new Hono<AppEnv>()
  .use(requireClient);
