// Cancelling, reinstating, completing and checking in a whole session, as the front desk does it: who
// canceled decides the credits, reinstating never leaves a half state, nothing happens days early, and a
// mis-tap can be undone. Credits are checked against the real ledger.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, clients, creditLedger, programEnrollments, sessionAttendees, sessions } from "../src/db/schema.js";
import { addAttendee, checkIn } from "../src/domain/booking.js";
import { enrollClient } from "../src/domain/credits.js";
import { setSessionStatus } from "../src/domain/session-status.js";
import { ledgerSum } from "../src/queries/programs.js";
import { aClient, aPracticeWithStaff, aProgram, aService, aSession } from "./factories.js";
import { all, testDb, text } from "./harness.js";

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR);

async function balance(practiceId: string, enrollmentId: string) {
  const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollmentId));
  return { remaining: row!.sessionsRemaining, ledger: await ledgerSum(testDb(), practiceId, enrollmentId) };
}

/** A practice (24 h cancellation window) with a massage package client booked into a session `hoursAhead` from now. */
async function aBookedPackageSession(hoursAhead: number, credits = 5) {
  const owner = await aPracticeWithStaff({ timezone: "Europe/London" });
  const service = await aService(owner.practice.id, { name: "Massage" });
  const program = await aProgram(owner.practice.id, { name: "Five massages", serviceId: service.id, sessionsCount: credits });
  const client = await aClient(owner.practice.id, owner.user.id, { firstName: "Pia", lastName: "Package" });
  const enrollment = await enrollClient(testDb(), owner.practice, owner.user.id, program.id, client.id);
  const session = await aSession(owner.practice, owner.user.id, { serviceId: service.id, startTime: inHours(hoursAhead) });
  await addAttendee(testDb(), owner.practice, owner.user.id, session.id, client.id);
  return { ...owner, service, program, client, enrollment, session };
}

const cancel = (canceledBy: "client" | "practice") => ({ status: "canceled", canceledBy, cancelReason: "Client ill", confirmed: "yes" });

describe("cancelling a whole session", () => {
  test("canceled by the client 17 h ahead (window 24 h): the credit is kept, the ledger says late cancel", async () => {
    const { staff, practice, session, enrollment } = await aBookedPackageSession(17);
    const reply = await staff.post(`/sessions/${session.id}/status`, { form: cancel("client") });
    expect(reply.status).toBe(303);
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 4, ledger: 4 });
    const reasons = (await testDb().select().from(creditLedger).where(eq(creditLedger.sessionId, session.id))).map((r) => r.reason);
    expect(reasons).toEqual(expect.arrayContaining(["booking", "late_cancel"]));
    expect(reasons).not.toContain("cancel_refund");
    const [row] = await testDb().select().from(sessions).where(eq(sessions.id, session.id));
    expect(row).toMatchObject({ status: "canceled", canceledBy: "client" });
  });

  test("canceled by the practice 17 h ahead: the credit comes back, logged as the practice's cancel", async () => {
    const { staff, practice, session, enrollment } = await aBookedPackageSession(17);
    expect((await staff.post(`/sessions/${session.id}/status`, { form: cancel("practice") })).status).toBe(303);
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 5, ledger: 5 });
    const [refund] = await testDb().select().from(creditLedger).where(and(eq(creditLedger.sessionId, session.id), eq(creditLedger.reason, "cancel_refund")));
    expect(refund!.note).toBe("Canceled by the practice");
  });

  test("canceled by the client 3 days ahead: outside the window the credit comes back", async () => {
    const { staff, practice, session, enrollment } = await aBookedPackageSession(72);
    await staff.post(`/sessions/${session.id}/status`, { form: cancel("client") });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 5, ledger: 5 });
  });

  test("a booked session cannot be canceled without saying who canceled, over the form and the API", async () => {
    const { staff, token, practice, session, enrollment } = await aBookedPackageSession(17);
    const form = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "canceled", confirmed: "yes" } });
    expect(form.status).toBe(422);
    expect(text(form, "#session-summary .form-error")).toContain("Say who canceled");
    const api = await staff.send("PATCH", `/api/sessions/${session.id}`, { bearer: token, json: { status: "canceled" } });
    expect(api.status).toBe(422);
    expect(api.json().error.fields.canceledBy).toBeTruthy();
    const byApi = await staff.send("PATCH", `/api/sessions/${session.id}`, { bearer: token, json: { status: "canceled", canceledBy: "client" } });
    expect(byApi.json().session).toMatchObject({ status: "canceled", canceledBy: "client" });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 4, ledger: 4 });
  });

  test("without JavaScript a cancel asks first, saying what happens to the people booked, and changes nothing until confirmed", async () => {
    const { staff, session } = await aBookedPackageSession(17);
    const asked = await staff.post(`/sessions/${session.id}/status`, { form: { status: "canceled", canceledBy: "practice" } });
    expect(asked.status).toBe(200);
    expect(text(asked, "section.confirm p")).toContain("1 person is booked");
    expect(asked.doc().querySelector('section.confirm input[name="canceledBy"]')!.getAttribute("value")).toBe("practice");
    expect(asked.doc().querySelector('section.confirm input[name="confirmed"]')!.getAttribute("value")).toBe("yes");
    const [row] = await testDb().select().from(sessions).where(eq(sessions.id, session.id));
    expect(row!.status).toBe("scheduled");
  });

  test("the htmx answer to a cancel shows the attendees canceled too, with no check-in button left", async () => {
    const { staff, session, client } = await aBookedPackageSession(1);
    const reply = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: cancel("practice") });
    expect(reply.status).toBe(200);
    expect(reply.doc().querySelector("#session-detail")).toBeTruthy();
    expect(text(reply, `#session-detail .attendee .attendee-status`)).toContain("Canceled");
    expect(all(reply, "#session-detail .attendee button").map((b) => b.text)).not.toContain(`Check in ${client.firstName} ${client.lastName}`);
  });
});

