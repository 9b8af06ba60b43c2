import { Hono, type Context } from "hono";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { completeFollowUp, followUpEmailForm, sendFollowUpEmail, snoozeFollowUp, snoozeForm } from "../domain/follow-ups.js";
import { defaultFollowUpBody, defaultFollowUpSubject } from "../emails/follow-up.js";
import { formFailure, type FormFailure } from "../lib/errors.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { loadFollowUpsPage } from "../pages/follow-ups-page.js";
import type { FollowUpView } from "../queries/follow-ups.js";
import { withFollowUp } from "../scopes.js";
import { FollowUpEmailForm } from "../../views/follow-ups/email.js";
import { FollowUpsPage } from "../../views/follow-ups/index.js";
import { FollowUpRow, type RowPlace } from "../../views/follow-ups/_row.js";

const placeOf = (value: string | undefined): RowPlace => (value === "client" ? "client" : "list");

const backTo = (view: FollowUpView, place: RowPlace) => (place === "client" ? `/clients/${view.followUp.clientId}#follow-ups` : "/follow-ups");

/** The row again over htmx (done, snoozed, or with why not); without JavaScript, back where it was tapped. */
function answerRow<E extends AppEnv>(c: Context<E>, view: FollowUpView, place: RowPlace, failed?: FormFailure) {
  if (!isHtmx(c) && !failed) return c.redirect(backTo(view, place), 303);
  if (failed) c.status(failed.status);
  const row = <FollowUpRow view={view} timezone={c.var.practice.timezone} place={place} errors={failed?.errors} />;
  return isHtmx(c) ? c.html(row) : c.render(<><h1>Follow-up</h1><ul class="follow-ups card">{row}</ul></>, { title: "Follow-up" });
}

export const followUps = new Hono<AppEnv>()
  .use(requireStaff)

  // Overdue, due today and upcoming in the practice's zone, with suggestions; ?show=done lists what was completed.
  .get("/", async (c) => {
    const page = await loadFollowUpsPage(c.var.db, c.var.practice, c.req.query("show") === "done");
    return c.render(<FollowUpsPage page={page} timezone={c.var.practice.timezone} />, { title: "Follow-ups" });
  })

  .use("/:followUpId/*", withFollowUp)

  .post("/:followUpId/complete", async (c) => {
    const place = placeOf((await readForm(c)).from);
    const view = await completeFollowUp(c.var.db, c.var.practiceId, c.var.followUpView.followUp.id);
    return answerRow(c, view!, place);
  })

  // +1 day / +1 week from the due time the row showed: a double tap moves it once.
  .post("/:followUpId/snooze", async (c) => {
    const values = await readForm(c);
    const place = placeOf(values.from);
    const form = snoozeForm.safeParse(values);
    if (!form.success) return answerRow(c, c.var.followUpView, place, { status: 422, errors: { _form: form.error.issues[0]!.message } });
    const view = await snoozeFollowUp(c.var.db, c.var.practice, c.var.followUpView, form.data.by, form.data.seen);
    return answerRow(c, view!, place);
  })

  .get("/:followUpId/email", (c) => {
    const view = c.var.followUpView;
    const values = { subject: defaultFollowUpSubject, body: defaultFollowUpBody(view.clientName.split(" ")[0]!) };
    return c.render(<FollowUpEmailForm view={view} values={values} from={placeOf(c.req.query("from"))} />, { title: "Email follow-up" });
  })

  // Written to the outbox (once per follow-up) and the follow-up completed, in this request's transaction.
  .post("/:followUpId/email", async (c) => {
    const view = c.var.followUpView;
    const values = await readForm(c);
    const place = placeOf(values.from);
    const form = followUpEmailForm.safeParse(values);
    const failed: FormFailure | null = !form.success ? { status: 422, errors: fieldErrors(form.error) }
      : await sendFollowUpEmail(c.var.db, c.var.practice, { id: c.var.user!.id, email: c.var.user!.email }, view.followUp.id, form.data)
        .then(() => null, (error) => formFailure(error, values));
    if (failed) {
      c.status(failed.status);
      return c.render(<FollowUpEmailForm view={view} values={values} errors={failed.errors} from={place} />, { title: "Email follow-up" });
    }
    setFlash(c, `Email to ${view.clientName} is on its way; the follow-up is done.`);
    return c.redirect(backTo(view, place), 303);
  });
