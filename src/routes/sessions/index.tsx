import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import type { Practice } from "../../db/schema.js";
import { changeSession, createSessions, nextFreeSlot } from "../../domain/booking.js";
import { setSessionStatus, type LeftOut } from "../../domain/session-status.js";
import { createSeries, planSeries } from "../../domain/series.js";
import { rescheduleForm, resolveSessionValues, seriesRuleFrom, sessionForm, sessionStatusForm, type SessionFormInput } from "../../domain/session-input.js";
import { DomainError, formFailure, type FormFailure } from "../../lib/errors.js";
import { fieldErrors } from "../../lib/fields.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, readFormList, submissionOf } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { formatDate, isRealDate, localParts, parseLocalDateTime, plural, toLocalInput } from "../../lib/time.js";
import { loadSessionFormChoices } from "../../pages/session-form.js";
import { loadSessionNotifications } from "../../pages/notifications.js";
import { loadSessionPrompt } from "../../pages/follow-ups-page.js";
import { findSubmissionResult } from "../../queries/form-submissions.js";
import { findSessionView, listSeriesSessions, type SessionValues } from "../../queries/sessions.js";
import { withSession } from "../../scopes.js";
import { SessionForm } from "../../../views/sessions/form.js";
import { ConfirmPage } from "../../../views/components/confirm.js";
import { cancelConsequence, SessionDetail, SessionPage } from "../../../views/sessions/show.js";

const QUARTER_HOUR = 15 * 60_000;
const nextQuarterHour = (now: Date) => new Date(Math.ceil(now.getTime() / QUARTER_HOUR) * QUARTER_HOUR);

// The booking form names the API's startTime and endTime "start" and "end".
const formFieldNames = { startTime: "start", endTime: "end" };

type FormState = { values: Record<string, string>; weekdays: string[]; clientIds: string[]; failed?: FormFailure; clashes?: string[] };

async function renderForm(c: Context<AppEnv>, { values, weekdays, clientIds, failed, clashes }: FormState) {
  const choices = await loadSessionFormChoices(c.var.db, c.var.practiceId, clientIds);
  if (failed) c.status(failed.status);
  return c.render(<><h1>New session</h1><SessionForm values={values} weekdays={weekdays} errors={failed?.errors} clashes={clashes} {...choices}
    offerDropIn={failed?.code === "insufficient_credits"} timezone={c.var.practice.timezone} /></>, { title: "New session" });
}

/**
 * A weekly series: its clashes are listed first; told to skip them, the free dates are booked. Answers
 * with the redirect to the first week, or with the clashes to ask about.
 */
async function bookSeries(c: Context<AppEnv>, practice: Practice, input: SessionFormInput, base: SessionValues, state: FormState) {
  // The same form again (a retry whose first try arrived): its series exists, and would only clash with itself.
  const submission = submissionOf(state.values);
  const booked = submission ? await findSubmissionResult(c.var.db, practice.id, submission) : null;
  const [first] = booked ? await listSeriesSessions(c.var.db, practice.id, booked) : [];
  if (first) return redirectToWeekOf(c, practice, first.startTime);
  const rule = seriesRuleFrom(input, state.weekdays, base, practice.timezone);
  const clashes = (await planSeries(c.var.db, practice, base.practitionerId, rule)).filter((p) => p.clash);
  if (clashes.length && input.onClash !== "skip") {
    const failed: FormFailure = { status: 422, errors: { _form: `${plural(clashes.length, "date")} ${clashes.length === 1 ? "clashes" : "clash"}: skip ${clashes.length === 1 ? "it" : "them"}, or change the time.` } };
    return renderForm(c, { ...state, weekdays: rule.weekdays.map(String), failed, clashes: clashes.map((p) => p.clash!.label) });
  }
  const { sessions, skipped } = await createSeries(c.var.db, practice, c.var.user!.id, base, rule,
    { skipClashes: true, clientIds: state.clientIds.filter(isUuid), submission });
  setFlash(c, `${plural(sessions.length, "session")} booked${skipped.length ? `; skipped ${skipped.map(formatDate).join(", ")} (clashes)` : ""}.`);
  return redirectToWeekOf(c, practice, sessions[0]!.startTime);
}

const redirectToWeekOf = (c: Context<AppEnv>, practice: Practice, instant: Date) =>
  c.redirect(`/calendar?view=week&date=${localParts(instant, practice.timezone).date}`, 303);

