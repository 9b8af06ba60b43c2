import { Hono } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireOwner, requireStaff } from "../../auth/middleware.js";
import { openBillingPortal, startSubscriptionCheckout } from "../../domain/billing.js";
import { standingOf } from "../../domain/subscription.js";
import { DomainError } from "../../lib/errors.js";
import { stripeClient } from "../../lib/stripe-client.js";
import { BillingPage } from "../../../views/settings/billing.js";

const stripeOf = (settings: AppEnv["Variables"]["env"]["stripe"]) => {
  if (!settings?.priceId) throw new DomainError("not_configured", "Billing is off on this server: there is nothing to subscribe to.");
  return stripeClient(settings);
};

// Mounted at /settings/billing. A lapsed practice can always reach this page and its buttons
// (refuseWritesWhenLapsed lets them through): renewing must never be what the lapse blocks.
export const billingSettings = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", (c) => {
    const { practice } = c.var;
    return c.render(<BillingPage standing={standingOf(practice, c.var.env)} plan={practice.subscriptionPlan} timezone={practice.timezone}
      owner={c.var.membership.role === "owner"} hasCustomer={!!practice.stripeCustomerId} subscribed={c.req.query("subscribed") === "1"} />, { title: "Billing" });
  })

  .post("/checkout", requireOwner, async (c) =>
    c.redirect(await startSubscriptionCheckout(c.var.db, stripeOf(c.var.env.stripe), c.var.env, c.var.practice, c.var.user!), 303))

  .post("/portal", requireOwner, async (c) =>
    c.redirect(await openBillingPortal(stripeOf(c.var.env.stripe), c.var.env, c.var.practice), 303));
