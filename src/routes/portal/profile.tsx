import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";

// Mounted at /portal/profile: the signed-in client's own profile (c.var.portal.client in c.var.portal.practice).
export const portalProfile = new Hono<AppEnv>()
  .use(requireClient);
