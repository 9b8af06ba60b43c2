import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clients, outbox, practices, sessionAttendees } from "../src/db/schema.js";
import { addAttendee, changeSession, setAttendance } from "../src/domain/booking.js";
import { planDueReminders } from "../src/domain/reminders.js";
import { setSessionStatus } from "../src/domain/session-status.js";
import { aClient, aPracticeWithStaff, aService, aSession } from "./factories.js";
import { testDb } from "./harness.js";

const APP_URL = "http://localhost";
const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const minus = (d: Date, ms: number) => new Date(d.getTime() - ms);

/**
 * A client booked (long before) into a 60-minute massage starting at `start`. Past sessions send no
 * confirmation, and the booking is dated a month earlier, as if made then.
 */
async function aBookedSession(start: string, options: { timezone?: string; offsets?: number[]; email?: string | null; capacity?: number } = {}) {
  const owner = await aPracticeWithStaff({ timezone: options.timezone ?? "Europe/London", practiceName: "Calm Clinic" });
  if (options.offsets) await testDb().update(practices).set({ reminderOffsetsMinutes: options.offsets }).where(eq(practices.id, owner.practice.id));
  const practice = { ...owner.practice, reminderOffsetsMinutes: options.offsets ?? owner.practice.reminderOffsetsMinutes };
  const service = await aService(practice.id, { name: "Massage 60 min" });
  const client = await aClient(practice.id, owner.user.id, { firstName: "Ada", ...(options.email === undefined ? {} : { email: options.email }) });
  const session = await aSession(practice, owner.user.id, { serviceId: service.id, start, location: "Room 2", capacity: options.capacity ?? 1 });
  const attendee = await addAttendee(testDb(), practice, owner.user.id, session.id, client.id);
  await backdateBooking(attendee.id, minus(at(start), 30 * 24 * HOUR));
  return { ...owner, practice, service, client, session, attendee };
}

const backdateBooking = (attendeeId: string, when: Date) =>
  testDb().update(sessionAttendees).set({ createdAt: when }).where(eq(sessionAttendees.id, attendeeId));

const remindersOf = (sessionId: string) =>
  testDb().select().from(outbox).where(and(eq(outbox.sessionId, sessionId), eq(outbox.kind, "reminder"))).orderBy(outbox.createdAt);

const icsOf = (row: { payload: { attachments?: { content: string }[] } }) => Buffer.from(row.payload.attachments![0]!.content, "base64").toString("utf8");

describe("the 24 h reminder across a DST change", () => {
  test("Europe/London, Monday 30 March 2026 09:00 (the clocks went forward on Sunday): sent 24 real hours before, saying 09:00", async () => {
    const { session, client, attendee } = await aBookedSession("2026-03-30T08:00:00Z");
    const due = at("2026-03-29T08:00:00Z"); // 09:00 BST on Sunday: 24 h before in absolute time, not "same wall clock time"

    await planDueReminders(testDb(), APP_URL, minus(due, 60_000));
    expect(await remindersOf(session.id)).toHaveLength(0);

    await planDueReminders(testDb(), APP_URL, due);
    const [reminder, ...rest] = await remindersOf(session.id);
    expect(rest).toHaveLength(0);
    expect(reminder).toMatchObject({
      toAddress: client.email, clientId: client.id, status: "pending", nextAttemptAt: due,
      dedupeKey: `reminder:${attendee.id}:1440:${Date.parse("2026-03-30T08:00:00Z") / 1000}`,
      subject: "Reminder: Massage 60 min, Mon 30 Mar at 09:00",
    });
    expect(reminder!.payload.text).toContain("Mon 30 Mar 2026, 09:00–10:00 (London time)");
    expect(reminder!.payload.html).toContain("09:00–10:00");
    expect(reminder!.payload.fromName).toBe("Calm Clinic");
    const ics = icsOf(reminder!);
    expect(ics).toContain("DTSTART:20260330T080000Z");
    expect(ics).toContain(`UID:session-${session.id}@practice`);
  });

  test("America/New_York, Monday 9 March 2026 09:00 (the clocks went forward on Sunday): sent 24 real hours before, saying 09:00", async () => {
    const { session } = await aBookedSession("2026-03-09T13:00:00Z", { timezone: "America/New_York" });
    const due = at("2026-03-08T13:00:00Z");

    await planDueReminders(testDb(), APP_URL, minus(due, 60_000));
    expect(await remindersOf(session.id)).toHaveLength(0);
    await planDueReminders(testDb(), APP_URL, due);
    const [reminder] = await remindersOf(session.id);
    expect(reminder!.subject).toBe("Reminder: Massage 60 min, Mon 9 Mar at 09:00");
    expect(reminder!.payload.text).toContain("Mon 9 Mar 2026, 09:00–10:00 (New York time)");
    expect(icsOf(reminder!)).toContain("DTSTART:20260309T130000Z");
  });
});

