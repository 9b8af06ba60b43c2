import type { Payment } from "../../src/db/schema.js";
import { formatMoney } from "../../src/lib/money.js";

/**
 * The client's pay link. Back from Stripe, the payment may not be confirmed yet (the webhook records it):
 * the status line then asks again every few seconds, and stops once it says paid.
 */
export const PayPage = ({ payment, practiceName, itemLabel, canceled, returned }: {
  payment: Payment; practiceName: string; itemLabel: string; canceled?: boolean; returned?: boolean;
}) => {
  const amount = formatMoney(payment.amountCents, payment.currency);
  const paid = payment.status === "completed" || payment.status === "refunded";
  const waiting = returned && !paid;
  return (
    <section class="card pay-card" aria-labelledby="pay-heading">
      <h1 id="pay-heading">{practiceName}</h1>
      <p class="pay-amount"><strong>{amount}</strong> for {itemLabel}</p>
      <p id="pay-status" role="status" {...(waiting ? { "hx-get": `/pay/${payment.payToken}/done`, "hx-trigger": "every 3s", "hx-select": "#pay-status", "hx-swap": "outerHTML" } : {})}>
        {paid ? "Paid. Thank you!" : waiting ? "Thank you! Your payment is being confirmed…" : canceled ? "The payment was canceled; nothing was charged." : null}
      </p>
      {!paid && !returned ? (
        <form method="post" action={`/pay/${payment.payToken}`}>
          <button type="submit" class="primary big">Pay {amount} by card</button>
          <p class="small muted">You will pay on Stripe's secure page; {practiceName} never sees your card.</p>
        </form>
      ) : null}
    </section>
  );
};
