// The outbox worker against the real `resend` SDK and a local fake Resend: an email is sent once, retried
// with backoff while the provider fails, given up on ("dead") after its attempts, and never marked sent
// unless the provider accepted it. Time is passed in (`now`), so backoff and leases are tested without waiting.
import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { outbox, type OutboxRow } from "../src/db/schema.js";
import { deliverDueEmails, deliveryDefaults, retryDelayMs } from "../src/jobs/outbox-worker.js";
import { devMailboxSender, resendSender, senderAddress } from "../src/lib/email-delivery.js";
import { claimDueEmails, enqueueEmail, markEmailSent } from "../src/queries/outbox.js";
import { renderEmail } from "../src/emails/layout.js";
import { startFakeResend, type FakeResend } from "./fake-resend.js";
import { aPracticeWithStaff } from "./factories.js";
import { testDatabase, testDb } from "./harness.js";
import { postgresUrl } from "./test-database.js";

let fake: FakeResend;
let practiceId: string;
let counter = 0;
const settings = () => ({ apiKey: "re_test_key", baseUrl: fake.url, from: "reminders@practice.test" });
const noJitter = { random: () => 1 };

beforeAll(async () => {
  fake = await startFakeResend();
  practiceId = (await aPracticeWithStaff({ practiceName: "Quiet \"Oak\" <Studio>" })).practice.id;
});
afterAll(() => fake.close());
// Each test starts with an empty outbox: a pass claims every due row, and another test's leftovers would take its troubles.
afterEach(async () => {
  fake.heal();
  await testDb().delete(outbox);
});

async function anEmail(overrides: { sendAt?: Date } = {}) {
  counter++;
  const { subject, message } = renderEmail({
    practiceName: "Quiet Oak Studio", subject: `Reminder ${counter}`, heading: "See you tomorrow",
    blocks: [{ paragraph: "Your session is at 09:00." }, { details: [["When", "Mon 30 Mar, 09:00"]] }],
    replyTo: "olive@practice.test", headers: { "List-Unsubscribe": "<http://localhost/email/unsubscribe/x>" },
    attachments: [{ filename: "session.ics", contentType: "text/calendar", content: Buffer.from("BEGIN:VCALENDAR").toString("base64") }],
  });
  const row = await enqueueEmail(testDb(), practiceId, {
    kind: "reminder", to: `client${counter}@example.test`, subject, message, dedupeKey: `test:${counter}:${Math.random()}`, sendAt: overrides.sendAt,
  });
  return row!;
}

