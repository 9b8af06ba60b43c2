// The dev mailbox: where mail goes without a provider key, readable by staff at /dev/mailbox while the server
// is not in production; gone (404) in production and as soon as a Resend key is set, logged in or not.
import { describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { renderEmail } from "../src/emails/layout.js";
import { readEnv } from "../src/env.js";
import { enqueueEmail } from "../src/queries/outbox.js";
import { aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser, all, ORIGIN, testDatabase, testDb, text } from "./harness.js";

async function anEmailOf(practiceId: string, subject: string, url = "http://localhost/somewhere/abc") {
  const email = renderEmail({ practiceName: "Mailbox Practice", subject, heading: subject, blocks: [{ paragraph: "Hello." }, { action: { label: "Open", url } }] });
  const to = anEmail("client");
  const row = await enqueueEmail(testDb(), practiceId, { kind: "reminder", to, ...email, dedupeKey: `test:${to}` });
  return row!;
}

describe("while the dev mailbox is on (no RESEND_API_KEY, not production)", () => {
  test("is staff only: a visitor without a session is sent to log in on every address and sees no mail", async () => {
    const { practice } = await aPracticeWithStaff();
    const mail = await anEmailOf(practice.id, "Not for visitors");
    for (const path of ["/dev/mailbox", `/dev/mailbox/${mail.id}`, `/dev/mailbox/${mail.id}/body`]) {
      const reply = await aBrowser().get(path);
      expect(reply.status, path).toBe(303);
      expect(reply.headers.get("Location"), path).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect(reply.body, path).not.toContain("Not for visitors");
      const htmx = await aBrowser().get(path, { htmx: true });
      expect(htmx.status, path).toBe(401);
      expect(htmx.headers.get("HX-Redirect"), path).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect(htmx.body, path).not.toContain("Not for visitors");
    }
    // An id that names nothing answers the same: a visitor cannot tell which ids exist.
    expect((await aBrowser().get("/dev/mailbox/00000000-0000-4000-8000-000000000000")).status).toBe(303);
  });

  test("lists every practice's mail, newest first, to any logged-in staff: a developer's tool, not a practice's inbox", async () => {
    const one = await aPracticeWithStaff();
    const two = await aPracticeWithStaff();
    const first = await anEmailOf(one.practice.id, "First of practice one");
    const second = await anEmailOf(two.practice.id, "Second of practice two");

    for (const browser of [one.staff, two.staff]) {
      const page = await browser.get("/dev/mailbox");
      expect(page.status).toBe(200);
      expect(text(page, ".billing-notice")).toContain("every practice's mail");
      const ids = all(page, "#mailbox tbody tr").map((tr) => tr.id);
      expect(ids.indexOf(`mail-${second.id}`)).toBeLessThan(ids.indexOf(`mail-${first.id}`));
      expect(ids.indexOf(`mail-${second.id}`)).toBeGreaterThanOrEqual(0);
      const row = page.doc().querySelector(`#mail-${first.id}`)!;
      expect(row.text).toContain(first.toAddress);
      expect(row.text).toContain("reminder");
      expect(row.querySelector(".badge")!.text).toBe("pending");
      expect(row.querySelector("a")!.getAttribute("href")).toBe(`/dev/mailbox/${first.id}`);
    }
  });

  test("an email's page shows its headers, its links as anchors, the text part and a sandboxed frame of its HTML", async () => {
    const { practice, staff } = await aPracticeWithStaff();
    const mail = await anEmailOf(practice.id, "A reminder", "http://localhost/password-reset/abc.def");
    const page = await staff.get(`/dev/mailbox/${mail.id}`);
    expect(page.status).toBe(200);
    expect(text(page, "#mail-headers")).toContain(mail.toAddress);
    expect(text(page, "#mail-headers")).toContain("Mailbox Practice");
    expect(page.doc().querySelector('#mail-links a[href="http://localhost/password-reset/abc.def"]')).not.toBeNull();
    expect(text(page, "#mail-text")).toContain("Open: http://localhost/password-reset/abc.def");
    const frame = page.doc().querySelector("iframe.mail-body")!;
    expect(frame.getAttribute("sandbox")).toBe("");
    expect(frame.getAttribute("src")).toBe(`/dev/mailbox/${mail.id}/body`);
    // The page itself keeps the app's policy: no inline styles, framed by nobody.
    expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("Content-Security-Policy")).not.toContain("unsafe-inline");
  });

  test("the body answers with the stored HTML under its own policy: inline styles, no scripts, framed only by our pages", async () => {
    const { practice, staff } = await aPracticeWithStaff();
    const mail = await anEmailOf(practice.id, "Body check");
    const body = await staff.get(`/dev/mailbox/${mail.id}/body`);
    expect(body.status).toBe(200);
    expect(body.body).toBe(mail.payload.html);
    const policy = body.headers.get("Content-Security-Policy")!;
    expect(policy).toContain("style-src 'unsafe-inline'");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).not.toContain("script-src");
    expect(policy).toContain("sandbox");
  });

  test("an id that names no mail is a 404 to staff", async () => {
    const { staff } = await aPracticeWithStaff();
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      expect((await staff.get(`/dev/mailbox/${id}`)).status).toBe(404);
      expect((await staff.get(`/dev/mailbox/${id}/body`)).status).toBe(404);
    }
  });
});

describe("when mail really goes out, the dev mailbox does not exist", () => {
  const production = readEnv({ NODE_ENV: "production", APP_URL: "https://practice.example" });
  const withResend = readEnv({ NODE_ENV: "test", APP_URL: ORIGIN, RESEND_API_KEY: "re_test_key", EMAIL_FROM: "mail@practice.example" });

  test.each([["in production", production], ["with a Resend key", withResend]])("%s every address of it is a 404, logged in or not", async (_, env) => {
    expect(env.devMailbox).toBe(false);
    const app = createApp(testDatabase(), env);
    const { practice, token } = await aPracticeWithStaff();
    const mail = await anEmailOf(practice.id, "Never shown");
    const staff = aBrowser(app);
    staff.setCookie(SESSION_COOKIE, token);
    for (const browser of [aBrowser(app), staff]) {
      for (const path of ["/dev/mailbox", `/dev/mailbox/${mail.id}`, `/dev/mailbox/${mail.id}/body`]) {
        const reply = await browser.get(path);
        expect(reply.status, path).toBe(404);
        expect(reply.body).not.toContain("Never shown");
      }
    }
  });
});
