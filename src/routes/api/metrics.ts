import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { clientOr404, isUuid } from "../../domain/clients.js";
import { DomainError } from "../../domain/errors.js";
import { createTemplate, logMetric, templateFields, templateOr404 } from "../../domain/metrics.js";
import { readJson } from "../../lib/json-api.js";
import { listMetrics, listTemplates } from "../../queries/metrics.js";
import { metricJson, metricTemplateJson } from "./json-shapes.js";

export const metricBody = z.object({
  templateId: z.string({ error: "templateId is required." }).refine(isUuid, "templateId is a metric template id."),
  value: z.union([z.number(), z.string()], { error: "value is a number (number and slider metrics) or text." }),
  recordedAt: z.iso.datetime({ offset: true, error: "recordedAt is an ISO 8601 time with offset." }).optional(),
});

const listQuery = z.object({
  templateId: z.string().refine(isUuid, "templateId is a metric template id.").optional(),
  from: z.iso.datetime({ offset: true, error: "from is an ISO 8601 time with offset." }).optional(),
  to: z.iso.datetime({ offset: true, error: "to is an ISO 8601 time with offset." }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});

export const apiMetricTemplates = new Hono<AppEnv>()
  .use(requireStaff)
  .get("/", async (c) => {
    const templates = await listTemplates(c.var.db, c.var.practiceId, { includeArchived: c.req.query("archived") === "true" });
    return c.json({ metricTemplates: templates.map(metricTemplateJson), nextCursor: null });
  })
  .post("/", async (c) => {
    const body = await readJson(c, templateFields);
    const template = await createTemplate(c.var.db, c.var.practiceId, c.var.user!.id, body);
    return c.json({ metricTemplate: metricTemplateJson(template) }, 201);
  });

// Mounted at /api/clients/:clientId/metrics. The client's own portal user will post here too (portal issue).
export const apiClientMetrics = new Hono<AppEnv>()
  .use(requireStaff)
  .get("/", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw new DomainError("validation_failed", query.error.issues[0]!.message);
    if (query.data.templateId) await templateOr404(c.var.db, c.var.practiceId, query.data.templateId);
    const rows = await listMetrics(c.var.db, c.var.practiceId, client.id, {
      templateId: query.data.templateId, from: query.data.from ? new Date(query.data.from) : undefined, to: query.data.to ? new Date(query.data.to) : undefined, limit: query.data.limit,
    });
    return c.json({ metrics: rows.map(metricJson), nextCursor: null });
  })
  .post("/", async (c) => {
    const client = await clientOr404(c.var.db, c.var.practiceId, c.req.param("clientId"));
    const body = await readJson(c, metricBody);
    const template = await templateOr404(c.var.db, c.var.practiceId, body.templateId);
    const metric = await logMetric(c.var.db, c.var.practice, c.var.user!.id, client.id, template, body.value, body.recordedAt);
    return c.json({ metric: metricJson(metric) }, 201);
  });
