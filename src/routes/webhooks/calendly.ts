import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { applyCalendlyEvent, calendlyEvent, verifyCalendlySignature } from "../../domain/calendly.js";
import { DomainError } from "../../lib/errors.js";

export const calendlyWebhook = new Hono<AppEnv>().post("/", async (c) => {
  const key = c.var.env.calendlySigningKey;
  if (!key) throw new DomainError("not_found", "The Calendly webhook is not configured on this server.");
  // The signature covers the exact bytes sent, so read the raw text before parsing anything.
  const body = await c.req.text();
  if (!verifyCalendlySignature(c.req.header("Calendly-Webhook-Signature"), body, key)) {
    throw new DomainError("bad_request", "The Calendly-Webhook-Signature header is missing, stale or wrong.");
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new DomainError("bad_request", "The body is not valid JSON.");
  }
  const event = calendlyEvent.safeParse(json);
  if (!event.success) throw new DomainError("validation_failed", "The body is not a Calendly webhook event.");
  const outcome = await applyCalendlyEvent(c.var.db, event.data);
  return c.json({ received: true, ...outcome });
});
