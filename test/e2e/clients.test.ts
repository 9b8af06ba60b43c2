import { describe, expect, test } from "vitest";
import { accessibilityViolations, collectErrors, logInAsDemo, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

describe.skipIf(skipBrowserTests)("a practitioner's client records in Chromium", () => {
  const app = useServerAndBrowser();

  test("create a client, find them by typing part of their name, edit them, add and revise a SOAP note", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    await logInAsDemo(page, app.server);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
    await page.getByRole("link", { name: "New client" }).click();
    await page.getByLabel("First name").fill("Winifred");
    await page.getByLabel("Last name").fill("Zzyzx-Browser");
    await page.getByLabel("Email").fill("winifred.zzyzx@example.test");
    await page.getByLabel("Phone").fill("07700 900777");
    await page.getByLabel("Date of birth").fill("1984-06-30");
    await page.getByLabel("Health notes").fill("Old shoulder injury, right side.");
    await page.getByRole("button", { name: "Add client" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Winifred Zzyzx-Browser");

    // Instant search: typing swaps only the table body (the search box keeps focus and its text).
    await page.goto(`${app.server.url}/clients`);
    const rowsBefore = await page.locator("#client-rows tr").count();
    expect(rowsBefore).toBeGreaterThan(20);
    await page.getByLabel("Search").pressSequentially("zzyz", { delay: 40 });
    await expect.poll(() => page.locator("#client-rows tr").count(), { timeout: 5000 }).toBe(1);
    expect(await page.locator("#client-rows a").textContent()).toBe("Zzyzx-Browser, Winifred");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("q");
    expect(new URL(page.url()).searchParams.get("q")).toBe("zzyz");

    await page.locator("#client-rows a").click();
    await page.getByRole("link", { name: "Edit" }).first().click();
    await page.getByLabel("Phone").fill("07700 900778");
    await page.getByRole("button", { name: "Save client" }).click();
    await expect.poll(() => page.locator(".flash").textContent()).toBe("Client saved.");
    expect(await page.locator(".contact").textContent()).toContain("07700 900778");

    // The header's "New note" link opens the folded form.
    await page.getByRole("link", { name: "New note" }).click();
    await page.locator("#new-subjective").fill("Shoulder aches after swimming.");
    await page.locator("#new-plan").fill("Massage the right rotator cuff; review in a week.");
    await page.getByRole("button", { name: "Add note" }).click();
    await expect.poll(() => page.locator("article.note").count()).toBe(1);
    expect(await page.locator("article.note dl.soap").textContent()).toContain("Shoulder aches after swimming.");

    await page.locator("article.note").getByRole("link", { name: "Edit" }).click();
    await page.locator("form.note textarea[name=plan]").fill("Massage the right rotator cuff; review in two weeks.");
    await page.getByRole("button", { name: "Save as revision 2" }).click();
    await expect.poll(() => page.locator("article.note header").textContent()).toContain("revision 2");
    expect(await page.locator("article.note").getByRole("link", { name: "History (1 earlier)" }).count()).toBe(1);
    await screenshot(page, "client-page-desktop");

    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${app.server.url}/clients`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${app.server.url}/services`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("the client page works on a phone", async () => {
    const page = await app.browser.newPage({ viewport: { width: 390, height: 844 } });
    await logInAsDemo(page, app.server);
    await page.goto(`${app.server.url}/clients?q=testwood`);
    await page.locator("#client-rows a").first().click();
    await page.waitForSelector("article.note");
    await screenshot(page, "client-page-phone");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.close();
  });
});
