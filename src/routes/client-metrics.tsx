import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { clientOr404, isUuid } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { correctMetric, logMetric, removeMetric, templateOr404 } from "../domain/metrics.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { addDays, todayIn, zonedInstant, isRealDate } from "../lib/time.js";
import { assignTemplates, chartSeriesByTemplate, firstMetricDay, latestMetricsByTemplate, listClientTemplates, listMetrics, listTemplates } from "../queries/metrics.js";
import type { MetricTemplate } from "../db/schema.js";
import { MetricCard } from "../../views/metrics/_card.js";
import { MetricDetail, MetricsSection, type CardData } from "../../views/metrics/client.js";

const DAY_MS = 86_400_000;
export const CARD_DAYS = 90;
// A card's chart is a few hundred pixels wide: past this many entries in its 90 days it draws daily
// averages with their min and max (≤ 91 points) instead of every entry; the metric's page has them all.
const CARD_MAX_POINTS = 200;

/** A text card lists its latest entries; a number card shows the latest value above its chart. */
const entriesOnCard = (t: MetricTemplate) => (t.type === "text" ? 10 : 1);

/** What the cards need: the last 90 days as a chart (numbers) or the latest entries (text). */
export async function cardData(c: Context<AppEnv>, clientId: string, templates: MetricTemplate[], now = new Date()): Promise<CardData[]> {
  const numeric = templates.filter((t) => t.type !== "text").map((t) => t.id);
  const [series, recent] = await Promise.all([
    chartSeriesByTemplate(c.var.db, c.var.practiceId, clientId, numeric, new Date(now.getTime() - CARD_DAYS * DAY_MS), now, CARD_MAX_POINTS),
    latestMetricsByTemplate(c.var.db, c.var.practiceId, clientId, templates.map((t) => t.id), Math.max(1, ...templates.map(entriesOnCard))),
  ]);
  return templates.map((template) => ({
    template, series: series.get(template.id) ?? null, recent: recent.get(template.id)!.slice(0, entriesOnCard(template)),
  }));
}

/** The Progress section of the client page, and whether it needs the chart library. */
export async function clientMetricsSection(c: Context<AppEnv>, clientId: string) {
  const [assigned, all] = await Promise.all([listClientTemplates(c.var.db, c.var.practiceId, clientId), listTemplates(c.var.db, c.var.practiceId)]);
  // A few queries for all the cards together, not a few per card: a client tracking seven metrics
  // cost 20 queries here, and the per-query overhead was most of the page's time.
  const cards = await cardData(c, clientId, assigned);
  const unassigned = all.filter((t) => !assigned.some((a) => a.id === t.id));
  return { section: <MetricsSection clientId={clientId} cards={cards} unassigned={unassigned} timezone={c.var.practice.timezone} />, charts: assigned.some((t) => t.type !== "text") };
}

const ranges: Record<string, number | null> = { "4w": 28, "3m": 91, "1y": 365, all: null };

