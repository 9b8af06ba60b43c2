// Stripe's webhook, end to end: a practice connects its Stripe account, asks for a card payment, the
// client opens the pay link and Stripe's checkout (the fake, through the real SDK), and then Stripe's
// signed events arrive, in any order, any number of times, or forged. Each event is applied once, to the
// practice whose connected account sent it, and a forged or misaddressed one changes nothing.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { creditLedger, integrations, payments, practices, programEnrollments, stripeEvents } from "../src/db/schema.js";
import { enrollClient } from "../src/domain/credits.js";
import type { StripeSettings } from "../src/env.js";
import { stripeClient } from "../src/lib/stripe-client.js";
import { aClient, aPracticeWithStaff, aProgram } from "./factories.js";
import { signedDelivery, startFakeStripe, stripeEvent, type FakeStripe } from "./fake-stripe.js";
import { aBrowser, testDatabase, testDb, testEnv, text } from "./harness.js";
import { postgresUrl } from "./test-database.js";

const SECRET = "whsec_test_webhook";
let fake: FakeStripe;
let settings: StripeSettings;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  fake = await startFakeStripe();
  settings = { secretKey: "sk_test_fake", webhookSecret: SECRET, priceId: "price_test_monthly", apiBase: fake.url };
  app = createApp(testDatabase(), { ...testEnv, stripe: settings });
});

afterAll(async () => {
  await fake.close();
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const PRICE = 25_000;

/** A browser of the Stripe-enabled app, signed in with the given session token (none: a visitor). */
function browser(token?: string) {
  const tab = aBrowser(app);
  if (token) tab.setCookie(SESSION_COOKIE, token);
  return tab;
}

type Delivery = { body: string; signature?: string };

/** What Stripe would POST: the event signed with the webhook secret (or as told otherwise). */
function signed(event: object, options: { secret?: string; timestamp?: number } = {}): Delivery {
  return signedDelivery(event, options.secret ?? SECRET, options.timestamp);
}

async function deliver(delivery: Delivery) {
  return browser().post("/api/webhook/stripe", {
    raw: { body: delivery.body, contentType: "application/json" }, origin: null,
    headers: delivery.signature === undefined ? {} : { "Stripe-Signature": delivery.signature },
  });
}

/** An event as Stripe would send it, `created` seconds since the epoch when a test needs the order. */
function anEvent(type: string, object: object, extra: { account?: string; created?: number } = {}) {
  const event = stripeEvent(type, object, { account: extra.account }) as Record<string, unknown>;
  return extra.created === undefined ? event : { ...event, created: extra.created };
}

async function paymentRow(id: string) {
  const [row] = await testDb().select().from(payments).where(eq(payments.id, id));
  return row!;
}

async function enrollmentRow(id: string) {
  const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, id));
  return row!;
}

async function eventRow(id: string) {
  const [row] = await testDb().select().from(stripeEvents).where(eq(stripeEvents.id, id));
  return row ?? null;
}

/**
 * A practice that connected its Stripe account through Settings → Integrations and asked, on the client's
 * page, for a card payment of a package; the client then opened the pay link and Stripe's checkout.
 */
