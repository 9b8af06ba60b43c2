import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { serviceListQuery } from "../../domain/api-input.js";
import { createService, serviceApiBody } from "../../domain/services.js";
import { readJson } from "../../lib/json-api.js";
import { listServices } from "../../queries/services.js";
import { serviceJson } from "../../json-shapes.js";

export const apiServices = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const services = await listServices(c.var.db, c.var.practiceId, { activeOnly: serviceListQuery.parse(c.req.query()).active });
    return c.json({ services: services.map((s) => serviceJson(s, c.var.practice.currency)), nextCursor: null });
  })

  .post("/", async (c) => {
    const body = await readJson(c, serviceApiBody);
    const service = await createService(c.var.db, c.var.practiceId, c.var.user!.id, { ...body, description: body.description ?? null, capacity: body.capacity ?? 1 });
    return c.json({ service: serviceJson(service, c.var.practice.currency) }, 201);
  });
