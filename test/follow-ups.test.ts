// Follow-ups as the practitioner uses them: added from the client page or after a completed session,
// listed by when they are due in the practice's zone, completed and snoozed with one tap (twice is the
// same as once), emailed through the outbox, and "time to book again" suggestions that come and go.
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clients, followUps, outbox, practices, services } from "../src/db/schema.js";
import { addAttendee, checkIn } from "../src/domain/booking.js";
import { dueBucket } from "../src/domain/follow-ups.js";
import { setSessionStatus } from "../src/domain/session-status.js";
import { addDays, todayIn, zonedInstant } from "../src/lib/time.js";
import { aClient, aFollowUp, aPracticeWithStaff, aService, aSession, aStaffMember } from "./factories.js";
import { all, testDb, text } from "./harness.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;

async function followUpsOf(clientId: string) {
  return testDb().select().from(followUps).where(eq(followUps.clientId, clientId));
}

/** A practice with a client who came to a session that ended an hour ago (so it can be completed). */
async function aSessionThatHappened(timezone = "Europe/London") {
  const owner = await aPracticeWithStaff({ timezone });
  const client = await aClient(owner.practice.id, owner.user.id, { firstName: "Ada", lastName: "Fake", email: "ada@example.test" });
  const session = await aSession(owner.practice, owner.user.id, { startTime: new Date(Date.now() - 2 * 3_600_000) });
  await addAttendee(testDb(), owner.practice, owner.user.id, session.id, client.id);
  return { ...owner, client, session };
}

describe("adding a follow-up", () => {
  test("from the client page: it is listed there with the typed due time, assigned as chosen", async () => {
    const { practice, user, staff } = await aPracticeWithStaff({ timezone: "America/New_York" });
    const client = await aClient(practice.id, user.id, { firstName: "Ada" });
    const page = await staff.get(`/clients/${client.id}`);
    expect(page.doc().querySelector("#follow-ups #follow-up-assigneeId option[selected]")?.getAttribute("value")).toBe(user.id);

    const reply = await staff.post(`/clients/${client.id}/follow-ups`, { form: { type: "sms", notes: "Send the exercise sheet", due: "2030-03-15T17:30", assigneeId: user.id, from: "client" } });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe(`/clients/${client.id}#follow-ups`);
    const [row] = await followUpsOf(client.id);
    // 17:30 in New York in March 2030 (EDT) is 21:30 UTC.
    expect(row).toMatchObject({ type: "sms", notes: "Send the exercise sheet", assigneeId: user.id, completedAt: null, dueAt: new Date("2030-03-15T21:30:00Z") });
    const after = await staff.get(`/clients/${client.id}`);
    expect(text(after, `#follow-up-${row!.id} .follow-up-notes`)).toBe("Send the exercise sheet");
    expect(text(after, `#follow-up-${row!.id} time`)).toBe("Fri 15 Mar, 17:30");
  });

  test("a bad date, an unknown type or a stranger as assignee is a 422 with the values kept, and nothing is made", async () => {
    const { practice, user, staff } = await aPracticeWithStaff();
    const stranger = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const badDate = await staff.post(`/clients/${client.id}/follow-ups`, { htmx: true, form: { type: "call", notes: "Keep me", due: "2030-02-30T10:00", from: "client" } });
    expect(badDate.status).toBe(422);
    expect(text(badDate, "#follow-ups .error")).toContain("Enter the due date");
    expect(badDate.doc().querySelector("#follow-up-notes")?.getAttribute("value")).toBe("Keep me");
    expect(badDate.doc().querySelector("#follow-ups details.new-follow-up")?.hasAttribute("open")).toBe(true);

    const badType = await staff.post(`/clients/${client.id}/follow-ups`, { form: { type: "fax", due: "2030-02-10T10:00", from: "client" } });
    expect(badType.status).toBe(422);
    const outsider = await staff.post(`/clients/${client.id}/follow-ups`, { form: { type: "call", due: "2030-02-10T10:00", assigneeId: stranger.user.id, from: "client" } });
    expect(outsider.status).toBe(422);
    expect(text(outsider, "#follow-ups .form-error")).toBe("Choose someone from the list.");
    const farFuture = await staff.post(`/clients/${client.id}/follow-ups`, { form: { type: "call", due: "2190-01-01T10:00", from: "client" } });
    expect(farFuture.status).toBe(422);
    expect(await followUpsOf(client.id)).toHaveLength(0);
  });

  test("the same form sent twice makes one follow-up", async () => {
    const { practice, user, staff } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const form = { type: "call", due: "2030-02-10T10:00", submission: crypto.randomUUID(), from: "client" };
    await Promise.all([staff.post(`/clients/${client.id}/follow-ups`, { form }), staff.post(`/clients/${client.id}/follow-ups`, { form })]);
    expect(await followUpsOf(client.id)).toHaveLength(1);
  });

  test("another practice's follow-up is a 404 for every action, and is not changed", async () => {
    const owner = await aPracticeWithStaff();
    const intruder = await aPracticeWithStaff();
    const client = await aClient(owner.practice.id, owner.user.id);
    const theirs = await aFollowUp(owner.practice.id, client.id, owner.user.id, { type: "email" });
    for (const [method, path] of [["POST", "complete"], ["POST", "snooze"], ["GET", "email"], ["POST", "email"]] as const) {
      const reply = await intruder.staff.send(method, `/follow-ups/${theirs.id}/${path}`, { form: method === "POST" ? { by: "day", seen: theirs.dueAt.toISOString(), subject: "x", body: "y" } : undefined });
      expect(reply.status, path).toBe(404);
    }
    expect((await intruder.staff.post(`/clients/${client.id}/follow-ups`, { form: { type: "call", due: "2030-01-01T10:00" } })).status).toBe(404);
    const [row] = await followUpsOf(client.id);
    expect(row).toMatchObject({ completedAt: null, dueAt: theirs.dueAt });
    expect(await testDb().select().from(outbox).where(eq(outbox.clientId, client.id))).toHaveLength(0);
    expect((await intruder.staff.get("/follow-ups")).body).not.toContain(client.lastName);
  });
});

