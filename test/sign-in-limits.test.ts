// The login and sign-up limits hold under parallel requests and across addresses and accounts, and a
// new password must be hard to guess. Counts live in PostgreSQL (rate_limit_buckets), so what holds for
// one app here holds for several instances on one database (test/two-instances.test.ts).
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { users } from "../src/db/schema.js";
import { readEnv } from "../src/env.js";
import { LOGIN_LIMITS } from "../src/domain/sign-in-limits.js";
import { aPassword, aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser, ORIGIN, testDatabase, testDb, testEnv, text } from "./harness.js";

/** An app behind a trusted proxy, so each request can come from the address we say. */
function fromAddress() {
  // The default sign-up limit, not the tests' raised one.
  const app = createApp(testDatabase(), { ...testEnv, trustProxy: true, signupsPerHour: readEnv({}).signupsPerHour });
  return (ip: string, path: string, body: Record<string, string>) => app.request(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": ip },
    body: JSON.stringify(body),
  });
}

describe("the login limits", () => {
  test("200 parallel logins for one account from one address (199 wrong, 1 right): at most 10 are evaluated", async () => {
    const { email } = await aPracticeWithStaff();
    const send = fromAddress();
    const attempts = Array.from({ length: 200 }, (_, i) => send("203.0.113.7", "/api/auth/login", { email, password: i === 150 ? aPassword : `wrong guess ${i}` }));
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    const evaluated = statuses.filter((s) => s !== 429);
    expect(evaluated.length).toBeLessThanOrEqual(LOGIN_LIMITS.accountAtAddress.limit);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(190);
    expect(statuses.every((s) => [200, 401, 429].includes(s))).toBe(true);
  });

  test("one address trying many emails is stopped after 30 failures, whoever the emails belong to", async () => {
    const send = fromAddress();
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_LIMITS.address.limit + 10; i++) {
      statuses.push((await send("198.51.100.9", "/api/auth/login", { email: anEmail(`spray${i}`), password: "Summer2026!" })).status);
    }
    expect(statuses.slice(0, LOGIN_LIMITS.address.limit)).toEqual(Array(LOGIN_LIMITS.address.limit).fill(401));
    expect(statuses.slice(LOGIN_LIMITS.address.limit)).toEqual(Array(10).fill(429));
    // Another address is not affected.
    const { email } = await aPracticeWithStaff();
    expect((await send("198.51.100.10", "/api/auth/login", { email, password: aPassword })).status).toBe(200);
  });

  test("one account guessed from many addresses is stopped after 30 failures, even with the right password", async () => {
    const { email } = await aPracticeWithStaff();
    const send = fromAddress();
    for (let i = 0; i < LOGIN_LIMITS.account.limit; i++) {
      expect((await send(`192.0.2.${i + 1}`, "/api/auth/login", { email, password: `guess ${i}` })).status).toBe(401);
    }
    const limited = await send("192.0.2.200", "/api/auth/login", { email, password: aPassword });
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.code).toBe("rate_limited");
  });

  test("a successful login clears the account's count at that address", async () => {
    const { email } = await aPracticeWithStaff();
    const send = fromAddress();
    for (let i = 0; i < 9; i++) await send("203.0.113.80", "/api/auth/login", { email, password: "nope nope nope" });
    expect((await send("203.0.113.80", "/api/auth/login", { email, password: aPassword })).status).toBe(200);
    // Ten more failures are allowed again before the limit: the nine before the success no longer count.
    for (let i = 0; i < LOGIN_LIMITS.accountAtAddress.limit; i++) {
      expect((await send("203.0.113.80", "/api/auth/login", { email, password: "nope nope nope" })).status).toBe(401);
    }
    expect((await send("203.0.113.80", "/api/auth/login", { email, password: aPassword })).status).toBe(429);
  });
});

describe("the sign-up limit", () => {
  test("an address may create 10 practices an hour by default; the 11th is refused and creates nothing", async () => {
    const send = fromAddress();
    const statuses: number[] = [];
    const emails = Array.from({ length: 11 }, (_, i) => anEmail(`signup${i}`));
    for (const email of emails) {
      statuses.push((await send("203.0.113.50", "/api/auth/register", { email, password: "lantern orbit cedar walk", fullName: "Sam Signup" })).status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    expect(await testDb().select().from(users).where(eq(users.email, emails[10]!))).toEqual([]);
    expect((await send("203.0.113.51", "/api/auth/register", { email: anEmail("other"), password: "lantern orbit cedar walk", fullName: "Sam" })).status).toBe(201);
  });
});

describe("new passwords", () => {
  test.each([
    ["ten of one letter", "aaaaaaaaaa"],
    ["a common password", "password12"],
    ["ten spaces", " ".repeat(10)],
    ["a keyboard row", "qwertyuiop"],
    ["the practice's own name", "calmwaters1"],
  ])("%s is refused with a message that helps, and no account is made", async (_, password) => {
    const email = anEmail("weak");
    const reply = await aBrowser().post("/signup", { form: { fullName: "Sam Signup", email, password, practiceName: "Calm Waters", timezone: "UTC" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#password-error")).toMatch(/too easy to guess.*unrelated words/i);
    expect(await testDb().select().from(users).where(eq(users.email, email))).toEqual([]);
  });

  test("the API refuses them the same way", async () => {
    const reply = await aBrowser().post("/api/auth/register", { json: { email: anEmail("weak"), password: "password12", fullName: "Sam" } });
    expect(reply.status).toBe(422);
    expect(reply.json().error.fields.password).toMatch(/too easy to guess/i);
  });
});

describe("where login sends you", () => {
  test.each([
    "%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%0D%2Fevil.example", "%2F%2Fevil.example",
    "https%3A%2F%2Fevil.example", "%2F%5Cevil.example", "%5C%5Cevil.example", "javascript%3Aalert(1)",
  ])("next=%s goes home, never off-site and never a 500", async (next) => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.get(`/login?next=${next}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/");
  });

  test("next=%00 is refused like any NUL in a request (400), not followed", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.get("/login?next=%2F%00");
    expect(reply.status).toBe(400);
    expect(reply.headers.get("Location")).toBeNull();
  });

  test("a path of this app, with its query, is kept", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.get(`/login?next=${encodeURIComponent("/clients?q=ann")}`);
    expect(reply.headers.get("Location")).toBe("/clients?q=ann");
  });
});
