import { and, eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { creditLedger, payments, programEnrollments, sessionAttendees } from "../src/db/schema.js";
import { addAttendee } from "../src/domain/booking.js";
import { enrollClient } from "../src/domain/credits.js";
import { payVisitInFull, recordPayment, refundPayment, waiveVisit } from "../src/domain/payments.js";
import { ledgerSum } from "../src/queries/programs.js";
import { aClient, aPracticeWithStaff, aPricedVisit, aProgram, aService, aSession } from "./factories.js";
import { aBrowser, testDb, text, all } from "./harness.js";
import { postgresUrl } from "./test-database.js";


async function attendeeRow(id: string) {
  const [row] = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.id, id));
  return row!;
}

const paidAt = new Date("2030-03-04T10:00:00Z");

describe("what a visit owes", () => {
  test("a booking fixes the service's price; a visit without a price is no charge; a package covers its visit", async () => {
    const { practice, user, attendee, client } = await aPricedVisit(4500);
    expect(attendee).toMatchObject({ priceCents: 4500, paidCents: 0, paymentStatus: "unpaid" });

    const free = await aService(practice.id, { priceCents: 0 });
    const freeSession = await aSession(practice, user.id, { serviceId: free.id, start: "2030-03-05T09:00:00Z" });
    expect(await addAttendee(testDb(), practice, user.id, freeSession.id, client.id)).toMatchObject({ priceCents: 0, paymentStatus: "waived" });

    const massage = await aService(practice.id, { priceCents: 6000 });
    const pack = await aProgram(practice.id, { serviceId: massage.id, sessionsCount: 3, priceCents: 15000 });
    await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    const packSession = await aSession(practice, user.id, { serviceId: massage.id, start: "2030-03-06T09:00:00Z" });
    expect(await addAttendee(testDb(), practice, user.id, packSession.id, client.id)).toMatchObject({ priceCents: 0, paymentStatus: "covered" });
  });

  test("partial payments add up to paid; paying more than is owed is refused and changes nothing", async () => {
    const { practice, user, client, attendee } = await aPricedVisit(4500);
    await recordPayment(testDb(), practice, user.id, { clientId: client.id, item: { attendeeId: attendee.id }, amountCents: 2000, method: "cash", paidAt, note: null });
    expect(await attendeeRow(attendee.id)).toMatchObject({ paidCents: 2000, paymentStatus: "unpaid" });
    await expect(recordPayment(testDb(), practice, user.id, { clientId: client.id, item: { attendeeId: attendee.id }, amountCents: 2600, method: "cash", paidAt, note: null }))
      .rejects.toMatchObject({ code: "validation_failed", message: "Ada owes €25.00 for this. Record the rest as account credit (no item)." });
    await recordPayment(testDb(), practice, user.id, { clientId: client.id, item: { attendeeId: attendee.id }, amountCents: 2500, method: "bank_transfer", paidAt, note: null });
    expect(await attendeeRow(attendee.id)).toMatchObject({ paidCents: 4500, paymentStatus: "paid" });
    expect(await testDb().select().from(payments).where(eq(payments.clientId, client.id))).toHaveLength(2);
  });

  test("another client's visit is not found, and nothing is recorded", async () => {
    const { practice, user, attendee } = await aPricedVisit();
    const other = await aClient(practice.id, user.id);
    await expect(recordPayment(testDb(), practice, user.id, { clientId: other.id, item: { attendeeId: attendee.id }, amountCents: 100, method: "cash", paidAt, note: null }))
      .rejects.toMatchObject({ code: "not_found" });
    expect(await testDb().select().from(payments).where(eq(payments.practiceId, practice.id))).toHaveLength(0);
  });

  test("a waived visit owes nothing until it is charged again", async () => {
    const { practice, user, session, client, attendee } = await aPricedVisit();
    expect(await waiveVisit(testDb(), practice, user.id, client.id, attendee.id, true)).toMatchObject({ paymentStatus: "waived" });
    expect(await payVisitInFull(testDb(), practice, user.id, session.id, client.id, "cash")).toBeNull();
    expect(await waiveVisit(testDb(), practice, user.id, client.id, attendee.id, false)).toMatchObject({ paymentStatus: "unpaid" });
    expect((await payVisitInFull(testDb(), practice, user.id, session.id, client.id, "cash"))!.amountCents).toBe(4500);
    expect(await attendeeRow(attendee.id)).toMatchObject({ paymentStatus: "paid" });
  });
});

