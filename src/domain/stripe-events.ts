// Applying what Stripe tells us. Every event is claimed in stripe_events first, in the same transaction
// as its effects: a replay (Stripe retries, or ten deliveries at once) finds the claim and changes nothing.
//
// Which practice an event belongs to is never taken from its metadata alone. A card payment's event comes
// from the practice's connected account (`event.account`), which names exactly one practice; the metadata
// must then agree (practice, payment, client), or the event is refused. A subscription event names a
// Stripe customer we created for one practice.
import type Stripe from "stripe";
import type { Db } from "../db/client.js";
import type { Payment, Practice } from "../db/schema.js";
import { DomainError } from "../lib/errors.js";
import { isUuid } from "../lib/ids.js";
import { fromStripeAmount } from "../lib/stripe-amounts.js";
import { recordAudit } from "../queries/audit-log.js";
import { findIntegrationByPublicId, setIntegrationReady } from "../queries/integrations.js";
import { insertPayment, lockPayment, lockPaymentByIntent, updatePaymentRow } from "../queries/payments.js";
import { findPractice } from "../queries/practices.js";
import {
  claimStripeEvent, lockPracticeByStripeCustomer, markStripeEventProcessed, parkStripeEvent, setPracticeSubscription, takeParkedStripeEvents,
} from "../queries/stripe-events.js";
import { settleItemOf } from "./payments.js";

export type StripeEventOutcome = "applied" | "duplicate" | "parked" | "ignored";

const refused = (why: string) => new DomainError("bad_request", `Event refused: ${why}`);

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : value?.id ?? null);

export async function applyStripeEvent(db: Db, event: Stripe.Event): Promise<StripeEventOutcome> {
  return db.transaction(async (tx) => {
    if (!await claimStripeEvent(tx, { id: event.id, type: event.type, account: event.account })) return "duplicate";
    const outcome = await dispatch(tx, event);
    if (outcome !== "parked") await markStripeEventProcessed(tx, event.id);
    return outcome;
  });
}

async function dispatch(tx: Db, event: Stripe.Event): Promise<StripeEventOutcome> {
  const object = event.data.object as unknown;
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed": {
      const session = object as Stripe.Checkout.Session;
      if (session.mode === "subscription") return event.account ? "ignored" : linkSubscription(tx, session);
      if (session.mode !== "payment") return "ignored";
      return checkoutSessionEvent(tx, event, session);
    }
    case "payment_intent.payment_failed":
      return paymentIntentFailed(tx, event, object as Stripe.PaymentIntent);
    case "charge.refunded":
      return chargeRefunded(tx, event, object as Stripe.Charge);
    case "account.updated": {
      const account = object as Stripe.Account;
      const integration = await findIntegrationByPublicId(tx, "stripe", account.id);
      if (!integration) return "ignored";
      await setIntegrationReady(tx, integration.practiceId, "stripe", account.charges_enabled === true);
      return "applied";
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return event.account ? "ignored" : subscriptionChanged(tx, event, object as Stripe.Subscription);
    case "invoice.payment_failed":
      return event.account ? "ignored" : invoiceFailed(tx, object as Stripe.Invoice);
    default:
      return "ignored";
  }
}

/** The practice whose connected account sent this event; a payment event from anywhere else is refused. */
async function practiceOfAccount(tx: Db, account: string | undefined) {
  if (!account) throw refused("a card payment event must come from a practice's connected Stripe account.");
  const integration = await findIntegrationByPublicId(tx, "stripe", account);
  if (!integration) throw refused("no practice here is connected to this Stripe account.");
  return (await findPractice(tx, integration.practiceId))!;
}

/** The payment the metadata names, locked, after checking it is this practice's and this client's. */
async function paymentNamedBy(tx: Db, practice: Practice, metadata: Stripe.Metadata | null) {
  if (metadata?.practiceId !== practice.id) throw refused("its metadata names another practice than the connected account's.");
  const payment = isUuid(metadata.paymentId) ? await lockPayment(tx, practice.id, metadata.paymentId) : null;
  if (!payment) throw refused("its metadata names no payment of this practice.");
  if (payment.clientId !== metadata.clientId) throw refused("its metadata names another client than the payment's.");
  return payment;
}

