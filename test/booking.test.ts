import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clients, sessions } from "../src/db/schema.js";
import { addAttendee, checkIn, createSessions } from "../src/domain/booking.js";
import { occurrenceDates, planSeries, createSeries } from "../src/domain/series.js";
import { localParts } from "../src/lib/time.js";
import { aClient, aPracticeWithStaff, aSession } from "./factories.js";
import { testDb } from "./harness.js";

describe("double booking", () => {
  test("an overlapping session for the same practitioner is refused with the clash and the next free slot", async () => {
    const { practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    await aSession(practice, user.id, { start: "2030-01-07T10:00:00Z", title: "Morning massage" });
    const attempt = createSessions(testDb(), practice, user.id, [{
      serviceId: null, practitionerId: user.id, title: "Clash", location: null, capacity: 1, notes: null,
      startTime: new Date("2030-01-07T10:30:00Z"), endTime: new Date("2030-01-07T11:30:00Z"),
    }]);
    await expect(attempt).rejects.toMatchObject({
      code: "double_booked",
      message: "The practitioner is already booked 10:00–11:00 on Mon 7 Jan (Morning massage). Next free slot: 11:00–12:00 on Mon 7 Jan.",
    });
  });

  test("back-to-back sessions are fine; a canceled session frees its slot", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const first = await aSession(practice, user.id, { start: "2030-01-07T10:00:00Z" });
    await aSession(practice, user.id, { start: "2030-01-07T11:00:00Z" });
    await testDb().update(sessions).set({ status: "canceled" }).where(eq(sessions.id, first.id));
    await aSession(practice, user.id, { start: "2030-01-07T10:00:00Z" });
  });

  test("fifty simultaneous overlapping bookings: exactly one succeeds", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => aSession(practice, user.id, {
      startTime: new Date(Date.UTC(2030, 0, 8, 9, i)), // 09:00, 09:01, … all overlapping
    })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(49).fill("double_booked"));
  });
});

describe("capacity", () => {
  test("thirty simultaneous adds to a class of eight: exactly eight get in", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const session = await aSession(practice, user.id, { capacity: 8 });
    const clients = await Promise.all(Array.from({ length: 30 }, () => aClient(practice.id, user.id)));
    const results = await Promise.allSettled(clients.map((c) => addAttendee(testDb(), practice, user.id, session.id, c.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(8);
    expect(new Set(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code))).toEqual(new Set(["capacity_full"]));
  });

  test("checking in twice keeps the first time", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const session = await aSession(practice, user.id);
    const client = await aClient(practice.id, user.id);
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    const first = await checkIn(testDb(), practice, session.id, client.id, new Date("2030-01-07T09:01:00Z"));
    const second = await checkIn(testDb(), practice, session.id, client.id, new Date("2030-01-07T09:05:00Z"));
    expect(first!.checkInTime!.toISOString()).toBe("2030-01-07T09:01:00.000Z");
    expect(second!.checkInTime!.toISOString()).toBe("2030-01-07T09:01:00.000Z");
    const [row] = await testDb().select().from(clients).where(eq(clients.id, client.id));
    expect(row!.lastVisitAt!.toISOString()).toBe(session.startTime.toISOString());
  });
});

describe("weekly series across DST", () => {
  test("a 09:00 class in Europe/London stays at 09:00 local across the last Sundays of March and October", async () => {
    const { practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    const rule = { weekdays: [7], intervalWeeks: 1, startTime: "09:00", durationMinutes: 60, firstDate: "2026-03-15", count: 4, timezone: "Europe/London" };
    const { sessions: spring } = await createSeries(testDb(), practice, user.id, { serviceId: null, practitionerId: user.id, title: "Sunday flow", location: null, capacity: 8, notes: null }, rule, { skipClashes: false, clientIds: [] });
    expect(spring.map((s) => localParts(s.startTime, "Europe/London"))).toEqual([
      { date: "2026-03-15", time: "09:00" }, { date: "2026-03-22", time: "09:00" }, { date: "2026-03-29", time: "09:00" }, { date: "2026-04-05", time: "09:00" },
    ]);
    expect(spring.map((s) => s.startTime.toISOString().slice(11, 16))).toEqual(["09:00", "09:00", "08:00", "08:00"]);

    const autumn = await createSeries(testDb(), practice, user.id, { serviceId: null, practitionerId: user.id, title: "Sunday flow", location: null, capacity: 8, notes: null },
      { ...rule, firstDate: "2026-10-18", count: 3 }, { skipClashes: false, clientIds: [] });
    // 25 October 2026 is the last Sunday: clocks go back at 02:00, so its 09:00 is already GMT.
    expect(autumn.sessions.map((s) => localParts(s.startTime, "Europe/London").time)).toEqual(["09:00", "09:00", "09:00"]);
    expect(autumn.sessions.map((s) => s.startTime.toISOString().slice(11, 16))).toEqual(["08:00", "09:00", "09:00"]);
  });

  test("every other Tuesday and Thursday until a date", () => {
    expect(occurrenceDates({ weekdays: [2, 4], intervalWeeks: 2, firstDate: "2026-11-26", until: "2026-12-31" }))
      .toEqual(["2026-11-26", "2026-12-08", "2026-12-10", "2026-12-22", "2026-12-24"]);
  });

  test("clashing dates are listed first, and skipped only when asked", async () => {
    const { practice, user } = await aPracticeWithStaff({ timezone: "Europe/London" });
    await aSession(practice, user.id, { start: "2026-12-08T09:30:00Z", title: "Private client" });
    const rule = { weekdays: [2], intervalWeeks: 1, startTime: "09:00", durationMinutes: 60, firstDate: "2026-12-01", count: 3, timezone: "Europe/London" };
    const plan = await planSeries(testDb(), practice, user.id, rule);
    expect(plan.map((p) => p.clash?.label ?? null)).toEqual([null, "Tue 8 Dec: Private client", null]);
    const base = { serviceId: null, practitionerId: user.id, title: "Class", location: null, capacity: 8, notes: null };
    await expect(createSeries(testDb(), practice, user.id, base, rule, { skipClashes: false, clientIds: [] })).rejects.toMatchObject({ code: "double_booked" });
    const { sessions: made, skipped } = await createSeries(testDb(), practice, user.id, base, rule, { skipClashes: true, clientIds: [] });
    expect(made).toHaveLength(2);
    expect(skipped).toEqual(["2026-12-08"]);
  });
});
