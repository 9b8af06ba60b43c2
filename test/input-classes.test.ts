// Classes of input that used to answer 500 (and sometimes store a row first): NUL and unpaired
// surrogates anywhere, dates outside 1900–2100, numbers too big to add up, cursors Date.parse accepts
// but PostgreSQL does not, and Calendly events no session could be. Each answers 4xx with words and
// changes nothing. test/generated-input.test.ts throws generated inputs of the same classes at every route.
import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { clientMetrics, clients, programs, sessions } from "../src/db/schema.js";
import { createTemplate } from "../src/domain/metrics.js";
import { aClient, aPracticeWithStaff } from "./factories.js";
import { aBrowser, testDb, text } from "./harness.js";

const clientsOf = (practiceId: string) => testDb().select().from(clients).where(eq(clients.practiceId, practiceId));
const sessionsOf = (practiceId: string) => testDb().select().from(sessions).where(eq(sessions.practiceId, practiceId));
const cursor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString("base64url");

describe("characters PostgreSQL cannot store", () => {
  test("NUL in a form, a search or a JSON body is a 400 that names the field, and writes nothing", async () => {
    const { staff, practice, token } = await aPracticeWithStaff();
    const form = await staff.post("/clients", { form: { firstName: "Ann\u0000", lastName: "Lee" } });
    expect(form.status).toBe(400);
    expect(form.body).toMatch(/firstName.*cannot be stored/);
    expect((await staff.get(`/clients?q=${encodeURIComponent("Ann\u0000")}`)).status).toBe(400);
    const api = await aBrowser().post("/api/clients", { bearer: token, json: { firstName: "Ann", lastName: "Lee\u0000" } });
    expect(api.status).toBe(400);
    expect(api.json().error.fields).toHaveProperty("lastName");
    expect(await clientsOf(practice.id)).toEqual([]);
  });

  test("an unpaired surrogate in a JSON body or a query is a 400 (a form cannot carry one: browsers send U+FFFD)", async () => {
    const { staff, practice, token } = await aPracticeWithStaff();
    const api = await aBrowser().post("/api/clients", { bearer: token, json: { firstName: "Ann\ud800", lastName: "Lee" } });
    expect(api.status).toBe(400);
    expect((await staff.get("/clients?q=Ann%ED%A0%80")).status).toBeLessThan(500); // invalid UTF-8 decodes to U+FFFD
    expect(await clientsOf(practice.id)).toEqual([]);
  });

  test("an unpaired surrogate in an update leaves the client as it was", async () => {
    const { practice, user, token } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id, { firstName: "Bea" });
    const reply = await aBrowser().send("PUT", `/api/clients/${client.id}`, { bearer: token, raw: { body: '{"notes":"x\\udc00y"}', contentType: "application/json" } });
    expect(reply.status).toBe(400);
    const [after] = await clientsOf(practice.id);
    expect(after!.updatedAt).toEqual(client.updatedAt);
  });
});

describe("one range of dates, 1900–2100", () => {
  test("a session in year 20 or 9999 is refused by the API and the form, and none is stored", async () => {
    const { staff, practice, token, user } = await aPracticeWithStaff();
    for (const startTime of ["0020-02-29T09:00:00Z", "0099-01-01T09:00:00Z", "9999-12-31T09:00:00Z"]) {
      const reply = await aBrowser().post("/api/sessions", { bearer: token, json: { title: "Old", practitionerId: user.id, startTime } });
      expect(reply.status, startTime).toBe(422);
      expect(reply.json().error.fields.startTime).toMatch(/between 1900 and 2100/);
    }
    const form = await staff.post("/sessions", { form: { title: "Old", practitionerId: user.id, start: "0020-02-29T09:00", end: "0020-02-29T10:00" } });
    expect(form.status).toBe(422);
    expect(await sessionsOf(practice.id)).toEqual([]);
  });

  test("a week, a chart range or a client list cursor far outside the range is not a 500", async () => {
    const { staff, practice, user, token } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const weight = await createTemplate(testDb(), practice.id, user.id, { name: "Weight", unit: "kg", type: "number", minValue: null, maxValue: null, step: null, better: null, description: null });
    await staff.post(`/clients/${client.id}/metric-templates`, { form: { templateId: weight.id } });
    expect((await staff.get("/calendar?view=week&date=9999-12-31")).status).toBe(200);
    expect((await staff.get("/calendar?view=week&date=0001-01-01")).status).toBe(200);
    expect((await staff.get(`/clients/${client.id}/metrics/${weight.id}?range=custom&from=0001-01-01&to=9999-12-31`)).status).toBe(200);
    expect((await aBrowser().get(`/api/clients/${client.id}/metrics?from=0001-01-01T00:00:00Z&to=9999-12-31T00:00:00Z`, { bearer: token })).status).toBeLessThan(500);
  });
});