export const sessions = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/new", async (c) => {
    const tz = c.var.practice.timezone;
    // A click on a free hour passes ?start=; a day's "+ New" passes ?date= (09:00 that day); otherwise the
    // practitioner's next free hour from now, not "today 09:00" at six in the evening.
    const start = c.req.query("start");
    const date = c.req.query("date");
    const startValue = start && parseLocalDateTime(start, tz) ? start
      : date && isRealDate(date) ? `${date}T09:00`
      : toLocalInput(await nextFreeSlot(c.var.db, c.var.practiceId, c.var.user!.id, nextQuarterHour(new Date()), 3_600_000), tz);
    // "Book a session" from a client page arrives with ?clientId= ticked in the picker.
    const clientId = c.req.query("clientId");
    return renderForm(c, { values: { start: startValue, practitionerId: c.var.user!.id }, weekdays: [], clientIds: isUuid(clientId) ? [clientId] : [] });
  })

  .post("/", async (c) => {
    const values = await readForm(c);
    const [weekdays, clientIds] = await Promise.all([readFormList(c, "weekdays"), readFormList(c, "clientIds")]);
    const state: FormState = { values, weekdays, clientIds };
    const practice = c.var.practice;
    const form = sessionForm(practice.timezone).safeParse(values);
    if (!form.success) return renderForm(c, { ...state, failed: { status: 422, errors: fieldErrors(form.error) } });
    try {
      const base = await resolveSessionValues(c.var.db, practice, { ...form.data, title: null });
      if (form.data.repeat) return await bookSeries(c, practice, form.data, base, state);
      const [session] = await createSessions(c.var.db, practice, c.var.user!.id, [base], clientIds.filter(isUuid), { dropIn: values.dropIn === "on" }, submissionOf(values));
      setFlash(c, "Session booked.");
      return c.redirect(`/sessions/${session!.id}`, 303);
    } catch (error) {
      return renderForm(c, { ...state, failed: formFailure(error, values, formFieldNames) });
    }
  })

  .use("/:sessionId/*", withSession)

  // A completed session always offers its note and follow-ups; ?completed=1 (where "Mark completed" lands
  // without JavaScript) words it as the prompt that follows the tap.
  .get("/:sessionId", async (c) => {
    const view = c.var.sessionView;
    const followUpPrompt = view.session.status === "completed"
      ? { ...await loadSessionPrompt(c.var.db, c.var.practice, view.session, c.var.user!.id), justCompleted: !!c.req.query("completed") } : null;
    const notifications = await loadSessionNotifications(c.var.db, c.var.practice, view.session);
    return c.render(<SessionPage view={view} timezone={c.var.practice.timezone} windowHours={c.var.practice.cancellationWindowHours} followUpPrompt={followUpPrompt} notifications={notifications} />, { title: "Session" });
  })

  // Reschedule or edit details.
  .post("/:sessionId", async (c) => {
    const view = c.var.sessionView;
    const tz = c.var.practice.timezone;
    const values = await readForm(c);
    const form = rescheduleForm(tz).safeParse(values);
    const failed: FormFailure | null = !form.success ? { status: 422, errors: fieldErrors(form.error) }
      : await changeSession(c.var.db, c.var.practice, c.var.user!.id, view.session.id, form.data)
        .then(() => null, (error) => formFailure(error, values, formFieldNames));
    if (failed) {
      c.status(failed.status);
      return c.render(<SessionPage view={view} timezone={tz} windowHours={c.var.practice.cancellationWindowHours} rescheduleValues={values} rescheduleErrors={failed.errors} />, { title: "Session" });
    }
    setFlash(c, "Session updated.");
    return c.redirect(`/sessions/${view.session.id}`, 303);
  })

  // Completed / no-show / canceled / reinstated: swaps the summary and the attendees together over htmx.
  .post("/:sessionId/status", async (c) => {
    const view = c.var.sessionView;
    const { practice } = c.var;
    const values = await readForm(c);
    const form = sessionStatusForm.safeParse(values);
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    if (form.data.status === "canceled" && values.confirmed !== "yes") {
      const confirm = <ConfirmPage title="Cancel this session?" consequence={cancelConsequence(view, practice.cancellationWindowHours)}
        action={`/sessions/${view.session.id}/status`} values={values} yes="Yes, cancel the session" back={`/sessions/${view.session.id}`} />;
      return pageOrFragment(c, "Cancel session", confirm, confirm);
    }
    let leftOut: LeftOut[] = [];
    const failed = await setSessionStatus(c.var.db, practice, c.var.user!.id, view.session.id, form.data)
      .then((outcome) => { leftOut = outcome?.leftOut ?? []; return null; }, (error) => formFailure(error, values, formFieldNames));
    const completed = !failed && form.data.status === "completed";
    if (!isHtmx(c) && !failed) {
      if (leftOut.length) setFlash(c, `Reinstated without ${leftOut.map((l) => `${l.clientName} (${l.reason})`).join(", ")}.`);
      return c.redirect(`/sessions/${view.session.id}${completed ? "?completed=1" : ""}`, 303);
    }
    if (failed) c.status(failed.status);
    const fresh = (await findSessionView(c.var.db, c.var.practiceId, view.session.id))!;
    const followUpPrompt = completed ? await loadSessionPrompt(c.var.db, practice, fresh.session, c.var.user!.id) : null;
    const props = { view: fresh, timezone: practice.timezone, windowHours: practice.cancellationWindowHours, errors: failed?.errors, leftOut, followUpPrompt };
    return isHtmx(c) ? c.html(<SessionDetail {...props} />) : c.render(<SessionPage {...props} />, { title: "Session" });
  });
