import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";

// Mounted at /portal/intake: the signed-in client's own intake (c.var.portal.client in c.var.portal.practice).
export const portalIntake = new Hono<AppEnv>()
  .use(requireClient);
