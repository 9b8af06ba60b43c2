import { Hono, type Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import type { Client } from "../../../db/schema.js";
import { metricListQuery } from "../../../domain/api-input.js";
import { logMetric, metricBody, templateClientLogs, templateOr404 } from "../../../domain/metrics.js";
import { standingOf } from "../../../domain/subscription.js";
import { metricJson } from "../../../json-shapes.js";
import { DomainError } from "../../../lib/errors.js";
import { readJson } from "../../../lib/json-api.js";
import { listMetrics, listTemplatesShownForClient } from "../../../queries/metrics.js";
import { listPortalAccounts } from "../../../queries/portal-accounts.js";
import { withClient } from "../../../scopes.js";

/**
 * Staff as everywhere under /api; or the client's own portal login, for their own client id only: a client
 * logs their values from an app of their own with the token /api/auth/login gave them. The client is found
 * among the login's own records (clients.portal_user_id), so any other id — another client of the same
 * practice included — is the same 404 as an id that does not exist, and the practice is the record's own.
 */
const requireStaffOrOwnClient = createMiddleware<AppEnv & { Variables: { client: Client } }>(async (c, next) => {
  const user = c.var.user;
  // Staff (and no login at all) take the usual way: requireStaff's 401/403, then withClient in their practice.
  if (c.var.membership || !user) return requireStaff(c as unknown as Context<AppEnv>, async () => { await withClient(c, next); });
  const accounts = await listPortalAccounts(c.var.db, user.id);
  const own = accounts.find((a) => a.client.id === c.req.param("clientId"));
  if (!own) {
    if (!accounts.length) throw new DomainError("forbidden", "This account is neither a member of a practice nor a portal client.");
    throw new DomainError("not_found", "There is no such client in this practice.");
  }
  // refuseWritesWhenLapsed ran before the practice was known; the portal's own rule applies here.
  if (c.req.method !== "GET" && c.req.method !== "HEAD" && standingOf(own.practice, c.var.env).state === "lapsed") {
    throw new DomainError("subscription_required", `${own.practice.name}'s account is paused, so nothing can be changed here for now. Please contact them directly.`);
  }
  c.set("practice", own.practice);
  c.set("practiceId", own.practice.id);
  c.set("client", own.client);
  await next();
});

// Mounted at /api/clients/:clientId/metrics.
export const apiClientMetrics = new Hono<AppEnv>()
  .use(requireStaffOrOwnClient)

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

  // Staff log any of the practice's metrics; a client only those their practitioner shows them (as in the portal).
  .post("/", async (c) => {
    const body = await readJson(c, metricBody);
    const template = c.var.membership ? await templateOr404(c.var.db, c.var.practiceId, body.templateId)
      : templateClientLogs(await listTemplatesShownForClient(c.var.db, c.var.practiceId, c.var.client.id), body.templateId);
    const source = c.var.membership ? "practitioner" : "client";
    const metric = await logMetric(c.var.db, c.var.practice, c.var.user!.id, c.var.client.id, template, body.value, body.recordedAt, source);
    return c.json({ metric: metricJson(metric) }, 201);
  });
