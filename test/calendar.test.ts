import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { sessions } from "../src/db/schema.js";
import { addAttendee } from "../src/domain/booking.js";
import { todayIn, toLocalInput, zonedInstant } from "../src/lib/time.js";
import { aClient, aPracticeWithStaff, aProgram, aService, aSession } from "./factories.js";
import { all, testDb, text } from "./harness.js";

const cardTimes = (reply: { doc: () => any }, day: string) =>
  reply.doc().querySelectorAll(`time[datetime="${day}"]`)[0]?.parentNode.parentNode.parentNode
    .querySelectorAll(".session-card time").map((t: any) => t.text) ?? [];

describe("the week view", () => {
  test("shows the same local hours for a New York practice whatever the server's zone", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "America/New_York" });
    await aSession(practice, user.id, { startTime: zonedInstant("2030-01-09", "09:00", "America/New_York"), title: "Morning" });
    const week = await staff.get("/calendar?view=week&date=2030-01-09");
    expect(cardTimes(week, "2030-01-09")).toEqual(["09:00–10:00"]);
    expect(text(week, "#calendar .muted")).toContain("America/New_York");
  });

  test("puts sessions on the right day and hour in the London weeks when the clocks change", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    for (const date of ["2026-03-27", "2026-03-28", "2026-03-29", "2026-10-23", "2026-10-24", "2026-10-25"]) {
      await aSession(practice, user.id, { startTime: zonedInstant(date, "09:00", "Europe/London"), title: `Class ${date}` });
      await aSession(practice, user.id, { startTime: zonedInstant(date, "23:30", "Europe/London"), title: `Late ${date}`, endTime: zonedInstant(date, "23:59", "Europe/London") });
    }
    const spring = await staff.get("/calendar?view=week&date=2026-03-29");
    const autumn = await staff.get("/calendar?view=week&date=2026-10-25");
    // The clocks change early on Sunday 29 March and Sunday 25 October 2026: the days either side must not shift.
    for (const [reply, dates] of [[spring, ["2026-03-27", "2026-03-28", "2026-03-29"]], [autumn, ["2026-10-23", "2026-10-24", "2026-10-25"]]] as const) {
      for (const date of dates) expect(cardTimes(reply, date), date).toEqual(["09:00–10:00", "23:30–23:59"]);
    }
  });

  test("previous / next answer with only the calendar fragment, small enough for bad wifi", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { firstName: "Busy", lastName: "Week" });
    for (let i = 0; i < 40; i++) {
      const day = String(12 + (i % 5)).padStart(2, "0");
      const hour = String(7 + Math.floor(i / 5)).padStart(2, "0");
      const s = await aSession(practice, user.id, { startTime: zonedInstant(`2030-08-${day}`, `${hour}:00`, "Europe/London"), title: "Massage" });
      await addAttendee(testDb(), practice, user.id, s.id, client.id);
    }
    const fragment = await staff.get("/calendar?view=week&date=2030-08-12", { htmx: true });
    expect(fragment.body.startsWith('<section id="calendar"')).toBe(true);
    expect(all(fragment, "a.session-card")).toHaveLength(40);
    const { gzipSync } = await import("node:zlib");
    expect(gzipSync(fragment.body).length).toBeLessThanOrEqual(4096);
    const next = fragment.doc().querySelector('a[rel="next"]')!;
    expect(next.getAttribute("hx-push-url")).toBe("true");
    expect(next.getAttribute("hx-get")).toBe("/calendar?view=week&date=2030-08-19");
  });

  test("the day view offers every free hour as a booking link", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    await aSession(practice, user.id, { startTime: zonedInstant("2030-08-12", "10:00", "Europe/London"), title: "Taken" });
    const day = await staff.get("/calendar?view=day&date=2030-08-12");
    const free = all(day, "a.free-slot").map((a) => a.getAttribute("href"));
    expect(free).toContain("/sessions/new?start=2030-08-12T09:00");
    expect(free).not.toContain("/sessions/new?start=2030-08-12T10:00");
  });
});

test("on wide screens the week is a time grid: each session placed by its start and length", async () => {
  const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
  await aSession(practice, user.id, { startTime: zonedInstant("2030-06-12", "10:30", "Europe/London"), title: "Long one",
    endTime: zonedInstant("2030-06-12", "11:45", "Europe/London") });
  const week = await staff.get("/calendar?view=week&date=2030-06-12", { htmx: true });
  // The grid starts at 07:00: 10:30 is hour 3, quarter 2 after it; 75 minutes are 1 hour and 1 quarter.
  expect(week.doc().querySelector(".session-card")!.getAttribute("class")).toContain("h3 m2 dh1 dm1");
  expect(all(week, ".hours-col span").map((s) => s.text)[0]).toBe("07:00");
  const wednesday = week.doc().querySelectorAll("ol.week > li")[2]!;
  expect(wednesday.getAttribute("data-day")).toBe("2030-06-12");
  expect(wednesday.querySelector("a.add")!.getAttribute("href")).toBe("/sessions/new?date=2030-06-12");
});

