import { describe, expect, test } from "vitest";
import { aClient, aPracticeWithStaff, aService } from "./factories.js";
import { aBrowser } from "./harness.js";

const api = () => aBrowser();

describe("/api/clients", () => {
  test("creates, reads, lists and partially updates a client", async () => {
    const { token } = await aPracticeWithStaff();
    const created = await api().post("/api/clients", { bearer: token, json: { firstName: "Api", lastName: "Person", email: "API.person@example.test", dateOfBirth: "1988-02-29" } });
    expect(created.status).toBe(201);
    const client = created.json().client;
    expect(client).toMatchObject({ firstName: "Api", lastName: "Person", email: "api.person@example.test", dateOfBirth: "1988-02-29", status: "active", phone: null });

    expect((await api().get(`/api/clients/${client.id}`, { bearer: token })).json().client.id).toBe(client.id);
    const list = (await api().get("/api/clients?q=api", { bearer: token })).json();
    expect(list).toMatchObject({ clients: [{ id: client.id }], nextCursor: null });

    const updated = await api().send("PUT", `/api/clients/${client.id}`, { bearer: token, json: { phone: "07700 900999", email: null } });
    expect(updated.status).toBe(200);
    expect(updated.json().client).toMatchObject({ phone: "07700 900999", email: null, firstName: "Api" });
  });

  test("a duplicate email is 409 naming the client who has it; another practice may use it", async () => {
    const a = await aPracticeWithStaff();
    const b = await aPracticeWithStaff();
    const existing = await aClient(a.practice.id, a.user.id, { firstName: "Dee", lastName: "Dupe", email: "dupe@example.test" });
    const clash = await api().post("/api/clients", { bearer: a.token, json: { firstName: "X", lastName: "Y", email: "Dupe@Example.test" } });
    expect(clash.status).toBe(409);
    expect(clash.json().error).toMatchObject({ code: "conflict", message: "Dee Dupe already has the email dupe@example.test.", existingClientId: existing.id });
    const elsewhere = await api().post("/api/clients", { bearer: b.token, json: { firstName: "X", lastName: "Y", email: "dupe@example.test" } });
    expect(elsewhere.status).toBe(201);
  });

  test("bad bodies are 422 with fields; a bad query is 422; unknown ids are 404", async () => {
    const { token } = await aPracticeWithStaff();
    const bad = await api().post("/api/clients", { bearer: token, json: { firstName: "", lastName: 7, email: "nope", dateOfBirth: "2100-01-01", status: "gone" } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(["dateOfBirth", "email", "firstName", "lastName", "status"]);
    expect((await api().get("/api/clients?limit=5000", { bearer: token })).status).toBe(422);
    expect((await api().get("/api/clients/not-a-uuid", { bearer: token })).status).toBe(404);
    expect((await api().get("/api/clients/00000000-0000-4000-8000-000000000000", { bearer: token })).status).toBe(404);
  });

  test("pages with limit and nextCursor", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    for (let i = 0; i < 5; i++) await aClient(practice.id, user.id, { lastName: `Page${i}` });
    const first = (await api().get("/api/clients?limit=3", { bearer: token })).json();
    expect(first.clients).toHaveLength(3);
    const second = (await api().get(`/api/clients?limit=3&cursor=${first.nextCursor}`, { bearer: token })).json();
    expect(second.clients.map((c: { lastName: string }) => c.lastName)).toEqual(["Page3", "Page4"]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("/api/services", () => {
  test("lists and creates services with money as cents and currency", async () => {
    const { token, practice } = await aPracticeWithStaff();
    await aService(practice.id, { name: "Existing" });
    const created = await api().post("/api/services", { bearer: token, json: { name: "Group yoga", durationMinutes: 60, priceCents: 1500, capacity: 12 } });
    expect(created.status).toBe(201);
    expect(created.json().service).toMatchObject({ name: "Group yoga", priceCents: 1500, price: { amountCents: 1500, currency: "EUR" }, capacity: 12, active: true });
    const list = (await api().get("/api/services", { bearer: token })).json();
    expect(list.services.map((s: { name: string }) => s.name)).toEqual(["Existing", "Group yoga"]);
  });

  test("refuses wrong types and a duplicate name", async () => {
    const { token } = await aPracticeWithStaff();
    const bad = await api().post("/api/services", { bearer: token, json: { name: "X", durationMinutes: "sixty", priceCents: 12.5 } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(["durationMinutes", "priceCents"]);
    await api().post("/api/services", { bearer: token, json: { name: "Dup", durationMinutes: 60, priceCents: 100 } });
    const dup = await api().post("/api/services", { bearer: token, json: { name: "dup", durationMinutes: 60, priceCents: 100 } });
    expect(dup.status).toBe(409);
  });
});