async function aCardRequestOpenedAtCheckout(currency = "EUR") {
  const owner = await aPracticeWithStaff();
  if (currency !== "EUR") {
    await testDb().update(practices).set({ currency }).where(eq(practices.id, owner.practice.id));
    owner.practice.currency = currency;
  }
  const staff = browser(owner.token);

  const connect = await staff.post("/settings/integrations/stripe");
  expect(connect.status).toBe(303);
  const account = /\/connect\/onboarding\/(acct_[0-9a-f]+)$/.exec(connect.headers.get("Location") ?? "")?.[1];
  expect(account, connect.headers.get("Location") ?? "no Location").toBeTruthy();
  fake.setAccount(account!, { charges_enabled: true, details_submitted: true });
  expect((await staff.get("/settings/integrations/stripe/return")).status).toBe(303);
  const [integration] = await testDb().select().from(integrations).where(and(eq(integrations.practiceId, owner.practice.id), eq(integrations.kind, "stripe")));
  expect(integration).toMatchObject({ publicId: account, ready: true });

  const client = await aClient(owner.practice.id, owner.user.id, { firstName: "Ada", lastName: "Card" });
  const program = await aProgram(owner.practice.id, { name: "Five massages", sessionsCount: 5, priceCents: PRICE });
  const enrollment = await enrollClient(testDb(), owner.practice, owner.user.id, program.id, client.id);

  const asked = await staff.post(`/clients/${client.id}/payments/card-requests`, { form: { item: `enrollment:${enrollment.id}` } });
  expect(asked.status).toBe(303);
  const page = await staff.get(`/clients/${client.id}`);
  const payLink = page.doc().querySelector("#payments .card-request input.pay-link")?.getAttribute("value") ?? "";
  const token = /\/pay\/([A-Za-z0-9_-]+)$/.exec(payLink)?.[1];
  expect(token, payLink).toBeTruthy();

  // The client, on their own phone: the pay page, then "Pay by card".
  const visitor = browser();
  const payPage = await visitor.get(`/pay/${token}`);
  expect(payPage.status).toBe(200);
  const action = payPage.doc().querySelector("form[method=post]")?.getAttribute("action");
  expect(action).toBe(`/pay/${token}`);
  const before = fake.requests.length;
  const opened = await visitor.post(action!);
  expect(opened.status).toBe(303);
  const sessionId = new RegExp(`^${fake.url}/checkout/(cs_test_[0-9a-f]+)$`).exec(opened.headers.get("Location") ?? "")?.[1];
  expect(sessionId, opened.headers.get("Location") ?? "no Location").toBeTruthy();

  const [payment] = await testDb().select().from(payments).where(eq(payments.enrollmentId, enrollment.id));
  expect(payment).toMatchObject({ status: "pending", method: "card", amountCents: PRICE, stripeAccountId: account, stripeCheckoutSessionId: sessionId });
  // What the app asked Stripe for, on the practice's own account: the metadata every later event carries.
  const created = fake.requests.slice(before).find((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
  expect(created).toMatchObject({ stripeAccount: account, body: { mode: "payment", client_reference_id: payment!.id } });
  const metadata = { practiceId: owner.practice.id, clientId: client.id, paymentId: payment!.id };
  expect(created!.body.metadata).toMatchObject(metadata);
  expect(created!.body.payment_intent_data.metadata).toMatchObject(metadata);

  return { ...owner, staff, account: account!, client, program, enrollment, payment: payment!, token: token!, sessionId: sessionId!, metadata, intentMetadata: created!.body.payment_intent_data.metadata as Record<string, string> };
}

type Request = Awaited<ReturnType<typeof aCardRequestOpenedAtCheckout>>;

/** The customer pays on Stripe's page; Stripe then sends checkout.session.completed from the connected account. */
function completion(request: Request, options: { paymentIntentId?: string } = {}) {
  const session = fake.completeCheckout(request.sessionId, options);
  return anEvent("checkout.session.completed", session, { account: request.account });
}

const aCharge = (intentId: string, amountRefunded: number) => ({
  id: `ch_${randomBytes(8).toString("hex")}`, object: "charge", amount: PRICE, amount_refunded: amountRefunded, currency: "eur",
  payment_intent: intentId, refunded: amountRefunded === PRICE, status: "succeeded",
});

describe("a checkout completed", () => {
  test("completes the payment once, pays the package, and the pay page says paid; a replay, even re-signed later, changes nothing", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const event = completion(request);
    const first = await deliver(signed(event));
    expect(first.status).toBe(200);
    expect(first.json()).toEqual({ received: true, outcome: "applied" });

    const paid = await paymentRow(request.payment.id);
    expect(paid).toMatchObject({ status: "completed", amountCents: PRICE, refundedCents: 0, stripeAccountId: request.account });
    expect(paid.stripePaymentIntentId).toMatch(/^pi_/);
    expect(paid.paidAt).not.toBeNull();
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE, status: "active", sessionsRemaining: 5 });
    expect(await eventRow((event as { id: string }).id)).toMatchObject({ type: "checkout.session.completed", account: request.account, waitingFor: null });
    expect((await eventRow((event as { id: string }).id))!.processedAt).not.toBeNull();

    for (const again of [signed(event), signed(event, { timestamp: nowSeconds() - 60 })]) {
      const replay = await deliver(again);
      expect(replay.status).toBe(200);
      expect(replay.json()).toEqual({ received: true, outcome: "duplicate" });
    }
    expect(await testDb().select().from(payments).where(eq(payments.clientId, request.client.id))).toEqual([paid]);
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE });

    const done = await browser().get(`/pay/${request.token}/done`);
    expect(text(done, "#pay-status")).toBe("Paid. Thank you!");
    // The practitioner's page shows it paid, with nothing owed.
    const clientPage = await request.staff.get(`/clients/${request.client.id}`);
    expect(text(clientPage, "#client-owes")).toBe("Nothing owed.");
    expect(text(clientPage, "#payments .payments-list tbody tr td:last-child")).toBe("Paid");
  });

  describe.skipIf(!postgresUrl())("on PostgreSQL, where deliveries really run at once", () => {
    test("the same signed completion delivered 10 times at once creates exactly one completed payment: applied once, duplicate nine times", async () => {
      const request = await aCardRequestOpenedAtCheckout();
      const delivery = signed(completion(request));
      const replies = await Promise.all(Array.from({ length: 10 }, () => deliver(delivery)));
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
      const outcomes = replies.map((r) => r.json().outcome as string).sort();
      expect(outcomes).toEqual(["applied", ...Array(9).fill("duplicate")]);

      const rows = await testDb().select().from(payments).where(eq(payments.clientId, request.client.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: request.payment.id, status: "completed", amountCents: PRICE });
      expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE });
      expect(await testDb().select().from(stripeEvents).where(eq(stripeEvents.account, request.account))).toHaveLength(1);
    });
  });
});

