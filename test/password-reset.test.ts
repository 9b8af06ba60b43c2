// Password reset by email: the same answer for every address, a link that works once and for an hour,
// a new password as strong as at sign-up, and every old session ended.
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { SESSION_COOKIE, validateSessionToken } from "../src/auth/session.js";
import { verifyPassword } from "../src/auth/password.js";
import { outbox, passwordResetTokens, users, userSessions } from "../src/db/schema.js";
import { checkResetLink, RESET_LINK_LIFETIME_MS } from "../src/domain/password-reset.js";
import { PASSWORD_RESET_LIMITS } from "../src/domain/sign-in-limits.js";
import { aPassword, aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser, testDb, text } from "./harness.js";
import { postgresUrl } from "./test-database.js";

const newPassword = "lantern orbit cedar walk";

/** Asks for a link as a logged-out visitor would; the link is read from the email the outbox holds. */
async function askForLink(email: string) {
  const reply = await aBrowser().post("/password-reset", { form: { email } });
  const emails = await testDb().select().from(outbox).where(eq(outbox.toAddress, email));
  const latest = emails.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
  const token = latest ? /\/password-reset\/(\S+)/.exec(latest.payload.text)![1]! : null;
  return { reply, emails, latest, token };
}

describe("asking for a link", () => {
  test("answers the same for an address with an account and one without; only the real one gets an email", async () => {
    const { email, practice } = await aPracticeWithStaff({ practiceName: "Quiet Harbour" });
    const nobody = anEmail("nobody");
    const real = await askForLink(email);
    const unknown = await askForLink(nobody);

    expect(real.reply.status).toBe(200);
    expect(unknown.reply.status).toBe(200);
    expect(text(real.reply, "#reset-sent")).toBe(text(unknown.reply, "#reset-sent"));
    expect(text(real.reply, "#reset-sent")).toContain("If an account exists for that address, we've sent a link");
    expect(unknown.emails).toHaveLength(0);
    expect(real.emails).toHaveLength(1);
    expect(real.latest).toMatchObject({ kind: "password_reset", practiceId: practice.id, status: "pending", subject: "Reset your password" });
    expect(real.latest!.payload.text).toContain(`http://localhost/password-reset/${real.token}`);
    expect(real.latest!.payload.text).toContain("expires in 1 hour");
    expect(real.latest!.payload.text).toMatch(/ignore this email: your password stays as it is/);
    expect(real.latest!.payload.html).toContain(`href="http://localhost/password-reset/${real.token}"`);
    const [id] = real.token!.split(".");
    expect(real.latest!.dedupeKey).toBe(`password_reset:${id}`);
  });

  test("keeps only the SHA-256 of the secret: the stored hash is not the token", async () => {
    const { email } = await aPracticeWithStaff();
    const { token } = await askForLink(email);
    const [id, secret] = token!.split(".");
    const [row] = await testDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.id, id!));
    const stored = Buffer.from(row!.secretHash);
    expect(stored).toHaveLength(32);
    expect(stored.toString("utf8")).not.toContain(secret);
    expect(stored.toString("hex")).not.toContain(Buffer.from(secret!).toString("hex"));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(RESET_LINK_LIFETIME_MS + 1000);
  });

  test("a new link replaces the one before it", async () => {
    const { email } = await aPracticeWithStaff();
    const first = await askForLink(email);
    const second = await askForLink(email);
    expect((await aBrowser().get(`/password-reset/${first.token}`)).status).toBe(404);
    expect((await aBrowser().get(`/password-reset/${second.token}`)).status).toBe(200);
  });

  test(`the ${PASSWORD_RESET_LIMITS.account.limit + 1}th request for one address within the hour is refused with 429, whether or not it has an account`, async () => {
    const { email } = await aPracticeWithStaff();
    for (const address of [email, anEmail("nobody")]) {
      const statuses: number[] = [];
      for (let i = 0; i <= PASSWORD_RESET_LIMITS.account.limit; i++) statuses.push((await askForLink(address)).reply.status);
      expect(statuses).toEqual([...Array(PASSWORD_RESET_LIMITS.account.limit).fill(200), 429]);
      const limited = await aBrowser().post("/password-reset", { form: { email: address } });
      expect(limited.status).toBe(429);
      expect(text(limited, ".form-error")).toContain("Too many reset requests");
      expect(limited.doc().querySelector("input[name=email]")!.getAttribute("value")).toBe(address);
    }
    expect(await testDb().select().from(outbox).where(eq(outbox.toAddress, email))).toHaveLength(PASSWORD_RESET_LIMITS.account.limit);
  });
});

