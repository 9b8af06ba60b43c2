// Garbage in every form and endpoint of the foundation: a clear 4xx with a message, never a 500.
import { describe, expect, test } from "vitest";
import { enrollClient } from "../src/domain/credits.js";
import { createTemplate, logMetric, starterTemplates } from "../src/domain/metrics.js";
import { assignTemplates } from "../src/queries/metrics.js";
import { aClient, aPracticeWithStaff, aProgram, aService, aSession, aSoapNote } from "./factories.js";
import { testDb } from "./harness.js";
import { aBrowser, text, type Browser, type Reply } from "./harness.js";

const long = "x".repeat(10_000);

const jsonGarbage: unknown[] = [
  {}, null, [], "string", 42, true,
  { email: 42, password: ["a"], fullName: { nested: true } },
  { email: "not-an-email", password: "short", fullName: "" },
  { email: `${long}@example.test`, password: long, fullName: long, practiceName: long, timezone: long },
  { email: "ok@example.test", password: "long enough pass", fullName: "Ok", timezone: "Not/AZone" },
  { email: "ok@example.test", password: null, fullName: null },
];

const formGarbage: Record<string, string>[] = [
  {},
  { email: "", password: "" },
  { email: "not-an-email", password: "x", fullName: " ", practiceName: "", timezone: "" },
  { email: long, password: long, fullName: long, practiceName: long, timezone: long, currency: long, name: long,
    cancellationWindowHours: long, reminderOffsets: long, followUpDefaultDays: long },
  { name: "<script>alert(1)</script>", timezone: "UTC", currency: "EUR", cancellationWindowHours: "1e9", reminderOffsets: "-1h", followUpDefaultDays: "NaN" },
  { name: "Ok", timezone: "../../etc/passwd", currency: "eur", cancellationWindowHours: "99999999999999999999", reminderOffsets: "24h,".repeat(50), followUpDefaultDays: "-0" },
];

function expectClearRefusal(reply: Reply, allowed: number[]) {
  expect(allowed, `status ${reply.status}: ${reply.body.slice(0, 200)}`).toContain(reply.status);
  expect(reply.body).not.toMatch(/at \S+\.(ts|js):\d+/); // no stack trace
}

const clientGarbage: unknown[] = [
  {}, null, [], "string", 42,
  { firstName: 1, lastName: ["x"], email: {}, dateOfBirth: 19900101, status: true },
  { firstName: long, lastName: long, email: long, phone: long, address: long, notes: "x".repeat(6000), dateOfBirth: long },
  { firstName: "A", lastName: "B", dateOfBirth: "2021-02-30" },
  { name: long, durationMinutes: -1, priceCents: "free", capacity: 1e9 },
];

