import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { auditLog, programEnrollments, programPhases, programs } from "../src/db/schema.js";
import { addAttendee, checkIn } from "../src/domain/booking.js";
import { enrollClient } from "../src/domain/credits.js";
import { aClient, aPracticeWithStaff, aProgram, aService, aSession } from "./factories.js";
import { aBrowser, all, testDb, text } from "./harness.js";

describe("programs pages", () => {
  test("the programs list counts each program's active participants", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const three = await aProgram(practice.id, { name: "Three people" });
    const one = await aProgram(practice.id, { name: "One person" });
    await aProgram(practice.id, { name: "Nobody yet" });
    for (let i = 0; i < 3; i++) await enrollClient(testDb(), practice, user.id, three.id, (await aClient(practice.id, user.id)).id);
    const dropped = await enrollClient(testDb(), practice, user.id, one.id, (await aClient(practice.id, user.id)).id);
    await enrollClient(testDb(), practice, user.id, one.id, (await aClient(practice.id, user.id)).id);
    await testDb().update(programEnrollments).set({ status: "dropped" }).where(eq(programEnrollments.id, dropped.id));
    const page = await staff.get("/programs");
    const counts = Object.fromEntries(all(page, "table.list tbody tr").map((tr) => [tr.querySelector("a")!.text.trim(), tr.querySelectorAll("td").at(-1)!.text.trim()]));
    expect(counts).toEqual({ "Three people": "3", "One person": "1", "Nobody yet": "0" });
  });

  test("creating a plan saves its phases in order", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const reply = await staff.post("/programs", { form: { type: "plan", name: "Shoulder rehab", phases: "Assessment\n\nIntensive\nMaintenance\n" } });
    expect(reply.status).toBe(303);
    const [program] = await testDb().select().from(programs).where(eq(programs.practiceId, practice.id));
    const phases = await testDb().select().from(programPhases).where(eq(programPhases.programId, program!.id));
    expect(phases.sort((a, b) => a.position - b.position).map((p) => p.name)).toEqual(["Assessment", "Intensive", "Maintenance"]);
    const page = await staff.get(reply.headers.get("Location")!);
    expect(all(page, "ol.phases li").map((li) => li.text)).toEqual(["Assessment", "Intensive", "Maintenance"]);
  });

  test("a package needs its number of sessions; bad values come back with messages", async () => {
    const { staff } = await aPracticeWithStaff();
    const reply = await staff.post("/programs", { form: { type: "package", name: "", price: "lots", validityDays: "0" } });
    expect(reply.status).toBe(422);
    expect(text(reply, "#name-error")).toBe("Enter a name.");
    expect(text(reply, "#price-error")).toBe("Enter a price like 250 or 249.50.");
    expect(text(reply, "#validityDays-error")).toBe("The validity must be at least 1.");
    // Rules across fields are checked once each field is valid on its own.
    const crossed = await staff.post("/programs", { form: { type: "package", name: "Pack", startDate: "2030-02-01", endDate: "2030-01-01" } });
    expect(crossed.status).toBe(422);
    expect(text(crossed, "#sessionsCount-error")).toBe("A package needs its number of sessions.");
    expect(text(crossed, "#endDate-error")).toBe("The end date is before the start date.");
  });

  test("the program page shows participants with credits and the attendance grid", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const series = await aProgram(practice.id, { type: "group_series", sessionsCount: 12, closed: true, name: "Pilates term" });
    const people = [await aClient(practice.id, user.id, { firstName: "Pia" }), await aClient(practice.id, user.id, { firstName: "Quin" })];
    for (const p of people) await enrollClient(testDb(), practice, user.id, series.id, p.id);
    const sessions = [];
    for (let i = 0; i < 3; i++) sessions.push(await aSession(practice, user.id, { capacity: 10, programId: series.id, startTime: new Date(Date.UTC(2030, 0, 7 + 7 * i, 18)) }));
    for (const s of sessions) for (const p of people) await addAttendee(testDb(), practice, user.id, s.id, p.id);
    await checkIn(testDb(), practice, sessions[0]!.id, people[0]!.id, sessions[0]!.startTime);
    const page = await staff.get(`/programs/${series.id}`);
    expect(all(page, ".attendance-grid tbody tr")).toHaveLength(2);
    expect(all(page, ".attendance-grid thead th")).toHaveLength(4);
    expect(all(page, ".attendance-grid td.attended")).toHaveLength(1);
    expect(all(page, ".attendance-grid td.registered")).toHaveLength(5);
  });

  test("enrolling from the client page over htmx swaps the section; a second active enrollment is refused", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const pack = await aProgram(practice.id, { name: "Ten yoga classes", sessionsCount: 10 });
    const client = await aClient(practice.id, user.id);
    const first = await staff.post(`/clients/${client.id}/enrollments`, { htmx: true, form: { programId: pack.id } });
    expect(first.status).toBe(200);
    expect(text(first, "section#programs .credits-left")).toBe("10");
    const again = await staff.post(`/clients/${client.id}/enrollments`, { htmx: true, form: { programId: pack.id } });
    expect(again.status).toBe(409);
    expect(text(again, "#programs .form-error")).toContain("already enrolled");
  });

  test("an adjustment needs a reason and appears in the credit history", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const pack = await aProgram(practice.id, { sessionsCount: 2 });
    const client = await aClient(practice.id, user.id);
    const enrollment = await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    const noReason = await staff.post(`/clients/${client.id}/enrollments/${enrollment.id}/adjustments`, { htmx: true, form: { delta: "1", note: " " } });
    expect(noReason.status).toBe(422);
    const ok = await staff.post(`/clients/${client.id}/enrollments/${enrollment.id}/adjustments`, { htmx: true, form: { delta: "1", note: "Birthday gift" } });
    expect(text(ok, ".credits-left")).toBe("3");
    expect(ok.body).toContain("Birthday gift");
    const tooMuch = await staff.post(`/clients/${client.id}/enrollments/${enrollment.id}/adjustments`, { htmx: true, form: { delta: "-9", note: "Oops" } });
    expect(text(tooMuch, ".form-error")).toBe("That would take the balance below zero.");
  });

  test("canceling a booking in time from the client page returns the credit in the same response", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id, { name: "Massage" });
    const pack = await aProgram(practice.id, { serviceId: service.id, sessionsCount: 5 });
    const client = await aClient(practice.id, user.id);
    await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    const session = await aSession(practice, user.id, { serviceId: service.id, startTime: new Date(Date.now() + 7 * 86_400_000) });
    await addAttendee(testDb(), practice, user.id, session.id, client.id);
    const page = await staff.get(`/clients/${client.id}`);
    expect(text(page, ".credits-left")).toBe("4");
    const cancel = page.doc().querySelector("#sessions form.inline")!;
    const asHtmx = JSON.parse(cancel.getAttribute("hx-vals")!) as Record<string, string>; // what htmx adds once the dialog is confirmed
    const reply = await staff.post(cancel.getAttribute("hx-post")!, { htmx: true, form: { status: "canceled", ...asHtmx } });
    expect(reply.doc().querySelector("section#sessions")).not.toBeNull();
    expect(reply.doc().querySelector("section#programs")!.getAttribute("hx-swap-oob")).toBe("true");
    expect(text(reply, "#programs .credits-left")).toBe("5");
  });

  test("booking a client with no credits left offers a drop-in or a new package", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id);
    const pack = await aProgram(practice.id, { serviceId: service.id, sessionsCount: 1 });
    const client = await aClient(practice.id, user.id);
    await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    await addAttendee(testDb(), practice, user.id, (await aSession(practice, user.id, { serviceId: service.id, start: "2030-01-01T09:00:00Z" })).id, client.id);
    const next = await aSession(practice, user.id, { serviceId: service.id, start: "2030-01-02T09:00:00Z" });
    const refused = await staff.post(`/sessions/${next.id}/attendees`, { form: { clientIds: client.id } });
    expect(refused.status).toBe(409);
    expect(text(refused, "#add-attendees .form-error")).toContain("Sell a new package, or book as a paid drop-in");
    expect(refused.doc().querySelector(`#add-attendees a[href="/clients/${client.id}#programs"]`)).not.toBeNull();
    const dropIn = await staff.post(`/sessions/${next.id}/attendees`, { form: { clientIds: client.id, dropIn: "on" } });
    expect(dropIn.status).toBe(303);
  });
});

