// The fake Stripe answers the real SDK as Stripe would, and verifiedStripeEvent tells Stripe's deliveries
// from anyone else's: the ground the payment tests stand on, with no network.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StripeSettings } from "../src/env.js";
import { stripeClient, verifiedStripeEvent } from "../src/lib/stripe-client.js";
import { parseStripeForm, signedDelivery, startFakeStripe, stripeEvent, type FakeStripe } from "./fake-stripe.js";

let fake: FakeStripe;
let settings: StripeSettings;
let stripe: Stripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  settings = { secretKey: "sk_test_fake", webhookSecret: "whsec_test", priceId: "price_test", apiBase: fake.url };
  stripe = stripeClient(settings);
});

afterAll(async () => {
  await fake.close();
});

const lastRequest = () => fake.requests.at(-1)!;

const aSessionFor = (paymentId: string) => ({
  mode: "payment" as const,
  line_items: [
    { quantity: 1, price_data: { currency: "eur", unit_amount: 4500, product_data: { name: "Massage" } } },
    { quantity: 2, price_data: { currency: "eur", unit_amount: 500, product_data: { name: "Oil" } } },
  ],
  metadata: { clientId: "client-1", paymentId },
  payment_intent_data: { metadata: { paymentId } },
  client_reference_id: paymentId,
  success_url: "http://localhost/pay/t/done",
  cancel_url: "http://localhost/pay/t?canceled=1",
});

describe("the Stripe client", () => {
  it("is built once per settings object", () => {
    expect(stripeClient(settings)).toBe(stripe);
    expect(stripeClient({ ...settings })).not.toBe(stripe);
  });
});