describe("JSON endpoints refuse garbage with a JSON error", () => {
  test("the session endpoints answer 4xx with code and message for every bad body", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    const session = await aSession(practice, user.id, { capacity: 2 });
    const garbage: unknown[] = [{}, null, [], "x", 7, { startTime: "yesterday", serviceId: 5, clientIds: "all", capacity: -1 },
      { startTime: long, endTime: long, location: long, notes: long, status: "exploded", clientId: long }];
    const pack = await aProgram(practice.id);
    for (const [method, path] of [["POST", "/api/sessions"], ["PATCH", `/api/sessions/${session.id}`], ["POST", `/api/sessions/${session.id}/attendees`],
      ["POST", "/api/programs"], ["POST", `/api/programs/${pack.id}/enrollments`], ["POST", "/api/metric-templates"],
      ["POST", `/api/clients/${(await aClient(practice.id, user.id)).id}/metrics`]] as const) {
      for (const body of garbage) {
        const reply = await aBrowser().send(method, path, { json: body, bearer: token });
        if (method === "PATCH" && reply.status === 200) continue; // {} changes nothing
        expectClearRefusal(reply, [400, 404, 409, 422]);
        expect(reply.json().error.message).toEqual(expect.any(String));
      }
    }
    for (const query of ["?from=soon", "?to=2030-01-01", "?practitionerId=me", "?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z"]) {
      expectClearRefusal(await aBrowser().get(`/api/sessions${query}`, { bearer: token }), [422]);
    }
  });

  test("the client and service endpoints answer 4xx with code and message for every bad body", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    for (const [method, path] of [["POST", "/api/clients"], ["PUT", `/api/clients/${client.id}`], ["POST", "/api/services"]] as const) {
      for (const body of clientGarbage) {
        const reply = await aBrowser().send(method, path, { json: body, bearer: token });
        // A PUT of {} changes nothing and is fine; everything else must be refused.
        if (method === "PUT" && reply.status === 200) continue;
        expectClearRefusal(reply, [400, 409, 422]);
        expect(reply.json().error.message, `${method} ${path} ${JSON.stringify(body).slice(0, 60)}`).toEqual(expect.any(String));
      }
      const broken = await aBrowser().send(method, path, { raw: { body: "{", contentType: "application/json" }, bearer: token });
      expectClearRefusal(broken, [400]);
    }
    for (const query of ["?limit=0", "?limit=abc", "?status=gone", "?sort=up", `?q=${"x".repeat(200)}`, "?cursor=%%%"]) {
      const reply = await aBrowser().get(`/api/clients${query}`, { bearer: token });
      expectClearRefusal(reply, [400, 422]);
    }
  });

  for (const path of ["/api/auth/register", "/api/auth/login"]) {
    test(`${path} answers 4xx with code and message for every bad body`, async () => {
      for (const body of jsonGarbage) {
        const reply = await aBrowser().post(path, { json: body });
        expectClearRefusal(reply, [400, 401, 409, 422]);
        expect(reply.json().error.code).toEqual(expect.any(String));
        expect(reply.json().error.message).toEqual(expect.any(String));
      }
    });

    test(`${path} says which fields are wrong`, async () => {
      const reply = await aBrowser().post(path, { json: { email: "nope", password: 7 } });
      expect(reply.status).toBe(422);
      expect(reply.json().error.fields).toMatchObject({ email: expect.any(String), password: expect.any(String) });
    });

    test(`${path} refuses malformed JSON and wrong content types with 400`, async () => {
      const broken = await aBrowser().post(path, { raw: { body: "{not json", contentType: "application/json" } });
      expectClearRefusal(broken, [400]);
      expect(broken.json().error.code).toBe("bad_request");
      const wrongType = await aBrowser().post(path, { raw: { body: "email=a", contentType: "text/csv" } });
      expectClearRefusal(wrongType, [400]);
    });
  }

  test("a body over 1 MB is refused with 413", async () => {
    const reply = await aBrowser().post("/api/auth/register", { raw: { body: JSON.stringify({ fullName: "x".repeat(1_100_000) }), contentType: "application/json" } });
    expect(reply.status).toBe(413);
  });
});

