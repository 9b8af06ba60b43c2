import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { creditLedger, programEnrollments, sessionAttendees } from "../src/db/schema.js";
import { addAttendee, checkIn, setAttendance } from "../src/domain/booking.js";
import { setSessionStatus } from "../src/domain/session-status.js";
import { adjustCredits, enrollClient, expireEnrollments } from "../src/domain/credits.js";
import { zonedInstant } from "../src/lib/time.js";
import { ledgerSum } from "../src/queries/programs.js";
import { aClient, aPracticeWithStaff, aProgram, aService, aSession } from "./factories.js";
import { testDb } from "./harness.js";

async function balance(practiceId: string, enrollmentId: string) {
  const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollmentId));
  return { remaining: row!.sessionsRemaining, status: row!.status, ledger: await ledgerSum(testDb(), practiceId, enrollmentId) };
}

async function aPackageClient(sessionsCount = 5) {
  const owner = await aPracticeWithStaff({ timezone: "Europe/London" });
  const service = await aService(owner.practice.id, { name: "Massage" });
  const program = await aProgram(owner.practice.id, { name: "Five massages", serviceId: service.id, sessionsCount });
  const client = await aClient(owner.practice.id, owner.user.id);
  const enrollment = await enrollClient(testDb(), owner.practice, owner.user.id, program.id, client.id);
  return { ...owner, service, program, client, enrollment };
}

describe("package credits", () => {
  test("booking takes a credit and marks the booking covered; the ledger explains the balance", async () => {
    const { practice, user, service, client, enrollment } = await aPackageClient();
    const session = await aSession(practice, user.id, { serviceId: service.id });
    const attendee = await addAttendee(testDb(), practice, user.id, session.id, client.id);
    expect(attendee).toMatchObject({ enrollmentId: enrollment.id, paymentStatus: "covered" });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 4, status: "active", ledger: 4 });
  });

  test("twenty simultaneous bookings with five credits: exactly five succeed, never below zero", async () => {
    const { practice, user, service, client, enrollment } = await aPackageClient(5);
    const sessions = [];
    for (let i = 0; i < 20; i++) sessions.push(await aSession(practice, user.id, { serviceId: service.id, startTime: new Date(Date.UTC(2030, 1, 1 + i, 9)) }));
    const results = await Promise.allSettled(sessions.map((s) => addAttendee(testDb(), practice, user.id, s.id, client.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(new Set(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code))).toEqual(new Set(["insufficient_credits"]));
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 0, status: "active", ledger: 0 });
  });

  test("the sixth booking is refused with the offer; a drop-in books unpaid", async () => {
    const { practice, user, service, client } = await aPackageClient(1);
    await addAttendee(testDb(), practice, user.id, (await aSession(practice, user.id, { serviceId: service.id, start: "2030-02-01T09:00:00Z" })).id, client.id);
    const next = await aSession(practice, user.id, { serviceId: service.id, start: "2030-02-02T09:00:00Z" });
    await expect(addAttendee(testDb(), practice, user.id, next.id, client.id)).rejects.toMatchObject({
      code: "insufficient_credits", message: "No credits left in Five massages. Sell a new package, or book as a paid drop-in.",
    });
    const dropIn = await addAttendee(testDb(), practice, user.id, next.id, client.id, { dropIn: true });
    expect(dropIn).toMatchObject({ enrollmentId: null, paymentStatus: "unpaid" });
  });

  test("a client without a package for the service books as pay-as-you-go", async () => {
    const { practice, user, client } = await aPackageClient();
    const other = await aService(practice.id, { name: "Yoga" });
    const attendee = await addAttendee(testDb(), practice, user.id, (await aSession(practice, user.id, { serviceId: other.id })).id, client.id);
    expect(attendee).toMatchObject({ enrollmentId: null, paymentStatus: "unpaid" });
  });
});

