import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { templateOr404, trackMetric } from "../../domain/metrics.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { withClient } from "../../scopes.js";

// Mounted at /clients/:clientId/metric-templates: which metrics this client tracks.
export const clientMetricTemplates = new Hono<AppEnv>()
  .use(requireStaff, withClient)
  .post("/", async (c) => {
    const { client } = c.var;
    const template = await templateOr404(c.var.db, c.var.practiceId, (await readForm(c)).templateId);
    await trackMetric(c.var.db, c.var.practiceId, c.var.user!.id, client.id, template);
    setFlash(c, `${client.firstName} now tracks ${template.name}.`);
    return c.redirect(`/clients/${client.id}#metrics`, 303);
  });
