import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { paymentMethods, paymentRecordStatuses } from "../db/schema.js";
import { withdrawCardRequest } from "../domain/card-payments.js";
import { refundPayment } from "../domain/payments.js";
import { DomainError, formFailure, type FormFailure } from "../lib/errors.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { formatMoney, minorToInput, parseMoney } from "../lib/money.js";
import { stripeClient } from "../lib/stripe-client.js";
import { addDays, dateRangeWords, isRealDate, todayIn, zonedInstant } from "../lib/time.js";
import { EXPORT_ROWS, loadOwedItems, loadPaymentResults } from "../pages/payments-page.js";
import { listPayments, type PaymentFilters, type PaymentListRow } from "../queries/payments.js";
import { withPayment } from "../scopes.js";
import { ConfirmPage } from "../../views/components/confirm.js";
import { paymentsCsv } from "../../views/payments/export.js";
import { PaymentFilters as FilterForm, PaymentsPage } from "../../views/payments/index.js";
import { PaymentResults, type PaymentListParams } from "../../views/payments/_results.js";
import { PaymentShow } from "../../views/payments/show.js";

// An unknown status or method shows every payment (a hand-edited URL gets a list, not an error). A date
// that is not one is refused: ignoring it would show totals for a period nobody asked about.
const dateFilter = z.string().trim().default("").refine((v) => v === "" || isRealDate(v), `Enter a real date ${dateRangeWords}, like 2026-03-15.`);
const paymentQuery = z.object({
  status: z.enum(paymentRecordStatuses).or(z.literal("")).catch(""),
  method: z.enum(paymentMethods).or(z.literal("")).catch(""),
  from: dateFilter,
  to: dateFilter,
}).refine((q) => !q.from || !q.to || q.from <= q.to, { path: ["to"], message: "The end date is before the start date." });

type FilterReading =
  | { params: PaymentListParams; filters: PaymentFilters; errors: undefined }
  | { params: PaymentListParams; filters: null; errors: Record<string, string> };

/** The filters as typed (for the form) and as instants in the practice's zone (for the queries), or why not. */
function readFilters<E extends AppEnv>(c: Context<E>): FilterReading {
  const raw = c.req.query();
  const parsed = paymentQuery.safeParse(raw);
  if (!parsed.success) {
    const params: PaymentListParams = { status: raw.status ?? "", method: raw.method ?? "", from: raw.from ?? "", to: raw.to ?? "" };
    return { params, filters: null, errors: { ...fieldErrors(parsed.error), _form: "Fix the dates above to see payments." } };
  }
  const { status, method, from, to } = parsed.data;
  const tz = c.var.practice.timezone;
  // Whole days where the practice is: "to" includes its own day, up to the next midnight there.
  const filters: PaymentFilters = {
    status: status || undefined, method: method || undefined,
    from: from ? zonedInstant(from, "00:00", tz) : undefined, to: to ? zonedInstant(addDays(to, 1), "00:00", tz) : undefined,
  };
  return { params: parsed.data, filters, errors: undefined };
}

/** A refund's amount in the payment's own currency, no more than what has not gone back yet. */
const refundForm = (currency: string, left: number) => z.object({
  amount: z.string({ error: "Enter the amount to refund." }).transform((text, ctx) => {
    const minor = parseMoney(text, currency);
    if (minor === null || minor <= 0) ctx.addIssue({ code: "custom", message: `Enter an amount like ${minorToInput(left || 1000, currency)}.` });
    else if (minor > left) ctx.addIssue({ code: "custom", message: left ? `At most ${formatMoney(left, currency)}.` : "Nothing of this payment is left to refund." });
    return minor ?? 0;
  }),
  note: z.string().trim().max(200, "Keep the note under 200 characters.").default("").transform((v) => v || null),
});

type PaymentContext = Context<AppEnv & { Variables: { paymentView: PaymentListRow } }>;

