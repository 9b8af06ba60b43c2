import type { PaymentRecordStatus } from "../../src/db/schema.js";
import { formatMoney } from "../../src/lib/money.js";
import { methodLabel } from "../../src/lib/payment-methods.js";
import { formatDateTime } from "../../src/lib/time.js";
import type { PaymentListRow } from "../../src/queries/payments.js";
import type { PaymentResults as Results } from "../../src/pages/payments-page.js";
import { FormError, type FieldErrors } from "../components/fields.js";

/** The filters as typed: kept as text, so a refused date comes back in its field as it was. */
export type PaymentListParams = { status: string; method: string; from: string; to: string };

export const statusLabel: Record<PaymentRecordStatus, string> = { pending: "Pending", completed: "Completed", failed: "Failed", refunded: "Refunded" };

/** The same filters in a URL: the CSV link downloads exactly what the list shows. */
export const filterQuery = (params: PaymentListParams) => {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ""));
  return query.size ? `?${query}` : "";
};

const monthFormat = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
/** "2030-01" → "Jan 2030". */
const formatMonth = (month: string) => monthFormat.format(new Date(`${month}-01T00:00:00Z`));

/** What a payment paid for: the service or program, with the visit's time when it was for a visit. */
export const paymentWhat = (row: PaymentListRow, timezone: string) =>
  !row.itemLabel ? "Account credit" : row.sessionStart ? `${row.itemLabel}, ${formatDateTime(row.sessionStart, timezone)}` : row.itemLabel;

const MonthlyTotals = ({ months, currency }: { months: Results["months"]; currency: string }) => {
  if (!months.length) return null;
  const money = (minor: number) => formatMoney(minor, currency);
  const sum = (pick: (m: Results["months"][number]) => number) => months.reduce((total, m) => total + pick(m), 0);
  return (
    <div class="table-scroll"><table class="list totals" id="monthly-totals">
      <caption>Received by month</caption>
      <thead><tr><th scope="col">Month</th><th scope="col" class="num">Received</th><th scope="col" class="num">Refunded</th><th scope="col" class="num">Net</th></tr></thead>
      <tbody>
        {months.map((m) => (
          <tr data-month={m.month}>
            <th scope="row">{formatMonth(m.month)}</th>
            <td class="num">{money(m.received)}</td><td class="num">{money(m.refunded)}</td><td class="num">{money(m.received - m.refunded)}</td>
          </tr>
        ))}
      </tbody>
      {months.length > 1 ? (
        <tfoot><tr><th scope="row">Total</th><td class="num">{money(sum((m) => m.received))}</td><td class="num">{money(sum((m) => m.refunded))}</td>
          <td class="num">{money(sum((m) => m.received - m.refunded))}</td></tr></tfoot>
      ) : null}
    </table></div>
  );
};

const PaymentRow = ({ row, timezone }: { row: PaymentListRow; timezone: string }) => {
  const { payment } = row;
  const money = (minor: number) => formatMoney(minor, payment.currency);
  return (
    <tr id={`payment-${payment.id}`}>
      <td><a href={`/payments/${payment.id}`}>{formatDateTime(payment.paidAt ?? payment.createdAt, timezone)}</a></td>
      <td>{row.clientName}</td>
      <td class="wide">{paymentWhat(row, timezone)}</td>
      <td class="wide" data-label="Method">{methodLabel[payment.method]}</td>
      <td class="num end">{money(payment.amountCents)}</td>
      <td class={payment.refundedCents ? "num wide" : "num wide none"} data-label="Refunded">{payment.refundedCents ? money(payment.refundedCents) : "—"}</td>
      <td class="end"><span class={`badge ${payment.status}`}>{statusLabel[payment.status]}</span></td>
    </tr>
  );
};

/**
 * The monthly totals and the list: what the filter form swaps. A refused filter leaves only its message
 * here (the form, swapped out of band, shows it at the field).
 */
export const PaymentResults = ({ results, params, errors, timezone, currency }: {
  results: Results | null; params: PaymentListParams; errors?: FieldErrors; timezone: string; currency: string;
}) => (
  <div id="payment-results">
    {!results ? <FormError errors={errors} /> : <>
      <p class="actions"><a class="button" id="download-csv" href={`/payments/export.csv${filterQuery(params)}`} download>Download CSV</a></p>
      <MonthlyTotals months={results.months} currency={currency} />
      {results.payments.length ? (
        <table class="list stacked payments-list">
          <caption class="visually-hidden">Payments, newest first</caption>
          <thead><tr><th scope="col">Date</th><th scope="col">Client</th><th scope="col">What</th><th scope="col">Method</th>
            <th scope="col" class="num">Amount</th><th scope="col" class="num">Refunded</th><th scope="col">Status</th></tr></thead>
          <tbody>{results.payments.map((row) => <PaymentRow row={row} timezone={timezone} />)}</tbody>
        </table>
      ) : <p class="empty">No payments match these filters.</p>}
      {results.more ? <p class="small muted">Showing the latest {results.payments.length}. Narrow the dates, or download the CSV for all of them.</p> : null}
    </>}
  </div>
);