describe("cancellation and no-show", () => {
  test("canceling before the window returns the credit; inside it keeps it used with the reason", async () => {
    const { practice, user, service, client, enrollment } = await aPackageClient();
    const start = new Date("2030-03-10T09:00:00Z");
    const early = await aSession(practice, user.id, { serviceId: service.id, startTime: start });
    const late = await aSession(practice, user.id, { serviceId: service.id, startTime: new Date("2030-03-11T09:00:00Z") });
    await addAttendee(testDb(), practice, user.id, early.id, client.id);
    await addAttendee(testDb(), practice, user.id, late.id, client.id);
    await setAttendance(testDb(), practice, user.id, early.id, client.id, "canceled", new Date("2030-03-09T08:59:00Z")); // 24 h 1 min before
    await setAttendance(testDb(), practice, user.id, late.id, client.id, "canceled", new Date("2030-03-10T09:01:00Z")); // 23 h 59 min before
    const reasons = (await testDb().select().from(creditLedger).where(eq(creditLedger.enrollmentId, enrollment.id))).map((r) => `${r.reason}:${r.delta}`).sort();
    expect(reasons).toEqual(["booking:-1", "booking:-1", "cancel_refund:1", "late_cancel:0", "purchase:5"]);
    expect(await balance(practice.id, enrollment.id)).toMatchObject({ remaining: 4, ledger: 4 });
  });

  test("the window is real hours across a DST change: 23.5 h before a Sunday-after-the-switch session is late", async () => {
    const { practice, user, service, client, enrollment } = await aPackageClient();
    // Sunday 29 March 2026, 09:00 BST = 08:00 UTC. Saturday 08:30 GMT is 23 h 30 min earlier, though the clocks say 24 h 30 min.
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: zonedInstant("2026-03-29", "09:00", "Europe/London") });
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    await setAttendance(testDb(), practice, user.id, session.id, client.id, "canceled", zonedInstant("2026-03-28", "08:30", "Europe/London"));
    expect(await balance(practice.id, enrollment.id)).toMatchObject({ remaining: 4 });
  });

  test("a no-show keeps the credit used; the practice canceling the session gives it back", async () => {
    const { practice, user, service, client, enrollment } = await aPackageClient();
    const missed = await aSession(practice, user.id, { serviceId: service.id, start: "2030-04-01T09:00:00Z" });
    const canceled = await aSession(practice, user.id, { serviceId: service.id, start: "2030-04-02T09:00:00Z" });
    await addAttendee(testDb(), practice, user.id, missed.id, client.id);
    await addAttendee(testDb(), practice, user.id, canceled.id, client.id);
    await setAttendance(testDb(), practice, user.id, missed.id, client.id, "no_show", missed.startTime);
    await setSessionStatus(testDb(), practice, user.id, canceled.id, { status: "canceled", cancelReason: "Practitioner ill", canceledBy: "practice" });
    expect(await balance(practice.id, enrollment.id)).toMatchObject({ remaining: 4, ledger: 4 });
  });

  test("the last credit used and attended completes the package", async () => {
    const { practice, user, service, client, enrollment } = await aPackageClient(1);
    const session = await aSession(practice, user.id, { serviceId: service.id });
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    await checkIn(testDb(), practice, session.id, client.id, session.startTime);
    const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollment.id));
    expect(row).toMatchObject({ status: "completed", sessionsRemaining: 0, completionDate: expect.any(String) });
  });
});

describe("closed group series", () => {
  test("only enrolled clients may attend its sessions", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const series = await aProgram(practice.id, { type: "group_series", sessionsCount: null, closed: true, name: "Back care course" });
    const session = await aSession(practice, user.id, { capacity: 10, programId: series.id });
    const [member, stranger] = [await aClient(practice.id, user.id), await aClient(practice.id, user.id)];
    await enrollClient(testDb(), practice, user.id, series.id, member.id);
    await addAttendee(testDb(), practice, user.id, session.id, member.id);
    await expect(addAttendee(testDb(), practice, user.id, session.id, stranger.id)).rejects.toMatchObject({ code: "not_enrolled" });
  });
});

describe("adjustments and expiry", () => {
  test("a manual adjustment needs a reason and cannot go below zero", async () => {
    const { practice, user, enrollment } = await aPackageClient(2);
    await adjustCredits(testDb(), practice.id, user.id, enrollment.id, 1, "Goodwill for the noisy roadworks");
    await expect(adjustCredits(testDb(), practice.id, user.id, enrollment.id, -10, "Oops")).rejects.toMatchObject({ code: "validation_failed" });
    expect(await balance(practice.id, enrollment.id)).toMatchObject({ remaining: 3, ledger: 3 });
  });

  test("the daily job expires packages past their validity with an expiry row", async () => {
    const owner = await aPracticeWithStaff();
    const program = await aProgram(owner.practice.id, { sessionsCount: 3, validityDays: 30 });
    const client = await aClient(owner.practice.id, owner.user.id);
    const enrollment = await enrollClient(testDb(), owner.practice, owner.user.id, program.id, client.id, new Date("2030-01-01T00:00:00Z"));
    expect(await expireEnrollments(testDb(), new Date("2030-01-30T00:00:00Z"))).toBe(0);
    expect(await expireEnrollments(testDb(), new Date("2030-02-01T00:00:00Z"))).toBeGreaterThanOrEqual(1);
    expect(await balance(owner.practice.id, enrollment.id)).toEqual({ remaining: 0, status: "expired", ledger: 0 });
  });
});

test("the balance always equals the ledger sum after random sequences of bookings, cancels, no-shows and adjustments", async () => {
  const { practice, user, service, client, enrollment } = await aPackageClient(8);
  const sessions = [];
  for (let i = 0; i < 12; i++) sessions.push(await aSession(practice, user.id, { serviceId: service.id, startTime: new Date(Date.UTC(2031, 0, 1 + i, 9)) }));
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let step = 0; step < 60; step++) {
    const session = sessions[Math.floor(random() * sessions.length)]!;
    const action = Math.floor(random() * 5);
    const now = new Date(session.startTime.getTime() - (random() < 0.5 ? 2 : 48) * 3_600_000);
    await (async () => {
      if (action === 0) await addAttendee(testDb(), practice, user.id, session.id, client.id);
      else if (action === 1) await setAttendance(testDb(), practice, user.id, session.id, client.id, "canceled", now);
      else if (action === 2) await setAttendance(testDb(), practice, user.id, session.id, client.id, "no_show");
      else if (action === 3) await setAttendance(testDb(), practice, user.id, session.id, client.id, "registered");
      else await adjustCredits(testDb(), practice.id, user.id, enrollment.id, random() < 0.5 ? 1 : -1, "Random check");
    })().catch((e) => { if (!e.code) throw e; });
    const b = await balance(practice.id, enrollment.id);
    expect(b.remaining, `step ${step}`).toBe(b.ledger);
    expect(b.remaining).toBeGreaterThanOrEqual(0);
  }
  const covered = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.enrollmentId, enrollment.id));
  expect(covered.length).toBeGreaterThan(0);
});