// Mounted at /clients/:clientId/metrics.
export const clientMetrics = new Hono<AppEnv>()
  .use(requireStaff)

  // Log a value: the card comes back with the new point in the chart.
  .post("/", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const values = await readForm(c);
    const template = await templateOr404(c.var.db, c.var.practiceId, values.templateId);
    let errors: Record<string, string> | undefined;
    try {
      await logMetric(c.var.db, c.var.practice, c.var.user!.id, client.id, template, values.value, values.recordedAt);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      c.status(error.status);
      errors = error.fields ?? { _form: error.message };
    }
    if (!isHtmx(c) && !errors) return c.redirect(`/clients/${client.id}#metric-${template.id}`, 303);
    const [data] = await cardData(c, client.id, [template]);
    const card = <MetricCard clientId={client.id} {...data!} timezone={c.var.practice.timezone} values={errors ? values : {}} errors={errors} />;
    return isHtmx(c) ? c.html(card) : c.render(card, { title: template.name, charts: true });
  })

  // One metric over a chosen range, with the table and corrections; ?with= overlays a second metric.
  .get("/:templateId", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const template = await templateOr404(c.var.db, c.var.practiceId, c.req.param("templateId"));
    const tz = c.var.practice.timezone;
    const range = c.req.query("range") ?? "3m";
    const now = new Date();
    const fromDate = c.req.query("from");
    const toDate = c.req.query("to");
    const custom = range === "custom" && isRealDate(fromDate ?? "") && isRealDate(toDate ?? "") && fromDate! <= toDate!;
    // "all" maps to null (no start), so look the key up rather than using ?? on the value.
    const days = custom ? null : range in ranges ? ranges[range]! : 91;
    const withId = c.req.query("with");
    const other = isUuid(withId) && withId !== template.id ? await templateOr404(c.var.db, c.var.practiceId, withId) : null;
    // "All" starts at the first recorded day, so its buckets are as fine as the data allows.
    const firstDay = !custom && days === null ? await firstMetricDay(c.var.db, c.var.practiceId, client.id, [template.id, ...(other ? [other.id] : [])]) : null;
    const from = custom ? zonedInstant(fromDate!, "00:00", tz) : days === null ? firstDay ?? new Date(now.getTime() - 91 * DAY_MS) : new Date(now.getTime() - days * DAY_MS);
    const to = custom ? zonedInstant(addDays(toDate!, 1), "00:00", tz) : now;
    const numeric = [template, other].filter((t): t is MetricTemplate => !!t && t.type !== "text");
    const [series, entries, choices] = await Promise.all([
      chartSeriesByTemplate(c.var.db, c.var.practiceId, client.id, numeric.map((t) => t.id), from, to)
        .then((byId) => numeric.map((t) => ({ template: t, series: byId.get(t.id)! }))),
      listMetrics(c.var.db, c.var.practiceId, client.id, { templateId: template.id, from, to, limit: 60 }),
      listClientTemplates(c.var.db, c.var.practiceId, client.id),
    ]);
    const page = <MetricDetail client={client} template={template} series={series} entries={entries} timezone={tz}
      range={custom ? "custom" : range in ranges ? range : "3m"} from={fromDate ?? addDays(todayIn(tz), -90)} to={toDate ?? todayIn(tz)}
      others={choices.filter((t) => t.id !== template.id && t.type !== "text")} withId={other?.id ?? ""} />;
    return c.render(page, { title: `${template.name} · ${client.firstName} ${client.lastName}`, charts: true });
  })

  .post("/:templateId/entries/:metricId", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const template = await templateOr404(c.var.db, c.var.practiceId, c.req.param("templateId"));
    const metricId = c.req.param("metricId");
    if (!isUuid(metricId)) throw new DomainError("not_found", "There is no such entry.");
    const values = await readForm(c);
    await correctMetric(c.var.db, c.var.practice, c.var.user!.id, client.id, metricId, template, values.value, values.recordedAt);
    setFlash(c, "Entry corrected.");
    return c.redirect(`/clients/${client.id}/metrics/${template.id}`, 303);
  })

  .post("/:templateId/entries/:metricId/delete", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const template = await templateOr404(c.var.db, c.var.practiceId, c.req.param("templateId"));
    const metricId = c.req.param("metricId");
    if (!isUuid(metricId)) throw new DomainError("not_found", "There is no such entry.");
    await removeMetric(c.var.db, c.var.practiceId, c.var.user!.id, client.id, metricId);
    setFlash(c, "Entry deleted (the audit log keeps what it was).");
    return c.redirect(`/clients/${client.id}/metrics/${template.id}`, 303);
  });

// Mounted at /clients/:clientId/metric-templates: which metrics this client tracks.
export const clientMetricTemplates = new Hono<AppEnv>()
  .use(requireStaff)
  .post("/", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const template = await templateOr404(c.var.db, c.var.practiceId, (await readForm(c)).templateId);
    await assignTemplates(c.var.db, c.var.practiceId, client.id, [template.id]);
    setFlash(c, `${client.firstName} now tracks ${template.name}.`);
    return c.redirect(`/clients/${client.id}#metrics`, 303);
  });
