import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { isUuid } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { createService, serviceForm, serviceFormValues, updateService } from "../domain/services.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { findService, listServices } from "../queries/services.js";
import { ServiceForm, ServiceIndex } from "../../views/services/index.js";

async function serviceOr404(c: Context<AppEnv>) {
  const id = c.req.param("serviceId");
  const service = isUuid(id) ? await findService(c.var.db, c.var.practiceId, id) : null;
  if (!service) throw new DomainError("not_found", "There is no such service in this practice.");
  return service;
}

/** A taken name is the one conflict a service form can hit: shown next to the name. */
const nameConflict = (error: unknown) => {
  if (error instanceof DomainError && error.code === "conflict") return { name: error.message };
  throw error;
};

async function renderIndex(c: Context<AppEnv>, form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {}) {
  if (form.errors) c.status(422);
  const services = await listServices(c.var.db, c.var.practiceId);
  return c.render(<ServiceIndex services={services} currency={c.var.practice.currency} {...form} />, { title: "Services" });
}

function renderEdit(c: Context<AppEnv>, serviceId: string, values: Record<string, unknown>, errors?: Record<string, string>) {
  if (errors) c.status(422);
  return c.render(<ServiceForm serviceId={serviceId} values={values} errors={errors} currency={c.var.practice.currency} />, { title: "Edit service" });
}

export const services = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => renderIndex(c))

  .post("/", async (c) => {
    const values = await readForm(c);
    const form = serviceForm.safeParse(values);
    if (!form.success) return renderIndex(c, { values, errors: fieldErrors(form.error) });
    try {
      const service = await createService(c.var.db, c.var.practiceId, form.data);
      setFlash(c, `${service.name} added.`);
    } catch (error) {
      return renderIndex(c, { values, errors: nameConflict(error) });
    }
    return c.redirect("/services", 303);
  })

  .get("/:serviceId/edit", async (c) => {
    const service = await serviceOr404(c);
    return renderEdit(c, service.id, serviceFormValues(service));
  })

  .post("/:serviceId", async (c) => {
    const service = await serviceOr404(c);
    const values = await readForm(c);
    const form = serviceForm.safeParse(values);
    if (!form.success) return renderEdit(c, service.id, values, fieldErrors(form.error));
    try {
      await updateService(c.var.db, c.var.practiceId, service.id, form.data);
    } catch (error) {
      return renderEdit(c, service.id, values, nameConflict(error));
    }
    setFlash(c, `${form.data.name} saved.`);
    return c.redirect("/services", 303);
  })

  // Deactivating keeps the service for past sessions but takes it off the booking form.
  .post("/:serviceId/status", async (c) => {
    const service = await serviceOr404(c);
    const form = z.object({ active: z.enum(["true", "false"]) }).safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", "Say whether the service is active (true or false).");
    await updateService(c.var.db, c.var.practiceId, service.id, { active: form.data.active === "true" });
    setFlash(c, `${service.name} ${form.data.active === "true" ? "is bookable again" : "is deactivated: past sessions keep it"}.`);
    return c.redirect("/services", 303);
  });