const rowOf = async (id: string): Promise<OutboxRow> => (await testDb().select().from(outbox).where(eq(outbox.id, id)))[0]!;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe("one email", () => {
  test("is handed to Resend with the practice as sender name, the text part, reply-to, headers and attachment, and marked sent with Resend's id", async () => {
    const email = await anEmail();
    const result = await deliverDueEmails(testDb(), resendSender(settings()));
    expect(result).toMatchObject({ sent: 1, dead: 0 });
    const [got] = fake.delivered.filter((d) => d.to === email.toAddress);
    expect(got).toMatchObject({ subject: email.subject, from: '"Quiet Oak Studio" <reminders@practice.test>', reply_to: "olive@practice.test" });
    expect(got!.text).toContain("Your session is at 09:00.");
    expect(got!.html).toContain("<h1");
    expect(got!.headers).toEqual({ "List-Unsubscribe": "<http://localhost/email/unsubscribe/x>" });
    expect(got!.attachments?.[0]).toMatchObject({ filename: "session.ics" });
    expect(got!.idempotencyKey).toBe(`outbox/${email.id}`);
    const row = await rowOf(email.id);
    expect(row).toMatchObject({ status: "sent", attempts: 1, providerId: got!.id, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  test("the sender's display name cannot break the From header", () => {
    expect(senderAddress('Quiet "Oak" <Studio>\r\nBcc: x@y', "a@b.test")).toBe('"Quiet Oak StudioBcc: x@y" <a@b.test>');
    expect(senderAddress("", "a@b.test")).toBe("a@b.test");
  });

  test("is not sent before its time", async () => {
    const now = new Date();
    const email = await anEmail({ sendAt: at(now, 60 * 60_000) });
    await deliverDueEmails(testDb(), resendSender(settings()), {}, now);
    expect((await rowOf(email.id)).status).toBe("pending");
    await deliverDueEmails(testDb(), resendSender(settings()), {}, at(now, 60 * 60_000));
    expect((await rowOf(email.id)).status).toBe("sent");
  });

  test("a second write with the same dedupe key is ignored", async () => {
    const email = await anEmail();
    const again = await enqueueEmail(testDb(), practiceId, { kind: "reminder", to: "x@example.test", subject: "x", message: email.payload, dedupeKey: email.dedupeKey });
    expect(again).toBeNull();
  });
});

describe("when Resend fails", () => {
  test("three failures then success: sent once, after 4 attempts, each retry later than the last", async () => {
    const email = await anEmail();
    const sender = resendSender(settings());
    fake.trouble("fail", 3);
    let now = new Date();
    const seen: Array<{ status: string; next: number }> = [];
    for (let pass = 0; pass < 4; pass++) {
      await deliverDueEmails(testDb(), sender, noJitter, now);
      const row = await rowOf(email.id);
      seen.push({ status: row.status, next: row.nextAttemptAt.getTime() - now.getTime() });
      now = row.nextAttemptAt;
    }
    expect(seen.map((s) => s.status)).toEqual(["failed", "failed", "failed", "sent"]);
    expect(seen.slice(0, 3).map((s) => s.next)).toEqual([30_000, 60_000, 120_000]);
    const row = await rowOf(email.id);
    expect(row.attempts).toBe(4);
    expect(fake.delivered.filter((d) => d.to === email.toAddress)).toHaveLength(1);
  });

  test("failing always: dead after the last attempt, with the error kept, never marked sent", async () => {
    const email = await anEmail();
    fake.trouble("fail", Infinity);
    let now = new Date();
    for (let pass = 0; pass < deliveryDefaults.maxAttempts + 2; pass++) {
      await deliverDueEmails(testDb(), resendSender(settings()), noJitter, now);
      now = at((await rowOf(email.id)).nextAttemptAt, 1);
    }
    const row = await rowOf(email.id);
    expect(row).toMatchObject({ status: "dead", attempts: deliveryDefaults.maxAttempts, providerId: null, sentAt: null });
    expect(row.lastError).toContain("internal_server_error (500)");
    expect(fake.delivered.filter((d) => d.to === email.toAddress)).toHaveLength(0);
  });

  test("a message Resend refuses as invalid (422) is dead at once: sending it again cannot help", async () => {
    const email = await anEmail();
    fake.trouble("invalid");
    await deliverDueEmails(testDb(), resendSender(settings()));
    expect(await rowOf(email.id)).toMatchObject({ status: "dead", attempts: 1 });
  });

  test("rate-limited (429): retried, then sent", async () => {
    const email = await anEmail();
    fake.trouble("rate-limit");
    const now = new Date();
    await deliverDueEmails(testDb(), resendSender(settings()), noJitter, now);
    expect(await rowOf(email.id)).toMatchObject({ status: "failed", lastError: expect.stringContaining("rate_limit_exceeded (429)") });
    await deliverDueEmails(testDb(), resendSender(settings()), noJitter, at(now, 30_000));
    expect((await rowOf(email.id)).status).toBe("sent");
  });

  test("no answer in time: the send gives up and the row is retried", async () => {
    const email = await anEmail();
    fake.trouble("hang");
    await deliverDueEmails(testDb(), resendSender(settings(), 300));
    expect(await rowOf(email.id)).toMatchObject({ status: "failed", lastError: expect.stringContaining("no answer within") });
  });

  test("Resend not reachable at all (the SDK answers an error instead of throwing): retried", async () => {
    const email = await anEmail();
    await deliverDueEmails(testDb(), resendSender({ ...settings(), baseUrl: "http://127.0.0.1:1" }));
    expect(await rowOf(email.id)).toMatchObject({ status: "failed", providerId: null });
  });
});

describe("a worker that dies", () => {
  test("between claim and send: the row waits for its lease, then another worker sends it once", async () => {
    const email = await anEmail();
    const now = new Date();
    // Some other rows may be due too; the dead worker claims them all and never comes back.
    const claimed = await claimDueEmails(testDb(), 1000, deliveryDefaults.leaseMs, now);
    expect(claimed.map((r) => r.id)).toContain(email.id);
    await deliverDueEmails(testDb(), resendSender(settings()), {}, at(now, 1_000));
    expect((await rowOf(email.id)).status).toBe("sending");
    await deliverDueEmails(testDb(), resendSender(settings()), {}, at(now, deliveryDefaults.leaseMs + 1));
    expect(await rowOf(email.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(fake.delivered.filter((d) => d.to === email.toAddress)).toHaveLength(1);
  });

  test("after Resend accepted but before marking it sent: the retry reuses the idempotency key and nothing is sent twice", async () => {
    const email = await anEmail();
    const now = new Date();
    const [row] = (await claimDueEmails(testDb(), 1000, deliveryDefaults.leaseMs, now)).filter((r) => r.id === email.id);
    const first = await resendSender(settings()).send({ id: row!.id, to: row!.toAddress, subject: row!.subject, message: row!.payload });
    expect(first.accepted).toBe(true); // … and then the process died.
    await deliverDueEmails(testDb(), resendSender(settings()), {}, at(now, deliveryDefaults.leaseMs + 1));
    const after = await rowOf(email.id);
    expect(after).toMatchObject({ status: "sent", attempts: 2, providerId: first.accepted ? first.providerId : "" });
    expect(fake.delivered.filter((d) => d.to === email.toAddress)).toHaveLength(1);
  });

  test("Resend accepted but the answer was lost: retried under the same key, delivered once", async () => {
    const email = await anEmail();
    fake.trouble("lose-answer");
    const now = new Date();
    await deliverDueEmails(testDb(), resendSender(settings()), noJitter, now);
    expect((await rowOf(email.id)).status).toBe("failed");
    await deliverDueEmails(testDb(), resendSender(settings()), noJitter, at(now, 30_000));
    expect(await rowOf(email.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(fake.delivered.filter((d) => d.to === email.toAddress)).toHaveLength(1);
  });

  test("a worker whose lease ran out cannot mark sent what a later claim now holds", async () => {
    const email = await anEmail();
    const now = new Date();
    await claimDueEmails(testDb(), 1000, deliveryDefaults.leaseMs, now);
    const [reclaimed] = (await claimDueEmails(testDb(), 1000, deliveryDefaults.leaseMs, at(now, deliveryDefaults.leaseMs + 1))).filter((r) => r.id === email.id);
    expect(reclaimed!.attempts).toBe(2);
    expect(await markEmailSent(testDb(), email.id, 1, "late-worker-id")).toBe(false);
    expect(await markEmailSent(testDb(), email.id, 2, "current-worker-id")).toBe(true);
  });
});

test("backoff: between half and all of a doubling ceiling, never over an hour", () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (attempt, r) => {
    const ceiling = Math.min(deliveryDefaults.maxDelayMs, deliveryDefaults.baseDelayMs * 2 ** (attempt - 1));
    const delay = retryDelayMs(attempt, { ...deliveryDefaults, random: () => r });
    return delay >= ceiling / 2 && delay <= ceiling;
  }));
});

test("the dev mailbox accepts everything: the row is sent with a dev-mailbox id", async () => {
  const email = await anEmail();
  await deliverDueEmails(testDb(), devMailboxSender);
  expect(await rowOf(email.id)).toMatchObject({ status: "sent", providerId: `dev-mailbox:${email.id}` });
});

function runWorkerProcess(databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/outbox-worker-process.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, RESEND_BASE_URL: fake.url }, stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  const ready = new Promise<void>((resolve) => child.stdout.on("data", (chunk) => {
    output += chunk;
    if (output.includes("ready\n")) resolve();
  }));
  const done = new Promise<{ sent: number }>((resolve, reject) => child.on("exit", (code) =>
    code === 0 ? resolve(JSON.parse(output.trim().split("\n").pop()!)) : reject(new Error(`worker exited with ${code}`))));
  return { ready, done, go: () => child.stdin.end("go\n") };
}

describe.skipIf(!postgresUrl())("two worker processes on one PostgreSQL", () => {
  test("500 due emails: each sent exactly once, none lost", async () => {
    const before = fake.delivered.length;
    const ids = new Set<string>();
    for (let i = 0; i < 500; i++) ids.add((await anEmail()).id);
    const workers = [runWorkerProcess(testDatabase().url!), runWorkerProcess(testDatabase().url!)];
    await Promise.all(workers.map((w) => w.ready));
    workers.forEach((w) => w.go());
    const [a, b] = await Promise.all(workers.map((w) => w.done));
    const mine = fake.delivered.slice(before).filter((d) => ids.has(d.idempotencyKey!.replace("outbox/", "")));
    expect(mine).toHaveLength(500);
    expect(new Set(mine.map((d) => d.idempotencyKey)).size).toBe(500);
    expect(a!.sent + b!.sent).toBe(500);
    // Both processes really worked at once (they start together on a "go").
    expect(Math.min(a!.sent, b!.sent)).toBeGreaterThan(0);
    const rows = await testDb().select({ status: outbox.status, attempts: outbox.attempts }).from(outbox);
    expect(rows).toHaveLength(500);
    expect(rows.filter((r) => r.status !== "sent" || r.attempts !== 1)).toEqual([]);
  }, 60_000);
});
