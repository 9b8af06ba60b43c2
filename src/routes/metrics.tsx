import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { isUuid } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { createTemplate, starterTemplates, templateFields, templateOr404 } from "../domain/metrics.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm, readFormList } from "../lib/forms.js";
import { listTemplates, serviceTemplateIdsByService, progressOverview, setServiceTemplates, setTemplateArchived } from "../queries/metrics.js";
import { findService, listServices } from "../queries/services.js";
import { MetricsPage } from "../../views/metrics/index.js";

async function renderPage(c: Context<AppEnv>, form: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
  const [templates, services, byService] = await Promise.all([
    listTemplates(c.var.db, c.var.practiceId, { includeArchived: true }), listServices(c.var.db, c.var.practiceId, { activeOnly: true }),
    serviceTemplateIdsByService(c.var.db, c.var.practiceId),
  ]);
  const names = new Set(templates.map((t) => t.name.toLowerCase()));
  const perService = services.map((service) => ({ service, templateIds: byService.get(service.id) ?? [] }));
  const weeks = Math.min(Math.max(Number(c.req.query("weeks")) || 8, 2), 104);
  const chosen = templates.find((t) => t.id === c.req.query("template") && t.type !== "text");
  const now = new Date();
  const overview = chosen ? { template: chosen, weeks, rows: await progressOverview(c.var.db, c.var.practiceId, chosen.id, new Date(now.getTime() - weeks * 7 * 86_400_000), now) } : undefined;
  if (form.errors) c.status(422);
  return c.render(<MetricsPage templates={templates} starters={starterTemplates.filter((s) => !names.has(s.name.toLowerCase()))} services={perService}
    values={form.values} errors={form.errors} overview={overview} overviewTemplateId={chosen?.id ?? ""} weeks={weeks} />, { title: "Metrics" });
}

export const metricRoutes = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => renderPage(c))

  .post("/templates", async (c) => {
    const values = await readForm(c);
    const form = templateFields.safeParse(values);
    if (!form.success) return renderPage(c, { values, errors: fieldErrors(form.error) });
    try {
      const template = await createTemplate(c.var.db, c.var.practiceId, c.var.user!.id, form.data);
      setFlash(c, `${template.name} created.`);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return renderPage(c, { values, errors: error.fields ?? { _form: error.message } });
    }
    return c.redirect("/metrics", 303);
  })

  // One click: a template from the built-in library.
  .post("/templates/starters", async (c) => {
    const name = (await readForm(c)).name;
    const starter = starterTemplates.find((s) => s.name === name);
    if (!starter) throw new DomainError("validation_failed", "Choose a metric from the library.");
    try {
      await createTemplate(c.var.db, c.var.practiceId, c.var.user!.id, starter);
      setFlash(c, `${starter.name} added.`);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "conflict") throw error;
      setFlash(c, `You already have ${starter.name}.`);
    }
    return c.redirect("/metrics", 303);
  })

  // Archiving keeps every logged value; the metric just stops being offered.
  .post("/templates/:templateId/archived", async (c) => {
    const template = await templateOr404(c.var.db, c.var.practiceId, c.req.param("templateId"));
    const form = z.object({ archived: z.enum(["true", "false"]) }).safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", "Say whether the metric is archived (true or false).");
    await setTemplateArchived(c.var.db, c.var.practiceId, template.id, form.data.archived === "true");
    setFlash(c, `${template.name} ${form.data.archived === "true" ? "archived: its history is kept" : "is back"}.`);
    return c.redirect("/metrics", 303);
  })

  .post("/services/:serviceId", async (c) => {
    const id = c.req.param("serviceId");
    const service = isUuid(id) ? await findService(c.var.db, c.var.practiceId, id) : null;
    if (!service) throw new DomainError("not_found", "There is no such service in this practice.");
    const ids = (await readFormList(c, "templateIds")).filter(isUuid);
    const own = new Set((await listTemplates(c.var.db, c.var.practiceId)).map((t) => t.id));
    await setServiceTemplates(c.var.db, c.var.practiceId, service.id, ids.filter((t) => own.has(t)));
    setFlash(c, `Saved the metrics for ${service.name}.`);
    return c.redirect("/metrics", 303);
  });