describe("the list and its taps", () => {
  test("a follow-up due at 23:30 local time is due today, not tomorrow, though it is tomorrow in UTC", () => {
    const now = new Date("2026-03-10T15:00:00Z"); // 11:00 in New York
    const lateEvening = zonedInstant("2026-03-10", "23:30", "America/New_York"); // 03:30 UTC on the 11th
    expect(dueBucket(lateEvening, "America/New_York", now)).toBe("today");
    expect(dueBucket(zonedInstant("2026-03-10", "08:00", "America/New_York"), "America/New_York", now)).toBe("today");
    expect(dueBucket(zonedInstant("2026-03-09", "23:59", "America/New_York"), "America/New_York", now)).toBe("overdue");
    expect(dueBucket(zonedInstant("2026-03-11", "00:00", "America/New_York"), "America/New_York", now)).toBe("upcoming");
  });

  test("/follow-ups lists overdue, due today and upcoming in the practice's zone, and the nav counts overdue and today", async () => {
    const tz = "Pacific/Auckland";
    const { practice, user, staff } = await aPracticeWithStaff({ timezone: tz });
    const client = await aClient(practice.id, user.id, { firstName: "Ada" });
    const today = todayIn(tz);
    const overdue = await aFollowUp(practice.id, client.id, user.id, { notes: "Overdue one", due: zonedInstant(addDays(today, -2), "09:00", tz) });
    const lateToday = await aFollowUp(practice.id, client.id, user.id, { notes: "Late today", due: zonedInstant(today, "23:30", tz) });
    const later = await aFollowUp(practice.id, client.id, user.id, { notes: "Next week", due: zonedInstant(addDays(today, 7), "09:00", tz) });
    const done = await aFollowUp(practice.id, client.id, user.id, { notes: "Already done", due: zonedInstant(addDays(today, -1), "09:00", tz) });
    await staff.post(`/follow-ups/${done.id}/complete`);

    const page = await staff.get("/follow-ups");
    expect(page.status).toBe(200);
    expect(all(page, "#overdue li.follow-up").map((li) => li.id)).toEqual([`follow-up-${overdue.id}`]);
    expect(all(page, "#due-today li.follow-up").map((li) => li.id)).toEqual([`follow-up-${lateToday.id}`]);
    expect(all(page, "#upcoming li.follow-up").map((li) => li.id)).toEqual([`follow-up-${later.id}`]);
    expect(page.body).not.toContain("Already done");
    expect(text(page, 'nav a[href="/follow-ups"] .nav-count')).toBe("2 due");

    const doneList = await staff.get("/follow-ups?show=done");
    expect(all(doneList, "#done li.follow-up").map((li) => li.id)).toEqual([`follow-up-${done.id}`]);
    // The badge rides on every staff page, the calendar included.
    expect(text(await staff.get("/calendar"), 'nav a[href="/follow-ups"] .nav-count')).toBe("2 due");
  });

  test("no badge when nothing is due today or overdue", async () => {
    const { practice, user, staff } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    await aFollowUp(practice.id, client.id, user.id, { due: new Date(Date.now() + 3 * DAY) });
    expect(all(await staff.get("/follow-ups"), ".nav-count")).toHaveLength(0);
  });

  test("Complete swaps the row over htmx and redirects without it; a double tap keeps the first completion", async () => {
    const { practice, user, staff } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const followUp = await aFollowUp(practice.id, client.id, user.id);
    const [first, second] = await Promise.all([
      staff.post(`/follow-ups/${followUp.id}/complete`, { htmx: true, form: { from: "list" } }),
      staff.post(`/follow-ups/${followUp.id}/complete`, { htmx: true, form: { from: "list" } }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.doc().querySelector(`#follow-up-${followUp.id}`)?.classList.contains("done")).toBe(true);
    const [row] = await followUpsOf(client.id);
    const completedAt = row!.completedAt!;
    const again = await staff.post(`/follow-ups/${followUp.id}/complete`, { form: { from: "client" } });
    expect(again.status).toBe(303);
    expect(again.headers.get("Location")).toBe(`/clients/${client.id}#follow-ups`);
    expect((await followUpsOf(client.id))[0]!.completedAt).toEqual(completedAt);
  });

  test("Snooze +1 day moves it once however often it is tapped; +1 week from an overdue one counts from today", async () => {
    const tz = "Europe/London";
    const { practice, user, staff } = await aPracticeWithStaff({ timezone: tz });
    const client = await aClient(practice.id, user.id);
    const due = zonedInstant(addDays(todayIn(tz), 3), "10:00", tz);
    const followUp = await aFollowUp(practice.id, client.id, user.id, { due });
    const form = { by: "day", seen: due.toISOString(), from: "list" };
    const replies = await Promise.all([1, 2, 3].map(() => staff.post(`/follow-ups/${followUp.id}/snooze`, { htmx: true, form })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await followUpsOf(client.id))[0]!.dueAt).toEqual(zonedInstant(addDays(todayIn(tz), 4), "10:00", tz));

    const old = await aFollowUp(practice.id, client.id, user.id, { due: zonedInstant(addDays(todayIn(tz), -10), "09:15", tz) });
    const week = await staff.post(`/follow-ups/${old.id}/snooze`, { form: { by: "week", seen: old.dueAt.toISOString(), from: "list" } });
    expect(week.status).toBe(303);
    const [moved] = await testDb().select().from(followUps).where(eq(followUps.id, old.id));
    expect(moved!.dueAt).toEqual(zonedInstant(addDays(todayIn(tz), 7), "09:15", tz));
    const junk = await staff.post(`/follow-ups/${old.id}/snooze`, { htmx: true, form: { by: "year", seen: "yesterday" } });
    expect(junk.status).toBe(422);
  });
});

describe("after a session", () => {
  test("Mark completed shows the prompt in place: the note link and a prefilled follow-up per client; accepting it makes one", async () => {
    const { practice, user, staff, client, session } = await aSessionThatHappened();
    const other = await aClient(practice.id, user.id, { firstName: "Bo" });
    await testDb().update(practices).set({ followUpDefaultDays: 3 }).where(eq(practices.id, practice.id));
    await addAttendee(testDb(), practice, user.id, session.id, other.id).catch(() => null);

    const reply = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "completed" } });
    expect(reply.status).toBe(200);
    expect(text(reply, "#follow-up-prompt h2")).toBe("Session completed: what next?");
    const item = reply.doc().querySelector(`#prompt-${client.id}`)!;
    expect(item.querySelector('a[href*="note="]')?.getAttribute("href")).toBe(`/clients/${client.id}?note=${session.id}#new-note-form`);
    expect(item.querySelector('input[name="notes"]')?.getAttribute("value")).toBe("Check-in call, 3 days after the session");
    expect(item.querySelector('input[name="sessionId"]')?.getAttribute("value")).toBe(session.id);

    const form = Object.fromEntries(item.querySelectorAll("input, select").map((el) => [el.getAttribute("name")!,
      el.tagName === "SELECT" ? el.querySelector("option[selected]")?.getAttribute("value") ?? "" : el.getAttribute("value") ?? ""]));
    const accepted = await staff.post(`/clients/${client.id}/follow-ups`, { htmx: true, form });
    expect(accepted.status).toBe(200);
    expect(text(accepted, `#prompt-${client.id} li`)).toContain("Check-in call, 3 days after the session");
    const [made] = await followUpsOf(client.id);
    expect(made).toMatchObject({ sessionId: session.id, type: "call", assigneeId: user.id });
    // Three days after the session ended, to the minute the form shows.
    expect(made!.dueAt).toEqual(new Date(Math.floor((session.endTime.getTime() + 3 * DAY) / 60_000) * 60_000));

    // The note link opens the note form with this session chosen.
    const notePage = await staff.get(`/clients/${client.id}?note=${session.id}`);
    expect(notePage.doc().querySelector("#new-note")?.hasAttribute("open")).toBe(true);
    expect(notePage.doc().querySelector("#new-note-form select[name=sessionId] option[selected]")?.getAttribute("value")).toBe(session.id);
  });

  test("without JavaScript, completing lands on the session page with the prompt; accepting goes back to it", async () => {
    const { staff, client, session } = await aSessionThatHappened();
    const reply = await staff.post(`/sessions/${session.id}/status`, { form: { status: "completed" } });
    expect(reply.status).toBe(303);
    expect(reply.headers.get("Location")).toBe(`/sessions/${session.id}?completed=1`);
    const page = await staff.get(reply.headers.get("Location")!);
    expect(all(page, `#follow-up-prompt #prompt-${client.id} form`)).toHaveLength(1);
    expect(all(page, "#follow-up-prompt a.skip")).toHaveLength(1);
    // A later visit to the completed session still offers the note and the follow-up, without the prompt's wording.
    const later = await staff.get(`/sessions/${session.id}`);
    expect(text(later, "#follow-up-prompt h2")).toBe("Notes and follow-ups");
    expect(all(later, `#follow-up-prompt #prompt-${client.id} form`)).toHaveLength(1);
    expect(all(later, "#follow-up-prompt a.skip")).toHaveLength(0);
  });

  test("a session not yet completed offers no follow-up section", async () => {
    const { staff, session } = await aSessionThatHappened();
    expect(all(await staff.get(`/sessions/${session.id}`), "#follow-up-prompt")).toHaveLength(0);
  });

  test("with the practice's automatic setting, completing adds the follow-up once, even completed again after reopening", async () => {
    const { practice, user, staff, client, session } = await aSessionThatHappened();
    const settings = await staff.post("/settings", { form: { name: practice.name, timezone: practice.timezone, currency: "EUR", cancellationWindowHours: "24",
      reminderOffsets: "24h", followUpDefaultDays: "2", followUpAutomatic: "on", rebookAfterWeeks: "" } });
    expect(settings.status).toBe(303);
    const [saved] = await testDb().select().from(practices).where(eq(practices.id, practice.id));
    expect(saved).toMatchObject({ followUpAutomatic: true, rebookAfterWeeks: null });

    await staff.post(`/sessions/${session.id}/status`, { form: { status: "completed" } });
    await staff.post(`/sessions/${session.id}/status`, { form: { status: "scheduled" } });
    const again = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "completed" } });
    await setSessionStatus(testDb(), saved!, user.id, session.id, { status: "completed" });
    const made = await followUpsOf(client.id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ sessionId: session.id, type: "call", notes: "Check-in call, 2 days after the session" });
    // The prompt says it is there instead of offering another.
    expect(all(again, `#prompt-${client.id} form`)).toHaveLength(0);
    expect(text(again, `#prompt-${client.id} li`)).toContain("Call due");
  });
});

