import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import type { CalendarSession } from "../../db/schema.js";
import { requireStaff } from "../../auth/middleware.js";
import { addAttendees, checkIn, setAttendance, undoCheckIn } from "../../domain/booking.js";
import { payVisitInFull } from "../../domain/payments.js";
import { handMethods } from "../../lib/payment-methods.js";
import { DomainError, formFailure, type FormFailure } from "../../lib/errors.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, readFormList } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { plural } from "../../lib/time.js";
import { loadProgramsSection } from "../../pages/client-page.js";
import { findClientsByIds } from "../../queries/clients.js";
import { findAttendeeView, findSessionView, listClientBookings } from "../../queries/sessions.js";
import { withSession } from "../../scopes.js";
import { ClientPrograms } from "../../../views/clients/_programs.js";
import { ConfirmPage } from "../../../views/components/confirm.js";
import { ClientSessions } from "../../../views/clients/_sessions.js";
import { SessionPage, SessionSummary } from "../../../views/sessions/show.js";
import { AttendeeRow } from "../../../views/sessions/_attendee.js";

// Mounted at /sessions/:sessionId/attendees. An attendee is addressed by the client it books.
const attendanceForm = z.object({ status: z.enum(["registered", "no_show", "canceled"], { error: "Choose booked, no-show or canceled." }) });
// The row's one tap sends no method: cash is what "Paid cash" means.
const paidInFullForm = z.object({ method: z.enum(handMethods, { error: "Choose cash, card terminal, bank transfer or other." }).default("cash") });

const notBooked = () => new DomainError("not_found", "This client is not booked into this session.");

/** The client id in the URL; anything else names no booking. */
function bookedClientId(c: Context) {
  const clientId = c.req.param("clientId");
  if (!isUuid(clientId)) throw notBooked();
  return clientId;
}

/** The attendee's row as the server now has it, with the failure (if any) shown in it. */
async function attendeeRow<E extends AppEnv>(c: Context<E>, session: CalendarSession, clientId: string, big: boolean, failed?: FormFailure | null) {
  const view = await findAttendeeView(c.var.db, c.var.practiceId, session.id, clientId);
  if (!view) throw notBooked();
  return <AttendeeRow sessionId={session.id} startTime={session.startTime} sessionCanceled={session.status === "canceled"} a={view} timezone={c.var.practice.timezone} big={big} error={failed?.errors._form} />;
}

/** htmx gets the row (and `extra`, out of band); a plain form post goes back to the session page, or to the error page. */
async function answerWithRow<E extends AppEnv>(c: Context<E>, session: CalendarSession, clientId: string, big: boolean, failed?: FormFailure | null, extra?: unknown) {
  if (!isHtmx(c)) {
    if (failed) throw new DomainError(failed.code ?? "validation_failed", failed.errors._form!);
    return c.redirect(`/sessions/${session.id}`, 303);
  }
  if (failed) c.status(failed.status);
  return c.html(<>{await attendeeRow(c, session, clientId, big, failed)}{extra}</>);
}

/** From the client page: its sessions list, plus the credits section out of band (a cancel can return a credit). */
async function answerWithClientSections<E extends AppEnv>(c: Context<E>, clientId: string) {
  const [bookings, programs] = await Promise.all([
    listClientBookings(c.var.db, c.var.practiceId, clientId, new Date()),
    loadProgramsSection(c.var.db, c.var.practiceId, clientId),
  ]);
  const timezone = c.var.practice.timezone;
  return c.html(<><ClientSessions clientId={clientId} {...bookings} timezone={timezone} /><ClientPrograms clientId={clientId} {...programs} timezone={timezone} oob /></>);
}