describe("a delivery that is not provably Stripe's", () => {
  test("a tampered body, a wrong secret, no Stripe-Signature and a stale timestamp are each refused 400, and nothing is written", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const event = completion(request);
    const eventId = (event as { id: string }).id;
    const genuine = signed(event);
    // One character of the signed body changed: the amount paid.
    const tamperedBody = genuine.body.replace(`"amount_total":${PRICE}`, `"amount_total":${PRICE + 1}`);
    expect(tamperedBody).not.toBe(genuine.body);
    expect(tamperedBody.length).toBe(genuine.body.length);

    const forged: Record<string, Delivery> = {
      "tampered body": { body: tamperedBody, signature: genuine.signature },
      "wrong secret": signed(event, { secret: "whsec_someone_else" }),
      "no Stripe-Signature": { body: genuine.body },
      "stale timestamp": signed(event, { timestamp: nowSeconds() - 600 }),
    };
    for (const [what, delivery] of Object.entries(forged)) {
      const reply = await deliver(delivery);
      expect(reply.status, what).toBe(400);
      expect(reply.json().error.code, what).toBe("bad_request");
      expect(await eventRow(eventId), what).toBeNull();
      expect(await paymentRow(request.payment.id), what).toEqual(request.payment);
      expect(await enrollmentRow(request.enrollment.id), what).toMatchObject({ paidCents: 0 });
    }

    // The genuine delivery still works afterwards: the refusals claimed nothing.
    expect((await deliver(genuine)).json().outcome).toBe("applied");
  });
});

describe("which practice an event belongs to", () => {
  test("metadata naming another practice's client or payment, sent from this practice's account, is refused 400 and writes nothing", async () => {
    const ours = await aCardRequestOpenedAtCheckout();
    const theirs = await aCardRequestOpenedAtCheckout();
    const session = fake.completeCheckout(ours.sessionId);
    const attempts: Record<string, Record<string, string>> = {
      "their practice, client and payment": theirs.metadata,
      "our practice, their client and payment": { ...theirs.metadata, practiceId: ours.practice.id },
      "our practice and payment, their client": { ...ours.metadata, clientId: theirs.client.id },
      "our practice and client, their payment": { ...ours.metadata, paymentId: theirs.payment.id },
      "their practice, our client and payment": { ...ours.metadata, practiceId: theirs.practice.id },
      "no metadata at all": {},
    };
    for (const [what, metadata] of Object.entries(attempts)) {
      const event = anEvent("checkout.session.completed", { ...session, metadata }, { account: ours.account });
      const reply = await deliver(signed(event));
      expect(reply.status, what).toBe(400);
      expect(reply.json().error.code, what).toBe("bad_request");
      expect(await eventRow((event as { id: string }).id), what).toBeNull();
    }
    // A payment failure naming their payment, from our account, is refused the same way.
    const failure = anEvent("payment_intent.payment_failed", { id: "pi_x", object: "payment_intent", status: "requires_payment_method", metadata: theirs.intentMetadata }, { account: ours.account });
    expect((await deliver(signed(failure))).status).toBe(400);

    expect(await paymentRow(ours.payment.id)).toEqual(ours.payment);
    expect(await paymentRow(theirs.payment.id)).toEqual(theirs.payment);
    expect(await enrollmentRow(theirs.enrollment.id)).toMatchObject({ paidCents: 0, status: "active" });
    expect(await enrollmentRow(ours.enrollment.id)).toMatchObject({ paidCents: 0, status: "active" });
  });

  test("an event from an account no practice connected, or from the platform itself, is refused 400", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const session = fake.completeCheckout(request.sessionId);
    for (const account of [`acct_${randomBytes(12).toString("hex")}`, undefined]) {
      const event = anEvent("checkout.session.completed", session, { account });
      const reply = await deliver(signed(event));
      expect(reply.status, account ?? "platform").toBe(400);
      expect(await eventRow((event as { id: string }).id)).toBeNull();
    }
    expect(await paymentRow(request.payment.id)).toEqual(request.payment);
  });
});