describe("an email follow-up", () => {
  test("sending writes exactly one outbox row to the client, from the practice, replies to the sender, and completes it", async () => {
    const { practice, user, staff, email } = await aPracticeWithStaff({ practiceName: "Calm Clinic" });
    const client = await aClient(practice.id, user.id, { firstName: "Ada", email: "ada.client@example.test" });
    const followUp = await aFollowUp(practice.id, client.id, user.id, { type: "email" });
    const compose = await staff.get(`/follow-ups/${followUp.id}/email`);
    expect(compose.doc().querySelector("#subject")?.getAttribute("value")).toBe("How are you feeling after your session?");
    expect(text(compose, "#body")).toContain("Hi Ada,");

    const form = { subject: "After Tuesday", body: "Hi Ada,\n\nHow is the shoulder?", from: "list" };
    const [sent, twice] = [await staff.post(`/follow-ups/${followUp.id}/email`, { form }), await staff.post(`/follow-ups/${followUp.id}/email`, { form })];
    expect(sent.status).toBe(303);
    expect(twice.status).toBe(303);
    const rows = await testDb().select().from(outbox).where(eq(outbox.clientId, client.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "follow_up", toAddress: "ada.client@example.test", subject: "After Tuesday", dedupeKey: `follow_up:${followUp.id}`, practiceId: practice.id });
    expect(rows[0]!.payload).toMatchObject({ fromName: "Calm Clinic", replyTo: email });
    expect(rows[0]!.payload.text).toContain("How is the shoulder?");
    expect((await followUpsOf(client.id))[0]!.completedAt).not.toBeNull();
  });

  test("a client without an email address is a 422 that says so; nothing is written or completed", async () => {
    const { practice, user, staff } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { firstName: "Noel", email: null });
    const followUp = await aFollowUp(practice.id, client.id, user.id, { type: "email" });
    const reply = await staff.post(`/follow-ups/${followUp.id}/email`, { form: { subject: "Hello", body: "Kept text" } });
    expect(reply.status).toBe(422);
    expect(text(reply, ".form-error")).toContain("Noel has no email address");
    expect(text(reply, "#body")).toBe("Kept text");
    expect(await testDb().select().from(outbox).where(eq(outbox.clientId, client.id))).toHaveLength(0);
    expect((await followUpsOf(client.id))[0]!.completedAt).toBeNull();
    expect((await staff.post(`/follow-ups/${followUp.id}/email`, { form: { subject: "", body: "" } })).status).toBe(422);
  });
});

