import { Hono } from "hono";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { enrollmentJson, ledgerJson } from "../../../json-shapes.js";
import { listClientEnrollments } from "../../../queries/programs.js";
import { withClient } from "../../../scopes.js";

// Mounted at /api/clients/:clientId/credits: every enrollment with its ledger, newest movement first.
export const apiClientCredits = new Hono<AppEnv>()
  .use(requireStaff, withClient)
  .get("/", async (c) => {
    const enrollments = await listClientEnrollments(c.var.db, c.var.practiceId, c.var.client.id);
    return c.json({
      enrollments: enrollments.map((e) => ({ ...enrollmentJson(e.enrollment), programName: e.program.name, programType: e.program.type, ledger: e.ledger.map(ledgerJson) })),
    });
  });
