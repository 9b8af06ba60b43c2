import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { services } from "../src/db/schema.js";
import { parseMoney } from "../src/lib/money.js";
import { aPracticeWithStaff, aService } from "./factories.js";
import { all, testDb, text } from "./harness.js";

describe("the services catalog", () => {
  test("a service is created from money typed as text and stored in cents", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const reply = await staff.post("/services", { form: { name: "Deep tissue", description: "", durationMinutes: "90", price: "72,50", capacity: "1" } });
    expect(reply.status).toBe(303);
    const [row] = await testDb().select().from(services).where(eq(services.practiceId, practice.id));
    expect(row).toMatchObject({ name: "Deep tissue", durationMinutes: 90, priceCents: 7250, capacity: 1, active: true, description: null });
    const list = await staff.get("/services");
    expect(text(list, "tbody tr td:nth-child(3)")).toBe("€72.50");
  });

  test("bad values come back with messages and the typed values", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.post("/services", { form: { name: "", durationMinutes: "3", price: "cheap", capacity: "0" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#name-error")).toBe("Enter a name.");
    expect(text(reply, "#durationMinutes-error")).toBe("The duration must be at least 5.");
    expect(text(reply, "#price-error")).toBe("Enter a price like 45 or 45.50.");
    expect(text(reply, "#capacity-error")).toBe("The capacity must be at least 1.");
    expect(reply.doc().querySelector("#price")!.getAttribute("value")).toBe("cheap");
  });

  test("a second service with the same name (any case) is refused next to the name", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    await aService(practice.id, { name: "Reiki" });
    const reply = await staff.post("/services", { form: { name: "REIKI", durationMinutes: "60", price: "40", capacity: "1" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#name-error")).toBe("You already have a service with this name.");
  });

  test("editing changes the defaults; deactivating keeps the service but marks it", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const service = await aService(practice.id, { name: "Yoga flow", capacity: 10, priceCents: 1200 });
    const edit = await staff.get(`/services/${service.id}/edit`);
    expect(edit.doc().querySelector("#price")!.getAttribute("value")).toBe("12.00");
    await staff.post(`/services/${service.id}`, { form: { name: "Yoga flow", durationMinutes: "75", price: "14", capacity: "12" } });
    await staff.post(`/services/${service.id}/status`, { form: { active: "false" } });
    const [row] = await testDb().select().from(services).where(eq(services.id, service.id));
    expect(row).toMatchObject({ durationMinutes: 75, priceCents: 1400, capacity: 12, active: false });
    const list = await staff.get("/services");
    expect(all(list, "tr.inactive")).toHaveLength(1);
    expect(text(list, "tr.inactive button")).toBe("Reactivate");
  });
});

describe("parseMoney", () => {
  test("reads the ways people type prices", () => {
    expect(parseMoney("45", "EUR")).toBe(4500);
    expect(parseMoney("45.5", "EUR")).toBe(4550);
    expect(parseMoney("45,50", "EUR")).toBe(4550);
    expect(parseMoney("€ 1 234.00", "EUR")).toBe(123400);
    expect(parseMoney("0", "EUR")).toBe(0);
  });

  test("refuses what is not an amount", () => {
    for (const bad of ["", "abc", "-5", "4.555", "1e3", "12.3.4", "9999999999"]) expect(parseMoney(bad, "EUR"), bad).toBeNull();
  });
});
