import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clients, outbox, sessionAttendees } from "../src/db/schema.js";
import { addAttendee, changeSession, createSessions, setAttendance } from "../src/domain/booking.js";
import { planDueReminders } from "../src/domain/reminders.js";
import { createSeries } from "../src/domain/series.js";
import { setSessionStatus } from "../src/domain/session-status.js";
import { enqueueEmail } from "../src/queries/outbox.js";
import { aClient, aPracticeWithStaff, aService, aSession } from "./factories.js";
import { aBrowser, all, ORIGIN, testDb, text } from "./harness.js";

// Sessions in 2030: ahead of any clock these tests run on, so bookings are confirmed.
const START = new Date("2030-01-07T09:00:00Z");

async function aClinic() {
  const owner = await aPracticeWithStaff({ practiceName: "Calm Clinic" });
  const service = await aService(owner.practice.id, { name: "Massage 60 min", capacity: 4 });
  const ada = await aClient(owner.practice.id, owner.user.id, { firstName: "Ada" });
  return { ...owner, service, ada };
}

const emailsTo = (clientId: string) => testDb().select().from(outbox).where(eq(outbox.clientId, clientId)).orderBy(outbox.createdAt);
const emailsOf = (sessionId: string) => testDb().select().from(outbox).where(eq(outbox.sessionId, sessionId)).orderBy(outbox.createdAt);
const markSent = (id: string) => testDb().update(outbox).set({ status: "sent", providerId: "dev-1", sentAt: new Date() }).where(eq(outbox.id, id));
const icsOf = (row: { payload: { attachments?: { content: string }[] } }) => Buffer.from(row.payload.attachments![0]!.content, "base64").toString("utf8");

describe("booking confirmations", () => {
  test("a booking is confirmed once, two minutes later, with the session in an .ics; the same form sent twice is one email", async () => {
    const { practice, user, service, ada } = await aClinic();
    const values = { serviceId: service.id, practitionerId: user.id, title: null, location: "Room 2", capacity: 1, notes: null, startTime: START, endTime: new Date(START.getTime() + 3_600_000) };
    const before = Date.now();
    const submission = randomUUID();
    const [first] = await createSessions(testDb(), practice, user.id, [values], [ada.id], {}, submission);
    const [again] = await createSessions(testDb(), practice, user.id, [values], [ada.id], {}, submission);
    expect(again!.id).toBe(first!.id);
    const [confirmation, ...rest] = await emailsTo(ada.id);
    expect(rest).toHaveLength(0);
    expect(confirmation).toMatchObject({ kind: "booking_confirmation", toAddress: ada.email, sessionId: first!.id, status: "pending", subject: "Booked: Massage 60 min, Mon 7 Jan at 09:00" });
    expect(confirmation!.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(2 * 60_000 - 1000);
    expect(confirmation!.payload.text).toContain("Mon 7 Jan 2030, 09:00–10:00 (London time)");
    const ics = icsOf(confirmation!);
    expect(ics).toContain("METHOD:PUBLISH");
    expect(ics).toContain(`UID:session-${first!.id}@practice`);
    expect(ics).toContain("DTSTART:20300107T090000Z");
  });

  test("a weekly series booked at once is one confirmation per client listing every date, never one per date", async () => {
    const { practice, user, service, ada } = await aClinic();
    const bea = await aClient(practice.id, user.id, { firstName: "Bea" });
    const { sessions } = await createSeries(testDb(), practice, user.id,
      { serviceId: service.id, practitionerId: user.id, location: "Studio", capacity: 4, notes: null },
      { weekdays: [1], intervalWeeks: 1, startTime: "09:00", durationMinutes: 60, firstDate: "2030-01-07", count: 4, timezone: "Europe/London" },
      { skipClashes: false, clientIds: [ada.id, bea.id] });
    expect(sessions).toHaveLength(4);
    for (const client of [ada, bea]) {
      const emails = await emailsTo(client.id);
      expect(emails).toHaveLength(1);
      expect(emails[0]).toMatchObject({ kind: "booking_confirmation", sessionId: null, subject: "Booked: Massage 60 min, 4 sessions from Mon 7 Jan at 09:00" });
      for (const date of ["Mon 7 Jan 2030", "Mon 14 Jan 2030", "Mon 21 Jan 2030", "Mon 28 Jan 2030"]) expect(emails[0]!.payload.text).toContain(date);
      expect(icsOf(emails[0]!).match(/BEGIN:VEVENT/g)).toHaveLength(4);
    }
  });

  test("a booking undone within the grace sends nothing at all: the confirmation is taken back, no cancellation", async () => {
    const { practice, user, service, ada } = await aClinic();
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START });
    await addAttendee(testDb(), practice, user.id, session.id, ada.id);
    await setAttendance(testDb(), practice, user.id, session.id, ada.id, "canceled");
    expect((await emailsTo(ada.id)).map((e) => [e.kind, e.status])).toEqual([["booking_confirmation", "canceled"]]);
  });

  test("booked again after a cancel, the client is confirmed again", async () => {
    const { practice, user, service, ada } = await aClinic();
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START });
    await addAttendee(testDb(), practice, user.id, session.id, ada.id);
    await setAttendance(testDb(), practice, user.id, session.id, ada.id, "canceled");
    await setAttendance(testDb(), practice, user.id, session.id, ada.id, "registered");
    expect((await emailsTo(ada.id)).map((e) => [e.kind, e.status])).toEqual([["booking_confirmation", "canceled"], ["booking_confirmation", "pending"]]);
  });

  test("no email for a past session, nor for a client without an address", async () => {
    const { practice, user, service, ada } = await aClinic();
    const noEmail = await aClient(practice.id, user.id, { email: null });
    const past = await aSession(practice, user.id, { serviceId: service.id, startTime: new Date("2025-01-06T09:00:00Z"), capacity: 4 });
    await addAttendee(testDb(), practice, user.id, past.id, ada.id);
    const future = await aSession(practice, user.id, { serviceId: service.id, startTime: START });
    await addAttendee(testDb(), practice, user.id, future.id, noEmail.id);
    expect(await emailsOf(past.id)).toHaveLength(0);
    expect(await emailsOf(future.id)).toHaveLength(0);
  });
});

