// A practitioner's day on a 390×844 phone: a one-line header with the sections behind "Menu", no page
// that scrolls sideways, and the front desk's taps — check-in, its undo, a confirmed cancel, and a tap
// on a dropped connection that says so and can be sent again.
import { describe, expect, test } from "vitest";
import { toLocalInput } from "../../src/lib/time.js";
import { aFreshPractice, collectErrors, logInAsDemo, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

const phone = { width: 390, height: 844 };

describe.skipIf(skipBrowserTests)("a practitioner's day on a phone", () => {
  const app = useServerAndBrowser();

  test("the header is one line; no page of the nav scrolls sideways; the menu opens without a script", async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: phone });
    await logInAsDemo(page, server);
    await page.goto(`${server.url}/clients?q=testwood`);
    const client = await page.locator("#client-rows a").first().getAttribute("href");
    await page.goto(`${server.url}/programs`);
    const program = await page.locator("table.list a").first().getAttribute("href");
    const paths = ["/", "/calendar?view=day", "/today", "/clients", client!, "/programs", program!, "/payments", "/metrics", "/follow-ups",
      "/settings", "/services", "/sessions/new"];
    const problems: string[] = [];
    for (const path of paths) {
      await page.goto(`${server.url}${path}`);
      const { header, overflow } = await page.evaluate(() => ({
        header: document.querySelector(".app-header")!.getBoundingClientRect().height,
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      }));
      if (header > 64) problems.push(`${path}: header ${header} px`);
      if (overflow > 0) problems.push(`${path}: scrolls ${overflow} px sideways`);
    }
    expect(problems).toEqual([]);

    await page.goto(`${server.url}/services`);
    await screenshot(page, "phone-services");
    expect(await page.getByRole("link", { name: "Clients", exact: true }).isVisible()).toBe(false);
    await page.locator(".menu > summary").click();
    await screenshot(page, "phone-menu-open");
    await page.getByRole("link", { name: "Clients", exact: true }).click();
    await page.waitForURL(/\/clients$/);
    await page.close();
  });

  test("check in and undo it, cancel a session after saying who canceled, and a tap offline offers to send it again", async () => {
    const { server, browser } = app;
    const context = await browser.newContext({ viewport: phone });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await aFreshPractice(server, page, { services: [{ name: "Massage", durationMinutes: 60, priceCents: 6000 }], clients: [["Ada", "Testwood"]] });
    // A session that started a few minutes ago: check-in is open.
    const start = new Date(Math.floor(Date.now() / 300_000) * 300_000);
    await page.goto(`${server.url}/sessions/new?start=${toLocalInput(start, "Europe/London")}`);
    await page.locator("#client-search").fill("Ada");
    await page.locator("#client-options label", { hasText: "Ada" }).first().locator("input").check({ timeout: 5000 });
    await page.getByLabel("Service").selectOption({ label: "Massage (60 min)" });
    await page.getByRole("button", { name: "Book" }).click();
    await page.waitForURL(/\/sessions\/[0-9a-f-]+$/);

    const row = page.locator("li.attendee", { hasText: "Ada" });
    await row.getByRole("button", { name: /Check in/ }).click();
    await expect.poll(() => row.locator(".attendee-status").textContent()).toContain("Checked in");
    await row.getByRole("button", { name: /Undo check-in/ }).click();
    await expect.poll(() => row.locator(".attendee-status").textContent()).toContain("Booked");

    // Cancel: who canceled is asked in the form, the consequence in the dialog.
    const asked: string[] = [];
    page.on("dialog", (dialog) => { asked.push(dialog.message()); void dialog.accept(); });
    await page.getByLabel(/The practice/).check();
    await page.getByRole("button", { name: "Cancel session" }).click();
    await expect.poll(() => page.locator("#session-summary h1 .badge").textContent()).toBe("Canceled");
    expect(asked).toEqual([expect.stringContaining("1 person is booked")]);
    expect(await page.locator("li.attendee", { hasText: "Ada" }).locator(".attendee-status").textContent()).toContain("Canceled");
    await screenshot(page, "phone-session-canceled");

    // The connection drops: the tap says it was not saved and offers to try again, which works once back.
    await context.setOffline(true);
    await page.getByRole("button", { name: /Reinstate/ }).click();
    await expect.poll(() => page.locator(".request-problem").textContent()).toContain("Not saved: the connection dropped.");
    await screenshot(page, "phone-offline-retry");
    await context.setOffline(false);
    await page.locator(".request-problem").getByRole("button", { name: "Try again" }).click();
    await expect.poll(() => page.locator("#session-summary h1 .badge").textContent()).toBe("Scheduled");
    expect(await page.locator("li.attendee", { hasText: "Ada" }).locator(".attendee-status").textContent()).toContain("Booked");
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(e))).toEqual([]);
    await context.close();
  });
});
