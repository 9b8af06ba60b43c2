import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../app-env.js";
import { requireStaff } from "../auth/middleware.js";
import { addAttendees, checkIn, setAttendance } from "../domain/booking.js";
import { isUuid } from "../domain/clients.js";
import { DomainError } from "../domain/errors.js";
import { setFlash } from "../lib/flash.js";
import { readForm, readFormList } from "../lib/forms.js";
import { isHtmx } from "../lib/htmx.js";
import { findClientsByIds } from "../queries/clients.js";
import { findAttendeeView, findSessionView, listClientBookings } from "../queries/sessions.js";
import { ClientSessions } from "../../views/clients/_sessions.js";
import { clientProgramsSection } from "./client-programs.js";
import { SessionPage } from "../../views/sessions/show.js";
import { AttendeeRow } from "../../views/sessions/_attendee.js";
import { sessionViewOr404 } from "./sessions.js";

// Mounted at /sessions/:sessionId/attendees. An attendee is addressed by the client it books.
const attendanceForm = z.object({ status: z.enum(["registered", "no_show", "canceled"], { error: "Choose booked, no-show or canceled." }) });

async function answerWithRow(c: Context<AppEnv>, sessionId: string, clientId: string, big: boolean) {
  const view = await findAttendeeView(c.var.db, c.var.practiceId, sessionId, clientId);
  if (!view) throw new DomainError("not_found", "This client is not booked into this session.");
  if (isHtmx(c)) return c.html(<AttendeeRow sessionId={sessionId} a={view} timezone={c.var.practice.timezone} big={big} />);
  return c.redirect(`/sessions/${sessionId}`, 303);
}

export const attendees = new Hono<AppEnv>()
  .use(requireStaff)

  .post("/", async (c) => {
    const view = await sessionViewOr404(c);
    const clientIds = (await readFormList(c, "clientIds")).filter(isUuid);
    const dropIn = (await readForm(c)).dropIn === "on";
    try {
      await addAttendees(c.var.db, c.var.practice, c.var.user!.id, view.session.id, clientIds, { dropIn });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === "not_found" && !error.fields) throw error;
      // Full, already booked, no one chosen: the page again, the choice kept, the reason above the picker.
      c.status(error.status === 409 ? 409 : 422);
      const selected = await findClientsByIds(c.var.db, c.var.practiceId, clientIds);
      const fresh = (await findSessionView(c.var.db, c.var.practiceId, view.session.id))!;
      return c.render(<SessionPage view={fresh} timezone={c.var.practice.timezone} attendeeErrors={{ _form: error.message }} attendeeSelected={selected}
        offerDropIn={error.code === "insufficient_credits"} />, { title: "Session" });
    }
    setFlash(c, clientIds.length === 1 ? "Client added." : `${clientIds.length} clients added.`);
    return c.redirect(`/sessions/${view.session.id}`, 303);
  })

  // One tap; a second tap answers with the same row and the first time.
  .post("/:clientId/check-in", async (c) => {
    const view = await sessionViewOr404(c);
    const clientId = c.req.param("clientId");
    const attendee = isUuid(clientId) ? await checkIn(c.var.db, c.var.practice, view.session.id, clientId) : null;
    if (!attendee) throw new DomainError("not_found", "This client is not booked into this session.");
    return answerWithRow(c, view.session.id, clientId!, c.req.query("big") === "1");
  })

  .post("/:clientId/status", async (c) => {
    const view = await sessionViewOr404(c);
    const clientId = c.req.param("clientId");
    const form = attendanceForm.safeParse(await readForm(c));
    if (!form.success) throw new DomainError("validation_failed", form.error.issues[0]!.message);
    const attendee = isUuid(clientId) ? await setAttendance(c.var.db, c.var.practice, c.var.user!.id, view.session.id, clientId, form.data.status) : null;
    if (!attendee) throw new DomainError("not_found", "This client is not booked into this session.");
    // From the client page: its sessions list, plus the credits section out of band.
    if (c.req.query("from") === "client" && isHtmx(c)) {
      const bookings = await listClientBookings(c.var.db, c.var.practiceId, clientId!, new Date());
      return c.html(<><ClientSessions clientId={clientId!} {...bookings} timezone={c.var.practice.timezone} />{await clientProgramsSection(c, clientId!, { oob: true })}</>);
    }
    return answerWithRow(c, view.session.id, clientId!, false);
  });
