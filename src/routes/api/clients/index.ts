import { Hono } from "hono";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { clientCreateBody, clientListQuery, clientUpdateBody } from "../../../domain/api-input.js";
import { createClient, updateClient } from "../../../domain/clients.js";
import { clientJson } from "../../../json-shapes.js";
import { DomainError } from "../../../lib/errors.js";
import { readJson } from "../../../lib/json-api.js";
import { todayIn } from "../../../lib/time.js";
import { listClients } from "../../../queries/clients.js";
import { withClient } from "../../../scopes.js";

export const apiClients = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const query = clientListQuery.safeParse(c.req.query());
    if (!query.success) throw new DomainError("validation_failed", query.error.issues[0]!.message);
    const { cursor, ...rest } = query.data;
    const page = await listClients(c.var.db, c.var.practiceId, { ...rest, after: cursor });
    return c.json({ clients: page.clients.map(clientJson), nextCursor: page.nextCursor });
  })

  .post("/", async (c) => {
    const body = await readJson(c, clientCreateBody(todayIn(c.var.practice.timezone)));
    const client = await createClient(c.var.db, c.var.practiceId, c.var.user!.id, {
      email: null, phone: null, address: null, dateOfBirth: null, notes: null, status: "active", ...body,
    });
    return c.json({ client: clientJson(client) }, 201);
  })

  .use("/:clientId/*", withClient)

  .get("/:clientId", (c) => c.json({ client: clientJson(c.var.client) }))

  .put("/:clientId", async (c) => {
    const body = await readJson(c, clientUpdateBody(todayIn(c.var.practice.timezone)));
    const client = await updateClient(c.var.db, c.var.practiceId, c.var.user!.id, c.var.client.id, body);
    if (!client) throw new DomainError("not_found", "There is no such client in this practice.");
    return c.json({ client: clientJson(client) });
  });
