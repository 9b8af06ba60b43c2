// The client portal's home, sessions and credits: the client sees only their own bookings and packages,
// in the practice's time zone and in plain words, and cancels a booking themselves only outside the
// practice's cancellation window (the credit comes back once, however many times the button is pressed).
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, creditLedger, programEnrollments, sessionAttendees } from "../src/db/schema.js";
import { addAttendee, setAttendance } from "../src/domain/booking.js";
import { enrollClient } from "../src/domain/credits.js";
import { cancelOwnBooking, cancelRefusal, lockOwnBooking } from "../src/pages/portal-sessions.js";
import { aClient, aPortalClient, aPracticeWithStaff, aProgram, aService, aSession } from "./factories.js";
import { all, testDb, text } from "./harness.js";
import { postgresUrl } from "./test-database.js";

const HOUR = 3_600_000;
// Tue 8 Jan 2030, 10:00 in New York (15:00 UTC): the page must show the practice's wall clock, not UTC.
const TUESDAY_10AM_NEW_YORK = new Date("2030-01-08T15:00:00Z");

/** Ada, a portal client of Willow Physio (New York), with a 10-session package paying for a massage. */
async function aBookedPortalClient(startTime = TUESDAY_10AM_NEW_YORK) {
  const owner = await aPracticeWithStaff({ practiceName: "Willow Physio", timezone: "America/New_York" });
  const { practice, user } = owner;
  const service = await aService(practice.id, { name: "Massage" });
  const program = await aProgram(practice.id, { name: "10-session package", sessionsCount: 10 });
  const portal = await aPortalClient(practice.id, user.id, { firstName: "Ada", lastName: "Testwood" });
  const enrollment = await enrollClient(testDb(), practice, user.id, program.id, portal.client.id);
  const session = await aSession(practice, user.id, { serviceId: service.id, startTime, location: "Room 2" });
  await addAttendee(testDb(), practice, user.id, session.id, portal.client.id);
  return { practice, staff: user, email: owner.email, service, program, enrollment, session, client: portal.client, portalUser: portal.user, browser: portal.browser };
}

async function remaining(enrollmentId: string) {
  const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollmentId));
  return row!.sessionsRemaining;
}

async function attendance(sessionId: string, clientId: string) {
  const [row] = await testDb().select().from(sessionAttendees).where(and(eq(sessionAttendees.sessionId, sessionId), eq(sessionAttendees.clientId, clientId)));
  return row!.attendanceStatus;
}

async function ledgerReasons(enrollmentId: string) {
  const rows = await testDb().select().from(creditLedger).where(eq(creditLedger.enrollmentId, enrollmentId));
  return rows.map((r) => r.reason).sort();
}

const cancel = { confirmed: "yes" };

describe("the portal home", () => {
  test("greets the client and shows their next session in the practice's time zone and the credits left", async () => {
    const { browser, session } = await aBookedPortalClient();
    const home = await browser.get("/portal");

    expect(home.status).toBe(200);
    expect(text(home, "h1")).toBe("Hello, Ada");
    const next = text(home, "#next-session");
    expect(next).toContain("Tue 8 Jan at 10:00–11:00");
    expect(next).toContain("Massage with Olive Owner");
    expect(next).toContain("Where: Room 2");
    expect(home.doc().querySelector("#next-session time")?.getAttribute("datetime")).toBe(session.startTime.toISOString());
    expect(text(home, "#credits li")).toBe("10-session package 9 sessions left");
    expect(text(home, "#to-log")).toContain("Nothing to log today.");
  });

  test("says plainly when nothing is booked and there are no packages", async () => {
    const { practice, user } = await aPracticeWithStaff({ practiceName: "Willow Physio" });
    const { browser } = await aPortalClient(practice.id, user.id, { firstName: "Robin" });
    const home = await browser.get("/portal");

    expect(text(home, "h1")).toBe("Hello, Robin");
    expect(text(home, "#next-session")).toContain("Nothing booked right now. To book a session, contact Willow Physio.");
    expect(text(home, "#credits")).toContain("You have no packages or programs right now.");
  });

  test("the next session is the soonest one still booked: a canceled one is skipped", async () => {
    const booked = await aBookedPortalClient();
    const later = await aSession(booked.practice, booked.staff.id, { serviceId: booked.service.id, startTime: new Date(TUESDAY_10AM_NEW_YORK.getTime() + 24 * HOUR) });
    await addAttendee(testDb(), booked.practice, booked.staff.id, later.id, booked.client.id);
    await setAttendance(testDb(), booked.practice, booked.staff.id, booked.session.id, booked.client.id, "canceled");

    expect(text(await booked.browser.get("/portal"), "#next-session")).toContain("Wed 9 Jan at 10:00");
  });
});

