// The app shell: headers, caching, compression and the pages every later issue hangs off.
import { describe, expect, test } from "vitest";
import { aPracticeWithStaff } from "./factories.js";
import { aBrowser, testApp, testDatabase, text } from "./harness.js";

const htmlPages = ["/", "/settings", "/calendar", "/today", "/clients", "/programs", "/payments", "/metrics", "/follow-ups"];

describe("every HTML response", () => {
  test("carries a CSP that allows no inline or eval'd script, and Vary: HX-Request", async () => {
    const { staff } = await aPracticeWithStaff();
    const replies = [await aBrowser().get("/login"), await aBrowser().get("/signup"), await aBrowser().get("/nowhere")];
    for (const path of htmlPages) replies.push(await staff.get(path));
    for (const reply of replies) {
      const csp = reply.headers.get("Content-Security-Policy") ?? "";
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? /default-src ([^;]+)/.exec(csp)?.[1];
      expect(scriptSrc).toBe("'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(csp).not.toContain("unsafe-eval");
      expect(reply.headers.get("Vary")).toContain("HX-Request");
      expect(reply.body.startsWith("<!DOCTYPE html>")).toBe(true);
      expect(reply.doc().querySelectorAll("script:not([src])").length).toBe(0);
    }
  });

  test("staff pages have the nav with every section, the current one marked", async () => {
    const { staff } = await aPracticeWithStaff();
    const page = await staff.get("/programs");
    expect(page.status).toBe(200);
    const links = page.doc().querySelectorAll("nav[aria-label=Main] a").map((a) => a.text);
    expect(links).toEqual(["Calendar", "Clients", "Programs", "Payments", "Metrics", "Follow-ups", "Settings"]);
    expect(text(page, "nav a[aria-current=page]")).toBe("Programs");
  });

  test("is gzipped when the browser accepts it", async () => {
    const { staff } = await aPracticeWithStaff();
    const page = await staff.get("/settings", { headers: { "Accept-Encoding": "gzip" } });
    expect(page.headers.get("Content-Encoding")).toBe("gzip");
  });

  test("an unknown page is a 404 page in the layout", async () => {
    const reply = await aBrowser().get("/no/such/page");
    expect(reply.status).toBe(404);
    expect(text(reply, "h1")).toBe("Not found");
  });
});

describe("static assets", () => {
  test("are served under content-hashed names, gzipped, with immutable caching", async () => {
    const login = await aBrowser().get("/login");
    const urls = [
      ...login.doc().querySelectorAll("script[src]").map((s) => s.getAttribute("src")!),
      ...login.doc().querySelectorAll("link[rel=stylesheet], link[rel=icon]").map((l) => l.getAttribute("href")!),
    ];
    expect(urls).toHaveLength(5);
    for (const url of urls) {
      expect(url).toMatch(/^\/static\/[a-z.]+\.[0-9a-f]{12}\.(js|css|svg)$/);
      const asset = await aBrowser().get(url, { headers: { "Accept-Encoding": "gzip, br" } });
      expect(asset.status).toBe(200);
      expect(asset.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
      expect(asset.headers.get("Content-Encoding")).toBe("gzip");
    }
    expect(urls.some((u) => u.includes("htmx.min."))).toBe(true);
  });

  test("an unknown or stale asset name is a 404, and no path escapes the folder", async () => {
    for (const path of ["/static/app.000000000000.css", "/static/..%2Fpackage.json", "/static/../package.json"]) {
      expect((await aBrowser().get(path)).status, path).toBe(404);
    }
  });
});

describe("health and API description", () => {
  test("/healthz names the database driver in use", async () => {
    const reply = await aBrowser().get("/healthz");
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ ok: true, db: testDatabase().kind });
  });

  test("/api/openapi.json describes the auth and user endpoints with their request schemas", async () => {
    const doc = (await aBrowser().get("/api/openapi.json")).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/auth/register", "/api/auth/login", "/api/auth/logout", "/api/user/me", "/healthz",
      "/api/clients", "/api/clients/{clientId}", "/api/services"]));
    expect(doc.paths["/api/clients"].post.requestBody.content["application/json"].schema.required).toEqual(["firstName", "lastName"]);
    const register = doc.paths["/api/auth/register"].post.requestBody.content["application/json"].schema;
    expect(register.required).toEqual(expect.arrayContaining(["email", "password", "fullName"]));
    expect(register.properties.password.minLength).toBe(10);
  });
});

test("/api/openapi.json describes every API route the app has", async () => {
  const doc = (await aBrowser().get("/api/openapi.json")).json();
  const missing = testApp().routes
    .filter((r) => r.method !== "ALL" && r.path.startsWith("/api/") && r.path !== "/api/openapi.json")
    .map((r) => [r.method.toLowerCase(), r.path.replace(/:([a-zA-Z]+)/g, "{$1}")] as const)
    .filter(([method, path]) => !doc.paths[path]?.[method])
    .map(([method, path]) => `${method} ${path}`);
  expect(missing).toEqual([]);
});

describe("the database", () => {
  test("has btree_gist loaded by the migrations, on PGlite and PostgreSQL alike", async () => {
    const { sql } = await import("drizzle-orm");
    const result = await testDatabase().db.execute(sql`select extname from pg_extension where extname = 'btree_gist'`);
    const rows = (result as unknown as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
    expect(rows).toHaveLength(1);
  });
});
