// A creating form carries a key made when it was drawn: a double tap, or "Try again" after a dropped
// connection whose first request did arrive, makes one thing, and the retry is answered with it.
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clientMetrics, clients, sessions, soapNotes } from "../src/db/schema.js";
import { createTemplate, starterTemplates } from "../src/domain/metrics.js";
import { aClient, aPracticeWithStaff, aService } from "./factories.js";
import { testDb } from "./harness.js";

/** The key the form was drawn with, as a browser would send it back. */
async function keyOf(staff: Awaited<ReturnType<typeof aPracticeWithStaff>>["staff"], path: string, form: string) {
  const page = await staff.get(path);
  return page.doc().querySelector(`${form} input[name="submission"]`)!.getAttribute("value")!;
}

describe("the same form sent several times makes one thing", () => {
  test("a metric value logged five times at once over htmx is one entry", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const pain = await createTemplate(testDb(), practice.id, user.id, starterTemplates[0]!);
    await staff.post(`/clients/${client.id}/metric-templates`, { form: { templateId: pain.id } });
    const submission = await keyOf(staff, `/clients/${client.id}`, `#metric-${pain.id}`);
    const replies = await Promise.all(Array.from({ length: 5 }, () =>
      staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: pain.id, value: "6", submission } })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, client.id))).toHaveLength(1);
    // A new drawing of the card has a new key: the next value is logged.
    const next = replies[0]!.doc().querySelector(`#metric-${pain.id} input[name="submission"]`)!.getAttribute("value");
    expect(next).not.toBe(submission);
  });

  test("a SOAP note sent twice is one note", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const submission = await keyOf(staff, `/clients/${client.id}`, "#new-note-form");
    const form = { subjective: "Sore after gardening.", submission };
    const [a, b] = await Promise.all([staff.post(`/clients/${client.id}/notes`, { htmx: true, form }), staff.post(`/clients/${client.id}/notes`, { htmx: true, form })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await testDb().select().from(soapNotes).where(eq(soapNotes.clientId, client.id))).toHaveLength(1);
  });

  test("a booking sent twice is one session, and the retry lands on it", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id);
    const submission = await keyOf(staff, "/sessions/new", "#session-form");
    const form = { serviceId: service.id, practitionerId: user.id, start: "2031-03-03T10:00", submission };
    const first = await staff.post("/sessions", { form });
    const retry = await staff.post("/sessions", { form });
    expect(first.status).toBe(303);
    expect(retry.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id))).toHaveLength(1);
  });

  test("a weekly series sent twice is booked once", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id, { capacity: 8 });
    const submission = await keyOf(staff, "/sessions/new", "#session-form");
    const form = { serviceId: service.id, practitionerId: user.id, start: "2031-03-03T18:00", repeat: "on", repeatCount: "4", submission };
    expect((await staff.post("/sessions", { form })).status).toBe(303);
    expect((await staff.post("/sessions", { form })).status).toBe(303);
    expect(await testDb().select().from(sessions).where(eq(sessions.practiceId, practice.id))).toHaveLength(4);
  });

  test("a new client sent twice is one client, and without a key two posts are two clients", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const submission = await keyOf(staff, "/clients/new", "#client-form");
    const form = { firstName: "Dora", lastName: "Double", submission };
    const first = await staff.post("/clients", { form });
    const retry = await staff.post("/clients", { form });
    expect(retry.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, practice.id))).toHaveLength(1);
    await staff.post("/clients", { form: { firstName: "Dora", lastName: "Double" } });
    expect(await testDb().select().from(clients).where(eq(clients.practiceId, practice.id))).toHaveLength(2);
  });
});
