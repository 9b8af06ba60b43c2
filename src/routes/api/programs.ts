import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { clientOr404 } from "../../domain/clients.js";
import { enrollClient } from "../../domain/credits.js";
import { createProgram, programApiBody, programOr404 } from "../../domain/programs.js";
import { attendeeBody } from "./sessions.js";
import { readJson } from "../../lib/json-api.js";
import { listClientEnrollments, listPhases, listPrograms } from "../../queries/programs.js";
import { enrollmentJson, ledgerJson, programJson } from "./json-shapes.js";

export const apiPrograms = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const rows = await listPrograms(c.var.db, c.var.practiceId);
    const phases = await listPhases(c.var.db, c.var.practiceId, rows.map((r) => r.program.id));
    return c.json({ programs: rows.map((r) => programJson(r.program, c.var.practice.currency, phases.filter((p) => p.programId === r.program.id))), nextCursor: null });
  })

  .post("/", async (c) => {
    const body = await readJson(c, programApiBody);
    const { phases = [], priceCents = null, closed = false, ...rest } = body;
    const program = await createProgram(c.var.db, c.var.practice, c.var.user!.id, { ...rest, priceCents, closed }, phases);
    const saved = await listPhases(c.var.db, c.var.practiceId, [program.id]);
    return c.json({ program: programJson(program, c.var.practice.currency, saved) }, 201);
  })

  .post("/:programId/enrollments", async (c) => {
    const program = await programOr404(c.var.db, c.var.practiceId, c.req.param("programId"));
    const body = await readJson(c, attendeeBody);
    const enrollment = await enrollClient(c.var.db, c.var.practice, c.var.user!.id, program.id, body.clientId);
    return c.json({ enrollment: enrollmentJson(enrollment) }, 201);
  });

// GET /api/clients/:clientId/credits, next to the client API it extends.
export const apiClientCredits = new Hono<AppEnv>()
  .use(requireStaff)
  .get("/", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const enrollments = await listClientEnrollments(c.var.db, c.var.practiceId, client.id);
    return c.json({
      enrollments: enrollments.map((e) => ({ ...enrollmentJson(e.enrollment), programName: e.program.name, programType: e.program.type, ledger: e.ledger.map(ledgerJson) })),
    });
  });
