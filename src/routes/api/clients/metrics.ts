import { Hono } from "hono";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { metricListQuery } from "../../../domain/api-input.js";
import { logMetric, metricBody, templateOr404 } from "../../../domain/metrics.js";
import { metricJson } from "../../../json-shapes.js";
import { DomainError } from "../../../lib/errors.js";
import { readJson } from "../../../lib/json-api.js";
import { listMetrics } from "../../../queries/metrics.js";
import { withClient } from "../../../scopes.js";

// Mounted at /api/clients/:clientId/metrics. The client's own portal user will post here too (portal issue).
export const apiClientMetrics = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .get("/", async (c) => {
    const query = metricListQuery.safeParse(c.req.query());
    if (!query.success) throw new DomainError("validation_failed", query.error.issues[0]!.message);
    const { templateId, from, to, limit } = query.data;
    if (templateId) await templateOr404(c.var.db, c.var.practiceId, templateId);
    const rows = await listMetrics(c.var.db, c.var.practiceId, c.var.client.id, {
      templateId, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined, limit,
    });
    return c.json({ metrics: rows.map(metricJson), nextCursor: null });
  })

  .post("/", async (c) => {
    const body = await readJson(c, metricBody);
    const template = await templateOr404(c.var.db, c.var.practiceId, body.templateId);
    const metric = await logMetric(c.var.db, c.var.practice, c.var.user!.id, c.var.client.id, template, body.value, body.recordedAt);
    return c.json({ metric: metricJson(metric) }, 201);
  });