test("a practitioner can complete or drop an enrollment, once", async () => {
  const { staff, practice, user } = await aPracticeWithStaff();
  const plan = await aProgram(practice.id, { type: "plan", sessionsCount: null });
  const client = await aClient(practice.id, user.id);
  const enrollment = await enrollClient(testDb(), practice, user.id, plan.id, client.id);
  const done = await staff.post(`/clients/${client.id}/enrollments/${enrollment.id}/status`, { htmx: true, form: { status: "completed" } });
  expect(done.status).toBe(200);
  expect(text(done, "#programs .enrollment .muted")).toContain("completed");
  const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollment.id));
  expect(row).toMatchObject({ status: "completed", completionDate: expect.any(String) });
  const again = await staff.post(`/clients/${client.id}/enrollments/${enrollment.id}/status`, { htmx: true, form: { status: "dropped" } });
  expect(again.status).toBe(409);
});

describe("programs API", () => {
  test("creates a package, enrolls a client and shows credits with the ledger", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const created = await aBrowser().post("/api/programs", { bearer: token, json: { name: "Five pack", type: "package", sessionsCount: 5, priceCents: 20000, validityDays: 90 } });
    expect(created.status).toBe(201);
    const program = created.json().program;
    expect(program).toMatchObject({ type: "package", sessionsCount: 5, price: { amountCents: 20000, currency: "EUR" } });
    const enrolled = await aBrowser().post(`/api/programs/${program.id}/enrollments`, { bearer: token, json: { clientId: client.id } });
    expect(enrolled.status).toBe(201);
    expect(enrolled.json().enrollment).toMatchObject({ sessionsRemaining: 5, status: "active" });
    const credits = (await aBrowser().get(`/api/clients/${client.id}/credits`, { bearer: token })).json();
    expect(credits.enrollments).toMatchObject([{ programId: program.id, sessionsRemaining: 5, ledger: [{ delta: 5, reason: "purchase" }] }]);
    expect((await aBrowser().post(`/api/programs/${program.id}/enrollments`, { bearer: token, json: { clientId: client.id } })).status).toBe(409);
  });

  test("booking over the API: 409 insufficient_credits and not_enrolled", async () => {
    const { token, practice, user } = await aPracticeWithStaff();
    const service = await aService(practice.id);
    const pack = await aProgram(practice.id, { serviceId: service.id, sessionsCount: 1 });
    const series = await aProgram(practice.id, { type: "group_series", sessionsCount: null, closed: true });
    const client = await aClient(practice.id, user.id);
    await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    const [a, b] = [await aSession(practice, user.id, { serviceId: service.id, start: "2030-01-01T09:00:00Z" }), await aSession(practice, user.id, { serviceId: service.id, start: "2030-01-02T09:00:00Z" })];
    expect((await aBrowser().post(`/api/sessions/${a.id}/attendees`, { bearer: token, json: { clientId: client.id } })).json().attendee.paymentStatus).toBe("covered");
    const none = await aBrowser().post(`/api/sessions/${b.id}/attendees`, { bearer: token, json: { clientId: client.id } });
    expect(none.status).toBe(409);
    expect(none.json().error.code).toBe("insufficient_credits");
    const closed = await aSession(practice, user.id, { capacity: 5, programId: series.id, start: "2030-01-03T09:00:00Z" });
    const stranger = await aBrowser().post(`/api/sessions/${closed.id}/attendees`, { bearer: token, json: { clientId: client.id } });
    expect(stranger.status).toBe(409);
    expect(stranger.json().error.code).toBe("not_enrolled");
    const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.clientId, client.id));
    expect(row!.sessionsRemaining).toBe(0);
  });
});

