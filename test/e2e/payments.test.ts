import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signedDelivery, startFakeStripe, stripeEvent, type FakeStripe } from "../fake-stripe.js";
import { accessibilityViolations, aFreshPractice, apiAs, collectErrors, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

const WEBHOOK_SECRET = "whsec_e2e_fake";

describe.skipIf(skipBrowserTests)("payments in Chromium", () => {
  // The fake Stripe starts first: the server is given its address as STRIPE_API_BASE.
  const stripe = {} as { fake: FakeStripe };
  beforeAll(async () => { stripe.fake = await startFakeStripe(); });
  afterAll(async () => { await stripe.fake?.close(); });
  const app = useServerAndBrowser(() => ({
    STRIPE_SECRET_KEY: "sk_test_e2e_fake", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: stripe.fake.url,
  }));

  test("cash from Today, then a package paid by card: the webhook lands and the page follows without a reload", async () => {
    const { server, browser } = app;
    const { fake } = stripe;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    const { token } = await aFreshPractice(server, page, {
      services: [{ name: "60-minute massage", durationMinutes: 60, priceCents: 6500 }], clients: [["Ada", "Testwood"]],
    });
    const api = apiAs(server, token);
    const [{ services }, { clients }] = await Promise.all([api("GET", "/api/services"), api("GET", "/api/clients")]);
    const ada = clients[0];

    // Card payments need the practice's own Stripe account: connect it, Stripe says it is ready.
    await page.goto(`${server.url}/settings/integrations`);
    expect(await page.locator("#stripe-state").textContent()).toContain("Not connected yet");
    await page.getByRole("button", { name: "Connect Stripe" }).click();
    await page.waitForURL(`${fake.url}/**`);
    const account = fake.requests.find((r) => r.method === "POST" && r.path === "/v1/accounts")!;
    const accountId = page.url().split("/").pop()!;
    expect(account).toBeTruthy();
    fake.setAccount(accountId, { charges_enabled: true });
    await page.goto(`${server.url}/settings/integrations/stripe/return`);
    expect(await page.locator("#stripe-state").textContent()).toContain("Connected");

    // A massage now, paid in cash at the front desk: one tap on Today swaps only the row.
    const start = new Date(Math.floor(Date.now() / 300_000) * 300_000);
    const { session } = await api("POST", "/api/sessions", { serviceId: services[0].id, startTime: start.toISOString() });
    await api("POST", `/api/sessions/${session.id}/attendees`, { clientId: ada.id });
    await page.goto(`${server.url}/today`);
    const row = page.locator("li.attendee", { hasText: "Ada Testwood" });
    expect(await row.locator(".badge").textContent()).toBe("Unpaid");
    await row.getByRole("button", { name: /Paid cash/ }).click();
    await expect.poll(() => row.locator(".badge").textContent()).toBe("Paid");
    expect(await row.getByRole("button", { name: /Paid cash/ }).count()).toBe(0);
    expect(page.url()).toBe(`${server.url}/today`); // the row swapped; the page stayed where it was
    await screenshot(page, "payments-today-paid-cash");

    // A package sold to Ada: she owes it; a card payment is asked for from her page.
    const { program } = await api("POST", "/api/programs", { name: "Five massages", type: "package", sessionsCount: 5, priceCents: 30000 });
    await api("POST", `/api/programs/${program.id}/enrollments`, { clientId: ada.id });
    await page.goto(`${server.url}/clients/${ada.id}#payments`);
    const owes = page.locator("#client-owes");
    expect(await owes.textContent()).toBe("Owes €300.00");
    await page.locator("#payments li", { hasText: "Five massages" }).getByRole("button", { name: /Card payment/ }).click();
    const link = page.locator("#payments input.pay-link");
    await expect.poll(() => link.count()).toBe(1);
    expect(await link.inputValue()).toMatch(new RegExp(`^${server.url}/pay/[A-Za-z0-9_-]{32}$`));
    await screenshot(page, "payments-client-card-request");

    // "Open card payment page" opens Stripe Checkout (the fake's URL) in a new tab.
    const [checkout] = await Promise.all([page.waitForEvent("popup"), page.getByRole("button", { name: "Open card payment page" }).click()]);
    await checkout.waitForURL(`${fake.url}/checkout/**`);
    const sessionId = checkout.url().split("/").pop()!;
    await checkout.close();
    const created = fake.requests.find((r) => r.path === "/v1/checkout/sessions" && r.method === "POST")!;
    expect(created.stripeAccount).toBe(accountId);

    // Stripe's signed webhook: the open page updates itself (it asks every few seconds while a card payment is pending).
    const completed = fake.completeCheckout(sessionId) as Record<string, unknown>;
    const delivery = signedDelivery(stripeEvent("checkout.session.completed", completed, { account: accountId }), WEBHOOK_SECRET);
    const res = await fetch(`${server.url}/api/webhook/stripe`, { method: "POST", headers: { "Content-Type": "application/json", "Stripe-Signature": delivery.signature }, body: delivery.body });
    expect(await res.json()).toEqual({ received: true, outcome: "applied" });
    await expect.poll(() => owes.textContent(), { timeout: 10_000 }).toBe("Nothing owed.");
    expect(await page.locator("#payments table.payments-list tbody tr", { hasText: "Five massages" }).locator("td").nth(4).textContent()).toBe("Paid");
    await screenshot(page, "payments-client-paid-by-card");

    // The practice-wide view, and the phone.
    await page.goto(`${server.url}/payments`);
    await screenshot(page, "payments-page-desktop");
    expect(await accessibilityViolations(page)).toEqual([]);
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    for (const path of [`/clients/${ada.id}`, "/payments"]) {
      await phone.goto(`${server.url}${path}`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await phone.goto(`${server.url}/clients/${ada.id}#payments`);
    await screenshot(phone, "payments-client-phone");
    expect(errors).toEqual([]);
  });
});