test("removing someone over htmx answers with their row and, out of band, the summary's new count", async () => {
  const { staff, practice, user, session, client } = await aBookedPackageSession(72);
  await testDb().update(sessions).set({ capacity: 4 }).where(eq(sessions.id, session.id));
  await addAttendee(testDb(), practice, user.id, session.id, (await aClient(practice.id, user.id)).id);
  const reply = await staff.post(`/sessions/${session.id}/attendees/${client.id}/status`, { htmx: true, form: { status: "canceled", confirmed: "yes" } });
  expect(text(reply, "li.attendee .attendee-status")).toContain("Canceled");
  const summary = reply.doc().querySelector("#session-summary")!;
  expect(summary.getAttribute("hx-swap-oob")).toBe("true");
  expect(summary.querySelector("dl")!.text).toContain("1/4");
});

describe("reinstating a session", () => {
  test("back to scheduled after a practice cancel books everyone again and takes the returned credits again", async () => {
    const { staff, practice, session, enrollment } = await aBookedPackageSession(17);
    await staff.post(`/sessions/${session.id}/status`, { form: cancel("practice") });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 5, ledger: 5 });
    const reply = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "scheduled" } });
    expect(reply.status).toBe(200);
    const [attendee] = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, session.id));
    expect(attendee).toMatchObject({ attendanceStatus: "registered", changedWithSession: false });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 4, ledger: 4 });
    expect(text(reply, "#session-summary dl")).toContain("Pia Package");
  });

  test("after a late client cancel the kept credit still pays: reinstating takes nothing more", async () => {
    const { staff, practice, session, enrollment } = await aBookedPackageSession(17);
    await staff.post(`/sessions/${session.id}/status`, { form: cancel("client") });
    await staff.post(`/sessions/${session.id}/status`, { form: { status: "scheduled" } });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 4, ledger: 4 });
  });

  test("a class reinstated after its people spent their credits elsewhere leaves them out and names them", async () => {
    const { staff, user, practice, service, session, client, enrollment } = await aBookedPackageSession(72, 1);
    const other = await aClient(practice.id, user.id, { firstName: "Otto", lastName: "Other" });
    await testDb().update(sessions).set({ capacity: 4 }).where(eq(sessions.id, session.id));
    await addAttendee(testDb(), practice, user.id, session.id, other.id);
    await staff.post(`/sessions/${session.id}/status`, { form: cancel("practice") });
    // The returned credit is spent on another session meanwhile.
    const elsewhere = await aSession(practice, user.id, { serviceId: service.id, startTime: inHours(96) });
    await addAttendee(testDb(), practice, user.id, elsewhere.id, client.id);
    const reply = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "scheduled" } });
    expect(text(reply, "#session-summary .form-error")).toContain("Pia Package: no credits left in Five massages");
    const rows = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, session.id));
    expect(rows.find((r) => r.clientId === other.id)).toMatchObject({ attendanceStatus: "registered", changedWithSession: false });
    expect(rows.find((r) => r.clientId === client.id)).toMatchObject({ attendanceStatus: "canceled", changedWithSession: false });
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 0, ledger: 0 });
  });

  test("cancel and reinstate ten times over: every balance still equals its ledger", async () => {
    const { staff, practice, session, enrollment } = await aBookedPackageSession(17);
    for (let i = 0; i < 10; i++) {
      await staff.post(`/sessions/${session.id}/status`, { form: cancel(i % 2 ? "client" : "practice") });
      await staff.post(`/sessions/${session.id}/status`, { form: { status: "scheduled" } });
      const { remaining, ledger } = await balance(practice.id, enrollment.id);
      expect(remaining).toBe(ledger);
    }
  });
});

