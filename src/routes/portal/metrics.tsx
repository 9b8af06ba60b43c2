import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";
import type { Db } from "../../db/client.js";
import { logMetric, savedSentence, templateClientLogs } from "../../domain/metrics.js";
import { formFailure } from "../../lib/errors.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, submissionOf } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { loadMetricCards, type CardData } from "../../pages/client-page.js";
import { listTemplatesShownForClient } from "../../queries/metrics.js";
import { PortalMetricCard } from "../../../views/portal/_metric-card.js";
import { PortalMetrics } from "../../../views/portal/metrics.js";

/** The metrics the client page shows their practitioner (tracked, or holding their values), as cards. */
async function loadCards(db: Db, practiceId: string, clientId: string) {
  return loadMetricCards(db, practiceId, clientId, await listTemplatesShownForClient(db, practiceId, clientId));
}

/** The chart library is loaded only when some card draws a chart. */
const hasCharts = (cards: CardData[]) => cards.some((card) => card.template.type !== "text");

// Mounted at /portal/metrics: the signed-in client's own metrics (c.var.portal.client in c.var.portal.practice).
export const portalMetrics = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", async (c) => {
    const { client, practice } = c.var.portal;
    const cards = await loadCards(c.var.db, practice.id, client.id);
    return c.render(<PortalMetrics cards={cards} timezone={practice.timezone} practiceName={practice.name} />, { title: "Metrics", charts: hasCharts(cards) });
  })

  // The same checks as the practitioner's form; the value is marked as the client's own (source client).
  .post("/", async (c) => {
    const { client, practice } = c.var.portal;
    const values = await readForm(c);
    const shown = await listTemplatesShownForClient(c.var.db, practice.id, client.id);
    const template = templateClientLogs(shown, values.templateId);
    const outcome = await logMetric(c.var.db, practice, c.var.user!.id, client.id, template, values.value, values.recordedAt, "client", submissionOf(values))
      .then((metric) => ({ saved: savedSentence(template, metric, practice.timezone), failed: null }), (error) => ({ saved: null, failed: formFailure(error, values) }));
    if (outcome.saved && !isHtmx(c)) {
      setFlash(c, outcome.saved);
      return c.redirect(`/portal/metrics#metric-${template.id}`, 303);
    }
    if (outcome.failed) c.status(outcome.failed.status);
    const kept = outcome.failed ? { values, errors: outcome.failed.errors } : {};
    if (isHtmx(c)) {
      const [card] = await loadMetricCards(c.var.db, practice.id, client.id, [template]);
      return c.html(<PortalMetricCard {...card!} timezone={practice.timezone} {...kept} saved={outcome.saved ?? undefined} />);
    }
    const cards = await loadMetricCards(c.var.db, practice.id, client.id, shown);
    const failed = { templateId: template.id, values, errors: outcome.failed!.errors };
    return c.render(<PortalMetrics cards={cards} timezone={practice.timezone} practiceName={practice.name} failed={failed} />, { title: "Metrics", charts: hasCharts(cards) });
  });