describe("following the link", () => {
  test("sets the new password, ends every old session and logs in; the link then works no more", async () => {
    const { email, user, staff } = await aPracticeWithStaff();
    const { token } = await askForLink(email);
    const oldCookie = staff.cookie(SESSION_COOKIE)!;

    const visitor = aBrowser();
    const form = await visitor.get(`/password-reset/${token}`);
    expect(form.status).toBe(200);
    expect(text(form, "h1")).toBe("Choose a new password");
    const done = await visitor.post(`/password-reset/${token}`, { form: { password: newPassword } });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/");
    expect((await visitor.get("/")).status).toBe(200);

    expect(await validateSessionToken(testDb(), oldCookie)).toBeNull();
    expect((await staff.get("/")).status).toBe(303);
    const sessions = await testDb().select().from(userSessions).where(eq(userSessions.userId, user.id));
    expect(sessions).toHaveLength(1);
    const [stored] = await testDb().select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(stored!.passwordHash, newPassword)).toBe(true);
    expect(await verifyPassword(stored!.passwordHash, aPassword)).toBe(false);

    const again = await aBrowser().get(`/password-reset/${token}`);
    expect(again.status).toBe(410);
    expect(text(again, "#reset-link-refused p")).toContain("already been used");
    expect(again.doc().querySelector('#reset-link-refused a[href="/password-reset"]')).not.toBeNull();
    const replay = await aBrowser().post(`/password-reset/${token}`, { form: { password: "another fine horse battery" } });
    expect(replay.status).toBe(410);
    const [after] = await testDb().select().from(users).where(eq(users.id, user.id));
    expect(after!.passwordHash).toBe(stored!.passwordHash);
  });

  test("an hour and a second later the link has expired", async () => {
    const { email, user } = await aPracticeWithStaff();
    const { token } = await askForLink(email);
    const [row] = await testDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect((await checkResetLink(testDb(), token!, new Date(row!.expiresAt.getTime() - 1000))).state).toBe("usable");
    expect((await checkResetLink(testDb(), token!, new Date(row!.createdAt.getTime() + RESET_LINK_LIFETIME_MS + 1000))).state).toBe("expired");

    await testDb().update(passwordResetTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResetTokens.id, row!.id));
    const page = await aBrowser().get(`/password-reset/${token}`);
    expect(page.status).toBe(410);
    expect(text(page, "#reset-link-refused p")).toContain("expired");
    const post = await aBrowser().post(`/password-reset/${token}`, { form: { password: newPassword } });
    expect(post.status).toBe(410);
    const [after] = await testDb().select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(after!.passwordHash, aPassword)).toBe(true);
  });

  test("a link with a wrong secret or none at all is a 404 with a way to ask again", async () => {
    const { email } = await aPracticeWithStaff();
    const { token } = await askForLink(email);
    const [id] = token!.split(".");
    for (const wrong of [`${id}.abcdefghijkmnpqrstuvwxyz2`, id!, "not-a-token"]) {
      const page = await aBrowser().get(`/password-reset/${wrong}`);
      expect(page.status, wrong).toBe(404);
      expect(text(page, "#reset-link-refused p")).toContain("not valid");
    }
    expect((await aBrowser().get(`/password-reset/${token}`)).status).toBe(200);
  });

  test("a guessable password is refused with 422 and the form again; the link still works", async () => {
    const { email, user } = await aPracticeWithStaff();
    const { token } = await askForLink(email);
    for (const weak of ["password12", "short"]) {
      const reply = await aBrowser().post(`/password-reset/${token}`, { form: { password: weak } });
      expect(reply.status).toBe(422);
      expect(text(reply, ".field.has-error .error")).toMatch(/too easy to guess|at least 10 characters/);
      expect(reply.doc().querySelector(`form[action="/password-reset/${token}"]`)).not.toBeNull();
      expect(reply.doc().querySelector("input[name=username]")!.getAttribute("value")).toBe(email);
      expect(reply.body).not.toContain(weak === "short" ? 'value="short"' : 'value="password12"');
    }
    const [row] = await testDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    expect(row!.usedAt).toBeNull();
    expect((await aBrowser().post(`/password-reset/${token}`, { form: { password: newPassword } })).status).toBe(303);
  });
});

describe.skipIf(!postgresUrl())("on PostgreSQL, where requests really run at once", () => {
  test("two submits of one link at the same moment: exactly one changes the password", async () => {
    const { email, user } = await aPracticeWithStaff();
    const { token } = await askForLink(email);
    const passwords = ["lantern orbit cedar walk", "meadow copper violin tide"];
    const replies = await Promise.all(passwords.map((password) => aBrowser().post(`/password-reset/${token}`, { form: { password } })));
    expect(replies.map((r) => r.status).sort()).toEqual([303, 410]);
    const winner = passwords[replies.findIndex((r) => r.status === 303)]!;
    const [stored] = await testDb().select().from(users).where(eq(users.id, user.id));
    expect(await verifyPassword(stored!.passwordHash, winner)).toBe(true);
    expect(await testDb().select().from(userSessions).where(eq(userSessions.userId, user.id))).toHaveLength(1);
  });
});