describe("booking from the form", () => {
  test("the form asks who first, offers each program's own phases, and starts at the practitioner's next free time", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    await aService(practice.id, { name: "Massage" });
    await aProgram(practice.id, { type: "plan", name: "Knee plan", sessionsCount: null }, ["Assessment", "Intensive"]);
    await aProgram(practice.id, { type: "plan", name: "Back plan", sessionsCount: null }, ["Mobility"]);
    // Busy from the next quarter hour for an hour: the next free time is its end.
    const quarter = 15 * 60_000;
    const busyFrom = new Date(Math.ceil(Date.now() / quarter) * quarter);
    await aSession(practice, user.id, { startTime: busyFrom, title: "Busy" });
    const form = await staff.get("/sessions/new");
    const fields = form.doc().querySelectorAll("#session-form fieldset, #session-form select, #session-form input[type=datetime-local]")
      .map((el) => el.getAttribute("name") ?? el.querySelector("legend")?.text.trim());
    expect(fields.slice(0, 3)).toEqual(["Who is coming (optional)", "serviceId", "start"]);
    expect(Object.fromEntries(all(form, "#phaseId optgroup").map((g) => [g.getAttribute("label"), g.querySelectorAll("option").map((o) => o.text)])))
      .toEqual({ "Knee plan": ["Assessment", "Intensive"], "Back plan": ["Mobility"] });
    expect(form.doc().querySelector("#start")!.getAttribute("value")).toBe(toLocalInput(new Date(busyFrom.getTime() + 3_600_000), "Europe/London"));
  });

  test("messages read right: dates written out, counts in the singular when there is one", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    const service = await aService(practice.id, { name: "Yoga", durationMinutes: 60, capacity: 8 });
    await aSession(practice, user.id, { startTime: zonedInstant("2030-09-10", "18:00", "Europe/London"), title: "Private" });
    const form = { serviceId: service.id, practitionerId: user.id, start: "2030-09-03T18:00", repeat: "on", repeatEvery: "1", repeatEnds: "count", repeatCount: "2" };
    const asked = await staff.post("/sessions", { form });
    expect(text(asked, ".form-error")).toContain("1 date clashes: skip it, or change the time.");
    await staff.post("/sessions", { form: { ...form, onClash: "skip" } });
    const week = await staff.get("/calendar?view=week&date=2030-09-03");
    expect(text(week, ".flash")).toBe("1 session booked; skipped 10 Sept 2030 (clashes).");
  });

  test("a practice with no services is sent to create one, right on the form", async () => {
    const { staff } = await aPracticeWithStaff();
    const form = await staff.get("/sessions/new");
    expect(form.doc().querySelector('#session-form a[href="/services"]')!.text).toBe("Create your first service");
    expect(form.doc().querySelector("#serviceId")).toBeNull();
  });

  test("a clash is refused with the other session and the next free slot", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    const service = await aService(practice.id, { name: "Massage", durationMinutes: 60 });
    await aSession(practice, user.id, { startTime: zonedInstant("2030-08-12", "10:00", "Europe/London"), title: "Existing" });
    const reply = await staff.post("/sessions", { form: { serviceId: service.id, practitionerId: user.id, start: "2030-08-12T10:30" } });
    expect(reply.status).toBe(422);
    expect(text(reply, ".form-error")).toContain("already booked 10:00–11:00 on Mon 12 Aug (Existing). Next free slot: 11:00–12:00 on Mon 12 Aug.");
    expect(text(reply, "#start-error")).toContain("10:00–11:00");
  });

  test("a weekly series lists its clashes first, then books the rest when told to skip them", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    const service = await aService(practice.id, { name: "Yoga", durationMinutes: 60, capacity: 8 });
    await aSession(practice, user.id, { startTime: zonedInstant("2030-09-10", "18:00", "Europe/London"), title: "Private" });
    const form = { serviceId: service.id, practitionerId: user.id, start: "2030-09-03T18:00", repeat: "on", repeatEvery: "1", repeatEnds: "count", repeatCount: "4" };
    const asked = await staff.post("/sessions", { form });
    expect(asked.status).toBe(422);
    expect(all(asked, ".form-error li").map((li) => li.text)).toEqual(["Tue 10 Sept: Private"]);
    const booked = await staff.post("/sessions", { form: { ...form, onClash: "skip" } });
    expect(booked.status).toBe(303);
    const rows = await testDb().select().from(sessions).where(eq(sessions.serviceId, service.id));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.seriesId && r.capacity === 8)).toBe(true);
  });

  test("bad input is re-rendered with messages, never a 500", async () => {
    const { staff, user } = await aPracticeWithStaff();
    const reply = await staff.post("/sessions", { form: { serviceId: "nope", practitionerId: user.id, start: "2030-02-30T25:00", capacity: "0", repeat: "on", repeatCount: "500" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#serviceId-error")).toBeTruthy();
    expect(text(reply, "#start-error")).toBe("Enter the start as a date and time.");
    expect(text(reply, "#capacity-error")).toBe("The capacity must be at least 1.");
    expect(text(reply, "#repeatCount-error")).toBe("The number of sessions must be at most 104.");
  });
});

describe("the session page and attendance", () => {
  test("a full class refuses the next attendee with a message and keeps the choice", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const session = await aSession(practice, user.id, { capacity: 1 });
    const [a, b] = [await aClient(practice.id, user.id), await aClient(practice.id, user.id, { firstName: "Second" })];
    expect((await staff.post(`/sessions/${session.id}/attendees`, { form: { clientIds: a.id } })).status).toBe(303);
    const full = await staff.post(`/sessions/${session.id}/attendees`, { form: { clientIds: b.id } });
    expect(full.status).toBe(409);
    expect(text(full, "#add-attendees .form-error")).toContain("This session is full (1/1)");
    expect(full.doc().querySelector(`#client-options input[value="${b.id}"]`)!.getAttribute("checked")).not.toBeNull();
  });

  test("checking in from the Today screen swaps one row, twice with the same time", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "UTC" });
    // Early today in the practice's zone, so "today" holds whatever the hour the test runs at.
    const session = await aSession(practice, user.id, { startTime: zonedInstant(todayIn("UTC"), "00:01", "UTC") });
    const client = await aClient(practice.id, user.id, { firstName: "Front", lastName: "Desk" });
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    const today = await staff.get("/today");
    // The row's forms are boosted: the URL htmx posts to is the form's own action.
    const button = today.doc().querySelector("li.attendee form[action*=check-in]")!;
    expect(button.querySelector("button")!.getAttribute("class")).toContain("big");
    expect(button.getAttribute("action")).toMatch(/\/check-in\?big=1$/);
    const first = await staff.post(button.getAttribute("action")!, { htmx: true });
    const second = await staff.post(button.getAttribute("action")!, { htmx: true });
    expect(first.body.startsWith("<li")).toBe(true);
    expect(text(first, "li.attendee.attended time")).toBe(text(second, "li.attendee.attended time"));
    expect(first.doc().querySelector("button.big")).toBeNull();
  });

  test("status changes swap the summary with the attendees; canceling needs no reason but keeps one", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const session = await aSession(practice, user.id);
    const reply = await staff.post(`/sessions/${session.id}/status`, { htmx: true, form: { status: "canceled", cancelReason: "Flooded studio", confirmed: "yes" } });
    expect(reply.body.startsWith('<div id="session-detail"><section id="session-summary"')).toBe(true);
    expect(text(reply, "h1 .badge")).toBe("Canceled");
    expect(reply.body).toContain("Flooded studio");
  });

  test("rescheduling onto another session is refused with the clash named", async () => {
    const { staff, practice, user } = await aPracticeWithStaff({ timezone: "UTC" });
    await aSession(practice, user.id, { start: "2030-01-07T12:00:00Z", title: "Lunch client" });
    const session = await aSession(practice, user.id, { start: "2030-01-07T09:00:00Z" });
    const reply = await staff.post(`/sessions/${session.id}`, { form: { start: "2030-01-07T12:30", end: "2030-01-07T13:30", capacity: "1" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#reschedule .form-error")).toContain("Lunch client");
  });
});

test("the client page lists the client's upcoming and past sessions", async () => {
  const { staff, practice, user } = await aPracticeWithStaff();
  const client = await aClient(practice.id, user.id);
  const past = await aSession(practice, user.id, { start: "2020-01-06T09:00:00Z", title: "Long ago" });
  const future = await aSession(practice, user.id, { start: "2035-01-08T09:00:00Z", title: "Far ahead" });
  for (const s of [past, future]) await addAttendee(testDb(), practice, user.id, s.id, client.id);
  const page = await staff.get(`/clients/${client.id}`);
  expect(all(page, "#sessions ul.bookings")[0]!.text).toContain("Far ahead");
  expect(all(page, "#sessions ul.bookings")[1]!.text).toContain("Long ago");
  expect(page.doc().querySelector(`#sessions a[href="/sessions/new?clientId=${client.id}"]`)).not.toBeNull();
});
