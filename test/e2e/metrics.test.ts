import { describe, expect, test } from "vitest";
import { addDays, todayIn } from "../../src/lib/time.js";
import { accessibilityViolations, collectErrors, logInAsDemo, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

describe.skipIf(skipBrowserTests)("progress metrics in Chromium", () => {
  const app = useServerAndBrowser();

  test("create a slider metric, track it for a client, log three values and watch the chart update in place", async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    await logInAsDemo(page, server);

    await page.goto(`${server.url}/metrics`);
    await page.getByLabel("Name", { exact: true }).fill("Energy");
    await page.getByLabel("Input").selectOption("slider");
    await page.getByLabel("Minimum").fill("0");
    await page.getByLabel("Maximum").fill("10");
    await page.getByLabel("Progress is").selectOption("higher");
    await page.getByRole("button", { name: "Create metric" }).click();
    await expect.poll(() => page.locator(".flash").textContent()).toBe("Energy created.");

    await page.goto(`${server.url}/clients?q=testwood`);
    await page.locator("#client-rows a").first().click();
    await page.getByLabel("Track a metric").selectOption({ label: "Energy" });
    await page.getByRole("button", { name: "Track" }).click();
    const card = page.locator("article.metric-card", { hasText: "Energy" });
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.locator("figure .empty").textContent()).toBe("No data yet in this range.");

    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    for (const [i, value] of ["3", "5", "8"].entries()) {
      const slider = card.locator('input[type="range"]');
      await slider.fill(value);
      expect(await card.locator("output").textContent()).toBe(value); // the live value follows the slider
      await card.getByLabel("When (empty = now)").fill(`${addDays(todayIn("Europe/London"), i - 5)}T08:00`);
      await card.getByRole("button", { name: "Log" }).click();
      await expect.poll(async () => JSON.parse((await card.locator("figure").getAttribute("data-chart")) ?? '{"series":[{"points":[]}]}').series[0].points.length).toBe(i + 1);
      await expect.poll(() => card.locator("figure .uplot").count()).toBe(1);
    }
    expect(await card.locator(".latest strong").textContent()).toBe("8");
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, "metrics-client");

    // Out of range from a hand-edited request is refused in place.
    await card.locator('input[type="range"]').evaluate((el: HTMLInputElement) => { el.max = "99"; el.value = "42"; });
    await card.getByRole("button", { name: "Log" }).click();
    await expect.poll(() => card.locator(".form-error").textContent()).toContain("between 0 and 10");

    // The detail page overlays a second metric on its own axis.
    await card.getByRole("link", { name: /All ranges/ }).click();
    await page.getByLabel("Overlay").selectOption({ label: "Pain level" });
    await page.getByRole("button", { name: "Show" }).click();
    await expect.poll(() => page.locator("figure#metric-chart .uplot").count()).toBe(1);
    expect(await page.locator("figure#metric-chart .u-legend").textContent()).toContain("Pain level");
    await screenshot(page, "metrics-detail");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${server.url}/metrics`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  // htmx starts on a timer once the page is parsed, and could process the page before the deferred chart
  // script had registered: then about every other load showed cards without charts and sliders whose
  // number did not follow. Several fresh loads, each must mount every chart and bind every slider.
  test("every load of a client page draws all its charts and binds its sliders", async () => {
    const { server, browser } = app;
    let href: string | null = null;
    // A fresh browser context each time: with a cold cache the deferred scripts arrive one by one, which
    // is when htmx used to start first.
    for (let load = 0; load < 6; load++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await logInAsDemo(page, server);
      if (!href) {
        await page.goto(`${server.url}/clients?q=testwood`);
        href = await page.locator("#client-rows a").first().getAttribute("href");
      }
      await page.goto(`${server.url}${href}`);
      const figures = await page.locator("figure[data-chart]").count();
      expect(figures).toBeGreaterThan(0);
      await expect.poll(() => page.locator("figure[data-chart] .uplot").count(), { timeout: 3000 }).toBe(figures);
      await page.locator('article.metric-card input[type="range"]').first().fill("4");
      expect(await page.locator("article.metric-card output").first().textContent()).toBe("4");
      await context.close();
    }
  });
});
