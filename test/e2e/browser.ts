// Browser-test helpers: a server and a Chromium per test file, screenshots, console errors, axe-core.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { chromiumPath, hasChromium, launchChromium } from "../../tools/chromium.js";
import { startServer, type RunningServer } from "./server.js";
import { fromRoot } from "../../src/paths.js";

/** Without Chromium a developer's `npm test` still runs the rest; CI (CI=true) must have it and fails instead. */
export const skipBrowserTests = !hasChromium && !process.env.CI;
if (skipBrowserTests) console.warn(`\n  Skipping browser tests: ${chromiumPath} not found (apt-get install chromium).\n`);

export const screenshotDir = fromRoot("test-results");
export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshotDir, { recursive: true });
  const file = `${screenshotDir}/${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Console errors and uncaught exceptions, CSP violations included: a page that logs one has a bug. */
// Chromium logs every 4xx answer as a console error; 409 and 422 are our refusals with a message, not faults.
export function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of (409|422) \((Conflict|Unprocessable)/.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.1 A/AA rules on the current page. Evaluated over DevTools, so our CSP stays on. */
export async function accessibilityViolations(page: Page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
  });
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/**
 * A real server (`npm start`'s entry point on a fresh database) and Chromium for one test file,
 * started before its tests and stopped after them. Read `app.server` / `app.browser` inside tests.
 */
export function useServerAndBrowser(extraEnv: () => Record<string, string> = () => ({}), options: { fresh?: boolean } = {}) {
  const app = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    [app.server, app.browser] = await Promise.all([startServer(extraEnv(), options), launchChromium()]);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.stop();
  });
  return app;
}

/** Logs in through the form with the demo login the server printed; lands on the week. */
export async function logInAsDemo(page: Page, server: RunningServer) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(server.demo.email);
  await page.getByLabel("Password").fill(server.demo.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${server.url}/`);
}

/**
 * A practice of its own, signed up over the JSON API with the services and clients a test names, and the
 * browser logged in as its owner: a test that books "now" cannot clash with the demo practice's day.
 */
/** The JSON API as the practice's owner (a bearer token from aFreshPractice): a step the story does not click through. */
export function apiAs(server: RunningServer, token: string) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method, headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined,
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json();
  };
}

export async function aFreshPractice(server: RunningServer, page: Page, setup: {
  services: Array<{ name: string; durationMinutes: number; priceCents: number; capacity?: number }>; clients: Array<[firstName: string, lastName: string]>;
}) {
  const email = `e2e-${Math.random().toString(36).slice(2, 10)}@example.test`;
  const password = "e2e-fresh-practice-2026";
  const call = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${path}`, {
      method: "POST", headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const { token } = await call("/api/auth/register", { email, password, fullName: "Eve Example", practiceName: "E2E Studio", timezone: "Europe/London" });
  for (const service of setup.services) await call("/api/services", service, token);
  for (const [firstName, lastName] of setup.clients) await call("/api/clients", { firstName, lastName }, token);
  await page.goto(`${server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${server.url}/`);
  return { email, password, token };
}