describe("refunds", () => {
  test("a cash payment refunded in two parts ends refunded, and the visit is owed again", async () => {
    const { practice, user, session, client, attendee } = await aPricedVisit(4500);
    const payment = (await payVisitInFull(testDb(), practice, user.id, session.id, client.id, "cash"))!;
    await refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 1500, note: null }, null);
    expect(await attendeeRow(attendee.id)).toMatchObject({ paidCents: 3000, paymentStatus: "unpaid" });
    await expect(refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 3001, note: null }, null)).rejects.toMatchObject({ code: "validation_failed" });
    const done = await refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 3000, note: "Goodwill" }, null);
    expect(done).toMatchObject({ status: "refunded", refundedCents: 4500 });
    expect(await attendeeRow(attendee.id)).toMatchObject({ paidCents: 0, paymentStatus: "refunded" });
    await expect(refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 1, note: null }, null)).rejects.toMatchObject({ code: "conflict" });
  });

  test("a package refunded in full loses its unused credits by a ledger row and ends dropped; a partial refund keeps them", async () => {
    const { practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const pack = await aProgram(practice.id, { sessionsCount: 5, priceCents: 20000 });
    const enrollment = await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    expect(enrollment).toMatchObject({ priceCents: 20000, paidCents: 0 });
    const payment = await recordPayment(testDb(), practice, user.id, { clientId: client.id, item: { enrollmentId: enrollment.id }, amountCents: 20000, method: "card_terminal", paidAt, note: null });
    await refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 5000, note: null }, null);
    let [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollment.id));
    expect(row).toMatchObject({ paidCents: 15000, sessionsRemaining: 5, status: "active" });
    await refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 15000, note: null }, null);
    [row] = await testDb().select().from(programEnrollments).where(eq(programEnrollments.id, enrollment.id));
    expect(row).toMatchObject({ paidCents: 0, sessionsRemaining: 0, status: "dropped" });
    expect(await ledgerSum(testDb(), practice.id, enrollment.id)).toBe(0);
    const refundRows = await testDb().select().from(creditLedger).where(and(eq(creditLedger.enrollmentId, enrollment.id), eq(creditLedger.reason, "refund")));
    expect(refundRows.map((r) => r.delta)).toEqual([-5]);
  });
});

describe.skipIf(!postgresUrl())("taps at once, on PostgreSQL", () => {
  test("ten simultaneous 'Paid cash' taps record the money once", async () => {
    const { practice, user, session, client, attendee } = await aPricedVisit(4500);
    const taps = await Promise.all(Array.from({ length: 10 }, () => payVisitInFull(testDb(), practice, user.id, session.id, client.id, "cash")));
    expect(taps.filter(Boolean)).toHaveLength(1);
    expect(await testDb().select().from(payments).where(eq(payments.sessionAttendeeId, attendee.id))).toHaveLength(1);
    expect(await attendeeRow(attendee.id)).toMatchObject({ paidCents: 4500, paymentStatus: "paid" });
  });

  test("ten simultaneous refunds of 10.00 from a 45.00 payment: four succeed, never more than was paid", async () => {
    const { practice, user, session, client } = await aPricedVisit(4500);
    const payment = (await payVisitInFull(testDb(), practice, user.id, session.id, client.id, "cash"))!;
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => refundPayment(testDb(), practice, user.id, payment.id, { amountCents: 1000, note: null }, null)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
    const [row] = await testDb().select().from(payments).where(eq(payments.id, payment.id));
    expect(row!.refundedCents).toBe(4000);
  });
});