describe("refunds", () => {
  test("a full refund delivered before its checkout completion is parked; the completion then applies both: refunded, credits removed, enrollment dropped", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const intentId = `pi_${randomBytes(12).toString("hex")}`;
    const refund = anEvent("charge.refunded", aCharge(intentId, PRICE), { account: request.account });
    const parked = await deliver(signed(refund));
    expect(parked.status).toBe(200);
    expect(parked.json()).toEqual({ received: true, outcome: "parked" });
    expect(await paymentRow(request.payment.id)).toEqual(request.payment);
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: 0, status: "active", sessionsRemaining: 5 });
    expect(await eventRow((refund as { id: string }).id)).toMatchObject({ waitingFor: intentId, processedAt: null });
    // Stripe retrying the parked event does not park it twice.
    expect((await deliver(signed(refund))).json().outcome).toBe("duplicate");

    const completed = await deliver(signed(completion(request, { paymentIntentId: intentId })));
    expect(completed.json()).toEqual({ received: true, outcome: "applied" });
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "refunded", refundedCents: PRICE, stripePaymentIntentId: intentId });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: 0, status: "dropped", sessionsRemaining: 0 });
    const ledger = await testDb().select().from(creditLedger).where(eq(creditLedger.enrollmentId, request.enrollment.id)).orderBy(creditLedger.createdAt);
    expect(ledger.map((row) => [row.reason, row.delta])).toEqual([["purchase", 5], ["refund", -5]]);
    expect(await eventRow((refund as { id: string }).id)).toMatchObject({ waitingFor: null });
    expect((await eventRow((refund as { id: string }).id))!.processedAt).not.toBeNull();
  });

  test("a partial refund after completion raises refunded_cents; an older, smaller total delivered later never lowers it", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const intentId = `pi_${randomBytes(12).toString("hex")}`;
    expect((await deliver(signed(completion(request, { paymentIntentId: intentId })))).json().outcome).toBe("applied");

    const t = nowSeconds();
    const older = anEvent("charge.refunded", aCharge(intentId, 5_000), { account: request.account, created: t - 120 });
    const newer = anEvent("charge.refunded", aCharge(intentId, 10_000), { account: request.account, created: t - 60 });
    expect((await deliver(signed(newer))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "completed", refundedCents: 10_000 });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE - 10_000, status: "active", sessionsRemaining: 5 });

    expect((await deliver(signed(older))).status).toBe(200);
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "completed", refundedCents: 10_000 });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE - 10_000, status: "active", sessionsRemaining: 5 });
    const ledger = await testDb().select().from(creditLedger).where(eq(creditLedger.enrollmentId, request.enrollment.id));
    expect(ledger.map((row) => row.reason)).toEqual(["purchase"]);
  });
});

describe("a currency Stripe counts differently", () => {
  test("forints go to Stripe ×100 (two decimals in its API) and come back as the same forints", async () => {
    const request = await aCardRequestOpenedAtCheckout("HUF");
    const created = fake.requests.find((r) => r.path === "/v1/checkout/sessions" && r.body.client_reference_id === request.payment.id)!;
    expect(created.body.line_items[0].price_data).toMatchObject({ currency: "huf", unit_amount: String(PRICE * 100) });
    expect((await deliver(signed(completion(request)))).json().outcome).toBe("applied");
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "completed", amountCents: PRICE, currency: "HUF" });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE });
  });
});

