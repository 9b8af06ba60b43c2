import { describe, expect, test } from "vitest";
import { formatTime, localParts, toLocalInput } from "../../src/lib/time.js";
import { accessibilityViolations, aFreshPractice, collectErrors, logInAsDemo, screenshot, skipBrowserTests, useServerAndBrowser } from "./browser.js";

describe.skipIf(skipBrowserTests)("the calendar in Chromium", () => {
  const app = useServerAndBrowser();

  test("a recurring class fills up, two people are checked in at the front desk, a double booking is refused", async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectErrors(page);
    // A practice of its own, so a class starting now is free whatever the hour; check-in opens 2 hours
    // before the start, so the front desk can check people in right away.
    await aFreshPractice(server, page, {
      services: [{ name: "Beginners yoga", durationMinutes: 75, priceCents: 1500, capacity: 8 }, { name: "60-minute massage", durationMinutes: 60, priceCents: 6500 }],
      clients: [["Ada", "Testwood"], ["Basil", "Dummett"], ["Greta", "Fakeham"], ["Hugo", "Mockridge"]],
    });
    const tz = "Europe/London";
    const start = new Date(Math.floor(Date.now() / 300_000) * 300_000); // now, to the 5 minutes before
    const today = localParts(start, tz).date;
    const at = (offsetMinutes: number) => new Date(start.getTime() + offsetMinutes * 60_000);

    // A weekly class starting now with three places.
    await page.goto(`${server.url}/sessions/new?start=${toLocalInput(start, tz)}`);
    await page.getByLabel("Service").selectOption({ label: "Beginners yoga (75 min, up to 8)" });
    await page.getByLabel("Capacity (optional)").fill("3");
    await page.getByLabel("Repeat weekly").check();
    await page.getByLabel("Number of sessions").fill("4");
    await page.getByRole("button", { name: "Book" }).click();
    await expect.poll(() => page.locator(".flash").textContent()).toMatch(/^4 sessions booked/);
    const tonight = page.locator(`#calendar time[datetime="${today}"]`).locator("xpath=ancestor::li[1]").locator(".session-card", { hasText: "Beginners yoga" }).last();
    await tonight.click();
    await page.waitForURL(/\/sessions\//);

    // Add people until it is full: the picker searches as you type, ticked clients stay ticked.
    for (const name of ["Ada", "Basil", "Greta"]) {
      await page.locator("#client-search").fill(name);
      await page.locator("#client-options label", { hasText: name }).first().locator("input").check({ timeout: 5000 });
      await page.getByRole("button", { name: "Add selected" }).click();
      await expect.poll(() => page.locator(".flash").textContent()).toBe("Client added.");
    }
    expect(await page.locator("ul.attendees li.attendee").count()).toBe(3);
    await page.locator("#client-search").fill("Hugo");
    await page.locator("#client-options label", { hasText: "Hugo" }).first().locator("input").check({ timeout: 5000 });
    await page.getByRole("button", { name: "Add selected" }).click();
    await expect.poll(() => page.locator("#add-attendees .form-error").textContent()).toContain("This session is full (3/3)");

    // Front desk: check two people in; the row comes back from the server with the time.
    await page.goto(`${server.url}/today`);
    const card = page.locator("section.today-session", { hasText: "Beginners yoga" }).last();
    for (const name of ["Ada", "Basil"]) {
      await card.locator("li.attendee", { hasText: name }).getByRole("button", { name: /Check in/ }).click();
      await expect.poll(() => card.locator("li.attendee.attended", { hasText: name }).count()).toBe(1);
    }
    expect(await card.locator("li.attendee.attended time").count()).toBe(2);
    await screenshot(page, "today-desktop");

    // The same practitioner half an hour later: refused, with the clash and the next free slot.
    await page.goto(`${server.url}/sessions/new?start=${toLocalInput(at(30), tz)}`);
    await page.getByLabel("Service").selectOption({ label: "60-minute massage (60 min)" });
    await page.getByRole("button", { name: "Book" }).click();
    const hm = (d: Date) => formatTime(d, tz);
    await expect.poll(() => page.locator(".form-error").first().textContent())
      .toContain(`already booked ${hm(start)}–${hm(at(75))}`);
    expect(await page.locator(".form-error").first().textContent()).toContain(`Next free slot: ${hm(at(75))}–${hm(at(135))}`);

    // On a wide screen the week is a time grid: a click on a free spot opens the booking form at that hour.
    await page.goto(`${server.url}/calendar?view=week&date=${today}`);
    const day = page.locator(`ol.week > li[data-day="${today}"]`);
    const box = (await day.boundingBox())!;
    // An hour at least three away from now: free whatever the time of day (the class starts now).
    const nowHour = Number(toLocalInput(start, tz).slice(11, 13));
    const labels = await page.locator(".hours-col span").allTextContents();
    const free = labels.find((h) => Math.abs(Number(h.slice(0, 2)) - nowHour) >= 3)!;
    const label = (await page.locator(".hours-col span", { hasText: free }).first().boundingBox())!;
    await day.click({ position: { x: box.width / 2, y: label.y - box.y + label.height / 2 + 2 } });
    await page.waitForURL(/\/sessions\/new\?start=/);
    expect(new URL(page.url()).searchParams.get("start")).toMatch(new RegExp(`^${today}T\\d\\d:00$`));

    // Week navigation swaps the grid and pushes the URL; back returns.
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "Next week →" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("date")).not.toBeNull();
    await page.goBack();
    await expect.poll(() => page.locator(`#calendar time[datetime="${today}"]`).count()).toBe(1);
    await screenshot(page, "week-desktop");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${server.url}/today`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("on a phone the week is a list of days, with no sideways scrolling", async () => {
    const { server, browser } = app;
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logInAsDemo(page, server);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const columns = await page.evaluate(() => getComputedStyle(document.querySelector("ol.week")!).gridTemplateColumns.split(" ").length);
    expect(columns).toBe(1);
    await screenshot(page, "week-phone");
    await page.close();
  });
});
