import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { correctMetric, logMetric, removeMetric, templateOr404 } from "../../domain/metrics.js";
import { DomainError, formFailure } from "../../lib/errors.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, submissionOf } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { loadClientMetricPage } from "../../pages/client-metric-page.js";
import { loadMetricCards } from "../../pages/client-page.js";
import { withClient, withTemplate } from "../../scopes.js";
import { MetricCard } from "../../../views/metrics/_card.js";
import { MetricDetail } from "../../../views/metrics/client.js";

/** An entry of the metric in the URL: its id, or a 404 before any SQL runs. */
function metricIdParam(id: string | undefined) {
  if (!isUuid(id)) throw new DomainError("not_found", "There is no such entry.");
  return id;
}

// Mounted at /clients/:clientId/metrics.
export const clientMetrics = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  // Log a value: the card comes back with the new point in the chart.
  .post("/", async (c) => {
    const { client } = c.var;
    const values = await readForm(c);
    const template = await templateOr404(c.var.db, c.var.practiceId, values.templateId);
    const failed = await logMetric(c.var.db, c.var.practice, c.var.user!.id, client.id, template, values.value, values.recordedAt, "practitioner", submissionOf(values))
      .then(() => null, (error) => formFailure(error, values));
    if (!isHtmx(c) && !failed) return c.redirect(`/clients/${client.id}#metric-${template.id}`, 303);
    if (failed) c.status(failed.status);
    const [data] = await loadMetricCards(c.var.db, c.var.practiceId, client.id, [template]);
    const card = <MetricCard clientId={client.id} {...data!} timezone={c.var.practice.timezone} values={failed ? values : {}} errors={failed?.errors} />;
    return isHtmx(c) ? c.html(card) : c.render(card, { title: template.name, charts: true });
  })

  .use("/:templateId/*", withTemplate)

  // One metric over a chosen range, with the table and corrections; ?with= overlays a second metric.
  .get("/:templateId", async (c) => {
    const { client, template } = c.var;
    const page = await loadClientMetricPage(c.var.db, c.var.practice, client, template, c.req.query());
    return c.render(<MetricDetail {...page} timezone={c.var.practice.timezone} />, { title: `${template.name} · ${client.firstName} ${client.lastName}`, charts: true });
  })

  .post("/:templateId/entries/:metricId", async (c) => {
    const { client, template } = c.var;
    const metricId = metricIdParam(c.req.param("metricId"));
    const values = await readForm(c);
    await correctMetric(c.var.db, c.var.practice, c.var.user!.id, client.id, metricId, template, values.value, values.recordedAt);
    setFlash(c, "Entry corrected.");
    return c.redirect(`/clients/${client.id}/metrics/${template.id}`, 303);
  })

  .post("/:templateId/entries/:metricId/delete", async (c) => {
    const { client, template } = c.var;
    await removeMetric(c.var.db, c.var.practiceId, c.var.user!.id, client.id, metricIdParam(c.req.param("metricId")));
    setFlash(c, "Entry deleted (the audit log keeps what it was).");
    return c.redirect(`/clients/${client.id}/metrics/${template.id}`, 303);
  });