describe("on the pages", () => {
  test("'Paid cash' on the session's attendee row swaps the row to Paid; a second tap changes nothing", async () => {
    const { staff: browser, session, client, attendee } = await aPricedVisit(4500);
    const row = await browser.post(`/sessions/${session.id}/attendees/${client.id}/payment`, { form: { method: "cash" }, htmx: true });
    expect(row.status).toBe(200);
    expect(text(row, `#attendee-${attendee.id} .badge`)).toBe("Paid");
    expect(all(row, `#attendee-${attendee.id} form[action$="/payment"]`)).toHaveLength(0);
    const again = await browser.post(`/sessions/${session.id}/attendees/${client.id}/payment`, { form: { method: "cash" }, htmx: true });
    expect(text(again, ".badge")).toBe("Paid");
    expect(await testDb().select().from(payments).where(eq(payments.sessionAttendeeId, attendee.id))).toHaveLength(1);
  });

  test("the client page says what is owed; recording 19.99 stores 1999 and the figure follows", async () => {
    const { staff: browser, client } = await aPricedVisit(4500);
    const page = await browser.get(`/clients/${client.id}`);
    expect(text(page, "#client-owes")).toBe("Owes €45.00");
    const item = page.doc().querySelector("#payments select[name=item] option")!.getAttribute("value")!;
    const section = await browser.post(`/clients/${client.id}/payments`, { form: { item, amount: "19.99", method: "cash", paidOn: "2026-01-05", note: "" }, htmx: true });
    expect(section.status).toBe(200);
    expect(text(section, "#client-owes")).toBe("Owes €25.01");
    const [stored] = await testDb().select().from(payments).where(eq(payments.clientId, client.id));
    expect(stored!.amountCents).toBe(1999);
  });

  test("a visit booked for next month is not owed yet; it is from its day on", async () => {
    const { staff: browser, practice, user, client, service } = await aPricedVisit(4500);
    const later = await aSession(practice, user.id, { serviceId: service.id, start: "2030-05-06T09:00:00Z" });
    await addAttendee(testDb(), practice, user.id, later.id, client.id);
    expect(text(await browser.get(`/clients/${client.id}`), "#client-owes")).toBe("Owes €45.00");
  });

  test("a bad amount or a future day re-renders the form with 422 and the values kept", async () => {
    const { staff: browser, client } = await aPricedVisit(4500);
    const bad = await browser.post(`/clients/${client.id}/payments`, { form: { item: "", amount: "19.999", method: "cash", paidOn: "2026-01-05", note: "kept" }, htmx: true });
    expect(bad.status).toBe(422);
    expect(text(bad, "#amount-error")).toBe("Enter an amount like 45.50.");
    expect(bad.doc().querySelector("#payments input[name=note]")!.getAttribute("value")).toBe("kept");
    const future = await browser.post(`/clients/${client.id}/payments`, { form: { item: "", amount: "10", method: "cash", paidOn: "2100-01-01", note: "" }, htmx: true });
    expect(future.status).toBe(422);
    expect(text(future, "#paidOn-error")).toBe("A payment cannot be recorded in the future.");
    expect(await testDb().select().from(payments).where(eq(payments.clientId, client.id))).toHaveLength(0);
  });

  test("without Stripe keys the client page offers no card button and says card payments are not configured", async () => {
    const { staff: browser, client } = await aPricedVisit(4500);
    const page = await browser.get(`/clients/${client.id}`);
    expect(all(page, `#payments form[action$="/card-requests"]`)).toHaveLength(0);
    expect(text(page, "#payments")).toContain("Card payments are not configured on this server");
  });

  test("a program's page shows what each participant paid and the total received", async () => {
    const { staff: browser, practice, user } = await aPracticeWithStaff();
    const client = await aClient(practice.id, user.id);
    const pack = await aProgram(practice.id, { sessionsCount: 5, priceCents: 20000 });
    const enrollment = await enrollClient(testDb(), practice, user.id, pack.id, client.id);
    await recordPayment(testDb(), practice, user.id, { clientId: client.id, item: { enrollmentId: enrollment.id }, amountCents: 5000, method: "cash", paidAt, note: null });
    const page = await browser.get(`/programs/${pack.id}`);
    expect(text(page, "#program-revenue")).toBe("Revenue: €50.00 received, €150.00 still owed.");
    const index = await browser.get("/programs");
    expect(index.body).toContain("€50.00");
  });
});

describe("over the JSON API", () => {
  test("records a payment for a visit, lists it, and refuses overpaying, both items at once and another practice's visit", async () => {
    const { token, client, attendee } = await aPricedVisit(4500);
    const api = aBrowser();
    const made = await api.post(`/api/clients/${client.id}/payments`, { bearer: token, json: { amountCents: 2000, method: "cash", attendeeId: attendee.id } });
    expect(made.status).toBe(201);
    expect(made.json().payment).toMatchObject({ amountCents: 2000, currency: "EUR", status: "completed", method: "cash", attendeeId: attendee.id });
    const listed = await api.get(`/api/clients/${client.id}/payments`, { bearer: token });
    expect(listed.json().payments.map((p: { id: string }) => p.id)).toEqual([made.json().payment.id]);
    const over = await api.post(`/api/clients/${client.id}/payments`, { bearer: token, json: { amountCents: 2600, method: "cash", attendeeId: attendee.id } });
    expect(over.status).toBe(422);
    const both = await api.post(`/api/clients/${client.id}/payments`, { bearer: token, json: { amountCents: 100, method: "cash", attendeeId: attendee.id, enrollmentId: attendee.id } });
    expect(both.status).toBe(422);
    const card = await api.post(`/api/clients/${client.id}/payments`, { bearer: token, json: { amountCents: 100, method: "card" } });
    expect(card.status).toBe(422);
    const other = await aPracticeWithStaff();
    const theirs = await aClient(other.practice.id, other.user.id);
    const crossed = await api.post(`/api/clients/${theirs.id}/payments`, { bearer: token, json: { amountCents: 100, method: "cash" } });
    expect(crossed.status).toBe(404);
    const foreignVisit = await api.post(`/api/clients/${theirs.id}/payments`, { bearer: other.token, json: { amountCents: 100, method: "cash", attendeeId: attendee.id } });
    expect(foreignVisit.status).toBe(404);
  });
});
