import { describe, expect, test } from "vitest";
import { addDays, todayIn } from "../../src/lib/time.js";
import { accessibilityViolations, collectErrors, logInAsDemo, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

describe.skipIf(skipBrowserTests)("packages and credits in Chromium", () => {
  const app = useServerAndBrowser();

  test("sell a 5-session package, book it to zero, see the sixth refused with the offer, cancel one in time and see the credit come back", async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    await logInAsDemo(page, server);

    await page.goto(`${server.url}/programs`);
    await page.getByLabel("Type").selectOption("package");
    await page.getByLabel("Name", { exact: true }).fill("E2E five massages");
    await page.getByLabel("Number of sessions").fill("5");
    await page.getByLabel("Price (EUR)").fill("250");
    await page.getByLabel("Credits are for").selectOption({ label: "60-minute massage" });
    await page.getByRole("button", { name: "Create program" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("E2E five massages");

    // Sell it from the client's page: the credits section swaps in place.
    await page.goto(`${server.url}/clients?q=hugo`);
    await page.locator("#client-rows a").first().click();
    const clientUrl = page.url();
    await page.getByLabel("Enroll in or sell").selectOption({ label: "E2E five massages (Package)" });
    await page.getByRole("button", { name: "Enroll" }).click();
    const credits = page.locator("#programs article.enrollment", { hasText: "E2E five massages" }).locator(".credits-left");
    await expect.poll(() => credits.textContent()).toBe("5");

    // Book it down to zero, ten days and more ahead (well before the 24-hour window).
    const clientId = clientUrl.split("/").pop()!;
    const base = addDays(todayIn("Europe/London"), 10);
    for (let i = 0; i < 6; i++) {
      await page.goto(`${server.url}/sessions/new?clientId=${clientId}&start=${addDays(base, i)}T07:00`);
      await page.getByLabel("Service").selectOption({ label: "60-minute massage (60 min)" });
      await page.getByRole("button", { name: "Book", exact: true }).click();
      if (i < 5) await expect.poll(() => page.locator(".flash").textContent()).toBe("Session booked.");
    }
    await expect.poll(() => page.locator(".form-error").first().textContent()).toContain("No credits left in E2E five massages");
    expect(await page.getByRole("button", { name: "Book as a paid drop-in" }).count()).toBe(1);
    expect(await page.getByRole("link", { name: /Sell .* a new package/ }).count()).toBe(1);

    await page.goto(clientUrl);
    await expect.poll(() => credits.textContent()).toBe("0");
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    // Cancelling asks first (the browser's dialog, through hx-confirm): say yes, and nothing reloads.
    const asked: string[] = [];
    page.once("dialog", (dialog) => { asked.push(dialog.message()); void dialog.accept(); });
    await page.locator("#sessions li.booking", { hasText: "package" }).first().getByRole("button", { name: /Cancel/ }).click();
    await expect.poll(() => credits.textContent()).toBe("1");
    expect(asked).toEqual([expect.stringContaining("Cancel this booking?")]);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.locator("#programs details.ledger summary").first().click();
    expect(await page.locator("#programs details.ledger").first().textContent()).toContain("Canceled in time");
    await screenshot(page, "client-credits");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${server.url}/programs`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
