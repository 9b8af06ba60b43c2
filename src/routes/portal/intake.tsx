import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { CONSENT, intakeForm, intakeFormValues, saveIntake } from "../../domain/intake.js";
import { formFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { todayIn } from "../../lib/time.js";
import { IntakePage, IntakeSection } from "../../../views/portal/intake.js";

// Mounted at /portal/intake: the signed-in client's own intake (c.var.portal.client in c.var.portal.practice).

type Shown = { client: Client; values: Record<string, string>; errors?: Record<string, string>; notice?: string };

function render(c: Context<AppEnv>, { client, values, errors, notice }: Shown) {
  const { practice } = c.var.portal;
  const props = {
    values, errors, notice, intake: client.intake, consent: CONSENT, practiceName: practice.name,
    today: todayIn(practice.timezone), timezone: practice.timezone,
  };
  return pageOrFragment(c, "Intake form", <IntakeSection {...props} />, <IntakePage {...props} />);
}

const saved = "Thank you — your intake form is saved.";

export const portalIntake = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", (c) => {
    const { client } = c.var.portal;
    return render(c, { client, values: intakeFormValues(client) });
  })

  .post("/", async (c) => {
    const { client, practice } = c.var.portal;
    const values = await readForm(c);
    const form = intakeForm(todayIn(practice.timezone)).safeParse(values);
    if (!form.success) {
      c.status(422);
      return render(c, { client, values, errors: fieldErrors(form.error) });
    }
    try {
      const updated = await saveIntake(c.var.db, practice.id, c.var.user!.id, client.id, form.data);
      if (isHtmx(c)) return render(c, { client: updated, values: intakeFormValues(updated), notice: saved });
      setFlash(c, saved);
      return c.redirect("/portal/intake", 303);
    } catch (error) {
      const failed = formFailure(error, values);
      c.status(failed.status);
      return render(c, { client, values, errors: failed.errors });
    }
  });
