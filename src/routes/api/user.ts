import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { practiceJson, userJson } from "../../json-shapes.js";

// Client (portal) users get their own branch here when the portal lands; today every login is staff.
export const apiUser = new Hono<AppEnv>()
  .use(requireStaff)
  .get("/me", (c) => c.json({ user: userJson(c.var.user!, "practitioner"), practice: practiceJson(c.var.practice) }));
