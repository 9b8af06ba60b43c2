import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { SESSION_COOKIE, SESSION_LIFETIME_MS, validateSessionToken } from "../src/auth/session.js";
import { memberships, practices, users, userSessions } from "../src/db/schema.js";
import { aPassword, aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser, testDb, text } from "./harness.js";

const signupForm = (email: string) => ({
  fullName: "Sam Signup", email, password: "a long enough password", practiceName: "Calm Waters Physio", timezone: "America/New_York",
});

describe("signing up", () => {
  test("creates the user, the practice and an owner membership, then lands on the week", async () => {
    const browser = aBrowser();
    const email = anEmail("signup");
    const reply = await browser.post("/signup", { form: signupForm(email) });

    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/");
    const home = await browser.get("/");
    expect(home.status).toBe(200);
    expect(home.doc().querySelector("#calendar ol.week")).not.toBeNull();
    expect(text(home, ".brand")).toBe("Calm Waters Physio");
    expect(text(home, ".flash")).toContain("Welcome");

    const [user] = await testDb().select().from(users).where(eq(users.email, email));
    const [membership] = await testDb().select().from(memberships).where(eq(memberships.userId, user!.id));
    const [practice] = await testDb().select().from(practices).where(eq(practices.id, membership!.practiceId));
    expect(membership!.role).toBe("owner");
    expect(practice!.timezone).toBe("America/New_York");
  });

  test("stores the password only as an argon2id hash", async () => {
    const email = anEmail("hash");
    await aBrowser().post("/signup", { form: signupForm(email) });
    const [user] = await testDb().select().from(users).where(eq(users.email, email));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$/);
    expect(user!.passwordHash).not.toContain("a long enough password");
  });

  test("a taken email is refused next to the field, with the other values kept", async () => {
    const { email } = await aPracticeWithStaff();
    const reply = await aBrowser().post("/signup", { form: { ...signupForm(email.toUpperCase()) } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#email-error")).toContain("already exists");
    expect(reply.doc().querySelector("#practiceName")!.getAttribute("value")).toBe("Calm Waters Physio");
  });

  test("an unknown time zone is refused with a message", async () => {
    const reply = await aBrowser().post("/signup", { form: { ...signupForm(anEmail()), timezone: "Mars/Olympus_Mons" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#timezone-error")).toMatch(/time zone/i);
  });
});

describe("logging in", () => {
  test("sets an HttpOnly, SameSite=Lax session cookie whose secret is stored only as a hash", async () => {
    const { email } = await aPracticeWithStaff();
    const browser = aBrowser();
    const reply = await browser.post("/login", { form: { email, password: aPassword } });

    expect(reply.status).toBe(303);
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);

    const token = browser.cookie(SESSION_COOKIE)!;
    const [id, secret] = token.split(".");
    const [row] = await testDb().select().from(userSessions).where(eq(userSessions.id, id!));
    expect(row).toBeDefined();
    expect(Buffer.from(row!.secretHash).toString("utf8")).not.toContain(secret);
    expect(Buffer.from(row!.secretHash).length).toBe(32);
  });

  test("goes back to the page that asked for a login, but never to another site", async () => {
    const { email } = await aPracticeWithStaff();
    const local = await aBrowser().post("/login?next=%2Fsettings", { form: { email, password: aPassword } });
    expect(local.headers.get("Location")).toBe("/settings");
    const foreign = await aBrowser().post("/login?next=%2F%2Fevil.example", { form: { email, password: aPassword } });
    expect(foreign.headers.get("Location")).toBe("/");
  });

  test("a wrong password and an unknown email get the same answer", async () => {
    const { email } = await aPracticeWithStaff();
    const wrong = await aBrowser().post("/login", { form: { email, password: "not the password" } });
    const unknown = await aBrowser().post("/login", { form: { email: anEmail("nobody"), password: "not the password" } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(text(wrong, ".form-error")).toBe(text(unknown, ".form-error"));
    expect(text(wrong, ".form-error")).not.toBe("");
  });

  test("the eleventh failure in a row is refused with 429 and a clear message, even with the right password", async () => {
    const { email } = await aPracticeWithStaff();
    const browser = aBrowser();
    for (let i = 0; i < 10; i++) {
      expect((await browser.post("/login", { form: { email, password: `wrong ${i}` } })).status).toBe(401);
    }
    const limited = await browser.post("/login", { form: { email, password: aPassword } });
    expect(limited.status).toBe(429);
    expect(text(limited, ".form-error")).toMatch(/too many failed attempts/i);
  });

  test("staff pages send a visitor without a session to the login page", async () => {
    const reply = await aBrowser().get("/settings");
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/login?next=%2Fsettings");
  });

  test("a forged or malformed cookie is treated as logged out", async () => {
    const { token } = await aPracticeWithStaff();
    const [id] = token.split(".");
    for (const forged of [`${id}.wrongsecretwrongsecret12`, "garbage", `${id}`, "a.b.c", "x".repeat(5000)]) {
      const browser = aBrowser();
      browser.setCookie(SESSION_COOKIE, forged);
      const reply = await browser.get("/");
      expect(reply.status, forged.slice(0, 30)).toBe(303);
    }
  });
});

describe("sessions", () => {
  test("slide forward at most once a day and expire after 30 idle days", async () => {
    const { token } = await aPracticeWithStaff();
    const start = Date.now();
    const soon = await validateSessionToken(testDb(), token, new Date(start + 60 * 60 * 1000));
    expect(soon!.extended).toBe(false);

    const nextDay = await validateSessionToken(testDb(), token, new Date(start + 25 * 60 * 60 * 1000));
    expect(nextDay!.extended).toBe(true);
    expect(nextDay!.session.expiresAt.getTime()).toBeGreaterThan(start + SESSION_LIFETIME_MS);

    const idle = await validateSessionToken(testDb(), token, new Date(start + 25 * 60 * 60 * 1000 + SESSION_LIFETIME_MS + 1000));
    expect(idle).toBeNull();
  });

  test("logging out deletes the session and the cookie", async () => {
    const { staff, token } = await aPracticeWithStaff();
    const reply = await staff.post("/logout");
    expect(reply.status).toBe(303);
    expect(staff.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await validateSessionToken(testDb(), token)).toBeNull();
    const login = await staff.get("/login");
    expect(text(login, ".flash")).toBe("You are logged out.");
  });
});

describe("cross-site requests", () => {
  test("a cookie-authenticated POST from a foreign origin is refused with 403 and changes nothing", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const reply = await staff.post("/settings", {
      origin: "https://evil.example",
      form: { name: "Hijacked", timezone: "UTC", currency: "EUR", cancellationWindowHours: "24", reminderOffsets: "24h", followUpDefaultDays: "2" },
    });
    expect(reply.status).toBe(403);
    const [row] = await testDb().select().from(practices).where(eq(practices.id, practice.id));
    expect(row!.name).toBe("Test Practice");
  });

  test("a form POST with no Origin and no Sec-Fetch-Site is refused", async () => {
    const { staff } = await aPracticeWithStaff();
    expect((await staff.post("/logout", { origin: null, form: {} })).status).toBe(403);
  });

  test("the login form cannot be posted from another site (no login CSRF)", async () => {
    const { email } = await aPracticeWithStaff();
    const reply = await aBrowser().post("/login", { origin: "https://evil.example", form: { email, password: aPassword } });
    expect(reply.status).toBe(403);
  });

  test("a same-origin request marked by Sec-Fetch-Site passes without Origin", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.post("/logout", { origin: null, form: {}, headers: { "Sec-Fetch-Site": "same-origin" } });
    expect(reply.status).toBe(303);
  });
});
