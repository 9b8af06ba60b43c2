// Two practices side by side: no route of one may return or change the other's data. The sweep asks Hono
// for every route, so a new route with an id in its path is covered the day it is added.
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { clientMetrics, clients, followUps, metricTemplates, payments, programEnrollments, services, sessionAttendees, sessions, soapNotes } from "../src/db/schema.js";
import { addAttendee } from "../src/domain/booking.js";
import { enrollClient } from "../src/domain/credits.js";
import { createTemplate, logMetric, starterTemplates } from "../src/domain/metrics.js";
import { recordPayment } from "../src/domain/payments.js";
import { recordUnplacedBooking } from "../src/queries/unplaced-bookings.js";
import { aClient, aFollowUp, aPortalClient, aPracticeWithStaff, aProgram, aService, aSession, aSoapNote } from "./factories.js";
import { testApp, testDb } from "./harness.js";
import { formFor as validForms } from "./route-forms.js";

// A copy: the sweep points the attendee forms at the other practice's client.
const formFor: Record<string, Record<string, string>> = { ...validForms };
const jsonFor: Record<string, unknown> = { "PUT /api/clients/:clientId": { firstName: "Hijacked" } };
jsonFor["POST /api/programs/:programId/enrollments"] = { clientId: "00000000-0000-4000-8000-000000000000" };

function routesWithIds() {
  const seen = new Set<string>();
  for (const r of testApp().routes) {
    if (r.method === "ALL" || !r.path.includes("/:") || r.path.startsWith("/static")) continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen];
}