describe("cancellations and moves", () => {
  test("a cancel after the confirmation went sends a cancellation with METHOD:CANCEL for the same event", async () => {
    const { practice, user, service, ada } = await aClinic();
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START });
    await addAttendee(testDb(), practice, user.id, session.id, ada.id);
    await markSent((await emailsTo(ada.id))[0]!.id);
    await setAttendance(testDb(), practice, user.id, session.id, ada.id, "canceled");
    const [, notice] = await emailsTo(ada.id);
    expect(notice).toMatchObject({ kind: "cancellation", status: "pending", subject: "Canceled: Massage 60 min, Mon 7 Jan at 09:00" });
    const ics = icsOf(notice!);
    expect(ics).toContain("METHOD:CANCEL");
    expect(ics).toContain("STATUS:CANCELLED");
    expect(ics).toContain(`UID:session-${session.id}@practice`);
  });

  test("canceling a session tells each registered client once and takes back its unsent reminders", async () => {
    const { practice, user, service, ada } = await aClinic();
    const bea = await aClient(practice.id, user.id, { firstName: "Bea" });
    const noEmail = await aClient(practice.id, user.id, { email: null });
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START, capacity: 4 });
    for (const c of [ada, bea, noEmail]) await addAttendee(testDb(), practice, user.id, session.id, c.id);
    for (const e of await emailsOf(session.id)) await markSent(e.id);
    await testDb().update(sessionAttendees).set({ createdAt: new Date("2029-12-01T00:00:00Z") }).where(eq(sessionAttendees.sessionId, session.id));
    await planDueReminders(testDb(), ORIGIN, new Date("2030-01-06T09:00:00Z"));
    expect((await emailsOf(session.id)).filter((e) => e.kind === "reminder").map((e) => e.status)).toEqual(["pending", "pending"]);

    await setSessionStatus(testDb(), practice, user.id, session.id, { status: "canceled", canceledBy: "practice" });
    const emails = await emailsOf(session.id);
    expect(emails.filter((e) => e.kind === "reminder").map((e) => e.status)).toEqual(["canceled", "canceled"]);
    expect(emails.filter((e) => e.kind === "cancellation").map((e) => e.clientId).sort()).toEqual([ada.id, bea.id].sort());
  });

  test("a moved session tells its clients the new time, once even when moved twice in a row; the old time's reminder is taken back", async () => {
    const { practice, user, service, ada } = await aClinic();
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START });
    await addAttendee(testDb(), practice, user.id, session.id, ada.id);
    await markSent((await emailsTo(ada.id))[0]!.id);
    await changeSession(testDb(), practice, user.id, session.id, { startTime: new Date("2030-01-07T13:00:00Z") });
    await changeSession(testDb(), practice, user.id, session.id, { startTime: new Date("2030-01-07T14:00:00Z") });
    const moved = (await emailsTo(ada.id)).filter((e) => e.subject.startsWith("Moved"));
    expect(moved.map((e) => [e.subject, e.status])).toEqual([
      ["Moved: Massage 60 min, now Mon 7 Jan at 13:00", "canceled"],
      ["Moved: Massage 60 min, now Mon 7 Jan at 14:00", "pending"],
    ]);
    expect(moved[1]!.payload.text).toContain("Was: Mon 7 Jan at 09:00");
    expect(icsOf(moved[1]!)).toContain("DTSTART:20300107T140000Z");
  });
});