describe("a card request withdrawn", () => {
  test("closes its open Stripe page on the practice's account, ends failed, and its pay link stops working", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const withdrawn = await request.staff.post(`/payments/${request.payment.id}/withdraw`);
    expect(withdrawn.status).toBe(303);
    const expired = fake.requests.filter((r) => r.method === "POST" && r.path === `/v1/checkout/sessions/${request.sessionId}/expire`);
    expect(expired.map((r) => r.stripeAccount)).toEqual([request.account]);
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "failed", payToken: null });
    expect((await browser().get(`/pay/${request.token}`)).status).toBe(404);
  });

  test("is refused once the client has paid on Stripe's page, before the webhook arrived", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    fake.completeCheckout(request.sessionId);
    const refused = await request.staff.post(`/payments/${request.payment.id}/withdraw`);
    expect(refused.status).toBe(409);
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "pending" });
  });
});

describe("a card refund the practitioner makes", () => {
  test("goes back through the practice's own Stripe account, once; Stripe's charge.refunded afterwards does not count it twice", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const intentId = `pi_${randomBytes(12).toString("hex")}`;
    await deliver(signed(completion(request, { paymentIntentId: intentId })));
    const before = fake.requests.length;
    const refunded = await request.staff.post(`/payments/${request.payment.id}/refunds`, { form: { amount: "100.00", note: "", confirmed: "yes" } });
    expect(refunded.status).toBe(303);
    const asked = fake.requests.slice(before).filter((r) => r.method === "POST" && r.path === "/v1/refunds");
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ stripeAccount: request.account, body: { payment_intent: intentId, amount: "10000" } });
    expect(asked[0]!.idempotencyKey).toBe(`refund-${request.payment.id}-0-10000`);
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "completed", refundedCents: 10_000 });

    // Stripe confirms the same total: nothing more is refunded in our books.
    expect((await deliver(signed(anEvent("charge.refunded", aCharge(intentId, 10_000), { account: request.account })))).status).toBe(200);
    expect(await paymentRow(request.payment.id)).toMatchObject({ refundedCents: 10_000 });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE - 10_000 });
  });

  test("that Stripe refuses changes nothing here and says so", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    await deliver(signed(completion(request, { paymentIntentId: `pi_${randomBytes(12).toString("hex")}` })));
    fake.failNext("/v1/refunds", 402, "The charge is disputed.");
    const refused = await request.staff.post(`/payments/${request.payment.id}/refunds`, { form: { amount: "50.00", note: "", confirmed: "yes" } });
    expect(refused.status).toBe(502);
    expect(refused.body).toContain("Stripe did not refund it: The charge is disputed. Nothing was changed.");
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "completed", refundedCents: 0 });
  });
});

describe("a declined card", () => {
  test("payment_intent.payment_failed marks the pending payment failed; a later completion still completes it", async () => {
    const request = await aCardRequestOpenedAtCheckout();
    const intentId = `pi_${randomBytes(12).toString("hex")}`;
    const declined = anEvent("payment_intent.payment_failed", {
      id: intentId, object: "payment_intent", amount: PRICE, currency: "eur", status: "requires_payment_method", metadata: request.intentMetadata,
      last_payment_error: { code: "card_declined", message: "Your card was declined." },
    }, { account: request.account });
    expect((await deliver(signed(declined))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "failed", refundedCents: 0 });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: 0 });

    // The client tries another card in the same checkout.
    expect((await deliver(signed(completion(request, { paymentIntentId: intentId })))).json().outcome).toBe("applied");
    expect(await paymentRow(request.payment.id)).toMatchObject({ status: "completed", amountCents: PRICE, stripePaymentIntentId: intentId });
    expect(await enrollmentRow(request.enrollment.id)).toMatchObject({ paidCents: PRICE });
  });
});

