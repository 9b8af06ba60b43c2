import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { SESSION_COOKIE } from "../src/auth/session.js";
import { payments, sessionAttendees } from "../src/db/schema.js";
import { enrollClient } from "../src/domain/credits.js";
import { recordPayment, refundPayment, type HandPayment } from "../src/domain/payments.js";
import { spreadsheetSafe } from "../src/lib/csv.js";
import { todayIn } from "../src/lib/time.js";
import { insertPayment } from "../src/queries/payments.js";
import { aClient, aPracticeWithStaff, aPricedVisit, aProgram } from "./factories.js";
import { all, ORIGIN, testApp, testDb, text, type Reply } from "./harness.js";


type Owner = Awaited<ReturnType<typeof aPracticeWithStaff>>;
const aCashPayment = (owner: Owner, input: Partial<HandPayment> & { clientId: string }) =>
  recordPayment(testDb(), owner.practice, owner.user.id, { item: null, amountCents: 1000, method: "cash", paidAt: new Date("2030-01-15T10:00:00Z"), note: null, ...input });

const paymentRow = async (id: string) => (await testDb().select().from(payments).where(eq(payments.id, id)))[0]!;
const listed = (reply: Reply) => all(reply, ".payments-list tbody tr").map((tr) => tr.id.replace("payment-", ""));
const totals = (reply: Reply) => Object.fromEntries(all(reply, "#monthly-totals tbody tr").map((tr) =>
  [tr.getAttribute("data-month"), tr.querySelectorAll("td").map((td) => td.text.trim())]));

/** RFC 4180 as csv-stringify writes it: quoted cells may hold commas, quotes ("") and newlines. */
function parseCsv(body: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cell = "", quoted = false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') quoted = false; else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(cell); cell = ""; }
    else if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; }
    else cell += ch;
  }
  return rows;
}

describe("who owes what", () => {
  test("a booked visit with a priced service and an unpaid package are owed, with one tap to record each; a paid visit leaves the list", async () => {
    const owner = await aPricedVisit(4500);
    const { staff, practice, user, client, attendee } = owner;
    const pack = await aProgram(practice.id, { name: "Five massages", priceCents: 20000 });
    const enrollment = await enrollClient(testDb(), practice, user.id, pack.id, client.id);

    const page = await staff.get("/payments");
    expect(page.status).toBe(200);
    expect(text(page, "#total-owed")).toBe("Owed in total: €245.00");
    const visit = page.doc().querySelector(`#owed-attendance-${attendee.id}`)!;
    expect(visit.querySelector("td a")!.getAttribute("href")).toBe(`/clients/${client.id}`);
    expect(visit.querySelector("td a")!.text).toBe("Ada Fake");
    expect(visit.querySelectorAll("td")[1]!.text).toBe("Massage, 4 Mar 2026, 10:00");
    expect(visit.querySelector("td.num")!.text).toBe("€45.00");
    expect(visit.querySelector("a.button")!.getAttribute("href")).toBe(`/clients/${client.id}?pay=attendance:${attendee.id}#payments`);
    const sold = page.doc().querySelector(`#owed-enrollment-${enrollment.id}`)!;
    expect(sold.querySelector("a.button")!.getAttribute("href")).toBe(`/clients/${client.id}?pay=enrollment:${enrollment.id}#payments`);
    expect(sold.querySelector("td.num")!.text).toBe("€200.00");

    await aCashPayment(owner, { clientId: client.id, item: { attendeeId: attendee.id }, amountCents: 4500 });
    const after = await staff.get("/payments");
    expect(after.doc().querySelector(`#owed-attendance-${attendee.id}`)).toBeNull();
    expect(text(after, "#total-owed")).toBe("Owed in total: €200.00");
  });

  test("a practice where nobody owes anything says so", async () => {
    const { staff } = await aPracticeWithStaff();
    const page = await staff.get("/payments");
    expect(text(page, "#total-owed")).toBe("Nobody owes anything.");
    expect(text(page, "#payment-results .empty")).toBe("No payments match these filters.");
  });
});