describe("unsubscribing from reminders", () => {
  async function aReminder() {
    const clinic = await aClinic();
    const session = await aSession(clinic.practice, clinic.user.id, { serviceId: clinic.service.id, startTime: START });
    const attendee = await addAttendee(testDb(), clinic.practice, clinic.user.id, session.id, clinic.ada.id);
    await testDb().update(sessionAttendees).set({ createdAt: new Date("2029-12-01T00:00:00Z") }).where(eq(sessionAttendees.id, attendee.id));
    await planDueReminders(testDb(), ORIGIN, new Date("2030-01-06T09:00:00Z"));
    const [reminder] = (await emailsOf(session.id)).filter((e) => e.kind === "reminder");
    return { ...clinic, session, reminder: reminder! };
  }
  const remindersOff = async (clientId: string) => (await testDb().select().from(clients).where(eq(clients.id, clientId)))[0]!.remindersOffAt;

  test("the link asks first (opening it changes nothing), then the button stops reminders and drops the unsent ones", async () => {
    const { ada, reminder } = await aReminder();
    const visitor = aBrowser();
    const page = await visitor.get(`/email/unsubscribe/${reminder.id}`);
    expect(page.status).toBe(200);
    expect(text(page, "h1")).toBe("Reminders from Calm Clinic");
    expect(all(page, `form[action="/email/unsubscribe/${reminder.id}"] button`)).toHaveLength(1);
    expect(await remindersOff(ada.id)).toBeNull();

    const done = await visitor.post(`/email/unsubscribe/${reminder.id}`, { form: {} });
    expect(done.status).toBe(200);
    expect(text(done, "#unsubscribe-status")).toContain("you will get no more session reminders from Calm Clinic");
    expect(await remindersOff(ada.id)).toBeInstanceOf(Date);
    const [row] = await testDb().select().from(outbox).where(eq(outbox.id, reminder.id));
    expect(row!.status).toBe("canceled");
  });

  test("a mail app's one-click POST works without our Origin; other forms still need it", async () => {
    const { ada, reminder } = await aReminder();
    for (const origin of [null, "https://mail.example"]) {
      const reply = await aBrowser().post(`/email/unsubscribe/${reminder.id}`,
        { raw: { contentType: "application/x-www-form-urlencoded", body: "List-Unsubscribe=One-Click" }, origin });
      expect(reply.status).toBe(200);
    }
    expect(await remindersOff(ada.id)).toBeInstanceOf(Date);
    expect((await aBrowser().post("/login", { form: { email: "a@example.test", password: "x" }, origin: "https://mail.example" })).status).toBe(403);
  });

  test("an unknown or malformed id is the 404 page and changes nothing", async () => {
    for (const id of [randomUUID(), "not-an-id"]) {
      expect((await aBrowser().get(`/email/unsubscribe/${id}`)).status).toBe(404);
      expect((await aBrowser().post(`/email/unsubscribe/${id}`, { form: {} })).status).toBe(404);
    }
  });

  test("the client page says since when reminders are off, and staff can turn them back on", async () => {
    const { staff, ada, reminder } = await aReminder();
    await aBrowser().post(`/email/unsubscribe/${reminder.id}`, { form: {} });
    const page = await staff.get(`/clients/${ada.id}`);
    expect(text(page, "#reminders-state")).toMatch(/^Reminders off since \d+ \w+ \d{4}, \d\d:\d\d\.$/);
    const back = await staff.post(`/clients/${ada.id}/reminders`, { form: { reminders: "on" }, htmx: true });
    expect(back.status).toBe(200);
    expect(text(back, "#reminders-state")).toBe("Session reminders on.");
    expect(await remindersOff(ada.id)).toBeNull();
    expect((await staff.post(`/clients/${ada.id}/reminders`, { form: { reminders: "maybe" } })).status).toBe(422);
  });
});

