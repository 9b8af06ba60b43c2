import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { enrollClient } from "../../domain/credits.js";
import { createProgram, programApiBody } from "../../domain/programs.js";
import { attendeeBody } from "../../domain/session-input.js";
import { enrollmentJson, programJson } from "../../json-shapes.js";
import { readJson } from "../../lib/json-api.js";
import { listPhases, listPrograms } from "../../queries/programs.js";
import { withProgram } from "../../scopes.js";

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

  .post("/:programId/enrollments", withProgram, async (c) => {
    const body = await readJson(c, attendeeBody);
    const enrollment = await enrollClient(c.var.db, c.var.practice, c.var.user!.id, c.var.program.id, body.clientId);
    return c.json({ enrollment: enrollmentJson(enrollment) }, 201);
  });
