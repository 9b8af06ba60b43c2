import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { openCheckout } from "../domain/card-payments.js";
import { DomainError } from "../lib/errors.js";
import { stripeClient } from "../lib/stripe-client.js";
import { findPaymentByPayToken, findPaymentView } from "../queries/payments.js";
import { findPractice } from "../queries/practices.js";
import { PayPage } from "../../views/pay/show.js";

// Mounted at /pay: the client's pay link, no login. The token (24 random bytes) is the capability, and
// it names its practice through the payment row, so nothing here takes a practice from the request.

const noSuchLink = () => new DomainError("not_found", "This payment link is not valid (it may have been withdrawn). Ask your practitioner for a new one.");

async function findRequest<E extends AppEnv>(c: Context<E>) {
  const token = c.req.param("token") ?? "";
  const payment = /^[A-Za-z0-9_-]{32}$/.test(token) ? await findPaymentByPayToken(c.var.db, token) : null;
  if (!payment) throw noSuchLink();
  const [practice, view] = await Promise.all([findPractice(c.var.db, payment.practiceId), findPaymentView(c.var.db, payment.practiceId, payment.id)]);
  return { payment, practice: practice!, itemLabel: view?.itemLabel ?? "Payment" };
}

export const pay = new Hono<AppEnv>()
  .get("/:token", async (c) => {
    const { payment, practice, itemLabel } = await findRequest(c);
    return c.render(<PayPage payment={payment} practiceName={practice.name} itemLabel={itemLabel} canceled={c.req.query("canceled") === "1"} />, { title: "Pay" });
  })

  // "Pay by card": Stripe's payment page for this request (the open one, or a new one).
  .post("/:token", async (c) => {
    const { payment, practice, itemLabel } = await findRequest(c);
    const stripe = c.var.env.stripe;
    if (!stripe) throw new DomainError("not_configured", "Card payments are not configured on this server.");
    const url = await openCheckout(c.var.db, stripeClient(stripe), c.var.env, practice, payment.id, `${itemLabel} · ${practice.name}`);
    return c.redirect(url, 303);
  })

  // Stripe sends the client back here; the webhook, not this page, records the payment.
  .get("/:token/done", async (c) => {
    const { payment, practice, itemLabel } = await findRequest(c);
    return c.render(<PayPage payment={payment} practiceName={practice.name} itemLabel={itemLabel} returned />, { title: "Thank you" });
  });
