import { handMethods, methodLabel } from "../../src/lib/payment-methods.js";
import { formatMoney, minorToInput } from "../../src/lib/money.js";
import { formatDateTime, localParts } from "../../src/lib/time.js";
import type { PaymentsSection } from "../../src/pages/client-page.js";
import { ChoiceField, FormError, TextField, type FieldErrors, type FormValues } from "../components/fields.js";

const statusLabel: Record<string, string> = { pending: "Waiting for card", completed: "Paid", failed: "Not paid", refunded: "Refunded" };

/** The form's item choice: "attendance:<id>", "enrollment:<id>", or "" for account credit. */
export const itemKey = (kind: "attendance" | "enrollment", id: string) => `${kind}:${id}`;

/**
 * The client's payments: what is owed (each with one tap to record it), the form for anything else, and
 * what was paid. Self-replacing; while a card payment is on its way it asks the server again every few
 * seconds, so the page shows the payment the moment Stripe's webhook lands, and stops asking once it has.
 */
export const ClientPayments = ({ clientId, section, timezone, values = {}, errors, oob }: {
  clientId: string; section: PaymentsSection; timezone: string; values?: FormValues; errors?: FieldErrors; oob?: boolean;
}) => {
  const { owedVisits, owedEnrollments, payments, owedCents, currency, cardsUnavailable, appUrl } = section;
  const money = (minor: number) => formatMoney(minor, currency);
  const base = `/clients/${clientId}/payments`;
  const swap = { "hx-target": "#payments", "hx-swap": "outerHTML" };
  const waiting = payments.some((p) => p.payment.status === "pending");
  const items = [
    ...owedVisits.map((v) => ({ key: itemKey("attendance", v.attendee.id), label: `${v.label}, ${formatDateTime(v.startTime, timezone)}`, owed: v.attendee.priceCents - v.attendee.paidCents })),
    ...owedEnrollments.map((e) => ({ key: itemKey("enrollment", e.enrollment.id), label: e.programName, owed: e.enrollment.priceCents - e.enrollment.paidCents })),
  ];
  const chosen = String(values.item ?? "");
  return (
    <section id="payments" class="card" aria-labelledby="payments-heading" hx-swap-oob={oob ? "true" : undefined}
      {...(waiting ? { "hx-get": base, "hx-trigger": "every 3s", "hx-swap": "outerHTML" } : {})}>
      <h2 id="payments-heading">Payments</h2>
      <p class="owes" id="client-owes">{owedCents > 0 ? <>Owes <strong>{money(owedCents)}</strong></> : "Nothing owed."}</p>
      <FormError errors={errors} />
      {items.length ? (
        <ul class="owed-list">
          {items.map((item) => (
            <li>
              <span>{item.label}</span> <strong>{money(item.owed)}</strong>
              <span class="actions small">
                <form method="post" action={base} hx-post={base} {...swap} class="inline">
                  <input type="hidden" name="item" value={item.key} />
                  <input type="hidden" name="amount" value={minorToInput(item.owed, currency)} />
                  <input type="hidden" name="method" value="cash" />
                  <button type="submit">Paid cash<span class="visually-hidden"> for {item.label}</span></button>
                </form>
                {item.key.startsWith("attendance:") ? (
                  <form method="post" action={`${base}/waivers`} hx-post={`${base}/waivers`} {...swap} class="inline">
                    <input type="hidden" name="item" value={item.key} />
                    <input type="hidden" name="waived" value="yes" />
                    <button type="submit" class="link-button">Waive<span class="visually-hidden"> {item.label}</span></button>
                  </form>
                ) : null}
                {cardsUnavailable ? null : (
                  <form method="post" action={`${base}/card-requests`} hx-post={`${base}/card-requests`} {...swap} class="inline">
                    <input type="hidden" name="item" value={item.key} />
                    <button type="submit">Card payment<span class="visually-hidden"> for {item.label}</span></button>
                  </form>
                )}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {payments.filter((p) => p.payment.status === "pending" && p.payment.payToken).map(({ payment, itemLabel }) => (
        <div class="card-request" role="status">
          <p><strong>Waiting for a card payment</strong> of {money(payment.amountCents)}{itemLabel ? ` for ${itemLabel}` : ""}. Send the client this link, or open the payment page here:</p>
          <label for={`pay-link-${payment.id}`}>Pay link</label>
          <input id={`pay-link-${payment.id}`} class="pay-link" type="text" readonly value={`${appUrl}/pay/${payment.payToken}`} />
          <form method="post" action={`/pay/${payment.payToken}`} target="_blank" class="inline">
            <button type="submit" class="primary">Open card payment page</button>
          </form>
        </div>
      ))}
      {cardsUnavailable ? <p class="small muted">Card payments: {cardsUnavailable}</p> : null}
      <details class="record-payment" open={errors || chosen ? true : undefined} id="record-payment">
        <summary>Record a payment</summary>
        <form method="post" action={base} hx-post={base} {...swap} class="two-up">
          <ChoiceField name="item" label="For" value={chosen}
            choices={[...items.map((i) => [i.key, `${i.label} (owes ${money(i.owed)})`] as const), ["", "Account credit (nothing in particular)"] as const]} errors={errors} />
          <TextField name="amount" label={`Amount (${currency})`} inputmode="decimal" required maxlength={20} value={values.amount} errors={errors} />
          <ChoiceField name="method" label="Method" value={values.method ?? "cash"} choices={handMethods.map((m) => [m, methodLabel[m]] as const)} errors={errors} />
          <TextField name="paidOn" label="Paid on" type="date" required value={values.paidOn ?? localParts(new Date(), timezone).date} errors={errors} />
          <TextField name="note" label="Note (optional)" maxlength={200} value={values.note} errors={errors} />
          <button type="submit">Record payment</button>
        </form>
      </details>
      {payments.length ? (
        <div class="table-scroll"><table class="list payments-list">
          <thead><tr><th scope="col">When</th><th scope="col">For</th><th scope="col">How</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead>
          <tbody>
            {payments.map(({ payment, itemLabel }) => (
              <tr>
                <td><a href={`/payments/${payment.id}`}>{formatDateTime(payment.paidAt ?? payment.createdAt, timezone)}</a></td>
                <td>{itemLabel ?? "Account credit"}</td>
                <td>{methodLabel[payment.method]}</td>
                <td>{money(payment.amountCents)}{payment.refundedCents ? <span class="small muted"> ({money(payment.refundedCents)} refunded)</span> : null}</td>
                <td>{statusLabel[payment.status]}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      ) : <p class="empty">No payments yet.</p>}
    </section>
  );
};
