// Every route the app has, found by asking Hono rather than by a list someone must remember to update.
// Later issues extend this sweep (another practice's ids → 404) as they add tenant routes.
import { describe, expect, test } from "vitest";
import { aBrowser, testApp } from "./harness.js";

// Routes a visitor without a session may use. Anything else must send them to log in.
const publicRoutes = new Set([
  "GET /healthz", "GET /api/openapi.json", "GET /static/:file",
  "GET /login", "POST /login", "POST /logout", "GET /signup", "POST /signup",
  "POST /api/auth/register", "POST /api/auth/login",
  // Credentialed by a secret in the URL or a signature, not by a session:
  "GET /calendar/feeds/:file", "POST /api/webhook/calendly/:connectionId", "POST /api/webhook/stripe",
  "GET /pay/:token", "POST /pay/:token", "GET /pay/:token/done",
  // A reminder's unsubscribe link: the email's own random id is the credential (mail apps post it one-click).
  "GET /email/unsubscribe/:emailId", "POST /email/unsubscribe/:emailId",
  // Forgot your password: the email is the credential.
  "GET /password-reset", "POST /password-reset", "GET /password-reset/:token", "POST /password-reset/:token",
  // A portal invitation: the link in the email is the credential (the person has no login yet).
  "GET /portal/invite/:token", "POST /portal/invite/:token",
]);

const someId = "00000000-0000-4000-8000-000000000000";

function appRoutes() {
  const seen = new Set<string>();
  for (const r of testApp().routes) {
    if (r.method === "ALL" || r.path.endsWith("*")) continue; // middleware
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen];
}

describe("every route", () => {
  test("there are routes to sweep (the sweep itself works)", () => {
    expect(appRoutes()).toEqual(expect.arrayContaining(["GET /settings", "POST /settings", "GET /api/user/me"]));
  });

  test("refuses a visitor without a session unless it is meant to be public", async () => {
    const leaks: string[] = [];
    for (const route of appRoutes()) {
      if (publicRoutes.has(route)) continue;
      const [method, path] = route.split(" ") as [string, string];
      const url = path.replace(/:[a-zA-Z]+/g, someId);
      const reply = await aBrowser().send(method, url, method === "GET" ? {} : { form: {} });
      const refused = path.startsWith("/api/") ? reply.status === 401 : reply.status === 303 && reply.headers.get("Location")?.startsWith("/login");
      if (!refused) leaks.push(`${route} → ${reply.status}`);
    }
    expect(leaks).toEqual([]);
  });
});
