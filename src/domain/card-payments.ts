// Card payments through Stripe Checkout, on the practice's own connected Stripe account (Stripe Connect,
// direct charges): the money lands in the practice's account, and the account id on the integration row
// is unique, so one practice's account can never take another practice's payments.
//
// Asking for a card payment makes a pending payment with a pay link (/pay/:token) the client can open on
// any device; opening it makes a Checkout Session. The webhook completes the payment.
import { randomBytes } from "node:crypto";
import type Stripe from "stripe";
import type { Db } from "../db/client.js";
import type { Payment, Practice } from "../db/schema.js";
import type { Env } from "../env.js";
import { DomainError } from "../lib/errors.js";
import { toStripeAmount } from "../lib/stripe-amounts.js";
import { recordAudit } from "../queries/audit-log.js";
import { findClient } from "../queries/clients.js";
import { findIntegration } from "../queries/integrations.js";
import { findPendingCardPayment, insertPayment, lockPayment, updatePaymentRow } from "../queries/payments.js";
import { lockItem, type PaymentItem } from "./payments.js";

/** The practice's connected account, ready to take charges; why not, in words, otherwise. */
export async function connectedAccount(db: Db, env: Env, practiceId: string) {
  if (!env.stripe) return { account: null, why: "Card payments are not configured on this server (no STRIPE_SECRET_KEY)." };
  const integration = await findIntegration(db, practiceId, "stripe");
  if (!integration) return { account: null, why: "Connect your Stripe account in Settings → Integrations to take card payments." };
  if (!integration.ready) return { account: null, why: "Your Stripe account is connected but cannot take payments yet: finish Stripe's onboarding in Settings → Integrations." };
  return { account: integration.publicId, why: null };
}

/**
 * A pending card payment for what the item still owes, with its pay link. Asking twice for the same item
 * shows the same request (its row is locked while we look), so a client never gets two links to pay twice.
 */
export async function askForCardPayment(db: Db, env: Env, practice: Practice, actorUserId: string, clientId: string, item: Exclude<PaymentItem, null>) {
  return db.transaction(async (tx) => {
    const { account, why } = await connectedAccount(tx, env, practice.id);
    if (!account) throw new DomainError("not_configured", why!);
    const client = await findClient(tx, practice.id, clientId);
    if (!client) throw new DomainError("not_found", "There is no such client in this practice.");
    const locked = await lockItem(tx, practice.id, client.id, item);
    const pending = await findPendingCardPayment(tx, practice.id, "attendeeId" in item ? { attendeeId: item.attendeeId } : { enrollmentId: item.enrollmentId });
    if (pending) return pending;
    if (!locked.owed) throw new DomainError("conflict", "Nothing is owed for this.");
    const payment = await insertPayment(tx, practice.id, {
      clientId: client.id, sessionAttendeeId: locked.attendeeId, enrollmentId: locked.enrollmentId, amountCents: locked.owed, currency: practice.currency,
      status: "pending", method: "card", payToken: randomBytes(24).toString("base64url"), stripeAccountId: account, recordedBy: actorUserId,
    });
    await recordAudit(tx, practice.id, { actorUserId, action: "ask_card", entity: "payment", entityId: payment.id, diff: { amountCents: payment.amountCents } });
    return payment;
  });
}

/**
 * The Checkout page for a pending card payment: the open one if there is one, else a new one. The payment
 * row is locked meanwhile, so two taps on "Pay" open one checkout, not two.
 */
export async function openCheckout(db: Db, stripe: Stripe, env: Env, practice: Practice, paymentId: string, itemName: string) {
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, practice.id, paymentId);
    if (!payment || payment.method !== "card" || !payment.payToken) throw new DomainError("not_found", "There is no such payment request.");
    if (payment.status === "completed" || payment.status === "refunded") throw new DomainError("conflict", "This is paid already. Thank you!");
    const account = payment.stripeAccountId ?? undefined;
    const onStripe = (error: Error): never => { throw new DomainError("payment_provider", `Stripe could not open the payment page: ${error.message}`); };
    if (payment.stripeCheckoutSessionId) {
      const open = await stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId, {}, { stripeAccount: account }).catch(onStripe);
      if (open.status === "open" && open.url) return open.url;
    }
    const unitAmount = toStripeAmount(payment.amountCents, payment.currency);
    if (unitAmount === null) throw new DomainError("validation_failed", `Stripe takes ${payment.currency} amounts in whole tens of the smallest unit: ask for a rounded amount.`);
    const client = await findClient(tx, practice.id, payment.clientId);
    const metadata = { practiceId: practice.id, clientId: payment.clientId, paymentId: payment.id, item: itemOf(payment) };
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ quantity: 1, price_data: { currency: payment.currency.toLowerCase(), unit_amount: unitAmount, product_data: { name: itemName } } }],
      metadata, payment_intent_data: { metadata }, client_reference_id: payment.id,
      customer_email: client?.email ?? undefined,
      success_url: `${env.appUrl}/pay/${payment.payToken}/done`,
      cancel_url: `${env.appUrl}/pay/${payment.payToken}?canceled=1`,
    }, { stripeAccount: account, idempotencyKey: `checkout-${payment.id}-${payment.stripeCheckoutSessionId ?? "first"}` }).catch(onStripe);
    if (!session.url) throw new DomainError("payment_provider", "Stripe opened no payment page.");
    await updatePaymentRow(tx, practice.id, payment.id, { stripeCheckoutSessionId: session.id, status: "pending" });
    return session.url;
  });
}

const itemOf = (payment: Payment) =>
  payment.sessionAttendeeId ? `attendance:${payment.sessionAttendeeId}` : payment.enrollmentId ? `enrollment:${payment.enrollmentId}` : "account";

/**
 * The practitioner withdraws a card request that was not paid (the client paid in cash after all): the
 * pay link stops working and its open Stripe page is expired, so the client cannot pay twice.
 */
export async function withdrawCardRequest(db: Db, practice: Practice, actorUserId: string, paymentId: string, stripe: Stripe | null) {
  return db.transaction(async (tx) => {
    const payment = await lockPayment(tx, practice.id, paymentId);
    if (!payment) throw new DomainError("not_found", "There is no such payment in this practice.");
    if (payment.status !== "pending" && payment.status !== "failed") throw new DomainError("conflict", "Only a card request not yet paid can be withdrawn.");
    if (stripe && payment.stripeCheckoutSessionId) {
      const session = await stripe.checkout.sessions.retrieve(payment.stripeCheckoutSessionId, {}, { stripeAccount: payment.stripeAccountId ?? undefined })
        .catch((error: Error) => { throw new DomainError("payment_provider", `Stripe could not say whether the payment page is still open: ${error.message} Nothing was changed.`); });
      // Paid meanwhile: the webhook is on its way, and withdrawing would hide real money.
      if (session.status === "complete") throw new DomainError("conflict", "The client has just paid on Stripe's page: the payment shows here in a moment.");
      if (session.status === "open") {
        await stripe.checkout.sessions.expire(session.id, {}, { stripeAccount: payment.stripeAccountId ?? undefined })
          .catch((error: Error) => { throw new DomainError("payment_provider", `Stripe could not close the payment page: ${error.message} Nothing was changed.`); });
      }
    }
    await updatePaymentRow(tx, practice.id, payment.id, { status: "failed", payToken: null, note: "Withdrawn." });
    await recordAudit(tx, practice.id, { actorUserId, action: "withdraw", entity: "payment", entityId: payment.id });
  });
}
