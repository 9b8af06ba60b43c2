import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { changeSession, createSessions, sessionViewOr404 as findSessionViewOr404, setSessionStatus } from "../domain/booking.js";
import { isUuid } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { createSeries, planSeries } from "../domain/series.js";
import { resolveSessionValues, seriesRuleFrom, sessionForm } from "../domain/session-input.js";
import * as field from "../lib/fields.js";
import { fieldErrors } from "../lib/fields.js";
import { setFlash } from "../lib/flash.js";
import { readForm, readFormList } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { isoWeekday, isRealDate, localParts, parseLocalDateTime, todayIn } from "../lib/time.js";
import { findClientsByIds } from "../queries/clients.js";
import { listServices } from "../queries/services.js";
import { listActivePrograms, listPhases } from "../queries/programs.js";
import { findSessionView, listPractitioners } from "../queries/sessions.js";
import { SessionForm } from "../../views/sessions/form.js";
import { SessionPage, SessionSummary } from "../../views/sessions/show.js";

/** The session named in the URL, scoped to the practice. */
export const sessionViewOr404 = (c: Context<AppEnv>) => findSessionViewOr404(c.var.db, c.var.practiceId, c.req.param("sessionId"));

async function renderForm(c: Context<AppEnv>, values: Record<string, string>, weekdays: string[], clientIds: string[], errors?: Record<string, string>, clashes?: string[], offerDropIn = false) {
  const [services, practitioners, selectedClients, allPrograms] = await Promise.all([
    listServices(c.var.db, c.var.practiceId, { activeOnly: true }),
    listPractitioners(c.var.db, c.var.practiceId),
    findClientsByIds(c.var.db, c.var.practiceId, clientIds.filter(isUuid)),
    listActivePrograms(c.var.db, c.var.practiceId),
  ]);
  const taggable = allPrograms.filter((pr) => pr.type !== "package");
  const phases = await listPhases(c.var.db, c.var.practiceId, taggable.map((pr) => pr.id));
  const programs = taggable.map((pr) => ({ id: pr.id, name: pr.name, phases: phases.filter((ph) => ph.programId === pr.id) }));
  if (errors) c.status(422);
  return c.render(<><h1>New session</h1><SessionForm values={values} weekdays={weekdays} errors={errors} clashes={clashes} services={services} programs={programs} offerDropIn={offerDropIn}
    practitioners={practitioners} selectedClients={selectedClients} timezone={c.var.practice.timezone} /></>, { title: "New session" });
}

const statusForm = z.object({
  status: z.enum(["scheduled", "completed", "canceled", "no_show"], { error: "Choose a status." }),
  cancelReason: z.string().max(200, "Keep the reason under 200 characters.").optional().transform((v) => v?.trim() || null),
});

const rescheduleForm = (timeZone: string) => z.object({
  start: z.string({ error: "Enter the start." }),
  end: z.string({ error: "Enter the end." }),
  location: z.string().max(200, "The location is at most 200 characters.").optional().transform((v) => v?.trim() || null),
  capacity: field.wholeNumber("The capacity", 1, 500),
  notes: z.string().max(2000, "Notes are at most 2,000 characters.").optional().transform((v) => v?.trim() || null),
}).transform((v, ctx) => {
  const start = parseLocalDateTime(v.start, timeZone);
  const end = parseLocalDateTime(v.end, timeZone);
  if (!start) ctx.addIssue({ code: "custom", path: ["start"], message: "Enter the start as a date and time." });
  if (!end) ctx.addIssue({ code: "custom", path: ["end"], message: "Enter the end as a date and time." });
  return { ...v, start: start!, end: end! };
});