describe("planning reminders", () => {
  const start = "2026-05-04T09:00:00Z";

  test("one reminder per offset, each when its time comes; running again (or twice at once) writes no duplicate", async () => {
    const { session } = await aBookedSession(start, { offsets: [1440, 120] });
    await Promise.all([planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z")), planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"))]);
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:05:00Z"));
    expect((await remindersOf(session.id)).map((r) => r.dedupeKey.split(":")[2])).toEqual(["1440"]);
    await planDueReminders(testDb(), APP_URL, at("2026-05-04T07:00:00Z"));
    await planDueReminders(testDb(), APP_URL, at("2026-05-04T07:01:00Z"));
    expect((await remindersOf(session.id)).map((r) => r.dedupeKey.split(":")[2])).toEqual(["1440", "120"]);
  });

  test("the email carries a one-click unsubscribe link naming itself (RFC 8058 headers)", async () => {
    const { session } = await aBookedSession(start);
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"));
    const [reminder] = await remindersOf(session.id);
    const url = `${APP_URL}/email/unsubscribe/${reminder!.id}`;
    expect(reminder!.payload.headers).toEqual({ "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(reminder!.payload.html).toContain(`href="${url}"`);
    expect(reminder!.payload.text).toContain(`Stop reminders from Calm Clinic: ${url}`);
  });

  test("none for a canceled session or a canceled booking", async () => {
    const canceled = await aBookedSession(start);
    await setSessionStatus(testDb(), canceled.practice, canceled.user.id, canceled.session.id, { status: "canceled", canceledBy: "practice" });
    const dropped = await aBookedSession(start);
    await setAttendance(testDb(), dropped.practice, dropped.user.id, dropped.session.id, dropped.client.id, "canceled", at("2026-04-01T00:00:00Z"));
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"));
    expect(await remindersOf(canceled.session.id)).toHaveLength(0);
    expect(await remindersOf(dropped.session.id)).toHaveLength(0);
  });

  test("a booking made less than the offset ahead gets no reminder for it (but does for a shorter one)", async () => {
    const { session, attendee } = await aBookedSession(start, { offsets: [1440, 120] });
    await backdateBooking(attendee.id, at("2026-05-03T20:00:00Z")); // 13 hours ahead
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"));
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T20:01:00Z"));
    expect(await remindersOf(session.id)).toHaveLength(0);
    await planDueReminders(testDb(), APP_URL, at("2026-05-04T07:00:00Z"));
    expect((await remindersOf(session.id)).map((r) => r.dedupeKey.split(":")[2])).toEqual(["120"]);
  });

  test("booked again after a cancel, later than the reminder time: no reminder for it (the new confirmation says when)", async () => {
    const { practice, user, session, client } = await aBookedSession(start);
    await setAttendance(testDb(), practice, user.id, session.id, client.id, "canceled", at("2026-04-01T00:00:00Z"));
    await setAttendance(testDb(), practice, user.id, session.id, client.id, "registered", at("2026-05-03T10:00:00Z"));
    // The confirmation of the booking again is the moment it was made (written now by the clock, so dated here).
    await testDb().insert(outbox).values({ practiceId: practice.id, kind: "booking_confirmation", toAddress: client.email!, subject: "Booked",
      payload: { fromName: "Calm Clinic", html: "", text: "" }, dedupeKey: `test-rebooked:${session.id}`, clientId: client.id, sessionId: session.id,
      createdAt: at("2026-05-03T10:00:00Z") });
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T10:01:00Z"));
    expect(await remindersOf(session.id)).toHaveLength(0);
  });

  test("a stale reminder is skipped: after downtime a 24 h reminder goes up to 6 h late, never later", async () => {
    const late = await aBookedSession(start);
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T15:00:00Z")); // 6 h late: still useful
    expect(await remindersOf(late.session.id)).toHaveLength(1);
    const stale = await aBookedSession("2026-05-05T09:00:00Z");
    await planDueReminders(testDb(), APP_URL, at("2026-05-04T15:01:00Z")); // 6 h 1 min late
    expect(await remindersOf(stale.session.id)).toHaveLength(0);
  });

  test("a moved session is reminded again at its new time; a sent reminder is never repeated", async () => {
    const { practice, user, session } = await aBookedSession(start);
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"));
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:30:00Z"));
    expect(await remindersOf(session.id)).toHaveLength(1);
    await changeSession(testDb(), practice, user.id, session.id, { startTime: at("2026-05-04T15:00:00Z") });
    const [old] = await remindersOf(session.id);
    expect(old!.status).toBe("canceled"); // not sent yet: it named the old time
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T15:00:00Z"));
    const after = await remindersOf(session.id);
    expect(after).toHaveLength(2);
    expect(after[1]!.subject).toBe("Reminder: Massage 60 min, Mon 4 May at 16:00");
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T15:10:00Z"));
    expect(await remindersOf(session.id)).toHaveLength(2);
  });

  test("an unsubscribed client, an erased client and a client without an email get none", async () => {
    const off = await aBookedSession(start);
    await testDb().update(clients).set({ remindersOffAt: at("2026-04-01T00:00:00Z") }).where(eq(clients.id, off.client.id));
    const erased = await aBookedSession(start);
    await testDb().update(clients).set({ erasedAt: at("2026-04-01T00:00:00Z") }).where(eq(clients.id, erased.client.id));
    const noEmail = await aBookedSession(start, { email: null });
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"));
    for (const s of [off, erased, noEmail]) expect(await remindersOf(s.session.id)).toHaveLength(0);
  });

  test("a group session reminds each registered person, and not the one who canceled", async () => {
    const { practice, user, session, attendee } = await aBookedSession(start, { capacity: 4 });
    const bea = await aClient(practice.id, user.id, { firstName: "Bea" });
    const cy = await aClient(practice.id, user.id, { firstName: "Cy" });
    for (const c of [bea, cy]) {
      const a = await addAttendee(testDb(), practice, user.id, session.id, c.id);
      await backdateBooking(a.id, at("2026-04-01T00:00:00Z"));
    }
    await setAttendance(testDb(), practice, user.id, session.id, cy.id, "canceled", at("2026-04-02T00:00:00Z"));
    await planDueReminders(testDb(), APP_URL, at("2026-05-03T09:00:00Z"));
    const rows = await remindersOf(session.id);
    expect(rows.map((r) => r.clientId).sort()).toEqual([attendee.clientId, bea.id].sort());
  });
});
