import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";

// Mounted at /portal/credits: the signed-in client's own credits (c.var.portal.client in c.var.portal.practice).
export const portalCredits = new Hono<AppEnv>()
  .use(requireClient);
