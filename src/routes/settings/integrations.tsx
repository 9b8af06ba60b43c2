import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireOwner, requireStaff } from "../../auth/middleware.js";
import { refreshStripeAccount, startStripeConnect } from "../../domain/billing.js";
import { calendlyConnectionForm, disconnectCalendly, saveCalendlySigningKey, startCalendlyConnection } from "../../domain/calendly.js";
import { DomainError } from "../../lib/errors.js";
import { stripeClient } from "../../lib/stripe-client.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { findIntegration } from "../../queries/integrations.js";
import { ConfirmPage } from "../../../views/components/confirm.js";
import { IntegrationsPage } from "../../../views/settings/integrations.js";

async function renderPage<E extends AppEnv>(c: Context<E>, form: { errors?: Record<string, string>; saved?: boolean } = {}) {
  const [calendly, stripe] = await Promise.all([findIntegration(c.var.db, c.var.practiceId, "calendly"), findIntegration(c.var.db, c.var.practiceId, "stripe")]);
  const webhookUrl = calendly ? `${c.var.env.appUrl}/api/webhook/calendly/${calendly.publicId}` : null;
  if (form.errors) c.status(422);
  return c.render(<IntegrationsPage calendly={calendly} webhookUrl={webhookUrl} stripe={stripe} stripeConfigured={!!c.var.env.stripe} {...form} />, { title: "Integrations" });
}

// Mounted at /settings/integrations. The webhook URL and its key let anyone book into the practice: owner only.
export const integrationsSettings = new Hono<AppEnv>()
  .use(requireStaff, requireOwner)

  .get("/", (c) => renderPage(c))

  // Card payments: the practice's own Stripe account, created once and onboarded on Stripe's pages.
  .post("/stripe", async (c) => {
    if (!c.var.env.stripe) throw new DomainError("not_configured", "Card payments are not configured on this server (no STRIPE_SECRET_KEY).");
    return c.redirect(await startStripeConnect(c.var.db, stripeClient(c.var.env.stripe), c.var.env, c.var.practice, c.var.user!), 303);
  })

  // Back from Stripe's onboarding: ask Stripe whether the account can take charges yet.
  .get("/stripe/return", async (c) => {
    if (!c.var.env.stripe) return c.redirect("/settings/integrations", 303);
    const ready = await refreshStripeAccount(c.var.db, stripeClient(c.var.env.stripe), c.var.practiceId);
    setFlash(c, ready ? "Stripe is connected: you can take card payments." : "Stripe needs a few more details before you can take card payments.");
    return c.redirect("/settings/integrations", 303);
  })

  .post("/calendly", async (c) => {
    await startCalendlyConnection(c.var.db, c.var.practiceId, c.var.user!.id);
    return c.redirect("/settings/integrations", 303);
  })

  .post("/calendly/signing-key", async (c) => {
    const form = calendlyConnectionForm.safeParse(await readForm(c));
    if (!form.success) return renderPage(c, { errors: fieldErrors(form.error) });
    await saveCalendlySigningKey(c.var.db, c.var.practiceId, c.var.user!.id, form.data.signingKey);
    return renderPage(c, { saved: true });
  })

  .post("/calendly/delete", async (c) => {
    const values = await readForm(c);
    if (values.confirmed !== "yes") {
      return c.render(<ConfirmPage title="Disconnect Calendly?" consequence="Deliveries to this practice's Calendly address are refused from now on. Sessions already booked stay in your calendar."
        action="/settings/integrations/calendly/delete" values={values} yes="Yes, disconnect" back="/settings/integrations" />, { title: "Disconnect Calendly" });
    }
    await disconnectCalendly(c.var.db, c.var.practiceId, c.var.user!.id);
    setFlash(c, "Calendly is disconnected: deliveries to its old address are refused.");
    return c.redirect("/settings/integrations", 303);
  });
