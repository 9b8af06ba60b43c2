import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { createSession, invalidateSession } from "../../auth/session.js";
import { authenticate, credentials, registration, signUp } from "../../domain/accounts.js";
import { DomainError } from "../../lib/errors.js";
import { clientIp } from "../../lib/client-ip.js";
import { readJson } from "../../lib/json-api.js";
import { practiceJson, userJson } from "../../json-shapes.js";

export const apiAuth = new Hono<AppEnv>()
  .post("/register", async (c) => {
    const input = await readJson(c, registration);
    const { user, practice, token } = await signUp(c.var.db, input, { ip: clientIp(c, c.var.env.trustProxy), perHour: c.var.env.signupsPerHour });
    return c.json({ user: userJson(user, "practitioner"), practice: practiceJson(practice), token }, 201);
  })

  .post("/login", async (c) => {
    const input = await readJson(c, credentials);
    const user = await authenticate(c.var.db, { ...input, ip: clientIp(c, c.var.env.trustProxy) });
    const { token } = await createSession(c.var.db, user.id);
    return c.json({ user: userJson(user, "practitioner"), token });
  })

  .post("/logout", async (c) => {
    if (!c.var.session) throw new DomainError("unauthorized", "Send the token to revoke as Authorization: Bearer <token>.");
    await invalidateSession(c.var.db, c.var.session.id);
    return c.body(null, 204);
  });