describe("the sessions page", () => {
  test("lists the client's own sessions only, coming up and past, with their status in words", async () => {
    const ada = await aBookedPortalClient();
    const other = await aClient(ada.practice.id, ada.staff.id, { firstName: "Other" });
    const theirs = await aSession(ada.practice, ada.staff.id, { startTime: new Date(TUESDAY_10AM_NEW_YORK.getTime() + 2 * HOUR) });
    await addAttendee(testDb(), ada.practice, ada.staff.id, theirs.id, other.id);
    const missed = await aSession(ada.practice, ada.staff.id, { serviceId: ada.service.id, startTime: new Date(Date.now() - 48 * HOUR) });
    await addAttendee(testDb(), ada.practice, ada.staff.id, missed.id, ada.client.id, { dropIn: true });
    await setAttendance(testDb(), ada.practice, ada.staff.id, missed.id, ada.client.id, "no_show");

    const page = await ada.browser.get("/portal/sessions");
    expect(page.status).toBe(200);
    expect(all(page, "#upcoming > li").map((li) => li.id)).toEqual([`booking-${ada.session.id}`]);
    expect(all(page, "#past > li").map((li) => li.id)).toEqual([`booking-${missed.id}`]);
    expect(text(page, `#booking-${ada.session.id} .attendance`)).toBe("Booked");
    expect(text(page, `#booking-${missed.id} .attendance`)).toBe("No-show");
    expect(page.body).not.toContain(theirs.id);
    expect(all(page, `#booking-${ada.session.id} form[action="/portal/sessions/${ada.session.id}/cancel"]`)).toHaveLength(1);
  });
});

