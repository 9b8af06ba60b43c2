import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { checkInForm, setCheckInPlan } from "../../domain/check-ins.js";
import { formFailure, type FormFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, readFormList } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { loadCheckInChoices, type CheckInChoice } from "../../pages/client-page.js";
import { withClient } from "../../scopes.js";
import { checkInSummary, ClientCheckIns } from "../../../views/clients/_check-ins.js";

type ClientContext = Context<AppEnv & { Variables: { client: Client } }>;

/** The section again: in place with htmx, alone on a page without it (a failed post keeps what was typed). */
function answerSection(c: ClientContext, client: Client, choices: CheckInChoice[], extra: { values?: Record<string, unknown>; failed?: FormFailure; notice?: string }) {
  if (extra.failed) c.status(extra.failed.status);
  const section = <ClientCheckIns clientId={client.id} firstName={client.firstName} cadence={client.checkInCadence} everyDays={client.checkInEveryDays}
    choices={choices} hasPortal={!!client.portalUserId} values={extra.failed ? extra.values : undefined} errors={extra.failed?.errors} notice={extra.notice} />;
  return pageOrFragment(c, "Check-ins", section, <><p><a href={`/clients/${client.id}`}>← {client.firstName} {client.lastName}</a></p>{section}</>);
}

// Mounted at /clients/:clientId/check-ins: staff ask a client to log chosen metrics before each session or every N days.
export const clientCheckIns = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  .post("/", async (c) => {
    const values = await readForm(c);
    const templateIds = (await readFormList(c, "templateIds")).filter(isUuid);
    // The ticked ids as one field, so a "tick at least one" goes next to the list.
    const posted = { ...values, templateIds: templateIds.join(",") };
    const form = checkInForm.safeParse(values);
    const saved = form.success
      ? await setCheckInPlan(c.var.db, c.var.practiceId, c.var.user!.id, c.var.client, { ...form.data, templateIds }).catch((error) => formFailure(error, posted))
      : { status: 422 as const, errors: fieldErrors(form.error) };
    const choices = await loadCheckInChoices(c.var.db, c.var.practiceId, c.var.client.id);
    if ("errors" in saved) return answerSection(c, c.var.client, choices, { values: { ...values, templateIds }, failed: saved });
    const said = `Saved. ${checkInSummary(saved.firstName, saved.checkInCadence, saved.checkInEveryDays, choices.filter((m) => m.checkIn).map((m) => m.name))}`;
    if (!isHtmx(c)) {
      setFlash(c, said);
      return c.redirect(`/clients/${saved.id}#check-ins`, 303);
    }
    return answerSection(c, saved, choices, { notice: said });
  });