describe("numbers", () => {
  test("1e308 logged twice to a metric without bounds is refused; the client's pages keep working", async () => {
    const { staff, practice, user, token } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const count = await createTemplate(testDb(), practice.id, user.id, { name: "Count", unit: null, type: "number", minValue: null, maxValue: null, step: null, better: null, description: null });
    await staff.post(`/clients/${client.id}/metric-templates`, { form: { templateId: count.id } });
    for (let i = 0; i < 2; i++) {
      const reply = await aBrowser().post(`/api/clients/${client.id}/metrics`, { bearer: token, json: { templateId: count.id, value: 1e308 } });
      expect(reply.status).toBe(422);
      expect(reply.json().error.fields.value).toMatch(/1,000,000,000/);
    }
    const form = await staff.post(`/clients/${client.id}/metrics`, { htmx: true, form: { templateId: count.id, value: "1" + "0".repeat(300) } });
    expect(form.status).toBe(422);
    expect(await testDb().select().from(clientMetrics).where(eq(clientMetrics.clientId, client.id))).toEqual([]);
    expect((await staff.get(`/clients/${client.id}`)).status).toBe(200);
    expect((await staff.get(`/clients/${client.id}/metrics/${count.id}`)).status).toBe(200);
  });

  test("a program price above 1,000,000 on the form is a 422 next to the price, not the database's refusal", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const reply = await staff.post("/programs", { form: { type: "package", name: "Gold", sessionsCount: "10", price: "1000000.01" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#price-error")).toMatch(/at most 1,000,000/);
    expect(await testDb().select().from(programs).where(and(eq(programs.practiceId, practice.id), eq(programs.name, "Gold")))).toEqual([]);
  });

  test("the database holds the same bounds when code forgets them: a direct out-of-range write is refused", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const count = await createTemplate(testDb(), practice.id, user.id, { name: "Raw", unit: null, type: "number", minValue: null, maxValue: null, step: null, better: null, description: null });
    await expect(testDb().insert(clientMetrics).values({ practiceId: practice.id, clientId: client.id, metricTemplateId: count.id, valueNum: 1e308 })).rejects.toThrow();
    await expect(testDb().insert(sessions).values({ practiceId: practice.id, practitionerId: user.id, title: "x", startTime: new Date("1899-12-31T00:00:00Z"), endTime: new Date("1899-12-31T01:00:00Z") })).rejects.toThrow();
    await expect(testDb().update(clients).set({ dateOfBirth: "1850-01-01" }).where(eq(clients.id, client.id))).rejects.toThrow();
  });
});

describe("list cursors", () => {
  test.each([
    ["a year only", ["2026", "00000000-0000-4000-8000-000000000000"]],
    ["words around a year", ["hello 2026", "00000000-0000-4000-8000-000000000000"]],
    ["year 0001", ["0001-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]],
  ])("a last-visit cursor of %s is a 400 with words", async (_, key) => {
    const { token } = await aPracticeWithStaff();
    const reply = await aBrowser().get(`/api/clients?sort=last_visit&cursor=${cursor(key)}`, { bearer: token });
    expect(reply.status).toBe(400);
    expect(reply.json().error.message).toMatch(/page link/);
  });

  test("a name cursor holding NUL is a 400", async () => {
    const { token } = await aPracticeWithStaff();
    const reply = await aBrowser().get(`/api/clients?cursor=${cursor(["lee\u0000", "ann", "00000000-0000-4000-8000-000000000000"])}`, { bearer: token });
    expect(reply.status).toBe(400);
  });
});

describe("Calendly events no session could be", () => {
  async function aConnectedPractice() {
    const owner = await aPracticeWithStaff();
    await owner.staff.post("/settings/integrations/calendly", { form: {} });
    const signingKey = "calendly-signing-key-for-input-tests";
    await owner.staff.post("/settings/integrations/calendly/signing-key", { form: { signingKey } });
    const page = await owner.staff.get("/settings/integrations");
    const path = new URL(page.doc().querySelector("#calendly-url")!.getAttribute("value")!).pathname;
    const deliver = (start: string, end: string, name = "Ivy Invitee") => {
      const body = JSON.stringify({
        event: "invitee.created",
        payload: { email: "ivy@example.test", name, scheduled_event: { uri: `https://api.calendly.example/scheduled_events/${start}${end}`, start_time: start, end_time: end, event_memberships: [{ user_email: owner.email }] } },
      });
      const t = Math.floor(Date.now() / 1000);
      const v1 = createHmac("sha256", signingKey).update(`${t}.${body}`).digest("hex");
      return aBrowser().send("POST", path, { raw: { body, contentType: "application/json" }, headers: { "Calendly-Webhook-Signature": `t=${t},v1=${v1}` }, origin: null });
    };
    return { ...owner, deliver };
  }

  test.each([
    ["ends before it starts", "2030-04-01T10:00:00Z", "2030-04-01T09:00:00Z"],
    ["ends as it starts", "2030-04-01T10:00:00Z", "2030-04-01T10:00:00Z"],
    ["lasts more than 24 hours", "2030-04-01T10:00:00Z", "2030-04-02T10:00:01Z"],
    ["is in year 20", "0020-04-01T10:00:00Z", "0020-04-01T11:00:00Z"],
  ])("an event that %s is a 422, and neither a client nor a session is made", async (_, start, end) => {
    const { practice, deliver } = await aConnectedPractice();
    const reply = await deliver(start, end);
    expect(reply.status).toBe(422);
    expect(await sessionsOf(practice.id)).toEqual([]);
    expect(await clientsOf(practice.id)).toEqual([]);
  });

  test("an invitee name with NUL is a 400 and makes nothing", async () => {
    const { practice, deliver } = await aConnectedPractice();
    expect((await deliver("2030-04-01T10:00:00Z", "2030-04-01T11:00:00Z", "Ivy\u0000")).status).toBe(400);
    expect(await clientsOf(practice.id)).toEqual([]);
  });
});
