import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { askForCardPayment } from "../../domain/card-payments.js";
import { recordPayment, waiveVisit, type PaymentItem } from "../../domain/payments.js";
import { handMethods } from "../../lib/payment-methods.js";
import { formFailure, type FormFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { readForm } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { setFlash } from "../../lib/flash.js";
import { formatMoney, minorToInput, parseMoney } from "../../lib/money.js";
import { isUuid } from "../../lib/ids.js";
import { isRealDate, localParts, zonedInstant } from "../../lib/time.js";
import { loadPaymentsSection } from "../../pages/client-page.js";
import { withClient } from "../../scopes.js";
import { ClientPayments } from "../../../views/clients/_payments.js";

/** "attendance:<uuid>", "enrollment:<uuid>", or empty for account credit. */
const itemField = z.string().default("").refine((v) => v === "" || (/^(attendance|enrollment):/.test(v) && isUuid(v.slice(v.indexOf(":") + 1))), "Choose what the payment is for.")
  .transform((v): PaymentItem => {
    if (!v) return null;
    const [kind, id] = v.split(":") as ["attendance" | "enrollment", string];
    return kind === "attendance" ? { attendeeId: id } : { enrollmentId: id };
  });

/** The form's rules need the practice's currency (its decimals) and today in its time zone. */
const paymentForm = (currency: string, today: string) => z.object({
  item: itemField,
  amount: z.string({ error: "Enter the amount." }).transform((text, ctx) => {
    const minor = parseMoney(text, currency);
    if (minor === null || minor <= 0) {
      ctx.addIssue({ code: "custom", message: `Enter an amount like ${minorToInput(4550, currency)}.` });
      return z.NEVER;
    }
    return minor;
  }),
  method: z.enum(handMethods, { error: "Choose how it was paid." }),
  paidOn: z.string({ error: "Enter the day it was paid." }).refine(isRealDate, "Enter a real date, like 2026-03-15.").refine((d) => d <= today, "A payment cannot be recorded in the future."),
  note: z.string().trim().max(200, "Keep the note under 200 characters.").default("").transform((v) => v || null),
});

const cardRequestForm = z.object({ item: itemField.refine((item) => item !== null, "Choose what the card payment is for.") });
const waiverForm = z.object({
  item: itemField.refine((item) => item !== null && "attendeeId" in item, "Choose the visit to waive."),
  waived: z.enum(["yes", "no"], { error: "Say whether the visit is waived." }),
});

/** The payments section as the server now has it: swapped in place over htmx, the client page otherwise. */
async function answer<E extends AppEnv & { Variables: { client: Client } }>(c: Context<E>, failed?: FormFailure | null, values?: Record<string, string>) {
  const clientId = c.var.client.id;
  if (!isHtmx(c) && !failed) return c.redirect(`/clients/${clientId}#payments`, 303);
  if (failed) c.status(failed.status);
  const section = await loadPaymentsSection(c.var.db, c.var.practice, c.var.env, clientId);
  const view = <ClientPayments clientId={clientId} section={section} timezone={c.var.practice.timezone} values={failed ? values : undefined} errors={failed?.errors} />;
  return isHtmx(c) ? c.html(view) : c.render(view, { title: "Payments" });
}

// Mounted at /clients/:clientId/payments.
export const clientPayments = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  // The section on its own: what a pending card payment's section asks for every few seconds.
  .get("/", (c) => answer(c))

  .post("/", async (c) => {
    const { practice } = c.var;
    const values = await readForm(c);
    const form = paymentForm(practice.currency, localParts(new Date(), practice.timezone).date).safeParse(values);
    if (!form.success) return answer(c, { status: 422, errors: fieldErrors(form.error) }, values);
    const { paidOn, amount, ...input } = form.data;
    // Today: the moment it was recorded; an earlier day: noon there, which every time zone keeps on that date.
    const paidAt = paidOn === localParts(new Date(), practice.timezone).date ? new Date() : zonedInstant(paidOn, "12:00", practice.timezone);
    const failed = await recordPayment(c.var.db, practice, c.var.user!.id, { ...input, amountCents: amount, clientId: c.var.client.id, paidAt })
      .then((payment) => { if (!isHtmx(c)) setFlash(c, `${formatMoney(payment.amountCents, payment.currency)} recorded.`); return null; },
        (error) => formFailure(error, values));
    return answer(c, failed, values);
  })

  // A card payment asked for: a pending payment with a pay link the client can open anywhere.
  .post("/card-requests", async (c) => {
    const values = await readForm(c);
    const form = cardRequestForm.safeParse(values);
    if (!form.success) return answer(c, { status: 422, errors: { _form: form.error.issues[0]!.message } }, values);
    const failed = await askForCardPayment(c.var.db, c.var.env, c.var.practice, c.var.user!.id, c.var.client.id, form.data.item!)
      .then(() => null, (error) => formFailure(error, values));
    return answer(c, failed, values);
  })

  // "Waive": the visit costs nothing after all (a goodwill session); "Charge again" undoes it.
  .post("/waivers", async (c) => {
    const values = await readForm(c);
    const form = waiverForm.safeParse(values);
    if (!form.success) return answer(c, { status: 422, errors: { _form: form.error.issues[0]!.message } }, values);
    const item = form.data.item as { attendeeId: string };
    const failed = await waiveVisit(c.var.db, c.var.practice, c.var.user!.id, c.var.client.id, item.attendeeId, form.data.waived === "yes")
      .then(() => null, (error) => formFailure(error, values));
    return answer(c, failed, values);
  });
