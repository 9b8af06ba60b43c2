import { Hono } from "hono";
import type { AppEnv } from "../../../app-env.js";
import { requireStaff } from "../../../auth/middleware.js";
import { addAttendee, checkIn } from "../../../domain/booking.js";
import { bookingBody } from "../../../domain/session-input.js";
import { attendeeJson } from "../../../json-shapes.js";
import { DomainError } from "../../../lib/errors.js";
import { isUuid } from "../../../lib/ids.js";
import { readJson } from "../../../lib/json-api.js";
import { withSession } from "../../../scopes.js";

// Mounted at /api/sessions/:sessionId/attendees. An attendee is addressed by the client it books.
export const apiSessionAttendees = new Hono<AppEnv>()
  .use(requireStaff, withSession)

  .post("/", async (c) => {
    const body = await readJson(c, bookingBody);
    const attendee = await addAttendee(c.var.db, c.var.practice, c.var.user!.id, c.var.sessionView.session.id, body.clientId,
      { enrollmentId: body.enrollmentId, dropIn: body.dropIn });
    return c.json({ attendee: attendeeJson(attendee) }, 201);
  })

  // Idempotent: a second check-in answers with the first time.
  .post("/:clientId/check-in", async (c) => {
    const clientId = c.req.param("clientId");
    const attendee = isUuid(clientId) ? await checkIn(c.var.db, c.var.practice, c.var.sessionView.session.id, clientId) : null;
    if (!attendee) throw new DomainError("not_found", "This client is not booked into this session.");
    return c.json({ attendee: attendeeJson(attendee) });
  });
