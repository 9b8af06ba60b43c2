import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { createService, serviceForm, serviceFormValues, updateService } from "../domain/services.js";
import { DomainError, formFailure, type FormFailure } from "../lib/errors.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { listServices } from "../queries/services.js";
import { withService } from "../scopes.js";
import { ServiceForm, ServiceIndex } from "../../views/services/index.js";

const activeForm = z.object({ active: z.enum(["true", "false"]) });

async function renderIndex<E extends AppEnv>(c: Context<E>, form: { values?: Record<string, unknown>; failed?: FormFailure } = {}) {
  if (form.failed) c.status(form.failed.status);
  const services = await listServices(c.var.db, c.var.practiceId);
  return c.render(<ServiceIndex services={services} currency={c.var.practice.currency} values={form.values} errors={form.failed?.errors} />, { title: "Services" });
}

function renderEdit<E extends AppEnv>(c: Context<E>, serviceId: string, values: Record<string, unknown>, failed?: FormFailure) {
  if (failed) c.status(failed.status);
  return c.render(<ServiceForm serviceId={serviceId} values={values} errors={failed?.errors} currency={c.var.practice.currency} />, { title: "Edit service" });
}

export const services = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => renderIndex(c))

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = serviceForm(c.var.practice.currency).safeParse(values);
    if (!form.success) return renderIndex(c, { values, failed: { status: 422, errors: fieldErrors(form.error) } });
    try {
      const service = await createService(c.var.db, c.var.practiceId, c.var.user!.id, form.data);
      setFlash(c, `${service.name} added.`);
    } catch (error) {
      return renderIndex(c, { values, failed: formFailure(error, values) });
    }
    return c.redirect("/services", 303);
  })

  .use("/:serviceId/*", withService)

  .get("/:serviceId/edit", (c) => renderEdit(c, c.var.service.id, serviceFormValues(c.var.service, c.var.practice.currency)))

  .post("/:serviceId", async (c) => {
    const serviceId = c.var.service.id;
    const values = await readForm(c);
    const form = serviceForm(c.var.practice.currency).safeParse(values);
    if (!form.success) return renderEdit(c, serviceId, values, { status: 422, errors: fieldErrors(form.error) });
    try {
      await updateService(c.var.db, c.var.practiceId, c.var.user!.id, serviceId, form.data);
    } catch (error) {
      return renderEdit(c, serviceId, values, formFailure(error, values));
    }
    setFlash(c, `${form.data.name} saved.`);
    return c.redirect("/services", 303);
  })

  // Deactivating keeps the service for past sessions but takes it off the booking form.
  .post("/:serviceId/status", async (c) => {
    const { service } = c.var;
    const form = activeForm.safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", "Say whether the service is active (true or false).");
    await updateService(c.var.db, c.var.practiceId, c.var.user!.id, service.id, { active: form.data.active === "true" });
    setFlash(c, `${service.name} ${form.data.active === "true" ? "is bookable again" : "is deactivated: past sessions keep it"}.`);
    return c.redirect("/services", 303);
  });
