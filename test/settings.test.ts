import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, practices } from "../src/db/schema.js";
import { parseReminderOffsets } from "../src/domain/practice-settings.js";
import { aPracticeWithStaff, aStaffMember } from "./factories.js";
import { testDb, text } from "./harness.js";

const validSettings = {
  name: "Harbour Massage", timezone: "America/New_York", currency: "USD",
  cancellationWindowHours: "12", reminderOffsets: "48h, 2h", followUpDefaultDays: "3",
};

const practiceRow = async (id: string) => (await testDb().select().from(practices).where(eq(practices.id, id)))[0]!;

describe("practice settings", () => {
  test("show the practice's current values", async () => {
    const { staff } = await aPracticeWithStaff({ practiceName: "Birch Physio", timezone: "Europe/London" });
    const page = await staff.get("/settings");
    expect(page.status).toBe(200);
    expect(page.doc().querySelector("#name")!.getAttribute("value")).toBe("Birch Physio");
    expect(page.doc().querySelector("#timezone option[selected]")!.text).toBe("Europe/London");
    expect(page.doc().querySelector("#reminderOffsets")!.getAttribute("value")).toBe("24h");
    expect(page.doc().querySelectorAll("label").length).toBe(page.doc().querySelectorAll("input, select").length);
  });

  test("saving writes the values and an audit entry of what changed", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const reply = await staff.post("/settings", { form: validSettings });
    expect(reply.status).toBe(303);

    const row = await practiceRow(practice.id);
    expect(row).toMatchObject({
      name: "Harbour Massage", timezone: "America/New_York", currency: "USD",
      cancellationWindowHours: 12, reminderOffsetsMinutes: [2880, 120], followUpDefaultDays: 3,
    });
    const [entry] = await testDb().select().from(auditLog)
      .where(and(eq(auditLog.practiceId, practice.id), eq(auditLog.action, "update")));
    expect(entry).toMatchObject({ actorUserId: user.id, entity: "practice", entityId: practice.id });
    expect(entry!.diff).toMatchObject({ name: ["Test Practice", "Harbour Massage"], reminderOffsetsMinutes: [[1440], [2880, 120]] });

    const page = await staff.get("/settings");
    expect(text(page, ".flash")).toBe("Settings saved.");
    expect(page.doc().querySelector("#reminderOffsets")!.getAttribute("value")).toBe("2d, 2h");
  });

  test("over htmx, saving answers with just the form, marked saved", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.post("/settings", { form: validSettings, htmx: true });
    expect(reply.status).toBe(200);
    expect(reply.body).not.toContain("<html");
    expect(reply.doc().querySelector("form#settings-form")!.getAttribute("hx-target")).toBe("this");
    expect(text(reply, "#settings-form .flash")).toBe("Settings saved.");
    expect(reply.doc().querySelector("#practice-name[hx-swap-oob]")!.text).toBe("Harbour Massage");
    expect(reply.headers.get("Vary")).toContain("HX-Request");
  });

  test("bad values are refused with 422, messages next to the fields and the typed values kept", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const reply = await staff.post("/settings", {
      form: { ...validSettings, name: "Kept Name", timezone: "Nowhere/Land", currency: "XYZ", cancellationWindowHours: "-3", reminderOffsets: "tomorrow", followUpDefaultDays: "1.5" },
      htmx: true,
    });
    expect(reply.status).toBe(422);
    expect(text(reply, "#timezone-error")).toMatch(/time zone/i);
    expect(text(reply, "#currency-error")).toMatch(/currency/i);
    expect(text(reply, "#cancellationWindowHours-error")).toBe("The cancellation window must be at least 0.");
    expect(text(reply, "#reminderOffsets-error")).toContain('"tomorrow" is not a duration');
    expect(text(reply, "#followUpDefaultDays-error")).toMatch(/whole number/);
    expect(reply.doc().querySelector("#name")!.getAttribute("value")).toBe("Kept Name");
    expect(reply.doc().querySelector("#reminderOffsets")!.getAttribute("value")).toBe("tomorrow");
    expect((await practiceRow(practice.id)).name).toBe("Test Practice");
  });

  test("a practitioner who is not the owner sees the settings read-only and cannot post them", async () => {
    const { practice } = await aPracticeWithStaff();
    const member = await aStaffMember(practice.id, "practitioner");
    const page = await member.browser.get("/settings");
    expect(page.doc().querySelectorAll("fieldset[disabled]").length).toBe(2);
    const reply = await member.browser.post("/settings", { form: validSettings });
    expect(reply.status).toBe(403);
    expect((await practiceRow(practice.id)).name).toBe("Test Practice");
  });

  test("each practice sees and changes only its own settings", async () => {
    const a = await aPracticeWithStaff({ practiceName: "Alpha Studio" });
    const b = await aPracticeWithStaff({ practiceName: "Beta Clinic" });
    await a.staff.post("/settings", { form: { ...validSettings, name: "Alpha Renamed" } });
    expect((await practiceRow(b.practice.id)).name).toBe("Beta Clinic");
    const page = await b.staff.get("/settings");
    expect(page.doc().querySelector("#name")!.getAttribute("value")).toBe("Beta Clinic");
  });
});

describe("reminder offsets", () => {
  test("read hours by default, minutes and days by suffix, sorted and without repeats", () => {
    expect(parseReminderOffsets("24, 30m, 2d, 24h")).toEqual({ minutes: [2880, 1440, 30] });
    expect(parseReminderOffsets("")).toEqual({ minutes: [] });
  });

  test("refuse anything under 5 minutes, over 14 days, or more than five", () => {
    expect(parseReminderOffsets("2m")).toHaveProperty("error");
    expect(parseReminderOffsets("15d")).toHaveProperty("error");
    expect(parseReminderOffsets("1h 2h 3h 4h 5h 6h")).toHaveProperty("error");
  });
});
