import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { enrollClients } from "../../domain/credits.js";
import { formFailure } from "../../lib/errors.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, readFormList } from "../../lib/forms.js";
import { isUuid } from "../../lib/ids.js";
import { plural } from "../../lib/time.js";
import { loadProgramPage } from "../../pages/program-page.js";
import { withProgram } from "../../scopes.js";
import { ProgramPage } from "../../../views/programs/show.js";

// Mounted at /programs/:programId/enrollments: the program page enrolls several clients at once.
export const programEnrollments = new Hono<AppEnv>()
  .use(requireStaff, withProgram)

  .post("/", async (c) => {
    const { program } = c.var;
    const values = await readForm(c);
    const clientIds = (await readFormList(c, "clientIds")).filter(isUuid);
    const failed = await enrollClients(c.var.db, c.var.practice, c.var.user!.id, program.id, clientIds)
      .then(() => null, (error) => formFailure(error, values));
    if (!failed) {
      setFlash(c, clientIds.length === 1 ? "Client enrolled." : `${plural(clientIds.length, "client")} enrolled.`);
      return c.redirect(`/programs/${program.id}`, 303);
    }
    c.status(failed.status);
    const page = await loadProgramPage(c.var.db, c.var.practiceId, program, clientIds);
    return c.render(<ProgramPage {...page} timezone={c.var.practice.timezone} currency={c.var.practice.currency} errors={{ _form: failed.errors._form! }} />, { title: program.name });
  });