describe("the payments list", () => {
  test("filters narrow the list, days and months are the practice's, and the monthly totals add up", async () => {
    const owner = await aPracticeWithStaff({ timezone: "Europe/Berlin" });
    const client = await aClient(owner.practice.id, owner.user.id);
    const january = await aCashPayment(owner, { clientId: client.id, amountCents: 2000, paidAt: new Date("2030-01-15T10:00:00Z") });
    // 23:30 UTC on 31 January is half past midnight on 1 February in Berlin.
    const midnight = await aCashPayment(owner, { clientId: client.id, amountCents: 1500, paidAt: new Date("2030-01-31T23:30:00Z") });
    const transfer = await aCashPayment(owner, { clientId: client.id, amountCents: 3000, method: "bank_transfer", paidAt: new Date("2030-02-10T10:00:00Z") });
    await refundPayment(testDb(), owner.practice, owner.user.id, midnight.id, { amountCents: 500, note: null }, null);

    const everything = await owner.staff.get("/payments");
    expect(listed(everything)).toEqual([transfer.id, midnight.id, january.id]);
    expect(totals(everything)).toEqual({ "2030-02": ["€45.00", "€5.00", "€40.00"], "2030-01": ["€20.00", "€0.00", "€20.00"] });
    expect(all(everything, "#monthly-totals tfoot td").map((td) => td.text)).toEqual(["€65.00", "€5.00", "€60.00"]);
    expect(text(everything, `#payment-${midnight.id} td[data-label=Refunded]`)).toBe("€5.00");

    const cash = await owner.staff.get("/payments?method=cash");
    expect(listed(cash)).toEqual([midnight.id, january.id]);
    const february = await owner.staff.get("/payments?from=2030-02-01&to=2030-02-28");
    expect(listed(february)).toEqual([transfer.id, midnight.id]);
    expect(totals(february)).toEqual({ "2030-02": ["€45.00", "€5.00", "€40.00"] });
    expect(all(february, "#monthly-totals tfoot")).toHaveLength(0);
    // "to" includes its whole day: the last of January ends at midnight in Berlin, before the 23:30 UTC payment.
    expect(listed(await owner.staff.get("/payments?to=2030-01-31"))).toEqual([january.id]);
    expect(listed(await owner.staff.get("/payments?status=pending"))).toEqual([]);
    // An unknown status shows everything rather than an error: a hand-edited URL still gets a list.
    expect(listed(await owner.staff.get("/payments?status=lost"))).toHaveLength(3);
  });

  test("the filter form asks for the totals and the list only, pushes its URL, and the CSV link carries the same filters", async () => {
    const owner = await aPracticeWithStaff();
    const client = await aClient(owner.practice.id, owner.user.id);
    await aCashPayment(owner, { clientId: client.id });
    const page = await owner.staff.get("/payments?method=cash&from=2030-01-01");
    const form = page.doc().querySelector("#payment-filters")!;
    expect(form.getAttribute("method")).toBe("get");
    expect(form.getAttribute("hx-target")).toBe("#payment-results");
    expect(form.getAttribute("hx-push-url")).toBe("true");
    expect(page.doc().querySelector("#from")!.getAttribute("value")).toBe("2030-01-01");
    expect(page.doc().querySelector("#download-csv")!.getAttribute("href")).toBe("/payments/export.csv?method=cash&from=2030-01-01");

    const fragment = await owner.staff.get("/payments?method=cash&from=2030-01-01", { htmx: true });
    expect(fragment.status).toBe(200);
    expect(fragment.doc().querySelector("#payment-results")).not.toBeNull();
    expect(fragment.doc().querySelector("#owed")).toBeNull();
    expect(fragment.doc().querySelector("#payment-filters")).toBeNull();
    expect(all(fragment, ".payments-list tbody tr")).toHaveLength(1);
  });

  test("a date that is not one answers 422 with the form and the value kept, as a page and as a fragment", async () => {
    const { staff } = await aPracticeWithStaff();
    const page = await staff.get("/payments?from=2030-02-30&method=cash");
    expect(page.status).toBe(422);
    expect(text(page, "#from-error")).toBe("Enter a real date between 1900 and 2100, like 2026-03-15.");
    expect(page.doc().querySelector("#from")!.getAttribute("value")).toBe("2030-02-30");
    expect(page.doc().querySelector("#method option[selected]")!.getAttribute("value")).toBe("cash");
    expect(text(page, "#payment-results .form-error")).toBe("Fix the dates above to see payments.");
    expect(page.doc().querySelector("#download-csv")).toBeNull();

    const fragment = await staff.get("/payments?from=2030-03-01&to=2030-02-01", { htmx: true });
    expect(fragment.status).toBe(422);
    expect(fragment.doc().querySelector("#payment-filters")!.getAttribute("hx-swap-oob")).toBe("true");
    expect(text(fragment, "#to-error")).toBe("The end date is before the start date.");

    expect((await staff.get("/payments/export.csv?to=9999-12-31")).status).toBe(422);
  });
});

