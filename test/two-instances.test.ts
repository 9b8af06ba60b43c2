// Two app processes behind one load balancer share nothing but PostgreSQL: a session, a failed login or a
// delivered webhook seen by one must count on the other. Each instance here has its own connection pool, as
// a second process would. PGlite is a single process, so the file only runs on PostgreSQL.
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { openPostgres, type Database } from "../src/db/client.js";
import { clients, sessionAttendees, sessions, unplacedBookings } from "../src/db/schema.js";
import { LOGIN_LIMITS } from "../src/domain/sign-in-limits.js";
import { aPassword, aPracticeWithStaff } from "./factories.js";
import { ORIGIN, testDatabase, testDb, testEnv } from "./harness.js";
import { postgresUrl } from "./test-database.js";

type App = ReturnType<typeof createApp>;
type Reply = { status: number; headers: Headers; body: string; json: () => any };
type RequestOptions = { form?: Record<string, string>; json?: unknown; raw?: string; cookie?: string; bearer?: string; headers?: Record<string, string> };

/** One request to the given instance, sent as a browser on our own origin would (the CSRF guard wants the Origin). */
async function send(app: App, method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
  const headers = new Headers(options.headers);
  if (method !== "GET" && !options.raw) headers.set("Origin", ORIGIN);
  if (options.cookie) headers.set("Cookie", `${SESSION_COOKIE}=${options.cookie}`);
  if (options.bearer) headers.set("Authorization", `Bearer ${options.bearer}`);
  let body: string | undefined;
  if (options.form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined || options.raw !== undefined) {
    headers.set("Content-Type", "application/json");
    body = options.raw ?? JSON.stringify(options.json);
  }
  const res = await app.request(`${ORIGIN}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text, json: () => JSON.parse(text) };
}

/** Every limit counts one account tried from one address (all requests here come from "unknown"): the smallest bites first. */
const LOGIN_LIMIT = Math.min(...Object.values(LOGIN_LIMITS).map((l) => l.limit));

const sessionCookieOf = (reply: Reply) =>
  reply.headers.getSetCookie().map((c) => c.split(";")[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`))?.slice(SESSION_COOKIE.length + 1);

describe.skipIf(!postgresUrl())("two app instances on one PostgreSQL", () => {
  const pools: Database[] = [];
  let a: App;
  let b: App;

  beforeAll(async () => {
    // The file's own fresh database (cloned by the harness from the migrated template), opened twice more.
    const url = testDatabase().url!;
    pools.push(await openPostgres(url, { max: 5 }), await openPostgres(url, { max: 5 }));
    [a, b] = pools.map((database) => createApp(database, testEnv)) as [App, App];
  });

  afterAll(async () => {
    await Promise.all(pools.map((database) => database.close()));
  });

  test("a form login on A is signed in on B, and logging out on B signs it out on A", async () => {
    const { email } = await aPracticeWithStaff();
    const login = await send(a, "POST", "/login", { form: { email, password: aPassword } });
    expect(login.status).toBe(303);
    const cookie = sessionCookieOf(login);
    expect(cookie).toBeTruthy();

    expect((await send(b, "GET", "/settings", { cookie })).status).toBe(200);
    expect((await send(a, "GET", "/settings", { cookie })).status).toBe(200);
    const logout = await send(b, "POST", "/logout", { cookie });
    expect(logout.status).toBe(303);
    const after = await send(a, "GET", "/settings", { cookie });
    expect(after.status).toBe(303);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
  });

  test("an API token from B works on A, and revoking it on A revokes it on B", async () => {
    const { email } = await aPracticeWithStaff();
    const login = await send(b, "POST", "/api/auth/login", { json: { email, password: aPassword } });
    expect(login.status).toBe(200);
    const token = login.json().token as string;

    expect((await send(a, "GET", "/api/user/me", { bearer: token })).status).toBe(200);
    expect((await send(a, "POST", "/api/auth/logout", { bearer: token })).status).toBe(204);
    expect((await send(b, "GET", "/api/user/me", { bearer: token })).status).toBe(401);
    expect((await send(a, "GET", "/api/user/me", { bearer: token })).status).toBe(401);
  });

  test("failed logins spread over A and B count together: past the limit both refuse even the right password", async () => {
    const { email } = await aPracticeWithStaff();
    for (let i = 0; i < LOGIN_LIMIT; i++) {
      const wrong = await send(i % 2 ? b : a, "POST", "/api/auth/login", { json: { email, password: `wrong password ${i}` } });
      // Only "not let in" is asserted: whether the last wrong try already answers 429 is the limiter's business.
      expect([401, 429], `wrong attempt ${i + 1} on ${i % 2 ? "B" : "A"}`).toContain(wrong.status);
    }
    for (const [name, app] of [["A", a], ["B", b]] as const) {
      const right = await send(app, "POST", "/api/auth/login", { json: { email, password: aPassword } });
      expect(right.status, `the right password on ${name}`).toBe(429);
    }
  });

  test("one Calendly event delivered ten times at once, five to each instance, books one session", async () => {
    const owner = await aPracticeWithStaff();
    const signingKey = `calendly-key-${Math.random().toString(36).slice(2)}`;
    await owner.staff.post("/settings/integrations/calendly", { form: {} });
    await owner.staff.post("/settings/integrations/calendly/signing-key", { form: { signingKey } });
    const settings = await owner.staff.get("/settings/integrations");
    const path = new URL(settings.doc().querySelector("#calendly-url")!.getAttribute("value")!).pathname;

    const body = JSON.stringify({
      event: "invitee.created",
      payload: {
        email: "twice@example.test", name: "Tess Twice",
        scheduled_event: {
          uri: "https://api.calendly.example/scheduled_events/TWO-INSTANCES", name: "Massage",
          start_time: "2030-05-06T09:00:00.000000Z", end_time: "2030-05-06T10:00:00.000000Z",
          location: { location: "Studio" }, event_memberships: [{ user_email: owner.email }],
        },
      },
    });
    const t = Math.floor(Date.now() / 1000);
    const signature = `t=${t},v1=${createHmac("sha256", signingKey).update(`${t}.${body}`).digest("hex")}`;
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      send(i % 2 ? b : a, "POST", path, { raw: body, headers: { "Calendly-Webhook-Signature": signature } })));

    expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
    const results = replies.map((r) => r.json().result as string);
    expect(results.every((r) => r === "booked" || r === "unchanged"), results.join(", ")).toBe(true);
    const practiceId = owner.practice.id;
    const booked = await testDb().select().from(sessions).where(eq(sessions.practiceId, practiceId));
    expect(booked).toHaveLength(1);
    expect(await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, booked[0]!.id))).toHaveLength(1);
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, practiceId))).toHaveLength(1);
    expect(await testDb().select().from(unplacedBookings).where(eq(unplacedBookings.practiceId, practiceId))).toHaveLength(0);
  });
});
