import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireOwner, requireStaff } from "../../auth/middleware.js";
import { startSubscriptionCheckout } from "../../domain/billing.js";
import { DomainError } from "../../lib/errors.js";
import { stripeClient } from "../../lib/stripe-client.js";
import { subscriptionJson } from "../../json-shapes.js";

// Mounted at /api/subscription: the practice's own subscription to the app (the seed blueprint's billing).
export const apiSubscription = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => c.json({ subscription: subscriptionJson(c.var.practice) }))

  .post("/create-checkout-session", requireOwner, async (c) => {
    const settings = c.var.env.stripe;
    if (!settings?.priceId) throw new DomainError("not_configured", "Billing is off on this server: there is nothing to subscribe to.");
    return c.json({ url: await startSubscriptionCheckout(c.var.db, stripeClient(settings), c.var.env, c.var.practice, c.var.user!) });
  });
