// A practice whose subscription lapsed keeps every page, API read and export, and cannot create or change
// anything until it renews; renewing, signing in and out, and paying a pay link stay open. The sweep asks
// Hono for every route (as test/tenant-sweep.test.ts does), so a route added later is held to this the day
// it is added. Billing off (a self-hosted server without Stripe keys) never blocks anyone.
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { createSession, SESSION_COOKIE } from "../src/auth/session.js";
import { clients, practices } from "../src/db/schema.js";
import { askForCardPayment } from "../src/domain/card-payments.js";
import type { Env, StripeSettings } from "../src/env.js";
import { ensureIntegration, setIntegrationReady } from "../src/queries/integrations.js";
import { aPassword, aPracticeWithStaff, anEmail } from "./factories.js";
import { signedDelivery, startFakeStripe, stripeEvent, type FakeStripe } from "./fake-stripe.js";
import { changedTables, countWrites, fieldsFor, fillPath, fingerprint, freshObjects, jsonFor, learnFields, type Ids } from "./generated-input.js";
import { aBrowser, all, testApp, testDb, testDatabase, testEnv, text, type Reply } from "./harness.js";

const SECRET = "whsec_test_lapse";
let fake: FakeStripe;
let billingEnv: Env;
let billing: ReturnType<typeof createApp>;

beforeAll(async () => {
  fake = await startFakeStripe();
  const stripe: StripeSettings = { secretKey: "sk_test_fake", webhookSecret: SECRET, priceId: "price_test_monthly", apiBase: fake.url };
  billingEnv = { ...testEnv, stripe };
  billing = createApp(testDatabase(), billingEnv);
});

afterAll(async () => {
  await fake.close();
});

const DAY = 86_400_000;

/** A tab of the billing-on app, signed in with `token` (cookie for pages; the same token as Bearer for the API). */
function tabOf(token: string | null, app = billing) {
  const tab = aBrowser(app);
  if (token) tab.setCookie(SESSION_COOKIE, token);
  return tab;
}

async function setStanding(practiceId: string, values: { subscriptionStatus?: string | null; createdAt?: Date }) {
  await testDb().update(practices).set(values).where(eq(practices.id, practiceId));
}

/** The renew message as the app words it, with the sentence naming why. */
const renewMessage = (why: string) =>
  `${why} Everything stays readable and exportable; renew in Settings → Billing to create or change records.`;

function expectRenewRefusal(reply: Reply, api: boolean, why: string, what: string) {
  expect(reply.status, what).toBe(402);
  if (api) {
    expect(reply.json(), what).toEqual({ error: { code: "subscription_required", message: renewMessage(why) } });
  } else {
    expect(reply.headers.get("Content-Type"), what).toMatch(/^text\/html/);
    expect(text(reply, "main section p"), what).toBe(renewMessage(why));
  }
}

const aClientForm = () => ({ firstName: "Nova", lastName: `Client${randomBytes(3).toString("hex")}`, status: "active" });

/** The writes a lapsed practice may still make: signing in and out, renewing, Stripe's and Calendly's deliveries, a client paying. */
const OPEN_WRITES = new Set([
  "POST /login", "POST /signup", "POST /logout",
  "POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/logout",
  "POST /settings/billing/checkout", "POST /settings/billing/portal", "POST /api/subscription/create-checkout-session",
  "POST /api/webhook/stripe", "POST /api/webhook/calendly/:connectionId",
  "POST /pay/:token",
]);

/** GETs whose normal answer is not 200 (a signed-in visitor to /login is sent on; the section alone redirects a non-htmx visit). */
const NORMAL_GET_STATUS: Record<string, number> = {
  "GET /login": 303, "GET /settings/integrations/stripe/return": 303, "GET /clients/:clientId/payments": 303,
};

/** What a JSON write would send if it were let through: enough for the creates to succeed. */
const apiBodies = (ids: Ids): Record<string, unknown> => ({
  ...jsonFor(ids),
  "POST /api/clients": { firstName: "Lapsed", lastName: "Write" },
  "POST /api/metric-templates": { name: "Lapsed metric", type: "number" },
  "PATCH /api/sessions/:sessionId": { title: "Lapsed" },
});

function appRoutes() {
  const seen = new Set<string>();
  for (const r of billing.routes) {
    if (r.method === "ALL" || r.path.endsWith("*") || r.path.startsWith("/static")) continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen];
}

/** A practice with one of everything (a pending card request with a pay link included), as its owner. */
async function aPracticeWithEverything() {
  const owner = await aPracticeWithStaff({ practiceName: "Lapsed Practice" });
  const ids = await freshObjects(owner.practice, owner.user.id);
  const account = `acct_${randomBytes(12).toString("hex")}`;
  fake.setAccount(account, { charges_enabled: true, details_submitted: true });
  await ensureIntegration(testDb(), owner.practice.id, "stripe", account);
  await setIntegrationReady(testDb(), owner.practice.id, "stripe", true);
  const request = await askForCardPayment(testDb(), billingEnv, owner.practice, owner.user.id, ids.clientId!, { enrollmentId: ids.enrollmentId! });
  ids.token = request.payToken!;
  return { ...owner, ids, tab: tabOf(owner.token) };
}