export const sessionRoutes = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/new", (c) => {
    const tz = c.var.practice.timezone;
    // A click on a free hour passes ?start=; a day's "+ New" passes ?date= (09:00 that day).
    const start = c.req.query("start");
    const date = c.req.query("date");
    const startValue = start && parseLocalDateTime(start, tz) ? start : `${date && isRealDate(date) ? date : todayIn(tz)}T09:00`;
    // "Book a session" from a client page arrives with ?clientId= ticked in the picker.
    const clientId = c.req.query("clientId");
    return renderForm(c, { start: startValue, practitionerId: c.var.user!.id }, [], isUuid(clientId) ? [clientId] : []);
  })

  .post("/", async (c) => {
    const values = await readForm(c);
    const [weekdays, clientIds] = await Promise.all([readFormList(c, "weekdays"), readFormList(c, "clientIds")]);
    const practice = c.var.practice;
    const form = sessionForm(practice.timezone).safeParse(values);
    if (!form.success) return renderForm(c, values, weekdays, clientIds, fieldErrors(form.error));
    const input = form.data;
    try {
      const base = await resolveSessionValues(c.var.db, practice, { ...input, title: null });
      const ids = clientIds.filter(isUuid);
      const payment = { dropIn: values.dropIn === "on" };
      if (!input.repeat) {
        const [session] = await createSessions(c.var.db, practice, c.var.user!.id, [base], ids, payment);
        setFlash(c, "Session booked.");
        return c.redirect(`/sessions/${session!.id}`, 303);
      }
      // No weekday ticked means "the weekday of the first session".
      const days = weekdays.length ? weekdays : [String(isoWeekday(localParts(base.startTime, practice.timezone).date))];
      const rule = seriesRuleFrom(input, days, base, practice.timezone);
      const clashes = (await planSeries(c.var.db, practice, base.practitionerId, rule)).filter((p) => p.clash);
      if (clashes.length && input.onClash !== "skip") {
        return renderForm(c, values, days, clientIds, { _form: `${clashes.length} dates clash: skip them, or change the time.` }, clashes.map((p) => p.clash!.label));
      }
      const { sessions, skipped } = await createSeries(c.var.db, practice, c.var.user!.id, base, rule, { skipClashes: true, clientIds: ids });
      setFlash(c, `${sessions.length} sessions booked${skipped.length ? `; skipped ${skipped.join(", ")} (clashes)` : ""}.`);
      return c.redirect(`/calendar?view=week&date=${localParts(sessions[0]!.startTime, practice.timezone).date}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      const errors = { ...(error.fields?.startTime ? { start: error.fields.startTime } : error.fields ?? {}), _form: error.message };
      return renderForm(c, values, weekdays, clientIds, errors, undefined, error.code === "insufficient_credits");
    }
  })

  .get("/:sessionId", async (c) => {
    const view = await sessionViewOr404(c);
    return c.render(<SessionPage view={view} timezone={c.var.practice.timezone} />, { title: "Session" });
  })

  // Reschedule or edit details.
  .post("/:sessionId", async (c) => {
    const view = await sessionViewOr404(c);
    const tz = c.var.practice.timezone;
    const values = await readForm(c);
    const form = rescheduleForm(tz).safeParse(values);
    const page = (errors: Record<string, string>) => {
      c.status(422);
      return c.render(<SessionPage view={view} timezone={tz} rescheduleValues={values} rescheduleErrors={errors} />, { title: "Session" });
    };
    if (!form.success) return page(fieldErrors(form.error));
    try {
      const { start, end, ...rest } = form.data;
      await changeSession(c.var.db, c.var.practice, c.var.user!.id, view.session.id, { ...rest, startTime: start, endTime: end });
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      return page({ ...(error.fields?.startTime ? { start: error.fields.startTime } : error.fields ?? {}), _form: error.message });
    }
    setFlash(c, "Session updated.");
    return c.redirect(`/sessions/${view.session.id}`, 303);
  })

  // Completed / no-show / canceled / back to scheduled: swaps only the summary block over htmx.
  .post("/:sessionId/status", async (c) => {
    const view = await sessionViewOr404(c);
    const form = statusForm.safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    let errors: Record<string, string> | undefined;
    try {
      await setSessionStatus(c.var.db, c.var.practice, c.var.user!.id, view.session.id, form.data.status, form.data.cancelReason);
    } catch (error) {
      if (!(error instanceof DomainError) || error.status === 404) throw error;
      c.status(error.status);
      errors = { _form: error.message };
    }
    if (!isHtmx(c) && !errors) return c.redirect(`/sessions/${view.session.id}`, 303);
    const fresh = (await findSessionView(c.var.db, c.var.practiceId, view.session.id))!;
    if (isHtmx(c)) return c.html(<SessionSummary view={fresh} timezone={c.var.practice.timezone} errors={errors} />);
    return c.render(<SessionPage view={fresh} timezone={c.var.practice.timezone} />, { title: "Session" });
  });