describe("nothing happens days early", () => {
  test("check-in opens 2 hours before the start, over the form and the API; the client's last visit stays put", async () => {
    const { staff, token, session, client } = await aBookedPackageSession(96);
    const form = await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in`, { htmx: true });
    expect(form.status).toBe(422);
    expect(text(form, ".attendee-error")).toContain("Check-in opens 2 hours before the session");
    const api = await staff.post(`/api/sessions/${session.id}/attendees/${client.id}/check-in`, { bearer: token });
    expect(api.status).toBe(422);
    const [row] = await testDb().select().from(clients).where(eq(clients.id, client.id));
    expect(row!.lastVisitAt).toBeNull();
    const page = await staff.get(`/sessions/${session.id}`);
    expect(text(page, ".attendee-actions")).toContain("Check-in from");
  });

  test("completed and no-show only once the session has started", async () => {
    const { staff, token, session, client } = await aBookedPackageSession(96);
    const completed = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "completed" } });
    expect(completed.status).toBe(422);
    expect((await staff.send("PATCH", `/api/sessions/${session.id}`, { bearer: token, json: { status: "no_show" } })).status).toBe(422);
    const oneNoShow = await staff.post(`/sessions/${session.id}/attendees/${client.id}/status`, { htmx: true, form: { status: "no_show" } });
    expect(oneNoShow.status).toBe(422);
    const [row] = await testDb().select().from(sessions).where(eq(sessions.id, session.id));
    expect(row!.status).toBe("scheduled");
  });

  test("an hour before the start the client can be checked in", async () => {
    const { staff, session, client } = await aBookedPackageSession(1);
    const reply = await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in`, { htmx: true });
    expect(reply.status).toBe(200);
    expect(text(reply, ".attendee-status")).toContain("Checked in");
  });
});

describe("undoing a check-in", () => {
  test("a mis-tap is undone the same day: back to booked, audited, last visit back to what it was", async () => {
    const { staff, practice, user, session, client } = await aBookedPackageSession(1);
    await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in`, { htmx: true });
    const undone = await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in/undo`, { htmx: true });
    expect(undone.status).toBe(200);
    expect(text(undone, ".attendee-status")).toContain("Booked");
    const [attendee] = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, session.id));
    expect(attendee).toMatchObject({ attendanceStatus: "registered", checkInTime: null });
    const [row] = await testDb().select().from(clients).where(eq(clients.id, client.id));
    expect(row!.lastVisitAt).toBeNull();
    const audit = await testDb().select().from(auditLog).where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.action, "undo_check_in")));
    expect(audit).toMatchObject([{ actorUserId: user.id, entityId: session.id }]);
  });

  test("a check-in made on an earlier day cannot be undone from the row", async () => {
    const { staff, practice, session, client } = await aBookedPackageSession(1);
    await checkIn(testDb(), practice, session.id, client.id);
    await testDb().update(sessionAttendees).set({ checkInTime: new Date(Date.now() - 3 * 24 * HOUR) }).where(eq(sessionAttendees.sessionId, session.id));
    const reply = await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in/undo`, { htmx: true });
    expect(reply.status).toBe(409);
    expect(text(reply, ".attendee-status")).toContain("Checked in");
  });

  test("undoing the check-in that used a package's last credit makes the package active again", async () => {
    const { staff, practice, session, client, enrollment } = await aBookedPackageSession(1, 1);
    await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in`, { htmx: true });
    expect((await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollment.id)))[0]!.status).toBe("completed");
    await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in/undo`, { htmx: true });
    expect((await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollment.id)))[0]!.status).toBe("active");
    expect(await balance(practice.id, enrollment.id)).toEqual({ remaining: 0, ledger: 0 });
  });
});

test("the domain refuses a session-wide no-show before the start too (the API and seeder go through it)", async () => {
  const { practice, user, session } = await aBookedPackageSession(96);
  await expect(setSessionStatus(testDb(), practice, user.id, session.id, { status: "no_show" })).rejects.toMatchObject({ code: "validation_failed" });
});
