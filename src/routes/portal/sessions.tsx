import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.js";
import { requireClient } from "../../auth/middleware.js";
import { setFlash } from "../../lib/flash.js";
import { readForm } from "../../lib/forms.js";
import { isHtmx, pageOrFragment } from "../../lib/htmx.js";
import {
  cancelOwnBooking, cancelRefusal, loadPortalSessions, lockOwnBooking, refusalSentence, reloadOwnBooking, type PortalBooking,
} from "../../pages/portal-sessions.js";
import { ConfirmPage } from "../../../views/components/confirm.js";
import { PortalBookingRow } from "../../../views/portal/_booking.js";
import { PortalSessions } from "../../../views/portal/sessions.js";

const title = "Sessions";

/** A cancel the portal may not make: nothing changes; htmx gets the row saying why, a plain post the page. */
async function refuse(c: Context<AppEnv>, booking: PortalBooking, sentence: string) {
  const { client, practice } = c.var.portal;
  c.status(409);
  if (isHtmx(c)) return c.html(<PortalBookingRow b={booking} timezone={practice.timezone} problem={sentence} />);
  const page = await loadPortalSessions(c.var.db, practice, client.id);
  return c.render(<PortalSessions {...page} timezone={practice.timezone} practiceName={practice.name} problem={sentence} />, { title });
}

/** A plain form (no JavaScript to ask first) gets this page, which says what canceling means. */
function confirmCancel(c: Context<AppEnv>, booking: PortalBooking) {
  const { practice } = c.var.portal;
  const credit = booking.attendee.enrollmentId ? " The package credit it used comes back to you." : "";
  const page = <ConfirmPage title="Cancel this session?" consequence={`${booking.serviceName ?? booking.session.title ?? "Your session"} on ${booking.when} with ${booking.practitionerName}.${credit} To book again, contact ${practice.name}.`}
    action={`/portal/sessions/${booking.session.id}/cancel`} values={{}} yes="Yes, cancel it" back="/portal/sessions" />;
  return pageOrFragment(c, "Cancel this session?", page, page);
}

// Mounted at /portal/sessions: the signed-in client's own sessions (c.var.portal.client in c.var.portal.practice).
export const portalSessions = new Hono<AppEnv>()
  .use(requireClient)

  .get("/", async (c) => {
    const { client, practice } = c.var.portal;
    const page = await loadPortalSessions(c.var.db, practice, client.id);
    return c.render(<PortalSessions {...page} timezone={practice.timezone} practiceName={practice.name} />, { title });
  })

  // Only the client's own booking (another's id is a 404), only outside the cancellation window; the
  // session row stays locked until the answer, so a second tap waits and then finds it canceled.
  .post("/:sessionId/cancel", async (c) => {
    const { client, practice } = c.var.portal;
    const now = new Date();
    const values = await readForm(c);
    const booking = await lockOwnBooking(c.var.db, practice, client.id, c.req.param("sessionId"), now);
    const refusal = cancelRefusal(booking, practice, now);
    if (refusal) return refuse(c, booking, refusalSentence(booking, refusal));
    if (values.confirmed !== "yes") return confirmCancel(c, booking);
    const said = await cancelOwnBooking(c.var.db, practice, c.var.user!.id, booking, now);
    if (!isHtmx(c)) {
      setFlash(c, said);
      return c.redirect("/portal/sessions", 303);
    }
    const fresh = await reloadOwnBooking(c.var.db, practice, client.id, booking.session.id, now);
    return c.html(<PortalBookingRow b={fresh!} timezone={practice.timezone} note={said} />);
  });