describe("HTML forms refuse garbage by re-rendering with messages", () => {
  const forms: Array<{ path: string; browser: () => Promise<Browser>; allowed: number[] }> = [
    { path: "/signup", browser: async () => aBrowser(), allowed: [422] },
    { path: "/login", browser: async () => aBrowser(), allowed: [401, 422, 429] },
    { path: "/settings", browser: async () => (await aPracticeWithStaff()).staff, allowed: [422] },
  ];

  for (const form of forms) {
    test(`${form.path} re-renders every bad submission with a message`, async () => {
      const browser = await form.browser();
      for (const values of formGarbage) {
        const reply = await browser.post(form.path, { form: values });
        expectClearRefusal(reply, form.allowed);
        expect(reply.doc().querySelectorAll(".error, .form-error").length).toBeGreaterThan(0);
      }
    });

    test(`${form.path} survives a multipart body and a repeated field`, async () => {
      const browser = await form.browser();
      const multipart = await browser.post(form.path, {
        raw: { body: "--b\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx\r\n--b--\r\n", contentType: "multipart/form-data; boundary=b" },
      });
      expectClearRefusal(multipart, form.allowed);
      const repeated = await browser.post(form.path, { raw: { body: "email=a&email=b&name=1&name=2", contentType: "application/x-www-form-urlencoded" } });
      expectClearRefusal(repeated, form.allowed);
    });
  }

  test("client, service and note forms re-render every bad submission with a message", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const note = await aSoapNote(practice.id, client.id, user.id);
    const service = await aService(practice.id);
    const garbage: Record<string, string>[] = [
      {},
      { firstName: long, lastName: long, email: long, phone: long, address: long, notes: long, dateOfBirth: long, status: long,
        name: long, description: long, durationMinutes: long, price: long, capacity: long,
        subjective: "x".repeat(20_001), objective: long, assessment: long, plan: long, baseRevision: long,
        serviceId: long, practitionerId: long, start: long, end: long, location: long, repeat: long, repeatEvery: long, repeatCount: long, repeatUntil: long,
        cancelReason: long, clientIds: long, type: long, sessionsCount: long, validityDays: long, startDate: long, endDate: long, phases: "x\n".repeat(2000),
        programId: long, delta: long, note: long, dropIn: long, templateId: long, value: long, recordedAt: long, unit: long, minValue: long, maxValue: long,
        better: long, archived: long },
      { firstName: "A", lastName: "B", dateOfBirth: "31/12/1990", email: "a@", status: "deleted", name: "X", durationMinutes: "1.5", price: "-3", capacity: "many", baseRevision: "zero",
        start: "2030-13-40T10:00", end: "noon", repeat: "on", repeatEvery: "0", repeatEnds: "until", repeatUntil: "someday" },
    ];
    const session = await aSession(practice, user.id, { capacity: 2 });
    const pack = await aProgram(practice.id);
    const enrollment = await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    const template = await createTemplate(testDb(), practice.id, user.id, starterTemplates[0]!);
    await assignTemplates(testDb(), practice.id, client.id, [template.id]);
    const entry = await logMetric(testDb(), practice, user.id, client.id, template, 5, undefined);
    const forms = [
      { path: "/metrics/templates", allowed: [422] }, { path: "/metrics/templates/starters", allowed: [422] },
      { path: `/metrics/templates/${template.id}/archived`, allowed: [422] },
      { path: `/clients/${client.id}/metrics`, allowed: [404, 422] }, { path: `/clients/${client.id}/metric-templates`, allowed: [404] },
      { path: `/clients/${client.id}/metrics/${template.id}/entries/${entry.id}`, allowed: [422] },
      { path: "/programs", allowed: [422] }, { path: `/programs/${pack.id}/enrollments`, allowed: [409, 422] },
      { path: `/clients/${client.id}/enrollments`, allowed: [409, 422] },
      { path: `/clients/${client.id}/enrollments/${enrollment.id}/adjustments`, allowed: [422] },
      { path: "/sessions", allowed: [422] }, { path: `/sessions/${session.id}`, allowed: [422] },
      { path: `/sessions/${session.id}/status`, allowed: [422] }, { path: `/sessions/${session.id}/attendees`, allowed: [422] },
      { path: `/sessions/${session.id}/attendees/${client.id}/status`, allowed: [404, 422] },
      { path: "/clients", allowed: [422] }, { path: `/clients/${client.id}`, allowed: [422] },
      { path: `/clients/${client.id}/status`, allowed: [422] },
      { path: "/services", allowed: [422] }, { path: `/services/${service.id}`, allowed: [422] },
      { path: `/services/${service.id}/status`, allowed: [422] },
      { path: `/clients/${client.id}/notes`, allowed: [422] }, { path: `/clients/${client.id}/notes/${note.noteId}`, allowed: [422] },
    ];
    for (const form of forms) {
      for (const values of garbage) {
        for (const htmx of [false, true]) {
          const reply = await staff.post(form.path, { form: values, htmx });
          expectClearRefusal(reply, form.allowed);
          expect(reply.doc().querySelectorAll(".error, .form-error, main p").length, `${form.path}`).toBeGreaterThan(0);
        }
      }
    }
  });

  test("HTML typed into a field is shown as text, never as markup", async () => {
    const { staff } = await aPracticeWithStaff();
    const payload = `"><img src=x onerror=alert(1)><script>alert(1)</script>`;
    const reply = await staff.post("/settings", { form: { name: payload, timezone: "UTC", currency: "EUR", cancellationWindowHours: "x", reminderOffsets: "", followUpDefaultDays: "1" } });
    expect(reply.status).toBe(422);
    expect(reply.doc().querySelector("#name")!.getAttribute("value")).toBe(payload);
    expect(reply.doc().querySelectorAll("main img, main script").length).toBe(0);
    expect(text(reply, "#cancellationWindowHours-error")).toMatch(/whole number/);
  });
});