describe("canceling from the portal", () => {
  test("outside the window: the credit comes back (a cancel_refund row, the balance up again) and the flash says so", async () => {
    const { browser, session, client, enrollment, portalUser } = await aBookedPortalClient();
    expect(await remaining(enrollment.id)).toBe(9);

    const reply = await browser.post(`/portal/sessions/${session.id}/cancel`, { form: cancel });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe("/portal/sessions");
    expect(await attendance(session.id, client.id)).toBe("canceled");
    expect(await remaining(enrollment.id)).toBe(10);
    expect(await ledgerReasons(enrollment.id)).toEqual(["booking", "cancel_refund", "purchase"]);
    const audited = await testDb().select().from(auditLog).where(and(eq(auditLog.entityId, session.id), eq(auditLog.action, "attendance_canceled")));
    expect(audited.map((a) => a.actorUserId)).toEqual([portalUser.id]);

    const page = await browser.get("/portal/sessions");
    expect(text(page, "main > .flash")).toBe("Your session on Tue 8 Jan at 10:00 is canceled. 1 credit went back to your 10-session package.");
    expect(text(page, `#booking-${session.id} .attendance`)).toBe("Canceled");
    expect(all(page, `#booking-${session.id} form`)).toHaveLength(0);
  });

  test("a form posted without the confirmation gets a page that asks first, and nothing changes", async () => {
    const { browser, session, client, enrollment } = await aBookedPortalClient();
    const reply = await browser.post(`/portal/sessions/${session.id}/cancel`, { form: {} });

    expect(reply.status).toBe(200);
    expect(text(reply, "h1")).toBe("Cancel this session?");
    expect(reply.doc().querySelector(`form[action="/portal/sessions/${session.id}/cancel"] input[name="confirmed"]`)?.getAttribute("value")).toBe("yes");
    expect(await attendance(session.id, client.id)).toBe("registered");
    expect(await remaining(enrollment.id)).toBe(9);
  });

  test("inside the window: no button but whom to call, and a post is refused with that sentence, nothing changed", async () => {
    const { browser, session, client, enrollment, email } = await aBookedPortalClient(new Date(Date.now() + 3 * HOUR));
    const sentence = "It is less than 24 hours before this session, so it can no longer be canceled here. Please call Willow Physio";

    const page = await browser.get("/portal/sessions");
    expect(all(page, `#booking-${session.id} form`)).toHaveLength(0);
    expect(text(page, `#booking-${session.id} .too-late`)).toBe(`${sentence} or email Olive Owner at ${email}.`);

    const reply = await browser.post(`/portal/sessions/${session.id}/cancel`, { form: cancel });
    expect(reply.status).toBe(409);
    expect(text(reply, "main > .form-error")).toContain(sentence);
    expect(await attendance(session.id, client.id)).toBe("registered");
    expect(await remaining(enrollment.id)).toBe(9);
    expect(await ledgerReasons(enrollment.id)).toEqual(["booking", "purchase"]);
  });

  test("another client's session, another practice's, or no session at all is a 404 and changes nothing", async () => {
    const ada = await aBookedPortalClient();
    const other = await aClient(ada.practice.id, ada.staff.id);
    const theirs = await aSession(ada.practice, ada.staff.id, { startTime: new Date(TUESDAY_10AM_NEW_YORK.getTime() + 2 * HOUR) });
    await addAttendee(testDb(), ada.practice, ada.staff.id, theirs.id, other.id);
    const elsewhere = await aBookedPortalClient();

    for (const id of [theirs.id, elsewhere.session.id, "00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const reply = await ada.browser.post(`/portal/sessions/${id}/cancel`, { form: cancel });
      expect(reply.status, id).toBe(404);
    }
    expect(await attendance(theirs.id, other.id)).toBe("registered");
    expect(await attendance(elsewhere.session.id, elsewhere.client.id)).toBe("registered");
    expect(await remaining(elsewhere.enrollment.id)).toBe(9);
  });

  test("with htmx the row is swapped and says what happened; a second tap says it is already canceled", async () => {
    const { browser, session, enrollment } = await aBookedPortalClient();

    const reply = await browser.post(`/portal/sessions/${session.id}/cancel`, { form: cancel, htmx: true });
    expect(reply.status).toBe(200);
    const row = reply.doc().querySelector(`li#booking-${session.id}`);
    expect(row?.querySelector(".attendance")?.text).toBe("Canceled");
    expect(row?.querySelector(".flash")?.text).toBe("Your session on Tue 8 Jan at 10:00 is canceled. 1 credit went back to your 10-session package.");
    expect(row?.querySelector("form")).toBeNull();
    expect(reply.body).not.toContain("<html");

    const again = await browser.post(`/portal/sessions/${session.id}/cancel`, { form: cancel, htmx: true });
    expect(again.status).toBe(409);
    expect(text(again, `li#booking-${session.id} .form-error`)).toBe("This session is already canceled. Nothing was changed.");
    expect(await remaining(enrollment.id)).toBe(10);
  });

  test("two cancels of one booking at once give the credit back once", async () => {
    const { browser, session, enrollment } = await aBookedPortalClient();

    const replies = await Promise.all([1, 2].map(() => browser.post(`/portal/sessions/${session.id}/cancel`, { form: cancel })));
    expect(replies.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await remaining(enrollment.id)).toBe(10);
    expect(await ledgerReasons(enrollment.id)).toEqual(["booking", "cancel_refund", "purchase"]);
  });
});

// PGlite has one connection, so only PostgreSQL can hold a lock while another transaction asks for it.
describe.skipIf(!postgresUrl())("two cancels on PostgreSQL", () => {
  test("a second cancel waits for the first one's lock, then finds the booking canceled and returns nothing", async () => {
    const { practice, session, client, enrollment, portalUser } = await aBookedPortalClient();
    let second: Promise<unknown> | null = null;
    await testDb().transaction(async (first) => {
      const booking = await lockOwnBooking(first, practice, client.id, session.id);
      second = testDb().transaction(async (tx) => cancelRefusal(await lockOwnBooking(tx, practice, client.id, session.id), practice, new Date()));
      // Long enough for the second to be waiting on the session row before the first cancels.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await cancelOwnBooking(first, practice, portalUser.id, booking);
    });
    expect(await second).toEqual({ state: "none" });
    expect(await remaining(enrollment.id)).toBe(10);
    expect(await ledgerReasons(enrollment.id)).toEqual(["booking", "cancel_refund", "purchase"]);
  });
});

describe("the credits page", () => {
  test("shows each package with its balance and its whole history in words, newest first, and no one else's", async () => {
    const ada = await aBookedPortalClient();
    await ada.browser.post(`/portal/sessions/${ada.session.id}/cancel`, { form: cancel });
    const other = await aClient(ada.practice.id, ada.staff.id);
    const theirs = await enrollClient(testDb(), ada.practice, ada.staff.id, ada.program.id, other.id);

    const page = await ada.browser.get("/portal/credits");
    expect(page.status).toBe(200);
    const card = `#enrollment-${ada.enrollment.id}`;
    expect(text(page, `${card} h2`)).toBe("10-session package");
    expect(text(page, `${card} .enrollment-status`)).toBe("Active");
    expect(text(page, `${card} .credits`)).toBe("10 of 10 sessions left");
    expect(all(page, `${card} .ledger-what`).map((e) => e.text)).toEqual([
      "Canceled in time: credit returned (Massage on Tue 8 Jan)",
      "Booked Massage on Tue 8 Jan",
      "Bought 10 sessions",
    ]);
    expect(page.body).not.toContain(theirs.id);
  });
});
