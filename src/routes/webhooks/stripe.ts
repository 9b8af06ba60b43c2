import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { applyStripeEvent } from "../../domain/stripe-events.js";
import { DomainError } from "../../lib/errors.js";
import { verifiedStripeEvent } from "../../lib/stripe-client.js";

// Mounted at /api/webhook/stripe: the platform's events (the practices' subscriptions) and the connected
// accounts' events (card payments) arrive at this one URL. Stripe signs each endpoint with its own secret,
// so STRIPE_WEBHOOK_SECRET may list both, comma-separated.
export const stripeWebhook = new Hono<AppEnv>().post("/", async (c) => {
  const settings = c.var.env.stripe;
  if (!settings?.webhookSecret) throw new DomainError("bad_request", "Stripe webhooks are not configured on this server.");
  // The signature covers the exact bytes sent: read the raw text before anything parses it.
  const body = await c.req.text();
  const signature = c.req.header("Stripe-Signature");
  const event = settings.webhookSecret.split(",").map((secret) => secret.trim()).filter(Boolean)
    .map((webhookSecret) => verifiedStripeEvent({ ...settings, webhookSecret }, body, signature))
    .find((verified) => verified !== null);
  if (!event) throw new DomainError("bad_request", "The Stripe-Signature header is missing, stale or does not match the body.");
  const outcome = await applyStripeEvent(c.var.db, event);
  return c.json({ received: true, outcome });
});