describe("the fake Stripe, through the real SDK", () => {
  it("creates a checkout session on a connected account, sending the Stripe-Account header, and answers its url", async () => {
    const account = await stripe.accounts.create({ type: "express", email: "practice@example.com" });
    expect(account).toMatchObject({ object: "account", charges_enabled: false, email: "practice@example.com" });
    fake.setAccount(account.id, { charges_enabled: true, details_submitted: true });
    expect((await stripe.accounts.retrieve(account.id)).charges_enabled).toBe(true);

    const session = await stripe.checkout.sessions.create(aSessionFor("pay-1"), { stripeAccount: account.id });
    expect(session).toMatchObject({
      object: "checkout.session", url: `${fake.url}/checkout/${session.id}`, status: "open", payment_status: "unpaid",
      amount_total: 5500, currency: "eur", client_reference_id: "pay-1", metadata: { clientId: "client-1", paymentId: "pay-1" },
    });
    expect(session.id).toMatch(/^cs_test_[0-9a-f]{24}$/);
    expect(lastRequest()).toMatchObject({ method: "POST", path: "/v1/checkout/sessions", stripeAccount: account.id });
    expect(lastRequest().body).toMatchObject({
      line_items: [{ quantity: "1", price_data: { unit_amount: "4500", product_data: { name: "Massage" } } }, { quantity: "2" }],
      payment_intent_data: { metadata: { paymentId: "pay-1" } },
    });

    expect((await stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount: account.id })).status).toBe("open");
    // Like Stripe, the platform itself cannot see a connected account's session.
    await expect(stripe.checkout.sessions.retrieve(session.id)).rejects.toThrow(`No such checkout.session: '${session.id}'`);
  });

  it("replays the first answer for a repeated idempotency key, creating nothing new", async () => {
    const first = await stripe.checkout.sessions.create(aSessionFor("pay-2"), { idempotencyKey: "checkout-pay-2-first" });
    const again = await stripe.checkout.sessions.create(aSessionFor("pay-2"), { idempotencyKey: "checkout-pay-2-first" });
    expect(again.id).toBe(first.id);
    expect(lastRequest().idempotencyKey).toBe("checkout-pay-2-first");
    expect((await stripe.checkout.sessions.create(aSessionFor("pay-2"), { idempotencyKey: "checkout-pay-2-other" })).id).not.toBe(first.id);
    await expect(stripe.checkout.sessions.create(aSessionFor("pay-3"), { idempotencyKey: "checkout-pay-2-first" }))
      .rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("answers a failNext with a StripeError carrying its message, once, without the SDK retrying", async () => {
    fake.failNext("/v1/refunds", 402, "Your card was declined.");
    const refused = await stripe.refunds.create({ payment_intent: "pi_x", amount: 100 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeError);
    expect(refused).toMatchObject({ message: "Your card was declined.", statusCode: 402, type: "StripeCardError" });

    fake.failNext("/v1/checkout/sessions", 500, "Stripe is down.");
    const before = fake.requests.length;
    await expect(stripe.checkout.sessions.create(aSessionFor("pay-4"))).rejects.toThrow("Stripe is down.");
    expect(fake.requests.length).toBe(before + 1);
    expect((await stripe.checkout.sessions.create(aSessionFor("pay-4"))).status).toBe("open");
  });

  it("completes a checkout as the customer would, and refunds the whole charge when no amount is given", async () => {
    const account = (await stripe.accounts.create({ type: "express" })).id;
    const session = await stripe.checkout.sessions.create(aSessionFor("pay-5"), { stripeAccount: account });
    const paid = fake.completeCheckout(session.id) as Stripe.Checkout.Session;
    expect(paid).toMatchObject({ status: "complete", payment_status: "paid", amount_total: 5500, metadata: { paymentId: "pay-5" } });
    expect(paid.payment_intent).toMatch(/^pi_/);

    const refund = await stripe.refunds.create({ payment_intent: paid.payment_intent as string, metadata: { paymentId: "pay-5" } }, { stripeAccount: account });
    expect(refund).toMatchObject({ object: "refund", amount: 5500, status: "succeeded", metadata: { paymentId: "pay-5" } });
    expect((await stripe.refunds.create({ payment_intent: "pi_unknown", amount: 700 })).amount).toBe(700);
    await expect(stripe.refunds.create({ payment_intent: "pi_unknown" })).rejects.toThrow("Missing required param: amount.");
  });

  it("expires an open session once", async () => {
    const session = await stripe.checkout.sessions.create(aSessionFor("pay-6"));
    expect((await stripe.checkout.sessions.expire(session.id)).status).toBe("expired");
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toThrow("can be expired");
  });

  it("serves billing: customers, the subscriptions a test sets, onboarding and portal links", async () => {
    const customer = await stripe.customers.create({ email: "owner@example.com", metadata: { practiceId: "p1" } });
    expect(customer).toMatchObject({ email: "owner@example.com", metadata: { practiceId: "p1" } });
    fake.setSubscription("sub_1", { status: "past_due", customer: customer.id });
    expect(await stripe.subscriptions.retrieve("sub_1")).toMatchObject({ id: "sub_1", status: "past_due", customer: customer.id });
    const link = await stripe.accountLinks.create({ account: "acct_1", type: "account_onboarding", refresh_url: "http://localhost/r", return_url: "http://localhost/d" });
    expect(link.url).toBe(`${fake.url}/connect/onboarding/acct_1`);
    expect((await stripe.billingPortal.sessions.create({ customer: customer.id })).url).toBe(`${fake.url}/billing-portal/${customer.id}`);
  });

  it("answers an unknown path 404 in Stripe's error shape", async () => {
    const reply = await fetch(`${fake.url}/v1/nothing-here`, { method: "POST" });
    expect(reply.status).toBe(404);
    expect(await reply.json()).toEqual({ error: { type: "invalid_request_error", message: "Unrecognized request URL (POST: /v1/nothing-here)." } });
  });

  it("reads Stripe's bracket notation into nested objects and arrays", () => {
    expect(parseStripeForm("a[b][0][c]=1&a[b][1][c]=x+y&e[]=p&e[]=q&m[k]=&plain=%26")).toEqual({
      a: { b: [{ c: "1" }, { c: "x y" }] }, e: ["p", "q"], m: { k: "" }, plain: "&",
    });
  });
});

describe("verifiedStripeEvent", () => {
  const event = stripeEvent("checkout.session.completed", { id: "cs_test_1", object: "checkout.session" }, { account: "acct_1" });

  it("accepts a delivery signed with the webhook secret", () => {
    const { body, signature } = signedDelivery(event, "whsec_test");
    expect(verifiedStripeEvent(settings, body, signature)).toMatchObject({ type: "checkout.session.completed", account: "acct_1", data: { object: { id: "cs_test_1" } } });
  });

  it("refuses, with null, a wrong secret, a tampered body, a missing header and a stale timestamp", () => {
    const { body, signature } = signedDelivery(event, "whsec_test");
    expect(verifiedStripeEvent(settings, body, signedDelivery(event, "whsec_other").signature)).toBeNull();
    expect(verifiedStripeEvent(settings, body.replace("acct_1", "acct_2"), signature)).toBeNull();
    expect(verifiedStripeEvent(settings, body, undefined)).toBeNull();
    expect(verifiedStripeEvent(settings, body, "")).toBeNull();
    expect(verifiedStripeEvent(settings, body, "t=1,v1=garbage")).toBeNull();
    const stale = signedDelivery(event, "whsec_test", Math.floor(Date.now() / 1000) - 301);
    expect(verifiedStripeEvent(settings, stale.body, stale.signature)).toBeNull();
    const recent = signedDelivery(event, "whsec_test", Math.floor(Date.now() / 1000) - 200);
    expect(verifiedStripeEvent(settings, recent.body, recent.signature)).not.toBeNull();
  });

  it("refuses every delivery when no webhook secret is configured", () => {
    const { body, signature } = signedDelivery(event, "whsec_test");
    expect(verifiedStripeEvent({ ...settings, webhookSecret: undefined }, body, signature)).toBeNull();
  });
});