test("every route with an id answers 404 for another practice's object and changes nothing", async () => {
  const owner = await aPracticeWithStaff({ practiceName: "Owner Practice" });
  const intruder = await aPracticeWithStaff({ practiceName: "Intruder Practice" });
  const theirClient = await aClient(owner.practice.id, owner.user.id, { firstName: "Private", lastName: "Person", email: "private@example.test" });
  const theirNote = await aSoapNote(owner.practice.id, theirClient.id, owner.user.id, { subjective: "Private note" });
  const theirService = await aService(owner.practice.id, { name: "Private service" });
  const theirSession = await aSession(owner.practice, owner.user.id, { title: "Private session", capacity: 4 });
  await addAttendee(testDb(), owner.practice, owner.user.id, theirSession.id, theirClient.id);
  // The intruder's own client, to try the other practice's note through a client id that is theirs.
  const ownClient = await aClient(intruder.practice.id, intruder.user.id);

  const ownSession = await aSession(intruder.practice, intruder.user.id);
  // The portal's routes are a client's: swept as a portal client of the intruding practice.
  const intruderClient = await aPortalClient(intruder.practice.id, intruder.user.id);
  const theirProgram = await aProgram(owner.practice.id, { name: "Private package" });
  const theirEnrollment = await enrollClient(testDb(), owner.practice, owner.user.id, theirProgram.id, theirClient.id);
  const theirTemplate = await createTemplate(testDb(), owner.practice.id, owner.user.id, { ...starterTemplates[0]!, name: "Private pain" });
  const theirMetric = await logMetric(testDb(), owner.practice, owner.user.id, theirClient.id, theirTemplate, 4, undefined);
  const theirPayment = await recordPayment(testDb(), owner.practice, owner.user.id, { clientId: theirClient.id, item: null, amountCents: 1000, method: "cash", paidAt: new Date(), note: "Private payment" });
  formFor["POST /sessions/:sessionId/attendees"] = { clientIds: theirClient.id };
  const theirUnplaced = await recordUnplacedBooking(testDb(), owner.practice.id, { source: "calendly", externalEventId: "ev-private", inviteeName: "Private Person",
    inviteeEmail: "private@example.test", title: "Private", startTime: new Date(), endTime: new Date(Date.now() + 3_600_000), reason: "Clash" });
  const theirFollowUp = await aFollowUp(owner.practice.id, theirClient.id, owner.user.id, { type: "email", notes: "Private follow-up" });
  const ids: Record<string, string> = { followUpId: theirFollowUp.id, clientId: theirClient.id, noteId: theirNote.noteId, serviceId: theirService.id, sessionId: theirSession.id,
    file: "not-a-feed-token-but-long-enough.ics", programId: theirProgram.id, enrollmentId: theirEnrollment.id,
    templateId: theirTemplate.id, metricId: theirMetric.id, bookingId: theirUnplaced.id, paymentId: theirPayment.id,
    // Public, credentialed by the unguessable id itself (like a feed token): an id that names nothing.
    connectionId: "not-a-connection-id", token: "not-a-pay-link-token-of-any-sort",
    // A reminder's unsubscribe link is public too, its email's random id the credential: an id that names nothing.
    emailId: "00000000-0000-4000-8000-00000000e4a1",
    // An exception: the dev mailbox (staff only, a 404 in production) shows every practice's mail by design, a
    // developer's tool rather than a practice's inbox (src/routes/dev-mailbox.tsx), so another practice's mail
    // is not a 404 there. Its routes are swept with an id that names nothing; test/dev-mailbox.test.ts covers the rest.
    mailId: "00000000-0000-4000-8000-000000000000" };
  // Their object reached through an object of ours: our client with their note, our session with their client.
  const ownParent: Record<string, string> = { noteId: "clientId", clientId: "sessionId", enrollmentId: "clientId", templateId: "clientId", metricId: "clientId" };
  const ownIds: Record<string, string> = { clientId: ownClient.id, sessionId: ownSession.id };
  const routes = routesWithIds();
  expect(routes.length).toBeGreaterThanOrEqual(12);

  const leaks: string[] = [];
  for (const route of routes) {
    const [method, pattern] = route.split(" ") as [string, string];
    const names = [...pattern.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);
    const unknown = names.filter((n) => !ids[n]);
    if (unknown.length) { leaks.push(`${route}: no id for ${unknown.join(", ")} — add it to this sweep`); continue; }
    const variants = [pattern.replace(/:([a-zA-Z]+)/g, (_, n: string) => ids[n]!)];
    const last = names[names.length - 1]!;
    const parent = ownParent[last];
    if (parent && names.includes(parent)) variants.push(pattern.replace(/:([a-zA-Z]+)/g, (_, n: string) => (n === parent ? ownIds[n]! : ids[n]!)));
    for (const path of variants) {
      const api = path.startsWith("/api/");
      const payload = method === "GET" ? {} : api ? { json: jsonFor[route] ?? {} } : { form: formFor[route] ?? {} };
      const body = { ...payload, bearer: api ? intruder.token : undefined };
      for (const htmx of api ? [false] : [false, true]) {
        const reply = await (path.startsWith("/portal/") ? intruderClient.browser : intruder.staff).send(method, path, { ...body, htmx });
        if (reply.status !== 404) leaks.push(`${method} ${path}${htmx ? " (htmx)" : ""} → ${reply.status}`);
        if (reply.body.includes("Private")) leaks.push(`${method} ${path} shows the other practice's data`);
      }
    }
  }
  expect(leaks).toEqual([]);

  const [client] = await testDb().select().from(clients).where(eq(clients.id, theirClient.id));
  expect(client).toMatchObject({ firstName: "Private", status: "active", remindersOffAt: null });
  expect(await testDb().select().from(soapNotes).where(eq(soapNotes.noteId, theirNote.noteId))).toHaveLength(1);
  const [followUp] = await testDb().select().from(followUps).where(eq(followUps.id, theirFollowUp.id));
  expect(followUp).toMatchObject({ completedAt: null, dueAt: theirFollowUp.dueAt, notes: "Private follow-up" });
  expect(await testDb().select().from(followUps).where(eq(followUps.practiceId, intruder.practice.id))).toHaveLength(0);
  const [service] = await testDb().select().from(services).where(eq(services.id, theirService.id));
  expect(service).toMatchObject({ name: "Private service", active: true });
  const [session] = await testDb().select().from(sessions).where(eq(sessions.id, theirSession.id));
  expect(session).toMatchObject({ status: "scheduled", startTime: theirSession.startTime });
  const [attendee] = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, theirSession.id));
  expect(attendee).toMatchObject({ attendanceStatus: "registered", checkInTime: null });
  const [metric] = await testDb().select().from(clientMetrics).where(eq(clientMetrics.id, theirMetric.id));
  expect(metric!.valueNum).toBe(4);
  const [template] = await testDb().select().from(metricTemplates).where(eq(metricTemplates.id, theirTemplate.id));
  expect(template!.archived).toBe(false);
  // Their template's id used to log a value for our own client is refused.
  const crossLog = await intruder.staff.post(`/clients/${ownClient.id}/metrics`, { form: { templateId: theirTemplate.id, value: "3" } });
  expect(crossLog.status).toBe(404);
  const [payment] = await testDb().select().from(payments).where(eq(payments.id, theirPayment.id));
  expect(payment).toMatchObject({ status: "completed", refundedCents: 0, note: "Private payment" });
  const [enrollment] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, theirEnrollment.id));
  expect(enrollment).toMatchObject({ sessionsRemaining: 5, status: "active" });
  // Their client's id posted into our own session is refused, and the session does not gain them.
  const smuggle = await intruder.staff.post(`/sessions/${ownSession.id}/attendees`, { form: { clientIds: theirClient.id } });
  expect(smuggle.status).toBe(422);
  expect(smuggle.body).not.toContain("Private");
  const apiSmuggle = await intruder.staff.post(`/api/sessions/${ownSession.id}/attendees`, { json: { clientId: theirClient.id }, bearer: intruder.token });
  expect([404, 422]).toContain(apiSmuggle.status);
  expect(await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.sessionId, ownSession.id))).toHaveLength(0);
});

test("lists and searches never show another practice's rows", async () => {
  const owner = await aPracticeWithStaff();
  const intruder = await aPracticeWithStaff();
  const privateClient = await aClient(owner.practice.id, owner.user.id, { firstName: "Private", lastName: "Person" });
  await aFollowUp(owner.practice.id, privateClient.id, owner.user.id, { notes: "Private call", due: new Date(Date.now() - 86_400_000) });
  await aService(owner.practice.id, { name: "Private service" });
  await aSession(owner.practice, owner.user.id, { title: "Private session", startTime: new Date() });
  await aProgram(owner.practice.id, { name: "Private program" });
  for (const path of ["/clients", "/clients?q=private&status=all", "/services", "/", "/calendar?view=day", "/today", "/clients/picker?q=private", "/programs", "/sessions/new", "/metrics", "/follow-ups", "/follow-ups?show=done"]) {
    expect((await intruder.staff.get(path)).body, path).not.toContain("Private");
    expect((await intruder.staff.get(path, { htmx: true })).body, path).not.toContain("Private");
  }
  for (const path of ["/api/clients?q=private&status=all", "/api/services", "/api/programs", "/api/sessions", "/api/metric-templates"]) {
    expect((await intruder.staff.get(path, { bearer: intruder.token })).body, path).not.toContain("Private");
  }
});
