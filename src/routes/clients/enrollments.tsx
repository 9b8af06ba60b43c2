import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { adjustCredits, endEnrollment, enrollClient } from "../../domain/credits.js";
import { formFailure, type FormFailure } from "../../lib/errors.js";
import * as field from "../../lib/fields.js";
import { readForm } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { setFlash } from "../../lib/flash.js";
import { loadProgramsSection } from "../../pages/client-page.js";
import { withClient, withEnrollment } from "../../scopes.js";
import { ClientPrograms } from "../../../views/clients/_programs.js";

const enrollment = z.object({ programId: z.string({ error: "Choose a program." }).uuid("Choose a program.") });
const ending = z.object({ status: z.enum(["completed", "dropped"], { error: "Choose completed or dropped." }) });
const adjustment = z.object({
  delta: field.wholeNumber("The change", -500, 500).refine((n) => n !== 0, "A change of zero changes nothing."),
  note: z.string({ error: "Give a reason." }).trim().min(1, "Give a reason: it is shown in the credit history.").max(200, "Keep the reason under 200 characters."),
});

/** The form's own check failed: its first message above the section's forms. */
const invalid = (error: z.ZodError): FormFailure => ({ status: 422, errors: { _form: error.issues[0]!.message } });

/** Every change answers with the programs section: swapped in place over htmx, the client page otherwise. */
async function answer<E extends AppEnv & { Variables: { client: Client } }>(c: Context<E>, failed?: FormFailure | null) {
  const clientId = c.var.client.id;
  if (!isHtmx(c) && !failed) return c.redirect(`/clients/${clientId}#programs`, 303);
  if (failed) c.status(failed.status);
  const section = <ClientPrograms clientId={clientId} {...await loadProgramsSection(c.var.db, c.var.practiceId, clientId)} timezone={c.var.practice.timezone} errors={failed?.errors} />;
  return isHtmx(c) ? c.html(section) : c.render(section, { title: "Programs and credits" });
}

// Mounted at /clients/:clientId/enrollments.
export const clientEnrollments = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = enrollment.safeParse(values);
    if (!form.success) return answer(c, invalid(form.error));
    const failed = await enrollClient(c.var.db, c.var.practice, c.var.user!.id, form.data.programId, c.var.client.id)
      .then(() => null, (error) => formFailure(error, values));
    if (!failed && !isHtmx(c)) setFlash(c, "Enrolled.");
    return answer(c, failed);
  })

  .use("/:enrollmentId/*", withEnrollment)

  // Completed early or dropped: a change of the enrollment's status, like a client's archive.
  .post("/:enrollmentId/status", async (c) => {
    const values = await readForm(c);
    const form = ending.safeParse(values);
    if (!form.success) return answer(c, invalid(form.error));
    return answer(c, await endEnrollment(c.var.db, c.var.practice, c.var.user!.id, c.var.enrollment.enrollment.id, form.data.status)
      .then(() => null, (error) => formFailure(error, values)));
  })

  .post("/:enrollmentId/adjustments", async (c) => {
    const values = await readForm(c);
    const form = adjustment.safeParse(values);
    if (!form.success) return answer(c, invalid(form.error));
    return answer(c, await adjustCredits(c.var.db, c.var.practiceId, c.var.user!.id, c.var.enrollment.enrollment.id, form.data.delta, form.data.note)
      .then(() => null, (error) => formFailure(error, values)));
  });
