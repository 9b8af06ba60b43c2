import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Client } from "../../db/schema.js";
import { addRebookFollowUp, createFollowUp, dismissRebookSuggestion, followUpForm } from "../../domain/follow-ups.js";
import { formFailure, type FormFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, submissionOf } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { loadClientFollowUps, loadSessionPrompt } from "../../pages/follow-ups-page.js";
import { findSessionView } from "../../queries/sessions.js";
import { withClient } from "../../scopes.js";
import { ClientFollowUps } from "../../../views/clients/_follow-ups.js";
import { SuggestionDone } from "../../../views/follow-ups/index.js";
import { PromptItem } from "../../../views/follow-ups/_prompt.js";

type ClientContext = Context<AppEnv & { Variables: { client: Client } }>;

/** The client's part of a completed session's prompt, drawn again (added, or the form with why not). */
async function answerPrompt(c: ClientContext, sessionId: string, values: Record<string, string>, failed: FormFailure | null) {
  const view = await findSessionView(c.var.db, c.var.practiceId, sessionId);
  if (!view) return answerSection(c, values, failed ?? { status: 422, errors: { _form: "That session is not one of this client's." } });
  const prompt = await loadSessionPrompt(c.var.db, c.var.practice, view.session, c.var.user!.id);
  const client = prompt.clients.find((p) => p.clientId === c.var.client.id);
  if (!client) return answerSection(c, values, failed ?? { status: 422, errors: { _form: "That session is not one of this client's." } });
  if (failed) c.status(failed.status);
  const item = <PromptItem prompt={prompt} client={client} timezone={c.var.practice.timezone} values={failed ? values : undefined} errors={failed?.errors} />;
  return pageOrFragment(c, "Follow-up", item, <><h1>Follow-up</h1><ul class="card prompt-items">{item}</ul></>);
}

async function answerSection(c: ClientContext, values: Record<string, string>, failed: FormFailure | null) {
  if (failed) c.status(failed.status);
  const section = await loadClientFollowUps(c.var.db, c.var.practice, c.var.client.id, c.var.user!.id);
  const view = <ClientFollowUps section={section} timezone={c.var.practice.timezone} values={failed ? values : undefined} errors={failed?.errors} />;
  return pageOrFragment(c, "Follow-ups", view, view);
}

// Mounted at /clients/:clientId/follow-ups: a follow-up is always made for a client of this practice.
export const clientFollowUps = new Hono<AppEnv>()
  .use(requireStaff, withClient)

  // From the client page's form or a completed session's prompt (`from` says which to draw again).
  .post("/", async (c) => {
    const values = await readForm(c);
    const form = followUpForm(c.var.practice.timezone).safeParse(values);
    const failed: FormFailure | null = !form.success ? { status: 422, errors: fieldErrors(form.error) }
      : await createFollowUp(c.var.db, c.var.practiceId, c.var.user!.id, c.var.client.id, form.data, submissionOf(values))
        .then(() => null, (error) => formFailure(error, values));
    const sessionId = values.from === "session" && isUuid(values.sessionId) ? values.sessionId : null;
    if (!failed && !isHtmx(c)) {
      setFlash(c, `Follow-up added for ${c.var.client.firstName}.`);
      return c.redirect(sessionId ? `/sessions/${sessionId}?completed=1#follow-up-prompt` : `/clients/${c.var.client.id}#follow-ups`, 303);
    }
    return sessionId ? answerPrompt(c, sessionId, values, failed) : answerSection(c, values, failed);
  })

  // "Time to book again" → a call, due now.
  .post("/rebook", async (c) => {
    await addRebookFollowUp(c.var.db, c.var.practiceId, c.var.user!.id, c.var.client.id);
    if (!isHtmx(c)) return c.redirect("/follow-ups", 303);
    return c.html(<SuggestionDone clientId={c.var.client.id} text={`Call ${c.var.client.firstName} added, due now.`} />);
  })

  // Dismissed until their next visit.
  .post("/rebook-dismissal", async (c) => {
    await dismissRebookSuggestion(c.var.db, c.var.practiceId, c.var.client.id);
    if (!isHtmx(c)) return c.redirect("/follow-ups", 303);
    return c.html(<SuggestionDone clientId={c.var.client.id} text={`Dismissed ${c.var.client.firstName} until their next visit.`} />);
  });
