import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import type { Program } from "../db/schema.js";
import { requireStaff } from "../auth/middleware.js";
import { isUuid } from "../domain/clients.js";
import { enrollClient } from "../domain/credits.js";
import { DomainError } from "../domain/errors.js";
import { createProgram, phaseLines, programForm, programOr404 as findProgramOr404 } from "../domain/programs.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm, readFormList } from "../lib/forms.js";
import { findClientsByIds } from "../queries/clients.js";
import { listPhases, listProgramEnrollments, listPrograms, programAttendance } from "../queries/programs.js";
import { listServices } from "../queries/services.js";
import { ProgramIndex } from "../../views/programs/index.js";
import { ProgramPage } from "../../views/programs/show.js";

const programOr404 = (c: Context<AppEnv>) => findProgramOr404(c.var.db, c.var.practiceId, c.req.param("programId"));

async function renderIndex(c: Context<AppEnv>, values?: Record<string, string>, errors?: Record<string, string>) {
  const [programs, services] = await Promise.all([listPrograms(c.var.db, c.var.practiceId), listServices(c.var.db, c.var.practiceId, { activeOnly: true })]);
  if (errors) c.status(422);
  return c.render(<ProgramIndex programs={programs} services={services} currency={c.var.practice.currency} values={values} errors={errors} />, { title: "Programs" });
}

async function renderProgram(c: Context<AppEnv>, program: Program, form?: { errors: Record<string, string>; clientIds: string[] }) {
  const [phases, participants, grid, selected] = await Promise.all([
    listPhases(c.var.db, c.var.practiceId, [program.id]),
    listProgramEnrollments(c.var.db, c.var.practiceId, program.id),
    programAttendance(c.var.db, c.var.practiceId, program.id),
    findClientsByIds(c.var.db, c.var.practiceId, form?.clientIds ?? []),
  ]);
  return c.render(<ProgramPage program={program} phases={phases} participants={participants} sessions={grid.sessions} attendance={grid.attendance}
    timezone={c.var.practice.timezone} currency={c.var.practice.currency} errors={form?.errors} selected={selected} />, { title: program.name });
}

export const programRoutes = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => renderIndex(c))

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = programForm.safeParse(values);
    if (!form.success) return renderIndex(c, values, fieldErrors(form.error));
    const { price, phases, ...rest } = form.data;
    try {
      const program = await createProgram(c.var.db, c.var.practice, c.var.user!.id, { ...rest, priceCents: price }, phaseLines(phases));
      setFlash(c, `${program.name} created.`);
      return c.redirect(`/programs/${program.id}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      return renderIndex(c, values, error.fields ?? { _form: error.message });
    }
  })

  .get("/:programId", async (c) => {
    return renderProgram(c, await programOr404(c));
  })

  .post("/:programId/enrollments", async (c) => {
    const program = await programOr404(c);
    const clientIds = (await readFormList(c, "clientIds")).filter(isUuid);
    try {
      if (!clientIds.length) throw new DomainError("validation_failed", "Choose at least one client to enroll.");
      for (const clientId of clientIds) await enrollClient(c.var.db, c.var.practice, c.var.user!.id, program.id, clientId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      c.status(error.status === 409 ? 409 : 422);
      return renderProgram(c, program, { errors: { _form: error.message }, clientIds });
    }
    setFlash(c, clientIds.length === 1 ? "Client enrolled." : `${clientIds.length} clients enrolled.`);
    return c.redirect(`/programs/${program.id}`, 303);
  });
