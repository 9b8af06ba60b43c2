import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.js";
import { requireStaff } from "../../auth/middleware.js";
import { addAttendee, changeSession, checkIn, createSessions, sessionViewOr404, setSessionStatus } from "../../domain/booking.js";
import { isUuid } from "../../domain/clients.js";
import { DomainError } from "../../domain/errors.js";
import { resolveSessionValues, sessionApiBody } from "../../domain/session-input.js";
import { readJson } from "../../lib/json-api.js";
import { findSessionView, listSessionViews } from "../../queries/sessions.js";
import { attendeeJson, sessionJson } from "./json-shapes.js";

const MAX_RANGE_DAYS = 92;

const listQuery = z.object({
  from: z.iso.datetime({ offset: true, error: "from is an ISO 8601 time with offset." }).optional(),
  to: z.iso.datetime({ offset: true, error: "to is an ISO 8601 time with offset." }).optional(),
  practitionerId: z.string().refine(isUuid, "practitionerId is a user id.").optional(),
});

export { bookingBody };
export const sessionPatchBody = z.object({
  status: z.enum(["scheduled", "completed", "canceled", "no_show"], { error: "status is scheduled, completed, canceled or no_show." }).optional(),
  cancelReason: z.string().max(200).nullable().optional(),
  startTime: z.iso.datetime({ offset: true, error: "startTime is an ISO 8601 time with offset." }).optional(),
  endTime: z.iso.datetime({ offset: true, error: "endTime is an ISO 8601 time with offset." }).optional(),
  location: z.string().max(200).nullable().optional(),
  capacity: z.number().int().min(1).max(500).optional(),
  notes: z.string().max(2000).nullable().optional(),
});

export const attendeeBody = z.object({ clientId: z.string({ error: "clientId is required." }).refine(isUuid, "clientId is a client id.") });
const bookingBody = attendeeBody.extend({
  enrollmentId: z.string().refine(isUuid, "enrollmentId is an enrollment id.").optional(),
  dropIn: z.boolean({ error: "dropIn is true or false." }).optional(),
});

const sessionOr404 = (c: Context<AppEnv>) => sessionViewOr404(c.var.db, c.var.practiceId, c.req.param("sessionId"));

export const apiSessions = new Hono<AppEnv>()
  .use(requireStaff)

  .get("/", async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) throw new DomainError("validation_failed", query.error.issues[0]!.message);
    const from = query.data.from ? new Date(query.data.from) : new Date();
    const to = query.data.to ? new Date(query.data.to) : new Date(from.getTime() + 7 * 86_400_000);
    if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new DomainError("validation_failed", `to must be after from, at most ${MAX_RANGE_DAYS} days later.`);
    }
    const views = await listSessionViews(c.var.db, c.var.practiceId, from, to, { practitionerId: query.data.practitionerId });
    return c.json({ sessions: views.map((v) => sessionJson(v.session, v.attendees)), nextCursor: null });
  })

  .post("/", async (c) => {
    const body = await readJson(c, sessionApiBody);
    const practice = c.var.practice;
    const values = await resolveSessionValues(c.var.db, practice, {
      serviceId: body.serviceId ?? null, practitionerId: body.practitionerId ?? c.var.user!.id, title: body.title ?? null,
      start: new Date(body.startTime), end: body.endTime ? new Date(body.endTime) : null, capacity: body.capacity ?? null,
      location: body.location ?? null, notes: body.notes ?? null, programId: body.programId ?? null, phaseId: body.phaseId ?? null,
    });
    const [session] = await createSessions(c.var.db, practice, c.var.user!.id, [values], body.clientIds ?? []);
    const view = (await findSessionView(c.var.db, practice.id, session!.id))!;
    return c.json({ session: sessionJson(view.session, view.attendees) }, 201);
  })

  .patch("/:sessionId", async (c) => {
    const { session } = await sessionOr404(c);
    const body = await readJson(c, sessionPatchBody);
    const { status, cancelReason, startTime, endTime, ...details } = body;
    if (startTime || endTime || Object.keys(details).length) {
      await changeSession(c.var.db, c.var.practice, c.var.user!.id, session.id, {
        ...details, ...(startTime ? { startTime: new Date(startTime) } : {}), ...(endTime ? { endTime: new Date(endTime) } : {}),
      });
    }
    if (status) await setSessionStatus(c.var.db, c.var.practice, c.var.user!.id, session.id, status, cancelReason ?? null);
    const view = (await findSessionView(c.var.db, c.var.practiceId, session.id))!;
    return c.json({ session: sessionJson(view.session, view.attendees) });
  })

  .post("/:sessionId/attendees", async (c) => {
    const { session } = await sessionOr404(c);
    const body = await readJson(c, bookingBody);
    const attendee = await addAttendee(c.var.db, c.var.practice, c.var.user!.id, session.id, body.clientId, { enrollmentId: body.enrollmentId, dropIn: body.dropIn });
    return c.json({ attendee: attendeeJson(attendee) }, 201);
  })

  .post("/:sessionId/attendees/:clientId/check-in", async (c) => {
    const { session } = await sessionOr404(c);
    const clientId = c.req.param("clientId");
    const attendee = isUuid(clientId) ? await checkIn(c.var.db, c.var.practice, session.id, clientId) : null;
    if (!attendee) throw new DomainError("not_found", "This client is not booked into this session.");
    return c.json({ attendee: attendeeJson(attendee) });
  });