describe("editing a program", () => {
  test("a plan's phases are renamed, reordered and added; an unused one removed; the change is audited", async () => {
    const { staff, practice } = await aPracticeWithStaff();
    const plan = await aProgram(practice.id, { type: "plan", name: "Knee plan", sessionsCount: null }, ["Assessment", "Intensive", "Maintenance", "Extra"]);
    const phases = (await testDb().select().from(programPhases).where(eq(programPhases.programId, plan.id))).sort((a, b) => a.position - b.position);
    const [assessment, intensive, maintenance, extra] = phases as [typeof phases[number], typeof phases[number], typeof phases[number], typeof phases[number]];
    const form = await staff.get(`/programs/${plan.id}/edit`);
    expect(form.doc().querySelector(`input[name="phaseName.${intensive.id}"]`)!.getAttribute("value")).toBe("Intensive");
    const reply = await staff.post(`/programs/${plan.id}`, { form: {
      name: "Knee rehab", price: "300",
      [`phaseName.${assessment.id}`]: "Assessment", [`phasePosition.${assessment.id}`]: "2",
      [`phaseName.${intensive.id}`]: "Strength", [`phasePosition.${intensive.id}`]: "1",
      [`phaseName.${maintenance.id}`]: "Maintenance", [`phasePosition.${maintenance.id}`]: "3",
      [`phaseName.${extra.id}`]: "Extra", [`phasePosition.${extra.id}`]: "4", [`phaseRemove.${extra.id}`]: "on",
      newPhases: "Return to running\n",
    } });
    expect(reply.status).toBe(303);
    const after = (await testDb().select().from(programPhases).where(eq(programPhases.programId, plan.id))).sort((a, b) => a.position - b.position);
    expect(after.map((p) => [p.position, p.name])).toEqual([[1, "Strength"], [2, "Assessment"], [3, "Maintenance"], [4, "Return to running"]]);
    expect(after.find((p) => p.name === "Strength")!.id).toBe(intensive.id);
    const [row] = await testDb().select().from(programs).where(eq(programs.id, plan.id));
    expect(row).toMatchObject({ name: "Knee rehab", priceCents: 30000 });
    const [audit] = await testDb().select().from(auditLog).where(and(eq(auditLog.entity, "program"), eq(auditLog.entityId, plan.id), eq(auditLog.action, "update")));
    expect(audit!.diff).toMatchObject({ name: ["Knee plan", "Knee rehab"], phases: [["Assessment", "Intensive", "Maintenance", "Extra"], ["Strength", "Assessment", "Maintenance", "Return to running"]] });
  });

  test("a phase a session is tagged with cannot be removed; the form says why and nothing changes", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const plan = await aProgram(practice.id, { type: "plan", name: "Back plan", sessionsCount: null }, ["Mobility", "Strength"]);
    const [mobility] = await testDb().select().from(programPhases).where(and(eq(programPhases.programId, plan.id), eq(programPhases.name, "Mobility")));
    await aSession(practice, user.id, { programId: plan.id, phaseId: mobility!.id });
    const page = await staff.get(`/programs/${plan.id}/edit`);
    expect(page.doc().querySelector(`input[name="phaseRemove.${mobility!.id}"]`)).toBeNull();
    const reply = await staff.post(`/programs/${plan.id}`, { form: { name: "Back plan renamed", [`phaseRemove.${mobility!.id}`]: "on" } });
    expect(reply.status).toBe(422);
    expect(text(reply, ".form-error")).toContain("Mobility is used by 1 session");
    expect((await testDb().select().from(programs).where(eq(programs.id, plan.id)))[0]!.name).toBe("Back plan");
    expect(await testDb().select().from(programPhases).where(eq(programPhases.programId, plan.id))).toHaveLength(2);
  });

  test("a package's validity applies to the next sale; enrollments already sold keep their expiry", async () => {
    const { staff, practice, user } = await aPracticeWithStaff();
    const pack = await aProgram(practice.id, { name: "Five", validityDays: 30 });
    const sold = await enrollClient(testDb(), practice, user.id, pack.id, (await aClient(practice.id, user.id)).id);
    expect((await staff.post(`/programs/${pack.id}`, { form: { name: "Five", validityDays: "90" } })).status).toBe(303);
    const [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, sold.id));
    expect(row!.expiresAt!.getTime()).toBe(sold.expiresAt!.getTime());
    const next = await enrollClient(testDb(), practice, user.id, pack.id, (await aClient(practice.id, user.id)).id);
    expect(Math.round((next.expiresAt!.getTime() - Date.now()) / 86_400_000)).toBe(90);
  });
});