function renderPayment(c: PaymentContext, values?: Record<string, string>, failed?: FormFailure) {
  if (failed) c.status(failed.status);
  const { practice, paymentView } = c.var;
  return c.render(<PaymentShow view={paymentView} timezone={practice.timezone} appUrl={c.var.env.appUrl}
    values={values} errors={failed?.errors} />, { title: "Payment" });
}

export const payments = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const { params, filters, errors } = readFilters(c);
    const results = filters ? await loadPaymentResults(c.var.db, c.var.practice, filters) : null;
    if (errors) c.status(422);
    const { timezone, currency } = c.var.practice;
    const view = { results, params, errors, timezone, currency };
    // The filter form swaps the totals and the list only; a refused filter also redraws the form, out of
    // band, so the message sits at its field. The owed lists are the full page's alone.
    if (isHtmx(c)) return c.html(<>{errors ? <FilterForm params={params} errors={errors} oob /> : null}<PaymentResults {...view} /></>);
    const owed = await loadOwedItems(c.var.db, c.var.practice);
    return c.render(<PaymentsPage {...view} owed={owed} />, { title: "Payments" });
  })

  // Registered before the member routes, so "export.csv" is never taken for a payment id.
  .get("/export.csv", async (c) => {
    const { filters, errors } = readFilters(c);
    if (!filters) throw new DomainError("validation_failed", [errors.from, errors.to].filter(Boolean).join(" "));
    const rows = await listPayments(c.var.db, c.var.practiceId, filters, EXPORT_ROWS);
    const today = todayIn(c.var.practice.timezone);
    return c.body(paymentsCsv(rows, c.var.practice.timezone), 200, {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="payments-${today}.csv"`,
      "Cache-Control": "private, no-store",
    });
  })

  .use("/:paymentId/*", withPayment)

  .get("/:paymentId", (c) => renderPayment(c))

  // A refund gives money back, which cannot be taken back: the plain form asks on a confirmation page first.
  .post("/:paymentId/refunds", async (c) => {
    const { payment } = c.var.paymentView;
    const values = await readForm(c);
    const form = refundForm(payment.currency, payment.amountCents - payment.refundedCents).safeParse(values);
    if (!form.success) return renderPayment(c, values, { status: 422, errors: fieldErrors(form.error) });
    const amount = formatMoney(form.data.amount, payment.currency);
    // Only a completed payment is asked about: the domain refuses the others with its own words.
    if (payment.status === "completed" && values.confirmed !== "yes") {
      return c.render(<ConfirmPage title={`Refund ${amount}?`} values={values} yes={`Yes, refund ${amount}`} action={`/payments/${payment.id}/refunds`}
        back={`/payments/${payment.id}`} consequence={payment.method === "card"
          ? `${amount} goes back to ${c.var.paymentView.clientName}'s card through Stripe. This cannot be undone.`
          : `${amount} is recorded as handed back to ${c.var.paymentView.clientName}. This cannot be undone.`} />, { title: "Refund" });
    }
    const stripe = payment.method === "card" && c.var.env.stripe ? stripeClient(c.var.env.stripe) : null;
    const failed = await refundPayment(c.var.db, c.var.practice, c.var.user!.id, payment.id, { amountCents: form.data.amount, note: form.data.note }, stripe)
      .then(() => null, (error) => formFailure(error, values));
    if (failed) return renderPayment(c, values, failed);
    setFlash(c, `${amount} refunded.`);
    return c.redirect(`/payments/${payment.id}`, 303);
  })

  // The client paid another way after all: the pay link stops working and the request ends as failed.
  .post("/:paymentId/withdraw", async (c) => {
    const { payment } = c.var.paymentView;
    const stripe = c.var.env.stripe ? stripeClient(c.var.env.stripe) : null;
    const failed = await withdrawCardRequest(c.var.db, c.var.practice, c.var.user!.id, payment.id, stripe)
      .then(() => null, (error) => formFailure(error, {}));
    if (failed) return renderPayment(c, {}, failed);
    setFlash(c, "Card payment request withdrawn: its pay link no longer works.");
    return c.redirect(`/payments/${payment.id}`, 303);
  });
