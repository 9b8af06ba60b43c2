// Talking to Stripe for the practice itself: its subscription to the app (Checkout in subscription mode,
// the billing portal) and connecting the practice's own Stripe account for card payments (Connect
// onboarding). Each call names what it is for in an idempotency key, so a retried click makes nothing twice.
import type Stripe from "stripe";
import type { Db } from "../db/client.js";
import type { Practice, User } from "../db/schema.js";
import type { Env } from "../env.js";
import { DomainError } from "../lib/errors.js";
import { recordAudit } from "../queries/audit-log.js";
import { ensureIntegration, findIntegration, setIntegrationReady } from "../queries/integrations.js";
import { findPractice } from "../queries/practices.js";
import { setPracticeStripeCustomer } from "../queries/stripe-events.js";
import { billingOn } from "./subscription.js";

const onStripe = (what: string) => (error: Error): never => {
  throw new DomainError("payment_provider", `Stripe could not ${what}: ${error.message}`);
};

/** The practice's Stripe customer, made once: every subscription event names it, and so finds this practice. */
async function customerOf(db: Db, stripe: Stripe, practice: Practice, user: User) {
  if (practice.stripeCustomerId) return practice.stripeCustomerId;
  const customer = await stripe.customers.create({ email: user.email, name: practice.name, metadata: { practiceId: practice.id } },
    { idempotencyKey: `customer-${practice.id}` }).catch(onStripe("create the billing customer"));
  await setPracticeStripeCustomer(db, practice.id, customer.id);
  return (await findPractice(db, practice.id))!.stripeCustomerId!;
}

/** Stripe Checkout in subscription mode for the server's price; the webhook records the result. */
export async function startSubscriptionCheckout(db: Db, stripe: Stripe, env: Env, practice: Practice, user: User) {
  if (!billingOn(env)) throw new DomainError("not_configured", "Billing is off on this server (no STRIPE_PRICE_ID): nothing to subscribe to.");
  const customer = await customerOf(db, stripe, practice, user);
  const session = await stripe.checkout.sessions.create({
    mode: "subscription", customer, line_items: [{ price: env.stripe!.priceId!, quantity: 1 }],
    metadata: { practiceId: practice.id }, subscription_data: { metadata: { practiceId: practice.id } }, client_reference_id: practice.id,
    success_url: `${env.appUrl}/settings/billing?subscribed=1`, cancel_url: `${env.appUrl}/settings/billing`,
  }).catch(onStripe("open the subscription checkout"));
  if (!session.url) throw new DomainError("payment_provider", "Stripe opened no checkout page.");
  await recordAudit(db, practice.id, { actorUserId: user.id, action: "subscribe_checkout", entity: "practice", entityId: practice.id });
  return session.url;
}

/** Stripe's billing portal: change the card, cancel, see invoices. */
export async function openBillingPortal(stripe: Stripe, env: Env, practice: Practice) {
  if (!practice.stripeCustomerId) throw new DomainError("conflict", "There is no subscription to manage yet.");
  const portal = await stripe.billingPortal.sessions.create({ customer: practice.stripeCustomerId, return_url: `${env.appUrl}/settings/billing` })
    .catch(onStripe("open the billing portal"));
  return portal.url;
}

/**
 * Connect the practice's own Stripe account: created once (a Standard account the practice owns) and
 * kept on the integration row, whose unique public id makes an account belong to one practice only.
 * Returns Stripe's onboarding page.
 */
export async function startStripeConnect(db: Db, stripe: Stripe, env: Env, practice: Practice, user: User) {
  let integration = await findIntegration(db, practice.id, "stripe");
  if (!integration) {
    const account = await stripe.accounts.create({ type: "standard", email: user.email, metadata: { practiceId: practice.id } },
      { idempotencyKey: `connect-${practice.id}` }).catch(onStripe("create the connected account"));
    integration = await ensureIntegration(db, practice.id, "stripe", account.id);
    await recordAudit(db, practice.id, { actorUserId: user.id, action: "connect", entity: "integration", entityId: integration.id, diff: { kind: "stripe" } });
  }
  const link = await stripe.accountLinks.create({
    account: integration.publicId, type: "account_onboarding",
    refresh_url: `${env.appUrl}/settings/integrations/stripe/return`, return_url: `${env.appUrl}/settings/integrations/stripe/return`,
  }).catch(onStripe("open its onboarding"));
  return link.url;
}

/** Back from onboarding (or on an account.updated event): can the account take charges yet? */
export async function refreshStripeAccount(db: Db, stripe: Stripe, practiceId: string) {
  const integration = await findIntegration(db, practiceId, "stripe");
  if (!integration) return false;
  const account = await stripe.accounts.retrieve(integration.publicId).catch(onStripe("say whether the account is ready"));
  await setIntegrationReady(db, practiceId, "stripe", account.charges_enabled === true);
  return account.charges_enabled === true;
}
