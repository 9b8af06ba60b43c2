import type { Standing } from "../../src/domain/subscription.js";
import { formatDateTime } from "../../src/lib/time.js";

/** Settings → Billing: where the subscription stands, and the one button that changes it. */
export const BillingPage = ({ standing, plan, timezone, owner, hasCustomer, subscribed }: {
  standing: Standing; plan: string | null; timezone: string; owner: boolean; hasCustomer: boolean; subscribed?: boolean;
}) => (
  <>
    <p><a href="/settings">← Settings</a></p>
    <h1>Billing</h1>
    <section class="card stack" aria-labelledby="billing-heading">
      <h2 id="billing-heading">Your subscription</h2>
      {subscribed ? <p class="flash" role="status">Thank you! Stripe is confirming the subscription; this page shows it within a minute.</p> : null}
      {standing.state === "off" ? <p>Billing is off on this server: everything works, and nobody is asked to pay.</p> : null}
      {standing.state === "trial" ? <p id="billing-state">Free trial until <strong>{formatDateTime(standing.endsAt, timezone)}</strong>.</p> : null}
      {standing.state === "active" ? <p id="billing-state">Active{plan ? ` (${plan})` : ""}{standing.renewsAt ? <>, renews {formatDateTime(standing.renewsAt, timezone)}</> : null}.</p> : null}
      {standing.state === "past_due" ? <p id="billing-state" class="form-error">The last payment failed; Stripe is trying again. Update your card so nothing stops.</p> : null}
      {standing.state === "lapsed" ? (
        <p id="billing-state" class="form-error">{standing.why} Everything stays readable and exportable; subscribe again to create or change records.</p>
      ) : null}
      {standing.state !== "off" && owner ? (
        <div class="actions">
          {standing.state !== "active" ? (
            <form method="post" action="/settings/billing/checkout"><button type="submit" class="primary">{standing.state === "lapsed" ? "Renew subscription" : "Subscribe"}</button></form>
          ) : null}
          {hasCustomer ? <form method="post" action="/settings/billing/portal"><button type="submit">Manage billing (card, invoices, cancel)</button></form> : null}
        </div>
      ) : standing.state !== "off" ? <p class="small muted">Only the practice owner can change the subscription.</p> : null}
    </section>
  </>
);