describe("the notification log", () => {
  test("the session page lists its emails with their status in words, and the reminders still to come or why not", async () => {
    const { practice, user, service, ada, staff } = await aClinic();
    const late = await aClient(practice.id, user.id, { firstName: "Late" });
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START, capacity: 4 });
    await addAttendee(testDb(), practice, user.id, session.id, ada.id);
    await testDb().update(sessionAttendees).set({ createdAt: new Date("2029-12-01T00:00:00Z") }).where(eq(sessionAttendees.sessionId, session.id));
    await addAttendee(testDb(), practice, user.id, session.id, late.id);
    await testDb().update(sessionAttendees).set({ createdAt: new Date("2030-01-07T00:00:00Z") })
      .where(and(eq(sessionAttendees.sessionId, session.id), eq(sessionAttendees.clientId, late.id)));
    const [adaConfirmation, lateConfirmation] = await emailsOf(session.id);
    await markSent(adaConfirmation!.id);
    await testDb().update(outbox).set({ status: "dead", attempts: 5, lastError: "422 invalid recipient" }).where(eq(outbox.id, lateConfirmation!.id));

    const page = await staff.get(`/sessions/${session.id}`);
    const rows = all(page, "#notifications .notification-log li");
    expect(rows).toHaveLength(2);
    const statuses = rows.map((li) => li.querySelector(".email-status")!.text);
    expect(statuses).toContainEqual(expect.stringMatching(/^Sent ✓ /));
    expect(statuses).toContain("Failed permanently: 422 invalid recipient · 5 attempts");
    const planned = all(page, "#notifications .planned-reminders li").map((li) => li.text);
    expect(planned).toEqual([`24 h reminder to Casey ${ada.lastName}: Sun 6 Jan 09:00`.replace("Casey", ada.firstName), "24 h reminder to Late " + late.lastName + ": not sent: booked less than 24 h ahead"]);
  });

  test("the client page's log shows this practice's emails to the client, never another practice's", async () => {
    const { practice, user, service, ada, staff } = await aClinic();
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: START });
    await addAttendee(testDb(), practice, user.id, session.id, ada.id);
    const other = await aPracticeWithStaff({ practiceName: "Other Place" });
    // A row of another practice naming our client's id: only the practice filter keeps it out.
    await enqueueEmail(testDb(), other.practice.id, { kind: "reminder", to: "someone@example.test", subject: "Other practice's secret",
      message: { fromName: "Other Place", html: "", text: "" }, dedupeKey: `test:${randomUUID()}`, clientId: ada.id, sessionId: session.id });
    for (const path of [`/clients/${ada.id}`, `/sessions/${session.id}`]) {
      const page = await staff.get(path);
      const subjects = all(page, "#notifications .email-subject").map((s) => s.text);
      expect(subjects, path).toEqual(["Booked: Massage 60 min, Mon 7 Jan at 09:00"]);
      expect(page.body).not.toContain("Other practice's secret");
    }
  });
});
