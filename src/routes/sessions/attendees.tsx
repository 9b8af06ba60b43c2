import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { addAttendees, checkIn, setAttendance } from "../../domain/booking.js";
import { DomainError, formFailure } from "../../lib/errors.js";
import { setFlash } from "../../lib/flash.js";
import { readForm, readFormList } from "../../lib/forms.js";
import { isHtmx } from "../../lib/htmx.js";
import { isUuid } from "../../lib/ids.js";
import { loadProgramsSection } from "../../pages/client-page.js";
import { findClientsByIds } from "../../queries/clients.js";
import { findAttendeeView, findSessionView, listClientBookings } from "../../queries/sessions.js";
import { withSession } from "../../scopes.js";
import { ClientPrograms } from "../../../views/clients/_programs.js";
import { ClientSessions } from "../../../views/clients/_sessions.js";
import { SessionPage } from "../../../views/sessions/show.js";
import { AttendeeRow } from "../../../views/sessions/_attendee.js";

// Mounted at /sessions/:sessionId/attendees. An attendee is addressed by the client it books.
const attendanceForm = z.object({ status: z.enum(["registered", "no_show", "canceled"], { error: "Choose booked, no-show or canceled." }) });

const notBooked = () => new DomainError("not_found", "This client is not booked into this session.");

/** The client id in the URL; anything else names no booking. */
function bookedClientId(c: Context) {
  const clientId = c.req.param("clientId");
  if (!isUuid(clientId)) throw notBooked();
  return clientId;
}

async function answerWithRow<E extends AppEnv>(c: Context<E>, sessionId: string, clientId: string, big: boolean) {
  const view = await findAttendeeView(c.var.db, c.var.practiceId, sessionId, clientId);
  if (!view) throw notBooked();
  if (isHtmx(c)) return c.html(<AttendeeRow sessionId={sessionId} a={view} timezone={c.var.practice.timezone} big={big} />);
  return c.redirect(`/sessions/${sessionId}`, 303);
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
      setFlash(c, clientIds.length === 1 ? "Client added." : `${clientIds.length} clients added.`);
      return c.redirect(`/sessions/${sessionId}`, 303);
    }
    // Full, already booked, no one chosen: the page again, the choice kept, the reason above the picker.
    c.status(failed.status);
    const [selected, fresh] = await Promise.all([findClientsByIds(c.var.db, c.var.practiceId, clientIds), findSessionView(c.var.db, c.var.practiceId, sessionId)]);
    return c.render(<SessionPage view={fresh!} timezone={c.var.practice.timezone} attendeeErrors={{ _form: failed.errors._form! }} attendeeSelected={selected}
      offerDropIn={failed.code === "insufficient_credits"} />, { title: "Session" });
  })

  // One tap; a second tap answers with the same row and the first time.
  .post("/:clientId/check-in", async (c) => {
    const sessionId = c.var.sessionView.session.id;
    const clientId = bookedClientId(c);
    if (!(await checkIn(c.var.db, c.var.practice, sessionId, clientId))) throw notBooked();
    return answerWithRow(c, sessionId, clientId, c.req.query("big") === "1");
  })

  .post("/:clientId/status", async (c) => {
    const sessionId = c.var.sessionView.session.id;
    const clientId = bookedClientId(c);
    const form = attendanceForm.safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    if (!(await setAttendance(c.var.db, c.var.practice, c.var.user!.id, sessionId, clientId, form.data.status))) throw notBooked();
    if (c.req.query("from") === "client" && isHtmx(c)) return answerWithClientSections(c, clientId);
    return answerWithRow(c, sessionId, clientId, false);
  });
