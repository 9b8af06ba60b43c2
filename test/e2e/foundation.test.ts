import { describe, expect, test } from "vitest";
import { accessibilityViolations, collectErrors, logInAsDemo, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

describe.skipIf(skipBrowserTests)("a new user in Chromium", () => {
  // From an empty database: the first start migrates and creates the demo practice, as on a new machine.
  const app = useServerAndBrowser(undefined, { fresh: true });

  test("npm start serves the demo practice, and the printed login works", async () => {
    const health = await (await fetch(`${app.server.url}/healthz`)).json();
    expect(health).toEqual({ ok: true, db: app.server.db });

    const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(app.server.url);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.getByLabel("Email").fill(app.server.demo.email);
    await page.getByLabel("Password").fill(app.server.demo.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${app.server.url}/`);
    expect(await page.locator("#calendar ol.week > li").count()).toBe(7);
    expect(await page.locator(".brand").textContent()).toContain("(demo)");
    await screenshot(page, "home-desktop");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("signing up picks the device's time zone; settings save in place over htmx; logout ends the session", async () => {
    const context = await app.browser.newContext({ timezoneId: "America/New_York", viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${app.server.url}/signup`);
    // app.js preselects the browser's zone: proof that scripts run under our CSP.
    await expect.poll(() => page.locator("#timezone").inputValue()).toBe("America/New_York");

    await page.getByLabel("Your name").fill("Eve Endtoend");
    await page.getByLabel("Email").fill(`e2e-${Date.now()}@example.test`);
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByLabel("Practice name").fill("Riverside Yoga");
    await page.getByRole("button", { name: "Create practice" }).click();
    await page.waitForURL(`${app.server.url}/`);
    expect(await page.locator(".flash").textContent()).toContain("Welcome");
    await screenshot(page, "home-phone");

    // On a phone the sections are behind "Menu".
    await page.locator(".menu > summary").click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await page.waitForURL(`${app.server.url}/settings`);
    expect(await page.locator("#timezone").inputValue()).toBe("America/New_York");

    // The browser itself stops an out-of-range number (min/max on the input)…
    await page.getByLabel("Cancellation window (hours)").fill("9999");
    await page.getByRole("button", { name: "Save settings" }).click();
    expect(await page.locator("#cancellationWindowHours").evaluate((i: HTMLInputElement) => i.validity.rangeOverflow)).toBe(true);
    // …and what only the server can judge comes back in place with the message (htmx swaps the 422).
    await page.getByLabel("Cancellation window (hours)").fill("12");
    await page.getByLabel("Reminders before each session").fill("tomorrow");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#reminderOffsets-error").textContent({ timeout: 5000 })).toContain("not a duration");
    expect(new URL(page.url()).pathname).toBe("/settings");

    await page.getByLabel("Reminders before each session").fill("24h, 1h");
    await page.getByLabel("Practice name").fill("Riverside Yoga & Pilates");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#settings-form .flash").textContent({ timeout: 5000 })).toBe("Settings saved.");
    expect(new URL(page.url()).pathname).toBe("/settings");
    // The header's practice name follows in the same response (an out-of-band swap), no reload needed.
    expect(await page.locator("#practice-name").textContent()).toBe("Riverside Yoga & Pilates");
    await screenshot(page, "settings-phone");

    await page.reload();
    expect(await page.locator("#cancellationWindowHours").inputValue()).toBe("12");
    expect(await page.locator("#reminderOffsets").inputValue()).toBe("24h, 1h");

    await page.locator(".menu > summary").click(); // on a phone, Log out is in the menu too
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(`${app.server.url}/login`);
    await page.goto(`${app.server.url}/settings`);
    expect(new URL(page.url()).pathname).toBe("/login");
    expect(errors).toEqual([]);
    await context.close();
  });

  test("login works from the keyboard alone", async () => {
    const page = await app.browser.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // brand
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("email");
    await page.keyboard.type(app.server.demo.email);
    await page.keyboard.press("Tab");
    await page.keyboard.type(app.server.demo.password);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${app.server.url}/`);
    await page.close();
  });

  test("the pages that exist pass axe-core's WCAG A/AA checks", async () => {
    const page = await app.browser.newPage();
    const violations: Record<string, string[]> = {};
    for (const path of ["/login", "/signup"]) {
      await page.goto(`${app.server.url}${path}`);
      violations[path] = await accessibilityViolations(page);
    }
    await logInAsDemo(page, app.server);
    for (const path of ["/", "/settings", "/clients"]) {
      await page.goto(`${app.server.url}${path}`);
      violations[path] = await accessibilityViolations(page);
    }
    expect(violations).toEqual({ "/login": [], "/signup": [], "/": [], "/settings": [], "/clients": [] });
    await page.close();
  });
});
