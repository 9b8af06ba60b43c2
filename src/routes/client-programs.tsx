import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { clientOr404, isUuid } from "../domain/clients.js";
import { adjustCredits, endEnrollment, enrollClient } from "../domain/credits.js";
import { DomainError } from "../domain/errors.js";
import * as field from "../lib/fields.js";
import { readForm } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { setFlash } from "../lib/flash.js";
import { currentPhases, findEnrollment, listActivePrograms, listClientEnrollments } from "../queries/programs.js";
import { ClientPrograms } from "../../views/clients/_programs.js";

/** The programs section of a client page, loaded in three queries; also sent out of band after bookings. */
export async function clientProgramsSection(c: Context<AppEnv>, clientId: string, options: { errors?: Record<string, string>; oob?: boolean } = {}) {
  const [enrollments, phases, programs] = await Promise.all([
    listClientEnrollments(c.var.db, c.var.practiceId, clientId),
    currentPhases(c.var.db, c.var.practiceId, clientId),
    listActivePrograms(c.var.db, c.var.practiceId),
  ]);
  return <ClientPrograms clientId={clientId} enrollments={enrollments} phases={phases} programs={programs} timezone={c.var.practice.timezone} {...options} />;
}

const adjustment = z.object({
  delta: field.wholeNumber("The change", -500, 500).refine((n) => n !== 0, "A change of zero changes nothing."),
  note: z.string({ error: "Give a reason." }).trim().min(1, "Give a reason: it is shown in the credit history.").max(200, "Keep the reason under 200 characters."),
});

async function answer(c: Context<AppEnv>, clientId: string, errors?: Record<string, string>, status: 200 | 409 | 422 = 200) {
  if (!isHtmx(c) && !errors) return c.redirect(`/clients/${clientId}#programs`, 303);
  c.status(status);
  const section = await clientProgramsSection(c, clientId, { errors });
  return isHtmx(c) ? c.html(section) : c.render(section, { title: "Programs and credits" });
}

// Mounted at /clients/:clientId/enrollments.
export const clientEnrollments = new Hono<AppEnv>()
  .use(requireStaff)

  .post("/", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const programId = (await readForm(c)).programId;
    if (!isUuid(programId)) return answer(c, client.id, { _form: "Choose a program." }, 422);
    try {
      await enrollClient(c.var.db, c.var.practice, c.var.user!.id, programId, client.id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return answer(c, client.id, { _form: error.message }, error.status === 409 ? 409 : 422);
    }
    if (!isHtmx(c)) setFlash(c, "Enrolled.");
    return answer(c, client.id);
  })

  // Completed early or dropped: a change of the enrollment's status, like a client's archive.
  .post("/:enrollmentId/status", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const enrollmentId = c.req.param("enrollmentId");
    const found = isUuid(enrollmentId) ? await findEnrollment(c.var.db, c.var.practiceId, enrollmentId) : null;
    if (!found || found.enrollment.clientId !== client.id) throw new DomainError("not_found", "There is no such enrollment for this client.");
    const status = (await readForm(c)).status;
    if (status !== "completed" && status !== "dropped") return answer(c, client.id, { _form: "Choose completed or dropped." }, 422);
    try {
      await endEnrollment(c.var.db, c.var.practice, c.var.user!.id, found.enrollment.id, status);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return answer(c, client.id, { _form: error.message }, 409);
    }
    return answer(c, client.id);
  })

  .post("/:enrollmentId/adjustments", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const enrollmentId = c.req.param("enrollmentId");
    const found = isUuid(enrollmentId) ? await findEnrollment(c.var.db, c.var.practiceId, enrollmentId) : null;
    if (!found || found.enrollment.clientId !== client.id) throw new DomainError("not_found", "There is no such enrollment for this client.");
    const form = adjustment.safeParse(await readForm(c));
    if (!form.success) return answer(c, client.id, { _form: form.error.issues[0]!.message }, 422);
    try {
      await adjustCredits(c.var.db, c.var.practiceId, c.var.user!.id, found.enrollment.id, form.data.delta, form.data.note);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return answer(c, client.id, { _form: error.message }, 422);
    }
    return answer(c, client.id);
  });
