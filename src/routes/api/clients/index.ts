import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { clientFields, createClient, updateClient } from "../../../domain/clients.js";
import { clientJson } from "../../../json-shapes.js";
import { DomainError } from "../../../lib/errors.js";
import { readJson } from "../../../lib/json-api.js";
import { todayIn } from "../../../lib/time.js";
import { listClients } from "../../../queries/clients.js";
import { withClient } from "../../../scopes.js";

const listQuery = z.object({
  q: z.string().trim().max(100, "q is at most 100 characters.").default(""),
  status: z.enum(["current", "active", "inactive", "archived", "all"], { error: "status is current, active, inactive, archived or all." }).default("current"),
  sort: z.enum(["name", "last_visit"], { error: "sort is name or last_visit." }).default("name"),
  limit: z.coerce.number({ error: "limit is a number from 1 to 200." }).int().min(1, "limit is at least 1.").max(200, "limit is at most 200.").default(50),
  cursor: z.string().max(500).optional(),
});

/** POST: names required, the rest optional. PUT: any subset, applied as given. */
const createBody = (today: string) => clientFields(today).partial({ email: true, phone: true, address: true, dateOfBirth: true, notes: true, status: true });
const updateBody = (today: string) => clientFields(today).partial();

export const apiClients = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw new DomainError("validation_failed", query.error.issues[0]!.message);
    const { cursor, ...rest } = query.data;
    const page = await listClients(c.var.db, c.var.practiceId, { ...rest, after: cursor });
    return c.json({ clients: page.clients.map(clientJson), nextCursor: page.nextCursor });
  })

  .post("/", async (c) => {
    const body = await readJson(c, createBody(todayIn(c.var.practice.timezone)));
    const client = await createClient(c.var.db, c.var.practiceId, c.var.user!.id, {
      email: null, phone: null, address: null, dateOfBirth: null, notes: null, status: "active", ...body,
    });
    return c.json({ client: clientJson(client) }, 201);
  })

  .use("/:clientId/*", withClient)

  .get("/:clientId", (c) => c.json({ client: clientJson(c.var.client) }))

  .put("/:clientId", async (c) => {
    const body = await readJson(c, updateBody(todayIn(c.var.practice.timezone)));
    const client = await updateClient(c.var.db, c.var.practiceId, c.var.user!.id, c.var.client.id, body);
    if (!client) throw new DomainError("not_found", "There is no such client in this practice.");
    return c.json({ client: clientJson(client) });
  });
