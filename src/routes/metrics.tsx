import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { archiveTemplate, createTemplate, setServiceMetrics, starterTemplates, templateFields, updateTemplate } from "../domain/metrics.js";
import { DomainError, formFailure, type FormFailure } from "../lib/errors.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm, readFormList } from "../lib/forms.js";
import { isUuid } from "../lib/ids.js";
import { loadMetricsPage } from "../pages/metrics-page.js";
import { withService, withTemplate } from "../scopes.js";
import { ConfirmPage } from "../../views/components/confirm.js";
import { archiveMetricConsequence, MetricsPage, TemplateEditPage, templateFormValues } from "../../views/metrics/index.js";

const archivedForm = z.object({ archived: z.enum(["true", "false"]) });

async function renderPage(c: Context<AppEnv>, values?: Record<string, string>, failed?: FormFailure) {
  const page = await loadMetricsPage(c.var.db, c.var.practiceId, c.req.query());
  if (failed) c.status(failed.status);
  return c.render(<MetricsPage {...page} values={values} errors={failed?.errors} timezone={c.var.practice.timezone} />, { title: "Metrics" });
}

export const metrics = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => renderPage(c))

  .post("/templates", async (c) => {
    const values = await readForm(c);
    const form = templateFields.safeParse(values);
    if (!form.success) return renderPage(c, values, { status: 422, errors: fieldErrors(form.error) });
    try {
      const template = await createTemplate(c.var.db, c.var.practiceId, c.var.user!.id, form.data);
      setFlash(c, `${template.name} created.`);
    } catch (error) {
      return renderPage(c, values, formFailure(error, values));
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

  .get("/templates/:templateId/edit", withTemplate, (c) =>
    c.render(<TemplateEditPage template={c.var.template} values={templateFormValues(c.var.template)} />, { title: `Edit ${c.var.template.name}` }))

  // Name, unit, bounds, step, direction, description: audited; bounds never exclude recorded values.
  .post("/templates/:templateId", withTemplate, async (c) => {
    const { template } = c.var;
    const values = await readForm(c);
    const form = templateFields.safeParse({ ...values, type: template.type });
    const failed: FormFailure | null = !form.success ? { status: 422, errors: fieldErrors(form.error) }
      : await updateTemplate(c.var.db, c.var.practiceId, c.var.user!.id, template, form.data).then(() => null, (error) => formFailure(error, values));
    if (failed) {
      c.status(failed.status);
      return c.render(<TemplateEditPage template={template} values={values} errors={failed.errors} />, { title: `Edit ${template.name}` });
    }
    setFlash(c, `${form.data!.name} saved.`);
    return c.redirect("/metrics", 303);
  })

  // Archiving keeps every logged value; the metric just stops being offered.
  .post("/templates/:templateId/archived", withTemplate, async (c) => {
    const { template } = c.var;
    const values = await readForm(c);
    const form = archivedForm.safeParse(values);
    if (!form.success) throw new DomainError("validation_failed", "Say whether the metric is archived (true or false).");
    if (form.data.archived === "true" && values.confirmed !== "yes") {
      return c.render(<ConfirmPage title="Archive this metric?" consequence={archiveMetricConsequence(template.name)} action={`/metrics/templates/${template.id}/archived`}
        values={values} yes="Yes, archive" back="/metrics" />, { title: "Archive metric" });
    }
    await archiveTemplate(c.var.db, c.var.practiceId, c.var.user!.id, template, form.data.archived === "true");
    setFlash(c, `${template.name} ${form.data.archived === "true" ? "archived: its history is kept" : "is back"}.`);
    return c.redirect("/metrics", 303);
  })

  // Which metrics a client booked into this service starts tracking.
  .post("/services/:serviceId", withService, async (c) => {
    const { service } = c.var;
    const ids = (await readFormList(c, "templateIds")).filter(isUuid);
    await setServiceMetrics(c.var.db, c.var.practiceId, c.var.user!.id, service.id, ids);
    setFlash(c, `Saved the metrics for ${service.name}.`);
    return c.redirect("/metrics", 303);
  });