describe("time to book again", () => {
  /** A client checked in to a session `weeksAgo` weeks ago (their last visit), in a practice that rebooks after `weeks`. */
  async function aLapsedClient(weeksAgo: number, weeks: number | null) {
    const owner = await aPracticeWithStaff();
    await testDb().update(practices).set({ rebookAfterWeeks: weeks }).where(eq(practices.id, owner.practice.id));
    const practice = { ...owner.practice, rebookAfterWeeks: weeks };
    const service = await aService(owner.practice.id, { name: "Massage" });
    const client = await aClient(owner.practice.id, owner.user.id, { firstName: "Lapsed", lastName: "Client" });
    const start = new Date(Date.now() - weeksAgo * WEEK);
    const session = await aSession(practice, owner.user.id, { serviceId: service.id, startTime: start });
    await addAttendee(testDb(), practice, owner.user.id, session.id, client.id);
    await checkIn(testDb(), practice, session.id, client.id, new Date(start.getTime() + 60_000));
    return { ...owner, practice, service, client };
  }
  const suggested = async (staff: Awaited<ReturnType<typeof aPracticeWithStaff>>["staff"]) =>
    all(await staff.get("/follow-ups"), "#suggested li.suggestion").map((li) => li.id);

  test("a client with nothing booked N weeks after their last visit is suggested; a booking ahead takes them off", async () => {
    const { practice, user, staff, client } = await aLapsedClient(6, 4);
    expect(await suggested(staff)).toEqual([`suggestion-${client.id}`]);
    const ahead = await aSession(practice, user.id, { startTime: new Date(Date.now() + WEEK) });
    await addAttendee(testDb(), practice, user.id, ahead.id, client.id);
    expect(await suggested(staff)).toEqual([]);
  });

  test("off by default, not yet before N weeks, and a service's own weeks win over the practice's", async () => {
    expect(await suggested((await aLapsedClient(6, null)).staff)).toEqual([]);
    expect(await suggested((await aLapsedClient(3, 4)).staff)).toEqual([]);
    const { staff, service, client } = await aLapsedClient(6, 4);
    await testDb().update(services).set({ rebookAfterWeeks: 10 }).where(eq(services.id, service.id));
    expect(await suggested(staff)).toEqual([]);
    await testDb().update(services).set({ rebookAfterWeeks: 5 }).where(eq(services.id, service.id));
    expect(await suggested(staff)).toEqual([`suggestion-${client.id}`]);
  });

  test("archived clients never appear", async () => {
    const { staff, client } = await aLapsedClient(6, 4);
    await testDb().update(clients).set({ status: "archived" }).where(eq(clients.id, client.id));
    expect(await suggested(staff)).toEqual([]);
  });

  test("Add follow-up makes one call due now (a double tap too) and the suggestion goes", async () => {
    const { staff, client } = await aLapsedClient(6, 4);
    const replies = await Promise.all([1, 2].map(() => staff.post(`/clients/${client.id}/follow-ups/rebook`, { htmx: true })));
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    const made = await followUpsOf(client.id);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ type: "call", notes: "Time to book again", completedAt: null });
    const page = await staff.get("/follow-ups");
    expect(all(page, "#suggested li")).toHaveLength(0);
    expect(all(page, "#due-today li.follow-up, #overdue li.follow-up")).toHaveLength(1);
  });

  test("Dismiss hides the suggestion until a later visit", async () => {
    const { practice, user, staff, client } = await aLapsedClient(8, 4);
    expect((await staff.post(`/clients/${client.id}/follow-ups/rebook-dismissal`)).status).toBe(303);
    expect(await suggested(staff)).toEqual([]);
    // A later visit (still long enough ago) brings it back.
    const later = await aSession(practice, user.id, { startTime: new Date(Date.now() - 5 * WEEK) });
    await addAttendee(testDb(), practice, user.id, later.id, client.id);
    await checkIn(testDb(), practice, later.id, client.id, new Date(later.startTime.getTime() + 60_000));
    await testDb().update(clients).set({ rebookDismissedAt: new Date(Date.now() - 6 * WEEK) }).where(and(eq(clients.id, client.id)));
    expect(await suggested(staff)).toEqual([`suggestion-${client.id}`]);
  });

  test("a practice member can be the assignee; the settings and service forms take the rebook weeks", async () => {
    const { practice, user, staff } = await aPracticeWithStaff();
    const member = await aStaffMember(practice.id);
    const client = await aClient(practice.id, user.id);
    const reply = await staff.post(`/clients/${client.id}/follow-ups`, { form: { type: "admin", due: "2030-02-10T10:00", assigneeId: member.user.id } });
    expect(reply.status).toBe(303);
    expect((await followUpsOf(client.id))[0]!.assigneeId).toBe(member.user.id);

    const bad = await staff.post("/services", { form: { name: "Yoga", durationMinutes: "60", price: "20", capacity: "1", rebookAfterWeeks: "500" } });
    expect(bad.status).toBe(422);
    const good = await staff.post("/services", { form: { name: "Yoga", durationMinutes: "60", price: "20", capacity: "1", rebookAfterWeeks: "6" } });
    expect(good.status).toBe(303);
    const [yoga] = await testDb().select().from(services).where(and(eq(services.practiceId, practice.id), eq(services.name, "Yoga")));
    expect(yoga!.rebookAfterWeeks).toBe(6);
  });
});