async function checkoutSessionEvent(tx: Db, event: Stripe.Event, session: Stripe.Checkout.Session): Promise<StripeEventOutcome> {
  const practice = await practiceOfAccount(tx, event.account);
  const payment = await paymentNamedBy(tx, practice, session.metadata);
  const intentId = idOf(session.payment_intent);
  if (event.type === "checkout.session.async_payment_failed") {
    if (payment.status === "pending") await updatePaymentRow(tx, practice.id, payment.id, { status: "failed", stripeCheckoutSessionId: session.id });
    return "applied";
  }
  // Completed but not yet paid (a bank debit on its way): async_payment_succeeded will follow.
  if (session.payment_status !== "paid" && session.payment_status !== "no_payment_required") {
    if (intentId && !payment.stripePaymentIntentId) await updatePaymentRow(tx, practice.id, payment.id, { stripePaymentIntentId: intentId, stripeCheckoutSessionId: session.id });
    return "applied";
  }
  if (session.currency && session.currency.toUpperCase() !== payment.currency) throw refused("its currency is not the payment's.");
  const amount = session.amount_total === null ? payment.amountCents : fromStripeAmount(session.amount_total, payment.currency);
  let paid: Payment;
  if (payment.status === "completed" || payment.status === "refunded") {
    if (!intentId || payment.stripePaymentIntentId === intentId) return "applied";
    // A second checkout of the same request was paid too (two tabs): the money is real, so it is kept on
    // the client's account as credit rather than lost from the books.
    paid = await insertPayment(tx, practice.id, {
      clientId: payment.clientId, amountCents: amount, currency: payment.currency, status: "completed", method: "card", paidAt: new Date(event.created * 1000),
      note: "Paid twice by card: kept as account credit.", stripeAccountId: event.account ?? null, stripeCheckoutSessionId: session.id, stripePaymentIntentId: intentId,
    });
  } else {
    paid = (await updatePaymentRow(tx, practice.id, payment.id, {
      status: "completed", amountCents: amount, paidAt: new Date(event.created * 1000), stripeCheckoutSessionId: session.id,
      stripePaymentIntentId: intentId, stripeAccountId: event.account ?? null,
    }))!;
  }
  await settleItemOf(tx, practice, null, paid);
  await recordAudit(tx, practice.id, { actorUserId: null, action: "card_paid", entity: "payment", entityId: paid.id, diff: { amountCents: amount, stripeEvent: event.id } });
  if (intentId) await applyParkedEvents(tx, intentId);
  return "applied";
}

async function paymentIntentFailed(tx: Db, event: Stripe.Event, intent: Stripe.PaymentIntent): Promise<StripeEventOutcome> {
  const practice = await practiceOfAccount(tx, event.account);
  const payment = await paymentNamedBy(tx, practice, intent.metadata);
  // A declined card can be tried again in the same checkout: failed only means "not paid yet".
  if (payment.status === "pending") await updatePaymentRow(tx, practice.id, payment.id, { status: "failed" });
  return "applied";
}

/** Stripe says how much of the charge is refunded in all; that total only ever raises ours. */
async function chargeRefunded(tx: Db, event: Stripe.Event, charge: Stripe.Charge): Promise<StripeEventOutcome> {
  const practice = await practiceOfAccount(tx, event.account);
  const intentId = idOf(charge.payment_intent);
  if (!intentId) return "ignored";
  const payment = await lockPaymentByIntent(tx, practice.id, intentId);
  if (!payment) {
    // The refund overtook the checkout's completion: kept, and applied when the payment arrives.
    await parkStripeEvent(tx, event.id, intentId, event);
    return "parked";
  }
  await applyRefundTotal(tx, practice, payment, fromStripeAmount(charge.amount_refunded, payment.currency), event.id);
  return "applied";
}

