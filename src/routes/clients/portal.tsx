import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { withClient } from "../../scopes.js";

// Mounted at /clients/:clientId/portal: staff invite a client to the portal, send the link again, or end access.
export const clientPortal = new Hono<AppEnv>()
  .use(requireStaff, withClient);
