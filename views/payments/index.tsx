import { formatMoney } from "../../src/lib/money.js";
import { methodLabel } from "../../src/lib/payment-methods.js";
import { EARLIEST_DATE, formatDate, formatDateTime, LATEST_DATE, localParts } from "../../src/lib/time.js";
import type { OwedItems, PaymentResults as Results } from "../../src/pages/payments-page.js";
import { ChoiceField, TextField, type FieldErrors } from "../components/fields.js";
import { PaymentResults, statusLabel, type PaymentListParams } from "./_results.js";

type Owed = { key: string; clientId: string; clientName: string; what: string; when: Date; owedCents: number };

/** Visits and enrollments in one list, oldest first: what has been owed longest is chased first. */
function owedRows(owed: OwedItems, timezone: string): Owed[] {
  const visits = owed.visits.map((v) => ({
    key: `attendance:${v.attendee.id}`, clientId: v.attendee.clientId, clientName: v.clientName, when: v.startTime,
    what: `${v.label}, ${formatDateTime(v.startTime, timezone)}`, owedCents: v.attendee.priceCents - v.attendee.paidCents,
  }));
  const enrollments = owed.enrollments.map((e) => ({
    key: `enrollment:${e.enrollment.id}`, clientId: e.enrollment.clientId, clientName: e.clientName, when: e.enrollment.enrolledAt,
    what: `${e.programName}, sold ${formatDate(localParts(e.enrollment.enrolledAt, timezone).date)}`,
    owedCents: e.enrollment.priceCents - e.enrollment.paidCents,
  }));
  return [...visits, ...enrollments].sort((a, b) => a.when.getTime() - b.when.getTime());
}

export const OwedSection = ({ owed, timezone, currency }: { owed: OwedItems; timezone: string; currency: string }) => {
  const rows = owedRows(owed, timezone);
  return (
    <section class="card" id="owed" aria-labelledby="owed-heading">
      <h2 id="owed-heading">Who owes what</h2>
      <p class="owes" id="total-owed">
        {owed.owedCents > 0 ? <>{owed.complete ? "Owed in total:" : "Owed in total, at least:"} <strong>{formatMoney(owed.owedCents, currency)}</strong></> : "Nobody owes anything."}
      </p>
      {rows.length > 5 ? <p class="small"><a href="#received">Skip to the payments received</a></p> : null}
      {rows.length ? (
        <table class="list stacked owed-items">
          <thead><tr><th scope="col">Client</th><th scope="col">What</th><th scope="col" class="num">Owes</th><th scope="col"><span class="visually-hidden">Record</span></th></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr id={`owed-${row.key.replace(":", "-")}`}>
                <td><a href={`/clients/${row.clientId}`}>{row.clientName}</a></td>
                <td class="wide">{row.what}</td>
                <td class="num end">{formatMoney(row.owedCents, currency)}</td>
                <td class="wide"><a class="button" href={`/clients/${row.clientId}?pay=${row.key}#payments`}>Record payment<span class="visually-hidden"> for {row.what} by {row.clientName}</span></a></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
};

const statusChoices = [["", "Any status"], ...Object.entries(statusLabel)] as const;

/** The filters as a GET form: without JavaScript it loads the page; with htmx it swaps the results and pushes the URL. */
export const PaymentFilters = ({ params, errors, oob }: { params: PaymentListParams; errors?: FieldErrors; oob?: boolean }) => (
  <form id="payment-filters" method="get" action="/payments" class="filters" role="search" hx-swap-oob={oob ? "true" : undefined}
    hx-get="/payments" hx-target="#payment-results" hx-swap="outerHTML" hx-push-url="true">
    <ChoiceField name="status" label="Status" value={params.status} choices={statusChoices} errors={errors} />
    <ChoiceField name="method" label="Method" value={params.method} choices={[["", "Any method"], ...Object.entries(methodLabel)]} errors={errors} />
    <TextField name="from" label="From" type="date" min={EARLIEST_DATE} max={LATEST_DATE} value={params.from} errors={errors} />
    <TextField name="to" label="To" type="date" min={EARLIEST_DATE} max={LATEST_DATE} value={params.to} errors={errors} />
    <div class="field actions">
      <button type="submit">Show</button>
      <a href="/payments">Clear</a>
    </div>
  </form>
);

export const PaymentsPage = (p: {
  owed: OwedItems; results: Results | null; params: PaymentListParams; errors?: FieldErrors; timezone: string; currency: string;
}) => (
  <>
    <h1>Payments</h1>
    <OwedSection owed={p.owed} timezone={p.timezone} currency={p.currency} />
    <section class="card" id="received" aria-labelledby="received-heading">
      <h2 id="received-heading">Payments</h2>
      <PaymentFilters params={p.params} errors={p.errors} />
      <PaymentResults results={p.results} params={p.params} errors={p.errors} timezone={p.timezone} currency={p.currency} />
    </section>
  </>
);