async function applyRefundTotal(tx: Db, practice: Practice, payment: Payment, refundedTotal: number, eventId: string) {
  const refundedCents = Math.min(payment.amountCents, Math.max(payment.refundedCents, refundedTotal));
  if (refundedCents === payment.refundedCents) return;
  const updated = (await updatePaymentRow(tx, practice.id, payment.id, { refundedCents, status: refundedCents === payment.amountCents ? "refunded" : payment.status }))!;
  await settleItemOf(tx, practice, null, updated);
  await recordAudit(tx, practice.id, { actorUserId: null, action: "refund", entity: "payment", entityId: payment.id, diff: { refundedCents: [payment.refundedCents, refundedCents], stripeEvent: eventId } });
}

async function applyParkedEvents(tx: Db, intentId: string) {
  for (const parked of await takeParkedStripeEvents(tx, intentId)) {
    const event = parked.payload as Stripe.Event;
    const practice = await practiceOfAccount(tx, event.account);
    const payment = await lockPaymentByIntent(tx, practice.id, intentId);
    if (payment) await applyRefundTotal(tx, practice, payment, fromStripeAmount((event.data.object as Stripe.Charge).amount_refunded, payment.currency), event.id);
    await markStripeEventProcessed(tx, parked.id);
  }
}

// ---- The practice's own subscription (events on the platform account itself).

async function linkSubscription(tx: Db, session: Stripe.Checkout.Session): Promise<StripeEventOutcome> {
  const customer = idOf(session.customer);
  const practice = customer ? await lockPracticeByStripeCustomer(tx, customer) : null;
  if (!practice) return "ignored";
  if (session.metadata?.practiceId && session.metadata.practiceId !== practice.id) throw refused("its metadata names another practice than its customer's.");
  const subscriptionId = idOf(session.subscription);
  // The subscription's own events carry its status; until one arrives, a paid checkout means active.
  await setPracticeSubscription(tx, practice.id, {
    subscriptionId, ...(practice.subscriptionStatus ? {} : { subscriptionStatus: "active" }),
  });
  return "applied";
}

async function subscriptionChanged(tx: Db, event: Stripe.Event, subscription: Stripe.Subscription): Promise<StripeEventOutcome> {
  const customer = idOf(subscription.customer);
  const practice = customer ? await lockPracticeByStripeCustomer(tx, customer) : null;
  if (!practice) return "ignored";
  const createdAt = new Date(event.created * 1000);
  // Stripe does not promise order: an older event delivered after a newer one is recorded and skipped.
  if (practice.subscriptionSyncedAt && practice.subscriptionSyncedAt > createdAt) return "applied";
  const item = subscription.items?.data?.[0];
  const periodEnd = (item as { current_period_end?: number } | undefined)?.current_period_end
    ?? (subscription as unknown as { current_period_end?: number }).current_period_end;
  await setPracticeSubscription(tx, practice.id, {
    subscriptionId: subscription.id,
    subscriptionStatus: event.type === "customer.subscription.deleted" ? "canceled" : subscription.status,
    subscriptionPlan: item?.price?.nickname ?? item?.price?.id ?? null,
    subscriptionCurrentPeriodEnd: periodEnd ? new Date(periodEnd * 1000) : null,
    subscriptionSyncedAt: createdAt,
  });
  return "applied";
}

async function invoiceFailed(tx: Db, invoice: Stripe.Invoice): Promise<StripeEventOutcome> {
  const customer = idOf(invoice.customer);
  const practice = customer ? await lockPracticeByStripeCustomer(tx, customer) : null;
  if (!practice) return "ignored";
  // Stripe keeps retrying the card: the practice works on (past due) while it does, and is told why.
  if (practice.subscriptionStatus === "active" || practice.subscriptionStatus === "trialing") {
    await setPracticeSubscription(tx, practice.id, { subscriptionStatus: "past_due" });
  }
  return "applied";
}