describe("the CSV download", () => {
  test("has the header and one row per payment, in the practice's zone and the currency's digits; a note that looks like a formula stays text", async () => {
    const owner = await aPricedVisit(4500);
    const { client, attendee } = owner;
    await aCashPayment(owner, { clientId: client.id, item: { attendeeId: attendee.id }, amountCents: 4500, paidAt: new Date("2030-03-04T10:00:00Z"), note: "=HYPERLINK(\"http://evil.example\", \"Click\")" });
    const other = await aCashPayment(owner, { clientId: client.id, amountCents: 1050, method: "bank_transfer", paidAt: new Date("2030-07-01T08:00:05Z"), note: "-2+3, \"quoted\"" });
    await refundPayment(testDb(), owner.practice, owner.user.id, other.id, { amountCents: 50, note: null }, null);

    const reply = await owner.staff.get("/payments/export.csv?from=2030-01-01");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(reply.headers.get("Content-Disposition")).toBe(`attachment; filename="payments-${todayIn("Europe/Berlin")}.csv"`);
    const [header, ...rows] = parseCsv(reply.body);
    expect(header).toEqual(["paid_at", "client", "item", "method", "status", "amount", "refunded", "net", "currency", "note"]);
    expect(rows).toEqual([
      ["2030-07-01T10:00:05+02:00", "Ada Fake", "Account credit", "Bank transfer", "completed", "10.50", "0.50", "10.00", "EUR", "'-2+3, \"quoted\""],
      ["2030-03-04T11:00:00+01:00", "Ada Fake", "Massage, 2026-03-04 10:00", "Cash", "completed", "45.00", "0.00", "45.00", "EUR", "'=HYPERLINK(\"http://evil.example\", \"Click\")"],
    ]);
    const filtered = parseCsv((await owner.staff.get("/payments/export.csv?method=cash")).body);
    expect(filtered).toHaveLength(2);
    // A byte-order mark first, so Excel reads the names as UTF-8 (text() decoding drops it, so look at the bytes).
    const raw = await testApp().request(`${ORIGIN}/payments/export.csv`, { headers: { Cookie: `${SESSION_COOKIE}=${owner.token}` } });
    expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  test("a cell a spreadsheet would run as a formula gets an apostrophe; anything else is left as it is", () => {
    expect(["=1+1", "+31 20 123", "-5", "@SUM(A1)", "\t=1", "\r=1"].map(spreadsheetSafe)).toEqual(["'=1+1", "'+31 20 123", "'-5", "'@SUM(A1)", "'\t=1", "'\r=1"]);
    expect(["45.00", "Ada = Fake", "", "'quoted"].map(spreadsheetSafe)).toEqual(["45.00", "Ada = Fake", "", "'quoted"]);
  });
});

describe("one payment", () => {
  test("a cash payment refunded in two parts ends refunded; asking for more than is left is refused with 422 and changes nothing", async () => {
    const owner = await aPricedVisit(4500);
    const { staff, client, attendee } = owner;
    const payment = await aCashPayment(owner, { clientId: client.id, item: { attendeeId: attendee.id }, amountCents: 4500 });
    const path = `/payments/${payment.id}`;

    const page = await staff.get(path);
    expect(page.status).toBe(200);
    expect(page.doc().querySelector("#refund input[name=amount]")!.getAttribute("value")).toBe("45.00");
    expect(page.doc().querySelector("#refund form")!.getAttribute("action")).toBe(`${path}/refunds`);

    // Money going back asks first; the question posts the same values with confirmed=yes.
    const asked = await staff.post(`${path}/refunds`, { form: { amount: "20", note: "Goodwill" } });
    expect(asked.status).toBe(200);
    expect(asked.doc().querySelector(".confirm input[name=confirmed]")!.getAttribute("value")).toBe("yes");
    expect((await paymentRow(payment.id)).refundedCents).toBe(0);

    const first = await staff.post(`${path}/refunds`, { form: { amount: "20", note: "Goodwill", confirmed: "yes" } });
    expect(first.status).toBe(303);
    expect(first.headers.get("Location")).toBe(path);
    expect(await paymentRow(payment.id)).toMatchObject({ refundedCents: 2000, status: "completed" });
    const shown = await staff.get(path);
    expect(text(shown, ".flash")).toBe("€20.00 refunded.");
    expect(text(shown, "#refunded")).toBe("€20.00");
    expect(shown.doc().querySelector("#refund input[name=amount]")!.getAttribute("value")).toBe("25.00");

    const tooMuch = await staff.post(`${path}/refunds`, { form: { amount: "30", note: "", confirmed: "yes" } });
    expect(tooMuch.status).toBe(422);
    expect(text(tooMuch, "#amount-error")).toBe("At most €25.00.");
    expect(tooMuch.doc().querySelector("#amount")!.getAttribute("value")).toBe("30");
    expect((await paymentRow(payment.id)).refundedCents).toBe(2000);

    const rest = await staff.post(`${path}/refunds`, { form: { amount: "25.00", note: "", confirmed: "yes" } });
    expect(rest.status).toBe(303);
    expect(await paymentRow(payment.id)).toMatchObject({ refundedCents: 4500, status: "refunded" });
    const [visit] = await testDb().select().from(sessionAttendees).where(eq(sessionAttendees.id, attendee.id));
    expect(visit).toMatchObject({ paidCents: 0, paymentStatus: "refunded" });
    const done = await staff.get(path);
    expect(done.doc().querySelector("#refund")).toBeNull();
    expect(text(done, "#payment-heading .badge")).toBe("Refunded");
    // Once refunded in full, there is nothing left to give back.
    const again = await staff.post(`${path}/refunds`, { form: { amount: "1", confirmed: "yes" } });
    expect(again.status).toBe(422);
    expect((await paymentRow(payment.id)).refundedCents).toBe(4500);
  });

  test("a pending card request shows its pay link and can be withdrawn, after which the link is gone", async () => {
    const owner = await aPricedVisit(4500);
    const request = await insertPayment(testDb(), owner.practice.id, {
      clientId: owner.client.id, sessionAttendeeId: owner.attendee.id, amountCents: 4500, currency: "EUR", status: "pending", method: "card",
      payToken: "t".repeat(32), recordedBy: owner.user.id,
    });
    const page = await owner.staff.get(`/payments/${request.id}`);
    expect(text(page, "label[for=pay-link]")).toBe("Pay link");
    const link = page.doc().querySelector("#pay-link")!;
    expect(link.getAttribute("value")).toBe(`${ORIGIN}/pay/${"t".repeat(32)}`);
    expect(link.hasAttribute("readonly")).toBe(true);
    expect(page.doc().querySelector("#refund")).toBeNull();

    const withdrawn = await owner.staff.post(`/payments/${request.id}/withdraw`, { form: {} });
    expect(withdrawn.status).toBe(303);
    expect(await paymentRow(request.id)).toMatchObject({ status: "failed", payToken: null });
    const after = await owner.staff.get(`/payments/${request.id}`);
    expect(after.doc().querySelector("#pay-link")).toBeNull();
    expect(text(after, ".flash")).toBe("Card payment request withdrawn: its pay link no longer works.");
  });

  test("another practice's payment is a 404 on its page, its refunds and its withdrawal, and is never listed", async () => {
    const owner = await aPricedVisit(4500);
    const payment = await aCashPayment(owner, { clientId: owner.client.id, item: { attendeeId: owner.attendee.id }, amountCents: 4500, note: "Private" });
    const intruder = await aPracticeWithStaff();
    expect((await intruder.staff.get(`/payments/${payment.id}`)).status).toBe(404);
    expect((await intruder.staff.post(`/payments/${payment.id}/refunds`, { form: { amount: "45", confirmed: "yes" } })).status).toBe(404);
    expect((await intruder.staff.post(`/payments/${payment.id}/withdraw`, { form: {} })).status).toBe(404);
    expect(await paymentRow(payment.id)).toMatchObject({ status: "completed", refundedCents: 0 });
    for (const path of ["/payments", "/payments/export.csv"]) expect((await intruder.staff.get(path)).body).not.toContain("Fake");
  });
});
