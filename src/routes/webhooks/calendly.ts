import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { applyCalendlyEvent, calendlyEvent, verifyCalendlySignature } from "../../domain/calendly.js";
import { DomainError } from "../../lib/errors.js";
import { findIntegrationByPublicId } from "../../queries/integrations.js";
import { findPractice } from "../../queries/practices.js";

// Mounted at /api/webhook/calendly. Each practice's URL names its own connection; the connection's signing
// key verifies the body, so a key can only ever write into the practice that saved it.
export const calendlyWebhook = new Hono<AppEnv>().post("/:connectionId", async (c) => {
  const connection = await findIntegrationByPublicId(c.var.db, "calendly", c.req.param("connectionId"));
  const practice = connection ? await findPractice(c.var.db, connection.practiceId) : null;
  // A connection whose signing key was never pasted cannot verify anything: as good as none.
  if (!connection?.secret || !practice) throw new DomainError("not_found", "There is no Calendly connection at this address.");
  // The signature covers the exact bytes sent, so read the raw text before parsing anything.
  const body = await c.req.text();
  if (!verifyCalendlySignature(c.req.header("Calendly-Webhook-Signature"), body, connection.secret)) {
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
  const outcome = await applyCalendlyEvent(c.var.db, practice, event.data);
  return c.json({ received: true, ...outcome });
});
