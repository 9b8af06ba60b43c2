// One request, one transaction: what a failing request wrote is gone, and a request PostgreSQL picked to
// break a deadlock is run again once. Test-only routes are added to this file's app (each test file
// has its own app and database), so the failures are real failures inside the real middleware stack.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { AppEnv } from "../src/app-env.js";
import { clients } from "../src/db/schema.js";
import { insertClient } from "../src/queries/clients.js";
import { FairShare } from "../src/lib/fair-share.js";
import { addAttendee } from "../src/domain/booking.js";
import { sessionAttendees } from "../src/db/schema.js";
import { aClient, aPracticeWithStaff, aSession } from "./factories.js";
import { testApp, testDb } from "./harness.js";

const clientNamed = (practiceId: string, lastName: string) =>
  testDb().select().from(clients).where(and(eq(clients.practiceId, practiceId), eq(clients.lastName, lastName)));
const values = (lastName: string) => ({
  firstName: "Half", lastName, email: null, phone: null, address: null, dateOfBirth: null, notes: null, status: "active" as const,
});

let attempts = 0;
beforeAll(() => {
const app = testApp() as unknown as import("hono").Hono<AppEnv>;
app.post("/__test/write-then-fail", async (c) => {
  await insertClient(c.var.db, c.var.practiceId, values("Written-before-a-bug"));
  throw new Error("a bug after the write");
});
app.post("/__test/write-then-render-error", async (c) => {
  await insertClient(c.var.db, c.var.practiceId, values("Written-before-a-404"));
  return c.json({ error: "gone" }, 500);
});
app.post("/__test/deadlocked-once", async (c) => {
  await insertClient(c.var.db, c.var.practiceId, values(`Attempt-${++attempts}`));
  if (attempts === 1) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
  return c.json({ attempts });
});
app.post("/__test/always-deadlocked", async (c) => {
  await insertClient(c.var.db, c.var.practiceId, values("Never-kept"));
  throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
});
});

describe("one request, one transaction", () => {
  test("a bug after a write answers 500 'Nothing was changed', and nothing was", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const reply = await staff.post("/__test/write-then-fail", { form: {} });
    expect(reply.status).toBe(500);
    expect(reply.body).toContain("Nothing was changed");
    expect(await clientNamed(practice.id, "Written-before-a-bug")).toEqual([]);
  });

  test("a 5xx answer without a throw rolls back as well", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    expect((await staff.post("/__test/write-then-render-error", { form: {} })).status).toBe(500);
    expect(await clientNamed(practice.id, "Written-before-a-404")).toEqual([]);
  });

  test("a deadlock victim is run again once, with the same body, and only the second run's writes stay", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    attempts = 0;
    const reply = await staff.post("/__test/deadlocked-once", { form: { note: "same body" } });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ attempts: 2 });
    expect(await clientNamed(practice.id, "Attempt-1")).toEqual([]);
    expect(await clientNamed(practice.id, "Attempt-2")).toHaveLength(1);
  });

  test("a second deadlock is not retried again: 500 and nothing kept", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    expect((await staff.post("/__test/always-deadlocked", { form: {} })).status).toBe(500);
    expect(await clientNamed(practice.id, "Never-kept")).toEqual([]);
  });
});

describe("racing writes", () => {
  test("thirty check-ins racing thirty cancels of the same bookings: every answer is 2xx–4xx and each booking ends one way", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const startTime = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const bookings = await Promise.all(Array.from({ length: 30 }, async (_, i) => {
      const start = new Date(startTime.getTime() + i * 60_000);
      const session = await aSession(practice, user.id, { startTime: start, endTime: new Date(start.getTime() + 60_000), capacity: 1 });
      const client = await aClient(practice.id, user.id);
      await addAttendee(testDb(), practice, user.id, session.id, client.id, { dropIn: true });
      return { session, client };
    }));
    const replies = await Promise.all(bookings.flatMap(({ session, client }) => [
      staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in`, { htmx: true, form: {} }),
      staff.post(`/sessions/${session.id}/attendees/${client.id}/status`, { htmx: true, form: { status: "canceled", confirmed: "yes" } }),
    ]));
    expect(replies.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    for (const { session, client } of bookings) {
      const [row] = await testDb().select().from(sessionAttendees).where(and(eq(sessionAttendees.sessionId, session.id), eq(sessionAttendees.clientId, client.id)));
      expect(["attended", "canceled"]).toContain(row!.attendanceStatus);
    }
  });
});

describe("a fair share of the pool", () => {
  test("one key runs at most its share at once; another key is not held up by it", async () => {
    const share = new FairShare(2);
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const slow = (label: string) => share.run("busy-practice", async () => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setTimeout(r, 30));
      running--;
      order.push(label);
    });
    const all = Promise.all([1, 2, 3, 4, 5, 6].map((n) => slow(`busy-${n}`)));
    await share.run("quiet-practice", async () => order.push("quiet"));
    await all;
    expect(peak).toBe(2);
    expect(order[0]).toBe("quiet"); // it did not queue behind the busy practice's six
    expect(order.slice(1)).toEqual(["busy-1", "busy-2", "busy-3", "busy-4", "busy-5", "busy-6"]);
  });

  test("a caller that waits too long is told the practice is busy, and its work never runs", async () => {
    const share = new FairShare(1, 50);
    let release!: () => void;
    const holding = share.run("p", () => new Promise<void>((r) => (release = r)));
    let ran = false;
    await expect(share.run("p", async () => { ran = true; })).rejects.toMatchObject({ code: "busy", status: 503 });
    release();
    await holding;
    expect(ran).toBe(false);
  });
});
