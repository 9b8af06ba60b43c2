import { describe, expect, test } from "vitest";
import { accessibilityViolations, aFreshPractice, apiAs, collectErrors, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

describe.skipIf(skipBrowserTests)("follow-ups in Chromium", () => {
  const app = useServerAndBrowser();

  test("complete a session → the prompt offers a follow-up → accept → it is due on /follow-ups → complete it there", async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    const { token } = await aFreshPractice(server, page, {
      services: [{ name: "60-minute massage", durationMinutes: 60, priceCents: 6500 }], clients: [["Ada", "Testwood"]],
    });
    const api = apiAs(server, token);
    const [{ services }, { clients }] = await Promise.all([api("GET", "/api/services"), api("GET", "/api/clients")]);
    const ada = clients[0];

    // Follow up the same day: the accepted task is due today, on the due list.
    await page.goto(`${server.url}/settings`);
    await page.getByLabel("Suggested follow-up (days after a session)").fill("0");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#settings-form .flash").textContent()).toBe("Settings saved.");

    // A massage that started half an hour ago (so it can be marked completed), with Ada booked.
    const start = new Date(Math.floor((Date.now() - 30 * 60_000) / 60_000) * 60_000);
    const { session } = await api("POST", "/api/sessions", { serviceId: services[0].id, startTime: start.toISOString() });
    await api("POST", `/api/sessions/${session.id}/attendees`, { clientId: ada.id });

    await page.goto(`${server.url}/sessions/${session.id}`);
    expect(await page.locator(".nav-count").count()).toBe(0);
    await page.getByRole("button", { name: "Mark completed" }).click();
    const prompt = page.locator("#follow-up-prompt");
    await expect.poll(() => prompt.locator("h2").textContent()).toBe("Session completed: what next?");
    expect(page.url()).toBe(`${server.url}/sessions/${session.id}`); // shown in place, over htmx
    const item = prompt.locator(`#prompt-${ada.id}`);
    expect(await item.getByRole("link", { name: /Write the SOAP note/ }).getAttribute("href")).toBe(`/clients/${ada.id}?note=${session.id}#new-note-form`);
    expect(await item.textContent()).toContain("Check-in call, the day of the session");
    await screenshot(page, "follow-ups-prompt-desktop");
    expect(await accessibilityViolations(page)).toEqual([]);

    await item.getByRole("button", { name: /Add follow-up/ }).click();
    await expect.poll(() => item.locator("li").textContent()).toContain("Call due");
    expect(await item.locator("form").count()).toBe(0);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /Follow-ups/ }).click();
    await page.waitForURL(`${server.url}/follow-ups`);
    expect(await page.locator('nav a[href="/follow-ups"] .nav-count').textContent()).toBe("1 due");
    const row = page.locator("#due-today li.follow-up", { hasText: "Ada Testwood" });
    expect(await row.count()).toBe(1);
    await screenshot(page, "follow-ups-list-desktop");
    expect(await accessibilityViolations(page)).toEqual([]);

    await row.getByRole("button", { name: /Complete/ }).click();
    await expect.poll(() => row.getAttribute("class")).toContain("done");
    expect(page.url()).toBe(`${server.url}/follow-ups`);
    await page.reload();
    expect(await page.locator("#due-today li.follow-up").count()).toBe(0);
    expect(await page.locator(".nav-count").count()).toBe(0);
    await page.goto(`${server.url}/follow-ups?show=done`);
    expect(await page.locator("#done li.follow-up", { hasText: "Ada Testwood" }).count()).toBe(1);

    // The client page's section: add one from its form, complete it there.
    await page.goto(`${server.url}/clients/${ada.id}#follow-ups`);
    const section = page.locator("#follow-ups");
    await section.locator("summary", { hasText: "Add a follow-up" }).click();
    await section.getByLabel("Notes").fill("Send the stretching sheet");
    await section.getByLabel("Type").selectOption("email");
    await section.getByRole("button", { name: "Add follow-up" }).click();
    await expect.poll(() => section.locator("li.follow-up").count()).toBe(1);
    expect(await section.locator("li.follow-up").textContent()).toContain("Send the stretching sheet");
    await screenshot(page, "follow-ups-client-section-desktop");
    expect(await accessibilityViolations(page)).toEqual([]);

    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.context().addCookies(await page.context().cookies());
    for (const [path, name] of [["/follow-ups", "follow-ups-list-phone"], [`/clients/${ada.id}#follow-ups`, "follow-ups-client-section-phone"],
      [`/sessions/${session.id}?completed=1`, "follow-ups-prompt-phone"]] as const) {
      await phone.goto(`${server.url}${path}`);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await screenshot(phone, name);
    }
    expect(errors).toEqual([]);
  });
});
