import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { phaseEditsFrom, programEditForm, updateProgram } from "../../domain/program-edits.js";
import { createProgram, phaseLines, programForm } from "../../domain/programs.js";
import { formFailure, type FormFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { loadProgramEdit, loadProgramPage } from "../../pages/program-page.js";
import { listPrograms } from "../../queries/programs.js";
import { listServices } from "../../queries/services.js";
import { withProgram } from "../../scopes.js";
import { ProgramIndex } from "../../../views/programs/index.js";
import { ProgramPage } from "../../../views/programs/show.js";
import { ProgramEditPage, programEditValues } from "../../../views/programs/edit.js";

async function renderIndex(c: Context<AppEnv>, values?: Record<string, string>, failed?: FormFailure) {
  const [programs, services] = await Promise.all([listPrograms(c.var.db, c.var.practiceId), listServices(c.var.db, c.var.practiceId, { activeOnly: true })]);
  if (failed) c.status(failed.status);
  return c.render(<ProgramIndex programs={programs} services={services} currency={c.var.practice.currency} values={values} errors={failed?.errors} />, { title: "Programs" });
}

export const programs = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => renderIndex(c))

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = programForm(c.var.practice.currency).safeParse(values);
    if (!form.success) return renderIndex(c, values, { status: 422, errors: fieldErrors(form.error) });
    const { price, phases, ...rest } = form.data;
    try {
      const program = await createProgram(c.var.db, c.var.practice, c.var.user!.id, { ...rest, priceCents: price }, phaseLines(phases));
      setFlash(c, `${program.name} created.`);
      return c.redirect(`/programs/${program.id}`, 303);
    } catch (error) {
      return renderIndex(c, values, formFailure(error, values));
    }
  })

  .use("/:programId/*", withProgram)

  .get("/:programId", async (c) => {
    const page = await loadProgramPage(c.var.db, c.var.practiceId, c.var.program);
    return c.render(<ProgramPage {...page} timezone={c.var.practice.timezone} currency={c.var.practice.currency} />, { title: page.program.name });
  })

  .get("/:programId/edit", async (c) => {
    const edit = await loadProgramEdit(c.var.db, c.var.practiceId, c.var.program);
    return c.render(<ProgramEditPage {...edit} values={programEditValues(edit.program, edit.phases, c.var.practice.currency)} currency={c.var.practice.currency} />, { title: `Edit ${edit.program.name}` });
  })

  // Name, description, price, validity, dates, closed flag, and a plan's phases: audited.
  .post("/:programId", async (c) => {
    const { program } = c.var;
    const values = await readForm(c);
    const edit = await loadProgramEdit(c.var.db, c.var.practiceId, program);
    const form = programEditForm(c.var.practice.currency).safeParse(values);
    const phases = phaseEditsFrom(values, edit.phases);
    const failed: FormFailure | null = !form.success || Object.keys(phases.errors).length
      ? { status: 422, errors: { ...(form.success ? {} : fieldErrors(form.error)), ...phases.errors } }
      : await updateProgram(c.var.db, c.var.practice, c.var.user!.id, program, form.data, phases.edits).then(() => null, (error) => formFailure(error, values));
    if (failed) {
      c.status(failed.status);
      return c.render(<ProgramEditPage {...edit} values={values} errors={failed.errors} currency={c.var.practice.currency} />, { title: `Edit ${program.name}` });
    }
    setFlash(c, `${form.data!.name} saved.`);
    return c.redirect(`/programs/${program.id}`, 303);
  });
