import type { Integration } from "../../src/db/schema.js";
import { FormError, TextField, type FieldErrors } from "../components/fields.js";

/**
 * Settings → Integrations: Calendly in two steps, because Calendly shows its signing key only once the
 * practice has given it a webhook URL. The URL is this practice's alone; the key proves a delivery is real.
 */
export const IntegrationsPage = ({ calendly, webhookUrl, stripe, stripeConfigured, errors, saved }: {
  calendly: Integration | null; webhookUrl: string | null; stripe: Integration | null; stripeConfigured: boolean; errors?: FieldErrors; saved?: boolean;
}) => (
  <>
    <p><a href="/settings">← Settings</a></p>
    <h1>Integrations</h1>
    <section class="card stack" aria-labelledby="stripe-heading">
      <h2 id="stripe-heading">Card payments (Stripe)</h2>
      <p>Clients pay by card on Stripe's own page, from a link you send or open for them. The money goes to your own Stripe account.</p>
      {!stripeConfigured ? (
        <p id="stripe-state"><strong>Not configured on this server.</strong> Whoever runs it sets STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET
          (see the README, "Card payments and billing"); until then, record cash, terminal and transfer payments by hand.</p>
      ) : stripe?.ready ? (
        <p id="stripe-state"><strong>Connected</strong> (account {stripe.publicId}): card payments are on.</p>
      ) : (
        <>
          <p id="stripe-state">{stripe ? "Connected, but Stripe needs more details before the account can take payments." : "Not connected yet."}</p>
          <form method="post" action="/settings/integrations/stripe">
            <button type="submit" class="primary">{stripe ? "Finish Stripe onboarding" : "Connect Stripe"}</button>
          </form>
        </>
      )}
    </section>
    <section class="card stack" aria-labelledby="calendly-heading">
      <h2 id="calendly-heading">Calendly</h2>
      <p>Bookings made in Calendly appear in your calendar, with the client found (or added) by email. A booking that clashes
        with one already in your calendar is kept under "Unplaced bookings" on the calendar, never lost.</p>
      {saved ? <p class="flash" role="status">Signing key saved: Calendly bookings now arrive here.</p> : null}
      <FormError errors={errors} />
      {!calendly ? (
        <form method="post" action="/settings/integrations/calendly">
          <button type="submit" class="primary">Create my Calendly webhook URL</button>
        </form>
      ) : (
        <>
          <p><strong>{calendly.secret ? "Connected." : "Step 2 of 2: paste the signing key."}</strong></p>
          <label for="calendly-url">1. In Calendly, create a webhook subscription for <em>invitee.created</em> and <em>invitee.canceled</em> to this address</label>
          <input id="calendly-url" readonly value={webhookUrl ?? ""} />
          <form method="post" action="/settings/integrations/calendly/signing-key" class="stack">
            <TextField name="signingKey" label={calendly.secret ? "Replace the signing key" : "2. Paste the signing key Calendly shows for it"}
              errors={errors} autocomplete="off" maxlength={200} required />
            <button type="submit" class="primary">Save signing key</button>
          </form>
          <form method="post" action="/settings/integrations/calendly/delete">
            <button type="submit" class="link-button">Disconnect Calendly</button>
          </form>
        </>
      )}
    </section>
  </>
);