export const sessionAttendees = new Hono<AppEnv>()
  .use(requireStaff, withSession)

  .post("/", async (c) => {
    const sessionId = c.var.sessionView.session.id;
    const values = await readForm(c);
    const clientIds = (await readFormList(c, "clientIds")).filter(isUuid);
    const failed = await addAttendees(c.var.db, c.var.practice, c.var.user!.id, sessionId, clientIds, { dropIn: values.dropIn === "on" })
      .then(() => null, (error) => formFailure(error, values));
    if (!failed) {
      setFlash(c, clientIds.length === 1 ? "Client added." : `${plural(clientIds.length, "client")} added.`);
      return c.redirect(`/sessions/${sessionId}`, 303);
    }
    // Full, already booked, no one chosen: the page again, the choice kept, the reason above the picker.
    c.status(failed.status);
    const [selected, fresh] = await Promise.all([findClientsByIds(c.var.db, c.var.practiceId, clientIds), findSessionView(c.var.db, c.var.practiceId, sessionId)]);
    return c.render(<SessionPage view={fresh!} timezone={c.var.practice.timezone} windowHours={c.var.practice.cancellationWindowHours} attendeeErrors={{ _form: failed.errors._form! }} attendeeSelected={selected}
      offerDropIn={failed.code === "insufficient_credits"} />, { title: "Session" });
  })

  // One tap; a second tap answers with the same row and the first time. Too early: the row says when it opens.
  .post("/:clientId/check-in", async (c) => {
    const sessionId = c.var.sessionView.session.id;
    const clientId = bookedClientId(c);
    const failed = await checkIn(c.var.db, c.var.practice, sessionId, clientId)
      .then((attendee) => { if (!attendee) throw notBooked(); return null; }, (error) => formFailure(error, {}));
    return answerWithRow(c, c.var.sessionView.session, clientId, c.req.query("big") === "1", failed);
  })

  // "Paid cash" on the row: pays what the visit still owes; a second tap finds nothing owed and changes nothing.
  .post("/:clientId/payment", async (c) => {
    const clientId = bookedClientId(c);
    const values = await readForm(c);
    const form = paidInFullForm.safeParse(values);
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    const failed = await payVisitInFull(c.var.db, c.var.practice, c.var.user!.id, c.var.sessionView.session.id, clientId, form.data.method)
      .then(() => null, (error) => formFailure(error, values));
    return answerWithRow(c, c.var.sessionView.session, clientId, c.req.query("big") === "1", failed);
  })

  // A mis-tapped check-in, the same day: back to booked.
  .post("/:clientId/check-in/undo", async (c) => {
    const sessionId = c.var.sessionView.session.id;
    const clientId = bookedClientId(c);
    const failed = await undoCheckIn(c.var.db, c.var.practice, c.var.user!.id, sessionId, clientId)
      .then((attendee) => { if (!attendee) throw notBooked(); return null; }, (error) => formFailure(error, {}));
    return answerWithRow(c, c.var.sessionView.session, clientId, c.req.query("big") === "1", failed);
  })

  .post("/:clientId/status", async (c) => {
    const { sessionView: view, practice } = c.var;
    const clientId = bookedClientId(c);
    const values = await readForm(c);
    const form = attendanceForm.safeParse(values);
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    const attendee = view.attendees.find((a) => a.attendee.clientId === clientId);
    if (!attendee) throw notBooked();
    if (form.data.status === "canceled" && values.confirmed !== "yes") {
      const back = c.req.query("from") === "client" ? `/clients/${clientId}` : `/sessions/${view.session.id}`;
      const confirm = <ConfirmPage title={`Remove ${attendee.clientName}?`} consequence={`It counts as ${attendee.clientName} canceling: a package credit comes back only outside the ${practice.cancellationWindowHours}-hour cancellation window.`}
        action={`/sessions/${view.session.id}/attendees/${clientId}/status${c.req.query("from") === "client" ? "?from=client" : ""}`} values={values} yes="Yes, remove" back={back} />;
      return pageOrFragment(c, "Remove attendee", confirm, confirm);
    }
    const failed = await setAttendance(c.var.db, practice, c.var.user!.id, view.session.id, clientId, form.data.status)
      .then(() => null, (error) => formFailure(error, values));
    if (!failed && c.req.query("from") === "client" && isHtmx(c)) return answerWithClientSections(c, clientId);
    // Who is booked changed: the summary's count and status buttons follow, out of band.
    const fresh = failed || !isHtmx(c) ? null : (await findSessionView(c.var.db, c.var.practiceId, view.session.id))!;
    const summary = fresh ? <SessionSummary view={fresh} timezone={practice.timezone} windowHours={practice.cancellationWindowHours} oob /> : null;
    return answerWithRow(c, view.session, clientId, false, failed, summary);
  });
