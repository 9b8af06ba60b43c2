import { formatMoney, minorToInput } from "../../src/lib/money.js";
import { methodLabel } from "../../src/lib/payment-methods.js";
import { formatDateTime } from "../../src/lib/time.js";
import type { PaymentListRow } from "../../src/queries/payments.js";
import { FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";
import { paymentWhat, statusLabel } from "./_results.js";

/** A refund can be asked for while something of a completed payment has not gone back. */
export const refundable = ({ payment }: PaymentListRow) => (payment.status === "completed" ? payment.amountCents - payment.refundedCents : 0);

const RefundForm = ({ view, values, errors }: { view: PaymentListRow; values: FormValues; errors?: FieldErrors }) => {
  const { payment } = view;
  const action = `/payments/${payment.id}/refunds`;
  return (
    <section class="card" id="refund" aria-labelledby="refund-heading">
      <h2 id="refund-heading">Refund</h2>
      <p class="hint">{payment.method === "card"
        ? "The money goes back to the card it was paid with, through Stripe."
        : "Record money you handed back. What it paid for owes that much again."}</p>
      <form method="post" action={action} class="two-up">
        <TextField name="amount" label={`Amount (${payment.currency})`} inputmode="decimal" required maxlength={20} errors={errors}
          value={values.amount ?? minorToInput(refundable(view), payment.currency)}
          hint={`At most ${formatMoney(refundable(view), payment.currency)}.`} />
        <TextField name="note" label="Note (optional)" maxlength={200} value={values.note} errors={errors} />
        <div class="actions"><button type="submit">Refund</button></div>
      </form>
    </section>
  );
};

/** A card payment asked for and not paid yet: the link to send the client, and a way to take it back. */
const CardRequest = ({ view, appUrl }: { view: PaymentListRow; appUrl: string }) => {
  const { payment } = view;
  return (
    <section class="card" id="card-request" aria-labelledby="card-request-heading">
      <h2 id="card-request-heading">Card payment request</h2>
      <p>The client pays {formatMoney(payment.amountCents, payment.currency)} by card on this link, on any device.</p>
      <div class="field">
        <label for="pay-link">Pay link</label>
        <input id="pay-link" class="pay-link" type="text" readonly value={`${appUrl}/pay/${payment.payToken}`} />
      </div>
      <form method="post" action={`/payments/${payment.id}/withdraw`} class="actions">
        <button type="submit">Withdraw request</button>
        <span class="hint">The link stops working; nothing is charged.</span>
      </form>
    </section>
  );
};

export const PaymentShow = ({ view, timezone, appUrl, values = {}, errors }: {
  view: PaymentListRow; timezone: string; appUrl: string; values?: FormValues; errors?: FieldErrors;
}) => {
  const { payment } = view;
  const money = (minor: number) => formatMoney(minor, payment.currency);
  const open = payment.method === "card" && payment.payToken && (payment.status === "pending" || payment.status === "failed");
  return (
    <>
      <p><a href="/payments">← Payments</a></p>
      <FormError errors={errors} />
      <section class="card" id="payment" aria-labelledby="payment-heading">
        <h1 id="payment-heading">{money(payment.amountCents)} <span class={`badge ${payment.status}`}>{statusLabel[payment.status]}</span></h1>
        <dl class="contact">
          <dt>Client</dt><dd><a href={`/clients/${payment.clientId}`}>{view.clientName}</a></dd>
          <dt>For</dt><dd>{paymentWhat(view, timezone)}</dd>
          <dt>Method</dt><dd>{methodLabel[payment.method]}</dd>
          {payment.paidAt ? <><dt>Paid</dt><dd>{formatDateTime(payment.paidAt, timezone)}</dd></> : <><dt>Asked</dt><dd>{formatDateTime(payment.createdAt, timezone)}</dd></>}
          <dt>Refunded</dt><dd id="refunded">{money(payment.refundedCents)}</dd>
          {payment.note ? <><dt>Note</dt><dd>{payment.note}</dd></> : null}
        </dl>
      </section>
      {refundable(view) > 0 ? <RefundForm view={view} values={values} errors={errors} /> : null}
      {open ? <CardRequest view={view} appUrl={appUrl} /> : null}
    </>
  );
};