describe("billing on, the subscription canceled", () => {
  let lapsed: Awaited<ReturnType<typeof aPracticeWithEverything>>;
  const why = "The subscription is canceled.";

  beforeAll(async () => {
    lapsed = await aPracticeWithEverything();
    await setStanding(lapsed.practice.id, { subscriptionStatus: "canceled" });
  });

  test("every page, API read and export still answers as usual", async () => {
    const problems: string[] = [];
    const gets = appRoutes().filter((r) => r.startsWith("GET "));
    expect(gets.length).toBeGreaterThan(30);
    for (const route of gets) {
      const pattern = route.slice(4);
      const url = fillPath(pattern, route, lapsed.ids);
      if (!url) { problems.push(`${route}: no object for its path — add one to this test`); continue; }
      const api = pattern.startsWith("/api/");
      const reply = await lapsed.tab.get(url, api ? { bearer: lapsed.token } : {});
      // The portal is a client's: a staff login (this tab) is sent from it to the calendar, lapsed or not.
      const portal = pattern === "/portal" || (pattern.startsWith("/portal/") && !pattern.startsWith("/portal/invite/"));
      const expected = NORMAL_GET_STATUS[route] ?? (portal ? 303 : 200);
      if (reply.status !== expected) problems.push(`${route} → ${reply.status} (expected ${expected}): ${reply.body.slice(0, 200)}`);
    }
    expect(problems).toEqual([]);

    const csv = await lapsed.tab.get("/payments/export.csv");
    expect(csv.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(csv.body.split("\n").length).toBeGreaterThan(1);
    const list = await lapsed.tab.get("/api/clients", { bearer: lapsed.token });
    expect(list.json().clients.length).toBeGreaterThanOrEqual(2);
  });

  test("every other POST, PUT and PATCH answers 402 with the renew message (a page for a form, subscription_required for the API), and writes nothing", async () => {
    const routes = appRoutes();
    const learned = await learnFields(lapsed.tab, routes, lapsed.ids);
    const writes = routes.filter((r) => !r.startsWith("GET ") && !OPEN_WRITES.has(r));
    expect(writes.length).toBeGreaterThan(40);
    expect(writes).toEqual(expect.arrayContaining(["POST /clients", "PUT /api/clients/:clientId", "PATCH /api/sessions/:sessionId", "POST /calendar/feed", "POST /clients/:clientId/payments/card-requests"]));

    await countWrites();
    const before = await fingerprint();
    const clientsBefore = await testDb().select().from(clients).where(eq(clients.practiceId, lapsed.practice.id));
    const problems: string[] = [];
    for (const route of writes) {
      const [method, pattern] = route.split(" ") as [string, string];
      const url = fillPath(pattern, route, lapsed.ids);
      if (!url) { problems.push(`${route}: no object for its path — add one to this test`); continue; }
      const api = pattern.startsWith("/api/");
      const variants = api
        ? [{ json: apiBodies(lapsed.ids)[route] ?? {}, bearer: lapsed.token }]
        // The form its page would send (with a fresh submission key), as a plain post and over htmx.
        : [false, true].map((htmx) => ({ form: { ...fieldsFor(route, learned, lapsed.ids).base, submission: crypto.randomUUID() }, htmx }));
      for (const options of variants) {
        const reply = await lapsed.tab.send(method, url, options);
        try {
          expectRenewRefusal(reply, api, why, route);
        } catch {
          problems.push(`${route}${"htmx" in options && options.htmx ? " (htmx)" : ""} → ${reply.status}: ${reply.body.slice(0, 160)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(changedTables(before, await fingerprint())).toEqual([]);
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, lapsed.practice.id))).toEqual(clientsBefore);
  });

  test("signing in and out, renewing, Stripe's and Calendly's deliveries and a pay link are never refused for the lapse", async () => {
    const routes = appRoutes();
    // Every write route the app has is either swept above or named here: a new one is not silently let through.
    expect(routes.filter((r) => OPEN_WRITES.has(r)).sort()).toEqual([...OPEN_WRITES].sort());
    const fresh = async () => (await createSession(testDb(), lapsed.user.id)).token;
    const { ids } = lapsed;
    const stripeBody = signedDelivery(stripeEvent("customer.created", { id: "cus_nobody", object: "customer" }), SECRET);
    const sends: Record<string, (token: string) => Promise<Reply>> = {
      "POST /login": (t) => tabOf(t).post("/login", { form: { email: lapsed.email, password: aPassword } }),
      "POST /signup": (t) => tabOf(t).post("/signup", { form: { email: anEmail("second"), password: aPassword, fullName: "Olive Owner", practiceName: "Second Practice", timezone: "Europe/London" } }),
      "POST /logout": (t) => tabOf(t).post("/logout", { form: {} }),
      "POST /api/auth/register": (t) => tabOf(null).post("/api/auth/register", { bearer: t, json: { email: anEmail("api"), password: aPassword, fullName: "Api Person" } }),
      "POST /api/auth/login": (t) => tabOf(null).post("/api/auth/login", { bearer: t, json: { email: lapsed.email, password: aPassword } }),
      "POST /api/auth/logout": (t) => tabOf(null).post("/api/auth/logout", { bearer: t, json: {} }),
      "POST /settings/billing/checkout": (t) => tabOf(t).post("/settings/billing/checkout", { form: {} }),
      "POST /settings/billing/portal": (t) => tabOf(t).post("/settings/billing/portal", { form: {} }),
      "POST /api/subscription/create-checkout-session": (t) => tabOf(null).post("/api/subscription/create-checkout-session", { bearer: t, json: {} }),
      // Deliveries carry no session, as Stripe and Calendly send them.
      "POST /api/webhook/stripe": () => tabOf(null).post("/api/webhook/stripe", { origin: null, raw: { body: stripeBody.body, contentType: "application/json" }, headers: { "Stripe-Signature": stripeBody.signature } }),
      "POST /api/webhook/calendly/:connectionId": () => tabOf(null).post(`/api/webhook/calendly/${ids.connectionId}`, { origin: null, json: {} }),
      // The client pays on the practitioner's own tablet ("Open card payment page" on the client page): the owner's cookie comes along.
      "POST /pay/:token": (t) => tabOf(t).post(`/pay/${ids.token}`, { form: {} }),
    };
    const expected: Record<string, number> = {
      "POST /login": 303, "POST /signup": 303, "POST /logout": 303, "POST /api/auth/register": 201, "POST /api/auth/login": 200, "POST /api/auth/logout": 204,
      "POST /settings/billing/checkout": 303, "POST /settings/billing/portal": 303, "POST /api/subscription/create-checkout-session": 200,
      "POST /api/webhook/stripe": 200, "POST /api/webhook/calendly/:connectionId": 400, "POST /pay/:token": 303,
    };
    const problems: string[] = [];
    for (const route of OPEN_WRITES) {
      const reply = await sends[route]!(await fresh());
      if (reply.status !== expected[route]) problems.push(`${route} → ${reply.status} (expected ${expected[route]}): ${reply.body.slice(0, 160)}`);
    }
    expect(problems).toEqual([]);
  });

  test("Settings → Billing offers “Renew subscription”, whose checkout goes to Stripe's page; Stripe's event of the renewal lets the practice create again", async () => {
    const page = await lapsed.tab.get("/settings/billing");
    expect(page.status).toBe(200);
    expect(text(page, "#billing-state")).toBe(`${why} Everything stays readable and exportable; subscribe again to create or change records.`);
    const renew = page.doc().querySelector("form[action='/settings/billing/checkout'] button");
    expect(renew?.text.trim()).toBe("Renew subscription");

    const checkout = await lapsed.tab.post("/settings/billing/checkout", { form: {} });
    expect(checkout.status).toBe(303);
    expect(checkout.headers.get("Location")).toMatch(new RegExp(`^${fake.url}/checkout/cs_test_[0-9a-f]+$`));
    const [practice] = await testDb().select().from(practices).where(eq(practices.id, lapsed.practice.id));
    expect(practice!.stripeCustomerId).toMatch(/^cus_/);
    expect((await lapsed.tab.post("/clients", { form: aClientForm() })).status).toBe(402);

    const renewed = stripeEvent("customer.subscription.updated", {
      id: `sub_${randomBytes(8).toString("hex")}`, object: "subscription", customer: practice!.stripeCustomerId, status: "active",
      items: { object: "list", data: [{ object: "subscription_item", price: { id: "price_test_monthly", object: "price" }, current_period_end: Math.floor(Date.now() / 1000) + 30 * 86_400 }] },
    });
    const delivery = signedDelivery(renewed, SECRET);
    const reply = await tabOf(null).post("/api/webhook/stripe", { origin: null, raw: { body: delivery.body, contentType: "application/json" }, headers: { "Stripe-Signature": delivery.signature } });
    expect(reply.json()).toEqual({ received: true, outcome: "applied" });
    expect((await lapsed.tab.post("/clients", { form: aClientForm() })).status).toBe(303);
  });
});

describe("a trial that ended is a lapse too", () => {
  test("30 days after sign-up with no subscription, reads answer and writes answer 402 saying the trial ended", async () => {
    const owner = await aPracticeWithStaff();
    await setStanding(owner.practice.id, { createdAt: new Date(Date.now() - 30 * DAY) });
    const tab = tabOf(owner.token);
    expect((await tab.get("/clients")).status).toBe(200);
    expect((await tab.get("/api/clients", { bearer: owner.token })).status).toBe(200);
    expectRenewRefusal(await tab.post("/clients", { form: aClientForm() }), false, "The free trial has ended.", "POST /clients");
    expectRenewRefusal(await tab.post("/api/clients", { bearer: owner.token, json: { firstName: "A", lastName: "B" } }), true, "The free trial has ended.", "POST /api/clients");
    expect(text(await tab.get("/settings/billing"), "#billing-state")).toMatch(/^The free trial has ended\./);
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, owner.practice.id))).toEqual([]);
  });

  test("every page says so before anyone tries, and a tap over htmx keeps the page (HX-Reswap: none) for the form to say why", async () => {
    const owner = await aPracticeWithStaff();
    const tab = tabOf(owner.token);
    expect(all(await tab.get("/clients"), ".billing-notice")).toHaveLength(0);
    await setStanding(owner.practice.id, { createdAt: new Date(Date.now() - 30 * DAY) });
    const page = await tab.get("/clients");
    expect(text(page, ".billing-notice")).toBe("The free trial has ended. Everything stays readable and exportable; creating and changing records waits for the renewal. Billing");
    const tap = await tab.post("/clients", { form: aClientForm(), htmx: true });
    expect(tap.status).toBe(402);
    expect(tap.headers.get("HX-Reswap")).toBe("none");
  });

  test("with TRIAL_DAYS=0 a practice made today has no trial", async () => {
    const owner = await aPracticeWithStaff();
    const noTrial = createApp(testDatabase(), { ...billingEnv, trialDays: 0 });
    expect((await tabOf(owner.token, noTrial).post("/clients", { form: aClientForm() })).status).toBe(402);
    expect((await tabOf(owner.token).post("/clients", { form: aClientForm() })).status).toBe(303);
  });
});

describe("standings that may create", () => {
  test("self-hosted, billing off: a practice whose subscription says canceled and whose trial ended long ago creates a client: everything works", async () => {
    const owner = await aPracticeWithStaff();
    await setStanding(owner.practice.id, { subscriptionStatus: "canceled", createdAt: new Date(Date.now() - 365 * DAY) });
    // The harness's own app: no Stripe settings at all.
    expect(testEnv.stripe).toBeNull();
    const tab = tabOf(owner.token, testApp());
    const created = await tab.post("/clients", { form: aClientForm() });
    expect(created.status).toBe(303);
    expect(created.headers.get("Location")).toMatch(/^\/clients\/[0-9a-f-]{36}$/);
    expect((await tab.post("/api/clients", { bearer: owner.token, json: { firstName: "Api", lastName: "Client" } })).status).toBe(201);
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, owner.practice.id))).toHaveLength(2);
    const page = await tab.get("/settings/billing");
    expect(text(page, "main section p")).toBe("Billing is off on this server: everything works, and nobody is asked to pay.");
    expect(page.doc().querySelector("form[action='/settings/billing/checkout']")).toBeNull();
  });

  test("in its trial, a practice creates, and Settings → Billing says until when", async () => {
    const owner = await aPracticeWithStaff();
    const tab = tabOf(owner.token);
    expect((await tab.post("/clients", { form: aClientForm() })).status).toBe(303);
    expect(text(await tab.get("/settings/billing"), "#billing-state")).toMatch(/^Free trial until /);
  });

  test("active, a practice creates long after its trial", async () => {
    const owner = await aPracticeWithStaff();
    await setStanding(owner.practice.id, { subscriptionStatus: "active", createdAt: new Date(Date.now() - 365 * DAY) });
    const tab = tabOf(owner.token);
    expect((await tab.post("/clients", { form: aClientForm() })).status).toBe(303);
    expect((await tab.post("/api/clients", { bearer: owner.token, json: { firstName: "Api", lastName: "Client" } })).status).toBe(201);
    expect(text(await tab.get("/settings/billing"), "#billing-state")).toMatch(/^Active/);
  });

  test("past due, a practice still creates while Stripe retries, and Settings → Billing says the payment failed", async () => {
    const owner = await aPracticeWithStaff();
    await setStanding(owner.practice.id, { subscriptionStatus: "past_due", createdAt: new Date(Date.now() - 365 * DAY) });
    const tab = tabOf(owner.token);
    expect((await tab.post("/clients", { form: aClientForm() })).status).toBe(303);
    expect(text(await tab.get("/settings/billing"), "#billing-state")).toBe("The last payment failed; Stripe is trying again. Update your card so nothing stops.");
  });
});
