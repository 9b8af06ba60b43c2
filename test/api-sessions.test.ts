import { describe, expect, test } from "vitest";
import { aClient, aPracticeWithStaff, aService, aStaffMember } from "./factories.js";
import { aBrowser } from "./harness.js";

const api = () => aBrowser();

describe("/api/sessions", () => {
  test("books a session with defaults from the service, lists it, reschedules and cancels it", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id, { name: "Massage", durationMinutes: 45, capacity: 1 });
    const client = await aClient(practice.id, user.id);
    const created = await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, startTime: "2030-03-04T10:00:00+01:00", clientIds: [client.id] } });
    expect(created.status).toBe(201);
    const session = created.json().session;
    expect(session).toMatchObject({ startTime: "2030-03-04T09:00:00.000Z", endTime: "2030-03-04T09:45:00.000Z", capacity: 1, status: "scheduled", practitionerId: user.id });
    expect(session.attendees).toMatchObject([{ clientId: client.id, attendanceStatus: "registered" }]);

    const list = (await api().get("/api/sessions?from=2030-03-04T00:00:00Z&to=2030-03-05T00:00:00Z", { bearer: token })).json();
    expect(list.sessions.map((s: { id: string }) => s.id)).toEqual([session.id]);

    const moved = await api().send("PATCH", `/api/sessions/${session.id}`, { bearer: token, json: { startTime: "2030-03-04T11:00:00Z" } });
    expect(moved.json().session).toMatchObject({ startTime: "2030-03-04T11:00:00.000Z", endTime: "2030-03-04T11:45:00.000Z" });
    const canceled = await api().send("PATCH", `/api/sessions/${session.id}`, { bearer: token, json: { status: "canceled", cancelReason: "Storm", canceledBy: "practice" } });
    expect(canceled.json().session).toMatchObject({ status: "canceled", cancelReason: "Storm", attendees: [{ attendanceStatus: "canceled" }] });
  });

  test("fifty simultaneous overlapping bookings over HTTP: one 201, forty-nine 409 double_booked", async () => {
    const { token, practice } = await aPracticeWithStaff();
    const service = await aService(practice.id, { durationMinutes: 60 });
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => api().post("/api/sessions", {
      bearer: token, json: { serviceId: service.id, startTime: new Date(Date.UTC(2030, 4, 6, 9, i)).toISOString() },
    })));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const refused = replies.find((r) => r.status === 409)!.json().error;
    expect(refused).toMatchObject({ code: "double_booked", clashingSessionId: expect.any(String), nextFreeStart: expect.any(String) });
    expect(refused.message).toMatch(/Next free slot/);
  });

  test("thirty simultaneous attendee adds to a class of eight over HTTP: exactly eight 201s", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id, { capacity: 8 });
    const session = (await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, startTime: "2030-05-07T18:00:00Z" } })).json().session;
    const clients = await Promise.all(Array.from({ length: 30 }, () => aClient(practice.id, user.id)));
    const replies = await Promise.all(clients.map((c) => api().post(`/api/sessions/${session.id}/attendees`, { bearer: token, json: { clientId: c.id } })));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(8);
    expect(replies.filter((r) => r.status === 409).every((r) => r.json().error.code === "capacity_full")).toBe(true);
    expect(replies.filter((r) => r.status === 409)).toHaveLength(22);
  });

  test("check-in is idempotent and its answer is under 1 KB", async () => {
    const { token, staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const service = await aService(practice.id);
    const session = (await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, startTime: new Date(Date.now() + 3_600_000).toISOString(), clientIds: [client.id] } })).json().session;
    const first = await api().post(`/api/sessions/${session.id}/attendees/${client.id}/check-in`, { bearer: token });
    const second = await api().post(`/api/sessions/${session.id}/attendees/${client.id}/check-in`, { bearer: token });
    expect(first.json().attendee).toMatchObject({ attendanceStatus: "attended", checkInTime: expect.any(String) });
    expect(second.json().attendee.checkInTime).toBe(first.json().attendee.checkInTime);
    const html = await staff.post(`/sessions/${session.id}/attendees/${client.id}/check-in`, { htmx: true });
    expect(html.status).toBe(200);
    expect(Buffer.byteLength(html.body)).toBeLessThan(1024);
    expect(html.doc().querySelector("li.attendee.attended time")).not.toBeNull();
  });

  test("refuses bad input, other practices' ids and a practitioner from elsewhere", async () => {
    const { token, practice } = await aPracticeWithStaff();
    const other = await aPracticeWithStaff();
    const theirService = await aService(other.practice.id);
    const service = await aService(practice.id);
    const bad = await api().post("/api/sessions", { bearer: token, json: { serviceId: "x", startTime: "tomorrow 9am", capacity: 0 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(["capacity", "serviceId", "startTime"]);
    expect((await api().post("/api/sessions", { bearer: token, json: { serviceId: theirService.id, startTime: "2030-01-01T09:00:00Z" } })).status).toBe(422);
    expect((await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, practitionerId: other.user.id, startTime: "2030-01-01T09:00:00Z" } })).status).toBe(422);
    expect((await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, startTime: "2030-01-01T09:00:00Z", endTime: "2030-01-01T08:00:00Z" } })).status).toBe(422);
    expect((await api().get("/api/sessions?from=2030-01-01T00:00:00Z&to=2031-01-01T00:00:00Z", { bearer: token })).status).toBe(422);
  });

  test("two practitioners of one practice can be booked at the same time", async () => {
    const { token, practice } = await aPracticeWithStaff();
    const colleague = await aStaffMember(practice.id, "practitioner");
    const service = await aService(practice.id);
    const a = await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, startTime: "2030-06-01T09:00:00Z" } });
    const b = await api().post("/api/sessions", { bearer: token, json: { serviceId: service.id, startTime: "2030-06-01T09:00:00Z", practitionerId: colleague.user.id } });
    expect([a.status, b.status]).toEqual([201, 201]);
  });
});