describe("the practice's own subscription", () => {
  /** The owner starts the subscription checkout through the API: the practice gets its Stripe customer. */
  async function aSubscribingPractice() {
    const owner = await aPracticeWithStaff();
    const api = browser();
    const before = fake.requests.length;
    const reply = await api.post("/api/subscription/create-checkout-session", { bearer: owner.token, json: {} });
    expect(reply.status).toBe(200);
    const url: string = reply.json().url;
    const sessionId = new RegExp(`^${fake.url}/checkout/(cs_test_[0-9a-f]+)$`).exec(url)?.[1];
    expect(sessionId, url).toBeTruthy();

    const [practice] = await testDb().select().from(practices).where(eq(practices.id, owner.practice.id));
    expect(practice!.stripeCustomerId).toMatch(/^cus_/);
    const asked = fake.requests.slice(before);
    expect(asked.find((r) => r.path === "/v1/customers")).toMatchObject({ method: "POST", stripeAccount: null, body: { email: owner.email, metadata: { practiceId: owner.practice.id } } });
    expect(asked.find((r) => r.path === "/v1/checkout/sessions")).toMatchObject({
      stripeAccount: null, body: { mode: "subscription", customer: practice!.stripeCustomerId, line_items: [{ price: settings.priceId, quantity: "1" }] },
    });
    const subscription = async () => (await api.get("/api/subscription", { bearer: owner.token })).json().subscription;
    return { ...owner, customer: practice!.stripeCustomerId!, sessionId: sessionId!, subscription };
  }

  const aSubscription = (customer: string, status: string, periodEnd: number, id = `sub_${randomBytes(12).toString("hex")}`) => ({
    id, object: "subscription", customer, status,
    items: { object: "list", data: [{ id: `si_${randomBytes(6).toString("hex")}`, object: "subscription_item", price: { id: settings.priceId, object: "price" }, current_period_end: periodEnd }] },
  });

  test("a paid subscription checkout, then customer.subscription.updated, show in GET /api/subscription", async () => {
    const practice = await aSubscribingPractice();
    expect(await practice.subscription()).toBeNull();

    const session = fake.completeCheckout(practice.sessionId);
    expect((await deliver(signed(anEvent("checkout.session.completed", session)))).json()).toEqual({ received: true, outcome: "applied" });
    expect(await practice.subscription()).toEqual({ status: "active", plan: null, currentPeriodEnd: null });

    // The subscription as Stripe has it, through the SDK.
    const stripeSubscription = await stripeClient(settings).subscriptions.retrieve(session.subscription as string);
    expect(stripeSubscription.customer).toBe(practice.customer);
    const periodEnd = nowSeconds() + 30 * 86_400;
    const updated = anEvent("customer.subscription.updated", aSubscription(practice.customer, "active", periodEnd, stripeSubscription.id));
    expect((await deliver(signed(updated))).json().outcome).toBe("applied");
    expect(await practice.subscription()).toEqual({ status: "active", plan: settings.priceId, currentPeriodEnd: new Date(periodEnd * 1000).toISOString() });
  });

  test("customer.subscription.deleted cancels it, and an older customer.subscription.updated delivered afterwards does not bring it back", async () => {
    const practice = await aSubscribingPractice();
    const t = nowSeconds();
    const subscription = aSubscription(practice.customer, "active", t + 30 * 86_400);
    expect((await deliver(signed(anEvent("customer.subscription.updated", subscription, { created: t - 300 })))).json().outcome).toBe("applied");
    expect((await practice.subscription()).status).toBe("active");

    const deleted = anEvent("customer.subscription.deleted", { ...subscription, status: "canceled" }, { created: t - 100 });
    expect((await deliver(signed(deleted))).json().outcome).toBe("applied");
    expect((await practice.subscription()).status).toBe("canceled");

    // Stripe does not promise order: this one was sent before the cancellation and arrives after it.
    const late = anEvent("customer.subscription.updated", { ...subscription, status: "active" }, { created: t - 200 });
    const reply = await deliver(signed(late));
    expect(reply.status).toBe(200);
    expect(await practice.subscription()).toMatchObject({ status: "canceled" });
  });

  test("invoice.payment_failed moves an active subscription to past_due", async () => {
    const practice = await aSubscribingPractice();
    const subscription = aSubscription(practice.customer, "active", nowSeconds() + 30 * 86_400);
    await deliver(signed(anEvent("customer.subscription.updated", subscription, { created: nowSeconds() - 60 })));
    expect((await practice.subscription()).status).toBe("active");

    const invoice = { id: `in_${randomBytes(8).toString("hex")}`, object: "invoice", customer: practice.customer, subscription: subscription.id, status: "open", attempt_count: 1 };
    expect((await deliver(signed(anEvent("invoice.payment_failed", invoice)))).json()).toEqual({ received: true, outcome: "applied" });
    expect((await practice.subscription()).status).toBe("past_due");
  });
});
