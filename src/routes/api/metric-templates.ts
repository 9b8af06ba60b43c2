import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { metricTemplateListQuery } from "../../domain/api-input.js";
import { createTemplate, templateFields } from "../../domain/metrics.js";
import { metricTemplateJson } from "../../json-shapes.js";
import { readJson } from "../../lib/json-api.js";
import { listTemplates } from "../../queries/metrics.js";

export const apiMetricTemplates = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const templates = await listTemplates(c.var.db, c.var.practiceId, { includeArchived: metricTemplateListQuery.parse(c.req.query()).archived });
    return c.json({ metricTemplates: templates.map(metricTemplateJson), nextCursor: null });
  })

  .post("/", async (c) => {
    const body = await readJson(c, templateFields);
    const template = await createTemplate(c.var.db, c.var.practiceId, c.var.user!.id, body);
    return c.json({ metricTemplate: metricTemplateJson(template) }, 201);
  });
