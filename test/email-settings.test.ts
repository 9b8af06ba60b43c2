// Settings → Email: how mail is sent, what became of the practice's emails, and "Send again" for one that
// gave up, for this practice's emails only.
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { createApp } from "../src/app.js";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { outbox, type OutboxRow } from "../src/db/schema.js";
import { renderEmail } from "../src/emails/layout.js";
import { readEnv } from "../src/env.js";
import { enqueueEmail } from "../src/queries/outbox.js";
import { aPracticeWithStaff, anEmail } from "./factories.js";
import { aBrowser, ORIGIN, testDatabase, testDb, text } from "./harness.js";

/** An email of the practice in the given state, as the worker would have left it. */
async function anEmailIn(practiceId: string, state: Partial<OutboxRow>, subject = "Your session tomorrow") {
  const to = anEmail("client");
  const row = await enqueueEmail(testDb(), practiceId, { kind: "reminder", to, ...renderEmail({ practiceName: "P", subject, heading: subject, blocks: [] }), dedupeKey: `test:${to}` });
  if (!Object.keys(state).length) return row!;
  const [changed] = await testDb().update(outbox).set(state).where(eq(outbox.id, row!.id)).returning();
  return changed!;
}

const dead = { status: "dead", attempts: 8, lastError: "Resend 422: The domain is not verified" } as const;

describe("the Email page", () => {
  test("shows a dead email with its error and a Send again button, a retrying one without, and the sent ones", async () => {
    const { practice, staff } = await aPracticeWithStaff();
    const gaveUp = await anEmailIn(practice.id, dead, "Gave up");
    const retrying = await anEmailIn(practice.id, { status: "failed", attempts: 2, lastError: "Resend 503: try later" }, "Retrying");
    const sent = await anEmailIn(practice.id, { status: "sent", attempts: 1, providerId: "dev-mailbox:1", sentAt: new Date() }, "Went out");
    await anEmailIn(practice.id, {}, "Waiting");

    const page = await staff.get("/settings/email");
    expect(page.status).toBe(200);
    expect(text(page, "#email-delivery")).toContain("dev mailbox");
    const deadRow = page.doc().querySelector(`#email-troubled #email-${gaveUp.id}`)!;
    expect(deadRow.text).toContain(gaveUp.toAddress);
    expect(deadRow.querySelector(".last-error")!.text).toBe("Resend 422: The domain is not verified");
    expect(deadRow.querySelector(`form[action="/settings/email/${gaveUp.id}/retry"] button`)).not.toBeNull();
    const retryingRow = page.doc().querySelector(`#email-troubled #email-${retrying.id}`)!;
    expect(retryingRow.text).toContain("Resend 503: try later");
    expect(retryingRow.querySelector("form")).toBeNull();
    expect(page.doc().querySelector(`#email-sent #email-${sent.id}`)!.text).toContain("Went out");
    expect(text(page, "#count-sent")).toBe("1 sent");
    expect(text(page, "#count-dead")).toBe("1 gave up");
    expect(text(page, "#count-failed")).toBe("1 retrying");
    expect(text(page, "#count-pending")).toBe("1 waiting");
  });

  test("Send again puts a dead email back in the queue with fresh attempts; a second press changes nothing", async () => {
    const { practice, staff } = await aPracticeWithStaff();
    const gaveUp = await anEmailIn(practice.id, dead);
    const reply = await staff.post(`/settings/email/${gaveUp.id}/retry`, { form: {} });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/settings/email");
    const [row] = await testDb().select().from(outbox).where(eq(outbox.id, gaveUp.id));
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(row!.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const page = await staff.get("/settings/email");
    expect(text(page, ".flash")).toContain("will be sent again");
    expect(page.doc().querySelector(`#email-troubled #email-${gaveUp.id}`)).toBeNull();

    await testDb().update(outbox).set({ status: "sending", attempts: 1 }).where(eq(outbox.id, gaveUp.id));
    expect((await staff.post(`/settings/email/${gaveUp.id}/retry`, { form: {} })).status).toBe(303);
    const [after] = await testDb().select().from(outbox).where(eq(outbox.id, gaveUp.id));
    expect(after).toMatchObject({ status: "sending", attempts: 1 });
  });

  test("another practice's email is a 404 and stays as it was; so is an id that names nothing", async () => {
    const owner = await aPracticeWithStaff({ practiceName: "Owner Practice" });
    const intruder = await aPracticeWithStaff({ practiceName: "Intruder Practice" });
    const theirs = await anEmailIn(owner.practice.id, dead, "Private reminder");
    const reply = await intruder.staff.post(`/settings/email/${theirs.id}/retry`, { form: {} });
    expect(reply.status).toBe(404);
    const [row] = await testDb().select().from(outbox).where(eq(outbox.id, theirs.id));
    expect(row!.status).toBe("dead");
    expect((await intruder.staff.get("/settings/email")).body).not.toContain("Private reminder");
    expect((await intruder.staff.post("/settings/email/not-an-id/retry", { form: {} })).status).toBe(404);
  });

  test("says when email goes through Resend, and when it is not configured and waits", async () => {
    const { token } = await aPracticeWithStaff();
    const cases: Array<[Record<string, string>, string]> = [
      [{ NODE_ENV: "test", APP_URL: ORIGIN, RESEND_API_KEY: "re_test", EMAIL_FROM: "hello@studio.example" }, "Through Resend, from hello@studio.example"],
      [{ NODE_ENV: "production", APP_URL: "https://practice.example" }, "Email is not configured"],
    ];
    for (const [variables, says] of cases) {
      const browser = aBrowser(createApp(testDatabase(), readEnv(variables)));
      browser.setCookie(SESSION_COOKIE, token);
      const page = await browser.get("/settings/email");
      expect(page.status).toBe(200);
      expect(text(page, "#email-delivery")).toContain(says);
    }
  });

  test("the settings page links to it", async () => {
    const { staff } = await aPracticeWithStaff();
    const page = await staff.get("/settings");
    expect(page.doc().querySelector('a[href="/settings/email"]')).not.toBeNull();
  });
});
